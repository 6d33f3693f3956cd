import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A file of the omg package (bin/omgd.js, shell/omg.bash), found from this module's location in dist/. */
export function packageFile(relative: string): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 5; depth += 1) {
    if (existsSync(join(directory, 'package.json')) && existsSync(join(directory, 'bin')))
      return join(directory, relative);
    directory = dirname(directory);
  }
  throw new Error(`cannot find the omg package directory from ${import.meta.url}`);
}
