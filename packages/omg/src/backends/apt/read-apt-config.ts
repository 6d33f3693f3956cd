import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** apt's configuration as flat keys (`APT::Install-Recommends`) to values; lists keep every entry. */
export type AptConfig = Map<string, string[]>;

/**
 * Parses apt.conf syntax: `A::B "value";`, scopes `A { B "value"; };`, list entries `"value";` inside
 * a scope, `//`, `#` and C comments, `#clear`. Unknown directives are skipped.
 */
export function parseAptConfig(text: string, into: AptConfig = new Map()): AptConfig {
  const cleaned = text
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .split('\n')
    .map((line) => line.replace(/(^|\s)(\/\/|#(?!clear|include)).*$/, ''))
    .join('\n');
  const scope: string[] = [];
  const tokens = cleaned.match(/"[^"]*"|[{};]|[^\s{};"]+/g) ?? [];
  let key: string | undefined;
  let value: string | undefined;
  for (const token of tokens) {
    if (token === '{') {
      if (key !== undefined) scope.push(key);
      key = undefined;
      value = undefined;
    } else if (token === '}') {
      scope.pop();
      key = undefined;
    } else if (token === ';') {
      // `Key:: "value";` appends to a list, as an entry inside `Key { "value"; };` does.
      const append = key === undefined || key.endsWith('::');
      const name = key?.replace(/::$/, '');
      const path = [...scope, ...(name === undefined || name === '' ? [] : [name])].join('::');
      if (value !== undefined && path !== '') {
        const list = into.get(path);
        if (list !== undefined && append) list.push(value);
        else into.set(path, [value]);
      }
      key = undefined;
      value = undefined;
    } else if (token.startsWith('"')) {
      value = token.slice(1, -1);
    } else if (key === '#clear') {
      into.delete([...scope, token].join('::'));
      key = undefined;
    } else key = token;
  }
  return into;
}

/** Reads `<root>/etc/apt/apt.conf` and `apt.conf.d/*` (in name order, as apt does). */
export function readAptConfig(root: string): AptConfig {
  const config: AptConfig = new Map();
  const directory = join(root, 'etc/apt/apt.conf.d');
  const files: string[] = [];
  try {
    for (const name of readdirSync(directory).sort())
      if (/^[A-Za-z0-9_.-]+$/.test(name) && (!name.includes('.') || name.endsWith('.conf')))
        files.push(join(directory, name));
  } catch {
    // no apt.conf.d
  }
  files.push(join(root, 'etc/apt/apt.conf'));
  for (const file of files) {
    try {
      parseAptConfig(readFileSync(file, 'utf8'), config);
    } catch {
      // unreadable: apt would complain; omg uses the defaults
    }
  }
  return config;
}

/** A boolean option (`true`/`yes`/`1`, `false`/`no`/`0`), or the default. Keys compare case-insensitively, as apt's do. */
export function aptConfigBoolean(config: AptConfig, key: string, fallback: boolean): boolean {
  const wanted = key.toLowerCase();
  for (const [name, values] of config) {
    if (name.toLowerCase() !== wanted) continue;
    const value = values[values.length - 1]?.toLowerCase();
    if (value === 'true' || value === 'yes' || value === '1' || value === 'on') return true;
    if (value === 'false' || value === 'no' || value === '0' || value === 'off') return false;
  }
  return fallback;
}

/** A list option's entries (`APT::NeverAutoRemove`). */
export function aptConfigList(config: AptConfig, key: string): string[] {
  const wanted = key.toLowerCase();
  const values: string[] = [];
  for (const [name, list] of config)
    if (name.toLowerCase() === wanted) values.push(...list.filter((item) => item !== ''));
  return values;
}
