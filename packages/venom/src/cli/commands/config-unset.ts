import { defineCommand, unsetConfigValue } from '@venom/core';
import { configWriteTarget, projectOption, recordConfigChange } from './config-shared.js';

export const configUnsetCommand = defineCommand({
  name: 'config unset',
  summary: 'Remove a setting from the user (or project) config file',
  description: 'Exits 1 when the file did not set that key.',
  positionals: [{ name: 'key', description: 'dotted key path', required: true }],
  options: { project: projectOption },
  input: (z) => z.object({ key: z.string().min(1), project: z.boolean().default(false) }),
  async run(input, context) {
    const { spec, file } = await configWriteTarget(context, input.project);
    const removed = await unsetConfigValue(spec, file, input.key);
    const warning = removed
      ? await recordConfigChange(context, 'config-unset', { key: input.key, file })
      : undefined;
    return { key: input.key, file, removed, ...(warning === undefined ? {} : { warning }) };
  },
  render(result, output, context) {
    output.line(
      result.removed
        ? `Removed ${result.key} from ${result.file}`
        : `${result.file} does not set ${result.key}`,
    );
    if (result.warning !== undefined) context.warn(result.warning);
  },
  exitCode: (result) => (result.removed ? 0 : 1),
});
