import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPacmanBackend } from '../src/backends/pacman/create-pacman-backend.js';
import { readTarEntries } from '../src/backends/pacman/read-tar-entries.js';
import { conformancePackages, describeBackendConformance } from './backend-conformance.js';
import { createPacmanRoot } from './pacman-root.js';

describeBackendConformance('pacman', () => {
  const root = createPacmanRoot(
    [
      { name: 'core', compression: 'gz', packages: conformancePackages.available },
      { name: 'extra', compression: 'none', packages: conformancePackages.other },
    ],
    conformancePackages.installed,
  );
  return {
    backend: createPacmanBackend({ root }),
    corruptOneSource() {
      const path = join(root, 'var/lib/pacman/sync/core.db');
      writeFileSync(path, Buffer.from([0x1f, 0x8b, 0x08, 0x00, 1, 2, 3]));
      return path;
    },
  };
});

describe('pacman backend', () => {
  it('reads sync databases in every compression, dependencies and provides in relation form', async () => {
    const root = createPacmanRoot([
      {
        name: 'core',
        compression: 'xz',
        packages: [{ name: 'glibc', version: '2.39-1', description: 'GNU C Library' }],
      },
      {
        name: 'extra',
        compression: 'zst',
        packages: [
          {
            name: 'vim',
            version: '9.1.0-1',
            depends: 'glibc>=2.39, gpm: mouse support',
            provides: 'xxd=9.1',
          },
        ],
      },
      { name: 'multilib', compression: 'bz2', packages: [{ name: 'lib32-glibc', version: '2.39-1' }] },
    ]);
    const backend = createPacmanBackend({ root });
    const records = [];
    for (const source of await backend.listSources())
      records.push(...(await backend.readSource(source)).packages);
    expect(records.map((record) => `${record.repository}/${record.name}`).sort()).toEqual([
      'core/glibc',
      'extra/vim',
      'multilib/lib32-glibc',
    ]);
    const vim = records.find((record) => record.name === 'vim');
    expect(vim?.relations).toEqual({ depends: 'glibc (>= 2.39), gpm', provides: 'xxd (= 9.1)' });
  });

  it('reads the local database with dependency reasons and file lists', async () => {
    const root = createPacmanRoot(
      [],
      [
        { name: 'glibc', version: '2.39-1' },
        { name: 'tzdata', version: '2024a-1' },
      ],
      ['tzdata'],
    );
    const backend = createPacmanBackend({ root });
    const local = (await backend.listSources()).find((source) => source.kind === 'installed');
    if (local === undefined) throw new Error('no local source');
    const records = (await backend.readSource(local)).packages;
    expect(
      records.map((record) => [record.name, (record as { automatic?: boolean }).automatic === true]),
    ).toEqual([
      ['glibc', false],
      ['tzdata', true],
    ]);
    expect(await backend.installedFiles?.(records[0] as never)).toEqual([
      '/usr/',
      '/usr/bin/',
      '/usr/bin/glibc',
    ]);
  });

  it('names a truncated database', async () => {
    const root = createPacmanRoot([
      {
        name: 'core',
        compression: 'none',
        packages: [{ name: 'a', version: '1-1', description: 'x'.repeat(2000) }],
      },
    ]);
    const path = join(root, 'var/lib/pacman/sync/core.db');
    const { readFileSync } = await import('node:fs');
    writeFileSync(path, readFileSync(path).subarray(0, 1100));
    const backend = createPacmanBackend({ root });
    const source = (await backend.listSources()).find((candidate) => candidate.path === path);
    if (source === undefined) throw new Error('no source');
    await expect(backend.readSource(source)).rejects.toMatchObject({
      code: 'SOURCE_CORRUPT',
      message: expect.stringContaining(path),
    });
  });

  it('rejects a tar header with a bad checksum', () => {
    const block = Buffer.alloc(1024);
    block.write('name', 0);
    block.write('0000000', 148);
    expect(() => readTarEntries(block)).toThrow(/checksum/);
  });
});
