import { existsSync } from 'node:fs';
import { VenomError } from '../errors/index.js';
import { writeFileAtomic } from '../fs/index.js';
import { type ConfigSpec, envVarFor } from './load-config.js';
import { schemaLeaves, schemaTree } from './schema-tree.js';

/**
 * Writes a starter config file: every leaf key commented out with its default and its description
 * (zod `.describe()`), e.g. `# log.level: info  # minimum level written to the log file`. Removing the
 * leading `# ` of a line makes it a working setting. Refuses with CONFIG_EXISTS (usage) when the file
 * exists, unless `force`. Returns the path written.
 */
export async function initConfigFile<T>(
  spec: ConfigSpec<T>,
  file: string,
  options: { force?: boolean } = {},
): Promise<string> {
  if (existsSync(file) && options.force !== true) {
    throw new VenomError({
      code: 'CONFIG_EXISTS',
      category: 'usage',
      message: `${file} already exists`,
      hint: `Pass --force to overwrite it, or change one key with '${spec.tool} config set <key> <value>'.`,
      details: { file },
    });
  }
  const yaml = await import('yaml');
  const leaves = schemaLeaves(schemaTree(spec.schema));
  const example = leaves[0]?.path ?? 'key';
  const lines = [
    `# ${spec.tool} configuration. Every key is listed below, commented out, with its default.`,
    '# Remove the leading "# " of a line to change that value.',
    `# Precedence: -c key=value flags > environment (${envVarFor(spec.envPrefix, example)}, ...) >`,
    `# .${spec.tool}/config.yaml in the project > this file > defaults. '${spec.tool} config explain' shows each source.`,
  ];
  let section: string | undefined;
  for (const leaf of leaves) {
    const topLevel = leaf.path.split('.')[0];
    if (topLevel !== section) lines.push('');
    section = topLevel;
    const value =
      leaf.hasDefault && leaf.defaultValue !== undefined
        ? ` ${yaml.stringify(leaf.defaultValue, { collectionStyle: 'flow', lineWidth: 0 }).trimEnd()}`
        : '';
    const notes = [value === '' ? '(no default)' : undefined, leaf.description].filter(Boolean).join(' ');
    lines.push(`# ${leaf.path}:${value}${notes === '' ? '' : `  # ${notes}`}`);
  }
  writeFileAtomic(file, `${lines.join('\n')}\n`);
  return file;
}
