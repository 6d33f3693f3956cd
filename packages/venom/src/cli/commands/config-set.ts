import { defineCommand, setConfigValue } from '@venom/core';
import { configWriteTarget, projectOption, recordConfigChange } from './config-shared.js';

export const configSetCommand = defineCommand({
  name: 'config set',
  summary: 'Set a setting in the user (or project) config file',
  description:
    'The value is checked against the schema before the file is written; comments in the file are kept.',
  positionals: [
    { name: 'key', description: 'dotted key path, e.g. models.budget_daily_usd', required: true },
    { name: 'value', description: 'the new value', required: true },
  ],
  options: { project: projectOption },
  examples: ['venom config set models.budget_daily_usd 5', 'venom config set log.level debug --project'],
  input: (z) => z.object({ key: z.string().min(1), value: z.string(), project: z.boolean().default(false) }),
  async run(input, context) {
    const { spec, file } = await configWriteTarget(context, input.project);
    await setConfigValue(spec, file, input.key, input.value);
    const warning = await recordConfigChange(context, 'config-set', { key: input.key, file });
    return { key: input.key, file, ...(warning === undefined ? {} : { warning }) };
  },
  render(result, output, context) {
    output.line(`Set ${result.key} in ${result.file}`);
    if (result.warning !== undefined) context.warn(result.warning);
  },
});
