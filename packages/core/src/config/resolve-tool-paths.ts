import { isAbsolute, join } from 'node:path';
import { VenomError } from '../errors/index.js';

/** Where a tool keeps its files, following the XDG Base Directory specification. */
export interface ToolPaths {
  /** `$XDG_CONFIG_HOME/<tool>`, else `$HOME/.config/<tool>` */
  configDir: string;
  /** `$XDG_DATA_HOME/<tool>`, else `$HOME/.local/share/<tool>` */
  dataDir: string;
  /** `$XDG_STATE_HOME/<tool>`, else `$HOME/.local/state/<tool>` */
  stateDir: string;
  /** `$XDG_CACHE_HOME/<tool>`, else `$HOME/.cache/<tool>` */
  cacheDir: string;
  /** `configDir/config.yaml`, the user config file */
  configFile: string;
}

const baseDirectories = {
  config: { variable: 'XDG_CONFIG_HOME', fallback: ['.config'] },
  data: { variable: 'XDG_DATA_HOME', fallback: ['.local', 'share'] },
  state: { variable: 'XDG_STATE_HOME', fallback: ['.local', 'state'] },
  cache: { variable: 'XDG_CACHE_HOME', fallback: ['.cache'] },
} as const;

/**
 * One of the tool's XDG directories. A relative XDG value is ignored, as the specification says.
 * Throws HOME_MISSING (environment) when neither the XDG variable nor HOME is usable.
 */
export function resolveToolDirectory(
  tool: string,
  kind: keyof typeof baseDirectories,
  env: Record<string, string | undefined>,
): string {
  const { variable, fallback } = baseDirectories[kind];
  const xdgValue = env[variable];
  if (xdgValue !== undefined && xdgValue !== '' && isAbsolute(xdgValue)) return join(xdgValue, tool);
  const home = env.HOME;
  if (home !== undefined && home !== '') return join(home, ...fallback, tool);
  const ignored =
    xdgValue !== undefined && xdgValue !== ''
      ? ` (${variable}='${xdgValue}' is ignored because it is not an absolute path)`
      : '';
  throw new VenomError({
    code: 'HOME_MISSING',
    category: 'environment',
    message: `cannot locate the ${tool} ${kind} directory: neither ${variable} nor HOME is set${ignored}`,
    hint: `Set HOME to your home directory, or set ${variable} to an absolute path.`,
    details: { variable, kind },
  });
}

/**
 * The tool's directories: XDG_CONFIG_HOME/XDG_DATA_HOME/XDG_STATE_HOME/XDG_CACHE_HOME, each else
 * $HOME/.config|.local/share|.local/state|.cache, plus `/<tool>`. Relative XDG values are ignored (XDG
 * spec). Throws HOME_MISSING (environment) when a base has neither its XDG variable nor HOME.
 */
export function resolveToolPaths(tool: string, env: Record<string, string | undefined>): ToolPaths {
  const configDir = resolveToolDirectory(tool, 'config', env);
  return {
    configDir,
    dataDir: resolveToolDirectory(tool, 'data', env),
    stateDir: resolveToolDirectory(tool, 'state', env),
    cacheDir: resolveToolDirectory(tool, 'cache', env),
    configFile: join(configDir, 'config.yaml'),
  };
}
