import { defineCommand, initConfigFile } from '@venom/core';
import { configWriteTarget, projectOption, recordConfigChange } from './config-shared.js';

export const configInitCommand = defineCommand({
  name: 'config init',
  summary: 'Write a starter config file listing every setting with its default',
  options: {
    project: projectOption,
    force: { type: 'boolean', description: 'overwrite an existing file' },
  },
  input: (z) => z.object({ project: z.boolean().default(false), force: z.boolean().default(false) }),
  async run(input, context) {
    const { spec, file } = await configWriteTarget(context, input.project);
    await initConfigFile(spec, file, { force: input.force });
    const warning = await recordConfigChange(context, 'config-init', { file });
    return { file, ...(warning === undefined ? {} : { warning }) };
  },
  render(result, output, context) {
    output.line(`Wrote ${result.file}`);
    output.line(
      output.style.dim("Uncomment a line to change a setting, or use 'venom config set <key> <value>'."),
    );
    if (result.warning !== undefined) context.warn(result.warning);
  },
});
