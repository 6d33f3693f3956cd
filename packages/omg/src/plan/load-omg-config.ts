import { type LoadedConfig, loadConfig } from '@venom/core';

/** omg's configuration (`$XDG_CONFIG_HOME/omg/config.yaml`, or `.omg/config.yaml` in a project). */
export interface OmgConfig {
  /** Named package groups: `omg install @web` installs `groups.web`. */
  groups: Record<string, string[]>;
}

/**
 * Loads omg's configuration with the core's layered loader (flags > environment > project file >
 * user file > defaults). zod and yaml are imported here, only by the commands that need groups.
 */
export async function loadOmgConfig(options: {
  env: Record<string, string | undefined>;
  cwd: string;
  flags?: Record<string, string>;
}): Promise<LoadedConfig<OmgConfig>> {
  const { z } = await import('zod');
  const schema = z.object({
    groups: z
      .record(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.+-]*$/), z.array(z.string().min(1)))
      .default({}),
  });
  return loadConfig<OmgConfig>({ tool: 'omg', schema, envPrefix: 'OMG' }, options);
}
