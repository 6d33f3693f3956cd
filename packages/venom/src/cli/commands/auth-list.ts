import { defineCommand } from '@venom/core';
import { providerCatalog } from '../../models/provider-catalog.js';
import { openRuntime } from '../runtime.js';

interface ProviderStatus {
  provider: string;
  title: string;
  configured: boolean;
  /** Where the key in use comes from: 'env', 'keyring', 'file', or undefined when there is none. */
  source: string | undefined;
  envVar: string | undefined;
  keyRequired: boolean;
}

export const authListCommand = defineCommand({
  name: 'auth list',
  summary: 'Show which providers have a key and where it comes from (never the key)',
  async run(_input, context) {
    const runtime = await openRuntime(context, 'auth list');
    try {
      const providers: ProviderStatus[] = [];
      for (const provider of providerCatalog) {
        const found = await runtime.secrets.get(provider.name, provider.envVars);
        providers.push({
          provider: provider.name,
          title: provider.title,
          configured: found !== undefined,
          source: found?.backend,
          envVar: found?.envVar,
          keyRequired: provider.keyRequired,
        });
      }
      return { providers, keyringAvailable: await runtime.secrets.keyringAvailable() };
    } finally {
      runtime.close();
    }
  },
  render(result, output) {
    const describe = (status: ProviderStatus): string => {
      if (status.source === 'env') return `set (environment ${status.envVar})`;
      if (status.source === 'keyring') return 'set (OS keyring)';
      if (status.source === 'file') return 'set (credentials file)';
      return output.style.dim(status.keyRequired ? 'not set' : 'not set (not needed)');
    };
    output.table(
      result.providers.map((status) => [status.provider, describe(status)]),
      { header: ['provider', 'key'] },
    );
  },
});
