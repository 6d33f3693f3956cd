import { defineCommand, describeSource, explainConfig, redactSecrets } from '@venom/core';
import { openRuntime } from '../runtime.js';
import { formatValue } from './config-shared.js';

export const configExplainCommand = defineCommand({
  name: 'config explain',
  summary: 'Show where each setting comes from (flag, environment, project file, user file, default)',
  positionals: [{ name: 'key', description: 'only this key, or keys under this prefix' }],
  examples: ['venom config explain', 'venom config explain models'],
  input: (z) => z.object({ key: z.string().optional() }),
  async run(input, context) {
    const runtime = await openRuntime(context, 'config explain');
    try {
      const prefix = input.key;
      const entries = explainConfig(runtime.config)
        .filter(({ key }) => prefix === undefined || key === prefix || key.startsWith(`${prefix}.`))
        .map(({ key, value, source }) => ({
          key,
          value: redactSecrets(value),
          source: describeSource(source),
          layer: source.layer,
        }));
      return { entries, files: runtime.config.files };
    } finally {
      runtime.close();
    }
  },
  render(result, output) {
    output.table(
      result.entries.map(({ key, value, source }) => [key, formatValue(value), output.style.dim(source)]),
      { header: ['key', 'value', 'source'] },
    );
  },
});
