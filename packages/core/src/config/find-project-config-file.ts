import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * Walks up from `start`, returning the first directory for which `found` is true; gives up after the
 * repository root (a directory containing `.git`, file or folder) or the filesystem root.
 */
function walkUp(start: string, found: (directory: string) => boolean): string | undefined {
  for (let directory = resolve(start); ; directory = dirname(directory)) {
    if (found(directory)) return directory;
    if (existsSync(join(directory, '.git'))) return undefined;
    if (dirname(directory) === directory) return undefined;
  }
}

/** The repository root at or above `start`: the nearest directory containing `.git`. */
export function findRepositoryRoot(start: string): string | undefined {
  return walkUp(start, (directory) => existsSync(join(directory, '.git')));
}

/**
 * The project config file: walks up from `cwd` looking for `.<tool>/config.yaml`, and stops at the
 * repository root (a directory containing `.git`, file or folder) or the filesystem root.
 */
export function findProjectConfigFile(tool: string, cwd: string): string | undefined {
  const directory = walkUp(cwd, (candidate) => existsSync(join(candidate, `.${tool}`, 'config.yaml')));
  return directory === undefined ? undefined : join(directory, `.${tool}`, 'config.yaml');
}
