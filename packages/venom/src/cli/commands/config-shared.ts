import { join } from 'node:path';
import {
  type CommandContext,
  type ConfigSpec,
  findProjectConfigFile,
  findRepositoryRoot,
  type OptionSpec,
  toVenomError,
} from '@venom/core';
import type { VenomConfig } from '../config-schema.js';
import { loadVenomConfigSpec, openRuntime, resolveVenomPaths } from '../runtime.js';

/** The `--project` flag shared by the config commands that write a file. */
export const projectOption: OptionSpec = {
  type: 'boolean',
  description: "use the project file (.venom/config.yaml at the repository root) instead of the user's",
};

/**
 * The config file a write goes to: the user file, or the project file (created at the repository
 * root when there is none yet). Does not load the configuration, so a broken file can be repaired.
 */
export async function configWriteTarget(
  context: CommandContext,
  project: boolean,
): Promise<{ spec: ConfigSpec<VenomConfig>; file: string }> {
  const paths = resolveVenomPaths(context.env);
  const spec = await loadVenomConfigSpec();
  if (!project) return { spec, file: paths.configFile };
  const existing = findProjectConfigFile('venom', context.cwd);
  return {
    spec,
    file: existing ?? join(findRepositoryRoot(context.cwd) ?? context.cwd, '.venom', 'config.yaml'),
  };
}

/**
 * Records a config change in the event log. The write has already happened; if the configuration
 * as a whole still does not load (another key is broken), the problem is returned as a warning.
 */
export async function recordConfigChange(
  context: CommandContext,
  type: 'config-set' | 'config-unset' | 'config-init',
  payload: Record<string, unknown>,
): Promise<string | undefined> {
  try {
    const runtime = await openRuntime(context, type);
    try {
      runtime.logger.info('config changed', { event: type, ...payload });
      runtime.events().append({ type, payload });
    } finally {
      runtime.close();
    }
    return undefined;
  } catch (error) {
    return `the file was written, but the configuration still does not load: ${toVenomError(error).message}`;
  }
}

/** A value as one line of text for humans: strings bare, everything else as JSON. */
export function formatValue(value: unknown): string {
  if (value === undefined) return '(unset)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
