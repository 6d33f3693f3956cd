/**
 * Converts this machine's apt lists into one pacman sync database (`<dir>/sync/debian.db`, tar+gzip
 * of `name-version/desc`), so `pacman -Ss` and omg search the same 63k packages. Versions keep
 * Debian's text; dependencies become pacman lines (`name>=version`).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function dependencyLines(field) {
  if (field === undefined) return [];
  return field.split(',').map((group) => {
    const first = group.split('|')[0].trim();
    const match = /^([^\s(:]+)(?::\S+)?\s*(?:\(\s*([<>=]+)\s*([^)\s]+)\s*\))?/.exec(first);
    if (match === null) return first;
    const operator = { '<<': '<', '>>': '>', '<=': '<=', '>=': '>=', '=': '=' }[match[2]] ?? '';
    return operator === '' ? match[1] : `${match[1]}${operator}${match[3]}`;
  });
}

/** A Debian version in pacman's `[epoch:]pkgver-pkgrel` shape (pkgver may not contain '-'). */
export function archVersion(version) {
  const colon = version.indexOf(':');
  const epoch = colon > 0 ? version.slice(0, colon + 1) : '';
  const rest = colon > 0 ? version.slice(colon + 1) : version;
  const dash = rest.lastIndexOf('-');
  const upstream = dash < 0 ? rest : rest.slice(0, dash);
  const revision = dash < 0 ? '0' : rest.slice(dash + 1).replace(/-/g, '_');
  return `${epoch}${upstream.replace(/-/g, '_')}-${revision}`;
}

/** Writes the database under `directory` (dbpath) and returns the number of packages. */
export async function makeArchDatabase(omgDist, directory) {
  const { createAptBackend } = await import(join(omgDist, 'backends/apt/create-apt-backend.js'));
  const backend = createAptBackend({ root: '/' });
  const staging = join(directory, 'staging');
  mkdirSync(join(directory, 'sync'), { recursive: true });
  mkdirSync(join(directory, 'local'), { recursive: true });
  writeFileSync(join(directory, 'local', 'ALPM_DB_VERSION'), '9\n');
  const seen = new Set();
  const entries = [];
  for (const source of await backend.listSources()) {
    if (source.kind !== 'available') continue;
    for (const record of (await backend.readSource(source)).packages) {
      if (seen.has(record.name)) continue;
      seen.add(record.name);
      const version = archVersion(record.version);
      entries.push(`${record.name}-${version}`);
      const entry = join(staging, `${record.name}-${version}`);
      mkdirSync(entry, { recursive: true });
      const sections = [
        ['NAME', [record.name]],
        ['VERSION', [version]],
        ['DESC', [record.description]],
        ['ARCH', ['x86_64']],
        ['DEPENDS', dependencyLines(record.relations.depends)],
      ].filter(([, values]) => values.length > 0);
      writeFileSync(
        join(entry, 'desc'),
        sections.map(([key, values]) => `%${key}%\n${values.join('\n')}\n`).join('\n'),
      );
    }
  }
  writeFileSync(join(directory, 'entries.txt'), `${entries.join('\n')}\n`);
  execFileSync('tar', [
    '-czf',
    join(directory, 'sync', 'debian.db'),
    '-C',
    staging,
    '--files-from',
    join(directory, 'entries.txt'),
  ]);
  writeFileSync(
    join(directory, 'pacman.conf'),
    `[options]\nDBPath = ${directory}\nArchitecture = auto\n\n[debian]\nServer = file:///nonexistent\n`,
  );
  return seen.size;
}
