import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';

/** What omg needs from pacman.conf. */
export interface PacmanConfig {
  /** Sync repositories in the order of their `[sections]`. */
  repositories: string[];
  /** IgnorePkg globs. */
  ignorePackages: string[];
  /** IgnoreGroup globs. */
  ignoreGroups: string[];
  /** HoldPkg globs. */
  holdPackages: string[];
}

/**
 * Reads pacman.conf (and the files it `Include`s, resolved under `root`): repository order and the
 * ignore lists. Returns undefined when the file does not exist.
 */
export function readPacmanConfig(path: string, root = '/'): PacmanConfig | undefined {
  const config: PacmanConfig = { repositories: [], ignorePackages: [], ignoreGroups: [], holdPackages: [] };
  const seen = new Set<string>();
  let section: string | undefined;
  const readOne = (file: string, optional: boolean): boolean => {
    if (seen.has(file)) return true;
    seen.add(file);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      if (!optional) return false;
      return true;
    }
    for (const rawLine of text.split('\n')) {
      const line = rawLine.replace(/#.*$/, '').trim();
      if (line === '') continue;
      const header = /^\[(.+)\]$/.exec(line);
      if (header?.[1] !== undefined) {
        section = header[1].trim();
        if (section !== 'options' && !config.repositories.includes(section))
          config.repositories.push(section);
        continue;
      }
      const equals = line.indexOf('=');
      const key = (equals < 0 ? line : line.slice(0, equals)).trim();
      const value = equals < 0 ? '' : line.slice(equals + 1).trim();
      if (key === 'Include') {
        const included = isAbsolute(value) ? join(root, value) : join(dirname(file), value);
        if (!value.includes('*')) readOne(included, true);
        continue;
      }
      if (section !== 'options') continue;
      const words = value.split(/\s+/).filter((word) => word !== '');
      if (key === 'IgnorePkg') config.ignorePackages.push(...words);
      else if (key === 'IgnoreGroup') config.ignoreGroups.push(...words);
      else if (key === 'HoldPkg') config.holdPackages.push(...words);
    }
    return true;
  };
  return readOne(path, false) ? config : undefined;
}

/** fnmatch(3) without flags, as libalpm matches IgnorePkg: `*`, `?`, `[...]`. */
export function matchesGlob(pattern: string, name: string): boolean {
  let source = '';
  for (let index = 0; index < pattern.length; index += 1) {
    const character = pattern[index] as string;
    if (character === '*') source += '.*';
    else if (character === '?') source += '.';
    else if (character === '[') {
      const end = pattern.indexOf(']', index + 2);
      if (end < 0) source += '\\[';
      else {
        const body = pattern
          .slice(index + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\');
        source += `[${body}]`;
        index = end;
      }
    } else source += character.replace(/[.+^${}()|\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`).test(name);
}
