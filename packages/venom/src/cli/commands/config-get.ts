import { defineCommand, describeSource, getConfigValue, redactSecrets } from '@venom/core';
import { openRuntime } from '../runtime.js';
import { formatValue } from './config-shared.js';

interface ConfigGetResult {
  key: string;
  value: unknown;
  source: string | undefined;
}

export const configGetCommand = defineCommand({
  name: 'config get',
  summary: 'Print the effective value of one setting',
  description: 'Exits 1 when the setting has no value (an optional setting left unset).',
  positionals: [{ name: 'key', description: 'dotted key path, e.g. log.level', required: true }],
  examples: ['venom config get log.level', 'venom config get models --json'],
  input: (z) => z.object({ key: z.string().min(1) }),
  async run(input, context): Promise<ConfigGetResult> {
    const runtime = await openRuntime(context, 'config get');
    try {
      const value = getConfigValue(runtime.config.value, input.key);
      const source = runtime.config.sources[input.key];
      return { key: input.key, value: redactSecrets(value), source: source && describeSource(source) };
    } finally {
      runtime.close();
    }
  },
  render(result, output) {
    output.line(formatValue(result.value));
  },
  exitCode: (result) => (result.value === undefined ? 1 : 0),
});
