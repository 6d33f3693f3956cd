import { defineCommand } from '@venom/core';
import { openRuntime } from '../runtime.js';
import { providerPositional, requireProvider, setEnvVars } from './auth-shared.js';

export const authRemoveCommand = defineCommand({
  name: 'auth remove',
  summary: "Delete a provider's stored key from the keyring and the credentials file",
  description: 'Exits 1 when no key was stored. Keys in environment variables are not touched.',
  positionals: [providerPositional],
  input: (z) => z.object({ provider: z.string() }),
  async run(input, context) {
    const provider = requireProvider(input.provider);
    const runtime = await openRuntime(context, 'auth remove');
    try {
      const { removed, backends } = await runtime.secrets.remove(provider.name);
      if (removed) {
        runtime
          .events()
          .append({ type: 'credential-remove', payload: { provider: provider.name, backends } });
      }
      return {
        provider: provider.name,
        removed,
        backends,
        stillInEnvironment: setEnvVars(provider, context.env),
      };
    } finally {
      runtime.close();
    }
  },
  render(result, output, context) {
    output.line(
      result.removed
        ? `Removed the key for ${result.provider}.`
        : `No key was stored for ${result.provider}.`,
    );
    for (const name of result.stillInEnvironment) context.warn(`${name} is still set in the environment.`);
  },
  exitCode: (result) => (result.removed ? 0 : 1),
});
