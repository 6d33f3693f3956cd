import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createAptBackend } from '../src/backends/apt/create-apt-backend.js';
import { createAptRoot, listPath } from './apt-root.js';
import { conformancePackages, describeBackendConformance } from './backend-conformance.js';

describeBackendConformance('apt', () => {
  const root = createAptRoot(
    [
      { suite: 'stable', compression: 'gz', packages: conformancePackages.available },
      { suite: 'stable-updates', compression: 'none', packages: conformancePackages.other },
    ],
    conformancePackages.installed,
  );
  return {
    backend: createAptBackend({ root }),
    corruptOneSource() {
      const path = listPath(root, 'stable', 'main', 'gz');
      writeFileSync(path, Buffer.from([0x1f, 0x8b, 0x08, 0x00, 1, 2, 3]));
      return path;
    },
  };
});

describe('apt backend', () => {
  it('names repositories after the InRelease codename and component, and reads every compression', async () => {
    const root = createAptRoot([
      { suite: 'bookworm', component: 'main', compression: 'xz', packages: [{ name: 'a', version: '1' }] },
      {
        suite: 'bookworm',
        component: 'contrib',
        compression: 'lz4',
        packages: [{ name: 'b', version: '1' }],
      },
      {
        suite: 'bookworm-security',
        component: 'main',
        compression: 'zst',
        packages: [{ name: 'c', version: '1' }],
      },
      { suite: 'sid', component: 'main', compression: 'bz2', packages: [{ name: 'd', version: '1' }] },
    ]);
    const backend = createAptBackend({ root });
    const sources = await backend.listSources();
    expect(sources.map((source) => source.repository).sort()).toEqual([
      'bookworm-security/main',
      'bookworm/contrib',
      'bookworm/main',
      'installed',
      'sid/main',
    ]);
    const names = [];
    for (const source of sources)
      names.push(...(await backend.readSource(source)).packages.map((record) => record.name));
    expect(names.sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('skips stanzas without Package or Version and says where they are', async () => {
    const root = createAptRoot([{ suite: 'stable', packages: [] }]);
    const path = listPath(root, 'stable', 'main', 'none');
    writeFileSync(
      path,
      'Package: ok\nVersion: 1\nDescription: fine\n\nPackage: noversion\nDescription: x\n\nVersion: 2\n',
    );
    const backend = createAptBackend({ root });
    const source = (await backend.listSources()).find((candidate) => candidate.path === path);
    if (source === undefined) throw new Error('list not found');
    const contents = await backend.readSource(source);
    expect(contents.packages.map((record) => record.name)).toEqual(['ok']);
    expect(contents.problems).toEqual([
      { file: path, line: 5, message: "stanza 'noversion' has no Version field; skipped" },
      { file: path, line: 8, message: 'stanza has no Package field; skipped' },
    ]);
  });

  it('counts only installed dpkg states and marks automatic packages', async () => {
    const root = createAptRoot(
      [],
      [
        { name: 'kept', version: '1' },
        { name: 'auto', version: '2' },
      ],
      ['auto'],
    );
    writeFileSync(
      `${root}/var/lib/dpkg/status`,
      'Package: kept\nStatus: install ok installed\nVersion: 1\n\nPackage: auto\nStatus: install ok installed\nVersion: 2\n\nPackage: gone\nStatus: deinstall ok config-files\nVersion: 3\n',
    );
    const backend = createAptBackend({ root });
    const status = (await backend.listSources()).find((source) => source.kind === 'installed');
    if (status === undefined) throw new Error('no status source');
    const records = (await backend.readSource(status)).packages;
    expect(
      records.map((record) => [record.name, (record as { automatic?: boolean }).automatic === true]),
    ).toEqual([
      ['kept', false],
      ['auto', true],
    ]);
  });
});
