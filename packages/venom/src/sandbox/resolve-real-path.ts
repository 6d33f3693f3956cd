import { lstatSync, readlinkSync } from 'node:fs';
import { dirname, isAbsolute, resolve, sep } from 'node:path';

const maxSymlinkHops = 40;

/**
 * The real absolute path of `path`: every symlink on the way is followed, including a dangling one
 * at the end (so writing through it is judged by where it lands), and the part that does not exist
 * yet is appended as written. Throws when symlinks loop.
 */
export function resolveRealPath(path: string): string {
  if (!isAbsolute(path)) throw new Error(`resolveRealPath needs an absolute path, got ${path}`);
  const pending = path.split(sep).filter((segment) => segment !== '' && segment !== '.');
  let current: string = sep;
  let hops = 0;
  let missing = false;
  while (pending.length > 0) {
    const segment = pending.shift() as string;
    if (segment === '..') {
      current = dirname(current);
      missing = false;
      continue;
    }
    const next = current === sep ? `${sep}${segment}` : `${current}${sep}${segment}`;
    if (missing) {
      current = next;
      continue;
    }
    let isLink = false;
    try {
      isLink = lstatSync(next).isSymbolicLink();
    } catch {
      missing = true;
      current = next;
      continue;
    }
    if (!isLink) {
      current = next;
      continue;
    }
    hops += 1;
    if (hops > maxSymlinkHops) throw new Error(`too many levels of symbolic links at ${next}`);
    const target = readlinkSync(next);
    const targetSegments = target.split(sep).filter((part) => part !== '' && part !== '.');
    pending.unshift(...targetSegments);
    if (isAbsolute(target)) current = sep;
  }
  return resolve(current);
}
