/**
 * Converts a glob to an anchored regular expression over repo-relative POSIX paths. Supports `**`,
 * `*`, `?`, `[...]`, `{a,b}` and the extglobs `?(x)`, `*(x)`, `+(x)`, `@(x)`, `!(x)` (the last as
 * "anything but x" in one segment, approximately).
 */
export function globToRegex(glob: string): RegExp {
  return new RegExp(`^${globToRegexSource(glob)}$`);
}

/** The unanchored body of {@link globToRegex}. */
export function globToRegexSource(glob: string): string {
  let source = '';
  let index = 0;
  const groups: string[] = [];
  let braceDepth = 0;
  while (index < glob.length) {
    const char = glob[index] as string;
    const next = glob[index + 1];
    if (char === '*' && next === '*') {
      // `**/` matches zero or more directories; a trailing `**` matches everything.
      const afterStars = glob[index + 2];
      if (afterStars === '/') {
        source += '(?:[^/]*(?:/|$))*';
        index += 3;
      } else {
        source += '.*';
        index += 2;
      }
      continue;
    }
    if ('?*+@!'.includes(char) && next === '(') {
      groups.push(char);
      source += '(?:';
      index += 2;
      continue;
    }
    if (char === ')' && groups.length > 0) {
      const kind = groups.pop();
      source += kind === '?' ? ')?' : kind === '*' ? ')*' : kind === '+' ? ')+' : ')';
      index++;
      continue;
    }
    if (char === '|' && groups.length > 0) {
      source += '|';
      index++;
      continue;
    }
    if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else if (char === '{') {
      braceDepth++;
      source += '(?:';
    } else if (char === '}' && braceDepth > 0) {
      braceDepth--;
      source += ')';
    } else if (char === ',' && braceDepth > 0) source += '|';
    else if (char === '[') {
      const close = glob.indexOf(']', index + 1);
      if (close === -1) source += '\\[';
      else {
        source += `[${glob
          .slice(index + 1, close)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        index = close;
      }
    } else source += char.replace(/[.+^$()|\\\]]/g, '\\$&');
    index++;
  }
  return source;
}
