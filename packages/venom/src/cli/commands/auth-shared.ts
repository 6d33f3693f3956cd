import { didYouMean, VenomError } from '@venom/core';
import { findProvider, type ProviderInfo, providerCatalog } from '../../models/provider-catalog.js';

/** The provider positional shared by the auth commands. */
export const providerPositional = {
  name: 'provider',
  description: 'the model provider',
  required: true,
  choices: providerCatalog.map((provider) => provider.name),
} as const;

/** The catalog entry for a provider name typed by the user; a usage error with a suggestion otherwise. */
export function requireProvider(name: string): ProviderInfo {
  const provider = findProvider(name);
  if (provider !== undefined) return provider;
  const names = providerCatalog.map((entry) => entry.name);
  const suggestion = didYouMean(name, names);
  throw new VenomError({
    code: 'PROVIDER_UNKNOWN',
    category: 'usage',
    message: `unknown provider '${name}'${suggestion === undefined ? '' : `; did you mean '${suggestion}'?`}`,
    hint: `Known providers: ${names.join(', ')}.`,
    details: { provider: name },
  });
}

/** Environment variables for this provider that are set (they take precedence over stored keys). */
export function setEnvVars(provider: ProviderInfo, env: Record<string, string | undefined>): string[] {
  return provider.envVars.filter((name) => (env[name] ?? '') !== '');
}
