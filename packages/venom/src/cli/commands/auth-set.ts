import { defineCommand, VenomError } from '@venom/core';
import { readSecret } from '../read-secret.js';
import { openRuntime } from '../runtime.js';
import { providerPositional, requireProvider, setEnvVars } from './auth-shared.js';

export const authSetCommand = defineCommand({
  name: 'auth set',
  summary: "Store a provider's API key (read from stdin, or prompted for without echo)",
  description:
    'The key goes to the OS keyring when one is available, else to a credentials file readable only by you (0600). ' +
    'Keys are never accepted as flags or arguments: they would end up in shell history and process lists.',
  positionals: [providerPositional],
  examples: ['venom auth set anthropic', 'printf %s "$ANTHROPIC_KEY" | venom auth set anthropic'],
  input: (z) => z.object({ provider: z.string() }),
  async run(input, context) {
    const provider = requireProvider(input.provider);
    const key = await readSecret(
      context.stdin,
      context.stderr,
      `API key for ${provider.title} (input hidden): `,
      context.signal,
    );
    if (key.trim() === '') {
      throw new VenomError({
        code: 'SECRET_EMPTY',
        category: 'usage',
        message: `no key was given for ${provider.name}; nothing was saved`,
        hint: `Pipe the key in: printf %s "$KEY" | venom auth set ${provider.name}`,
      });
    }
    const runtime = await openRuntime(context, 'auth set');
    try {
      const stored = await runtime.secrets.set(provider.name, key);
      runtime.logger.info('credential stored', { provider: provider.name, backend: stored.backend });
      runtime
        .events()
        .append({ type: 'credential-set', payload: { provider: provider.name, backend: stored.backend } });
      return { provider: provider.name, ...stored, overriddenBy: setEnvVars(provider, context.env) };
    } finally {
      runtime.close();
    }
  },
  render(result, output, context) {
    const where = result.backend === 'keyring' ? 'the OS keyring' : `${result.location} (mode 0600)`;
    output.line(`Saved the key for ${result.provider} in ${where}.`);
    for (const name of result.overriddenBy)
      context.warn(`${name} is set in the environment and takes precedence.`);
  },
});
