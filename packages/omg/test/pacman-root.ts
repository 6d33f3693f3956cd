import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import type { FixturePackage } from './apt-root.js';

/** Renders a desc file (v2 layout; `v1` adds %MD5SUM% as pacman < 6.1 wrote). */
export function renderDesc(item: FixturePackage, extra: Record<string, string[]> = {}): string {
  const fields: Record<string, string[]> = {
    FILENAME: [`${item.name}-${item.version}-x86_64.pkg.tar.zst`],
    NAME: [item.name],
    BASE: [item.name],
    VERSION: [item.version],
    DESC: [item.description ?? `the ${item.name} package`],
    CSIZE: ['1000'],
    ISIZE: ['4000'],
    ARCH: [item.architecture ?? 'x86_64'],
    ...(item.depends === undefined ? {} : { DEPENDS: item.depends.split(/,\s*/) }),
    ...(item.provides === undefined ? {} : { PROVIDES: item.provides.split(/,\s*/) }),
    ...extra,
  };
  return `${Object.entries(fields)
    .map(([key, values]) => `%${key}%\n${values.join('\n')}\n`)
    .join('\n')}`;
}

const tarFlags = { none: [], gz: ['-z'], xz: ['-J'], zst: ['--zstd'], bz2: ['-j'] } as const;

/** One sync database of a fixture. */
export interface FixtureRepository {
  name: string;
  compression?: keyof typeof tarFlags;
  packages: FixturePackage[];
}

/** Writes `<root>/var/lib/pacman/{sync/<repo>.db, local/<name-version>/desc}`; removed when the test ends. */
export function createPacmanRoot(
  repositories: readonly FixtureRepository[],
  installed: readonly FixturePackage[] = [],
  dependencies: readonly string[] = [],
): string {
  const root = mkdtempSync(join(tmpdir(), 'omg-pacman-'));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  const databasePath = join(root, 'var/lib/pacman');
  mkdirSync(join(databasePath, 'sync'), { recursive: true });
  mkdirSync(join(databasePath, 'local'), { recursive: true });
  writeFileSync(join(databasePath, 'local', 'ALPM_DB_VERSION'), '9\n');
  for (const repository of repositories) {
    const staging = join(root, 'staging', repository.name);
    for (const item of repository.packages) {
      mkdirSync(join(staging, `${item.name}-${item.version}`), { recursive: true });
      writeFileSync(join(staging, `${item.name}-${item.version}`, 'desc'), renderDesc(item));
    }
    mkdirSync(staging, { recursive: true });
    execFileSync('tar', [
      '-c',
      ...tarFlags[repository.compression ?? 'gz'],
      '-f',
      join(databasePath, 'sync', `${repository.name}.db`),
      '-C',
      staging,
      '.',
    ]);
  }
  for (const item of installed) {
    const directory = join(databasePath, 'local', `${item.name}-${item.version}`);
    mkdirSync(directory, { recursive: true });
    writeFileSync(
      join(directory, 'desc'),
      renderDesc(item, dependencies.includes(item.name) ? { REASON: ['1'] } : {}),
    );
    writeFileSync(join(directory, 'files'), `%FILES%\nusr/\nusr/bin/\nusr/bin/${item.name}\n\n`);
  }
  return root;
}
