import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/**
 * The absolute path of an executable named `name` on `env.PATH`, like `command -v`, or undefined.
 * A name containing a slash is checked as given.
 */
export function findExecutable(name: string, env: Record<string, string | undefined>): string | undefined {
  const candidates = name.includes('/')
    ? [name]
    : (env.PATH ?? '')
        .split(delimiter)
        .filter((directory) => directory !== '' && isAbsolute(directory))
        .map((directory) => join(directory, name));
  return candidates.find(isExecutableFile);
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
