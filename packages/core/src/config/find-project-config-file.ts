import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The project config file: walks up from `cwd` looking for `.<tool>/config.yaml`, and stops at the
 * repository root (a directory containing `.git`, file or folder) or the filesystem root.
 */
export function findProjectConfigFile(tool: string, cwd: string): string | undefined {
  let directory = resolve(cwd);
  for (;;) {
    const candidate = join(directory, `.${tool}`, 'config.yaml');
    if (existsSync(candidate)) return candidate;
    if (existsSync(join(directory, '.git'))) return undefined;
    const parent = dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}
