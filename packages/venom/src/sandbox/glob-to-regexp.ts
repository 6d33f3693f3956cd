/**
 * A regular expression for a glob. `path` globs: `*` and `?` stay inside one `/`-separated segment and
 * `**` crosses segments; `command` globs: `*` matches anything (spaces and slashes included), and a
 * trailing ` *` also matches the bare command (`git *` matches `git`).
 */
export function globToRegExp(glob: string, kind: 'path' | 'command'): RegExp {
  let source = '';
  for (let index = 0; index < glob.length; index += 1) {
    const character = glob[index] as string;
    if (character === '*') {
      if (kind === 'path' && glob[index + 1] === '*') {
        index += 1;
        if (glob[index + 1] === '/') {
          index += 1;
          source += '(?:.*/)?';
        } else {
          source += '.*';
        }
      } else {
        source += kind === 'path' ? '[^/]*' : '.*';
      }
    } else if (character === '?') {
      source += kind === 'path' ? '[^/]' : '.';
    } else {
      source += character.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  if (kind === 'command' && glob.endsWith(' *')) {
    source = `${source.slice(0, -' .*'.length)}(?: .*)?`;
  }
  return new RegExp(`^${source}$`, 's');
}

/** Characters of a glob that are not wildcards: the more, the more specific the glob. */
export function globLiteralLength(glob: string): number {
  return glob.replace(/[*?]/g, '').length;
}

/** Whether a glob has no wildcard at all (it names exactly one command or path). */
export function isExactGlob(glob: string): boolean {
  return !/[*?]/.test(glob);
}
