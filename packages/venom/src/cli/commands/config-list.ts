import { defineCommand, explainConfig, redactSecrets } from '@venom/core';
import { openRuntime } from '../runtime.js';
import { formatValue } from './config-shared.js';

export const configListCommand = defineCommand({
  name: 'config list',
  summary: 'List every setting with its effective value',
  description: 'With --json, prints the whole effective configuration as one object.',
  async run(_input, context) {
    const runtime = await openRuntime(context, 'config list');
    try {
      const values = explainConfig(runtime.config).map(({ key, value }) => ({
        key,
        value: redactSecrets(value),
      }));
      return { config: redactSecrets(runtime.config.value), values };
    } finally {
      runtime.close();
    }
  },
  render(result, output) {
    for (const { key, value } of result.values) output.line(`${key} = ${formatValue(value)}`);
  },
});
