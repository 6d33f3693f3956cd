import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createAptBackend } from '../src/backends/apt/create-apt-backend.js';
import { openPackageIndex } from '../src/index/open-package-index.js';
import { createPackageService } from '../src/query/create-package-service.js';
import { createAptRoot, listPath, renderStanzas, writeAptRoot } from './apt-root.js';

async function openIndex(root: string) {
  const directory = mkdtempSync(join(tmpdir(), 'omg-index-'));
  const index = await openPackageIndex({
    backend: createAptBackend({ root }),
    path: join(directory, 'index.lmdb'),
  });
  onTestFinished(async () => {
    await index.close();
    rmSync(directory, { recursive: true, force: true });
  });
  return index;
}

const stable = [
  {
    name: 'editor',
    version: '1.0-1',
    description: 'a text editor',
    depends: 'libedit (>= 1.0) | libedit-alt, base',
  },
  { name: 'libedit', version: '1.2-1', description: 'editing library' },
  { name: 'base', version: '3', description: 'base files', provides: 'base-virtual' },
];

describe('package index', () => {
  it('builds once, then re-reads only the source whose content changed', async () => {
    const root = createAptRoot(
      [
        { suite: 'stable', compression: 'gz', packages: stable },
        { suite: 'extra', packages: [{ name: 'extra-tool', version: '1', description: 'an extra tool' }] },
      ],
      [{ name: 'base', version: '2' }],
    );
    const index = await openIndex(root);
    const first = await index.refresh();
    expect(first.rebuilt).toHaveLength(3);
    expect((await index.refresh()).rebuilt).toEqual([]);

    // Touched but identical: hashed, not parsed.
    const extra = listPath(root, 'extra', 'main', 'none');
    utimesSync(extra, new Date(), new Date(Date.now() + 5_000));
    const touched = await index.refresh();
    expect(touched.rebuilt).toEqual([]);
    expect(touched.unchanged).toContain(extra);

    writeFileSync(
      extra,
      renderStanzas([{ name: 'extra-tool', version: '2', description: 'a newer extra tool' }]),
    );
    const changed = await index.refresh();
    expect(changed.rebuilt).toEqual([extra]);
    expect(index.searchTable().search(['extra'])[0]).toMatchObject({
      version: '2',
      description: 'a newer extra tool',
    });
  });

  it('lists the records of one kind as the whole index holds them, and again after a change', async () => {
    const installed = [
      { name: 'zz-last', version: '1' },
      { name: 'base', version: '2' },
      { name: 'aa-first', version: '0.1' },
    ];
    const lists = [{ suite: 'stable', compression: 'gz' as const, packages: stable }];
    const root = createAptRoot(lists, installed);
    const index = await openIndex(root);
    await index.refresh();
    const ofKind = (kind: 'installed' | 'available') =>
      index.records().filter((record) => record.sourceKind === kind);
    expect(index.records('installed')).toEqual(ofKind('installed'));
    expect(index.records('installed').map((record) => record.name)).toEqual(['aa-first', 'base', 'zz-last']);
    expect(index.records('available')).toEqual(ofKind('available'));
    // A caller may sort or change the array it gets; the next caller gets the index's own order.
    index.records('installed').reverse();
    expect(index.records('installed').map((record) => record.name)).toEqual(['aa-first', 'base', 'zz-last']);
    // dpkg status changes: the kept lists are dropped.
    writeAptRoot(root, lists, [...installed, { name: 'mm-new', version: '3' }]);
    await index.refresh();
    expect(index.records('installed').map((record) => record.name)).toEqual([
      'aa-first',
      'base',
      'mm-new',
      'zz-last',
    ]);
  });

  it('drops a removed source and keeps serving the rest when one is corrupt', async () => {
    const root = createAptRoot([
      { suite: 'stable', compression: 'gz', packages: stable },
      { suite: 'extra', packages: [{ name: 'extra-tool', version: '1' }] },
    ]);
    const index = await openIndex(root);
    await index.refresh();
    const list = listPath(root, 'stable', 'main', 'gz');
    writeFileSync(list, Buffer.from([0x1f, 0x8b, 8, 0, 0, 0]));
    const report = await index.refresh();
    expect(report.failed).toEqual([
      expect.objectContaining({
        source: list,
        code: 'SOURCE_CORRUPT',
        message: expect.stringContaining(list),
      }),
    ]);
    expect(index.searchTable().search(['editor'])).toEqual([]);
    expect(index.searchTable().search(['extra-tool'])).toHaveLength(1);
    // Still reported on the next refresh without re-reading it.
    expect((await index.refresh()).failed).toHaveLength(1);

    rmSync(list);
    expect((await index.refresh()).removed).toEqual([list]);
  });

  it('answers info with candidate, installed, dependencies and reverse dependencies', async () => {
    const root = createAptRoot(
      [
        { suite: 'stable', packages: stable },
        {
          suite: 'stable-updates',
          packages: [{ name: 'libedit', version: '1.3-1', description: 'editing library' }],
        },
      ],
      [
        { name: 'libedit', version: '1.0-1' },
        { name: 'editor', version: '1.0-1', depends: 'libedit' },
      ],
      ['libedit'],
    );
    const index = await openIndex(root);
    await index.refresh();
    const service = createPackageService(index);
    const info = await service.info('libedit');
    expect(info).toMatchObject({
      name: 'libedit',
      candidate: '1.3-1',
      installed: '1.0-1',
      repository: 'stable-updates/main',
    });
    expect(info.reverseDependencies).toEqual(['editor']);
    expect(info.versions.map((version) => version.version)).toEqual(['1.3-1', '1.2-1', '1.0-1']);
    expect((await service.info('editor')).dependencies.depends).toEqual([
      'libedit (>= 1.0) | libedit-alt',
      'base',
    ]);
    expect((await service.info('base')).installed).toBeNull();
    await expect(service.info('libedt')).rejects.toMatchObject({
      code: 'PACKAGE_NOT_FOUND',
      hint: expect.stringContaining("'libedit'"),
    });

    expect(service.list('upgradable').map((entry) => [entry.name, entry.version, entry.candidate])).toEqual([
      ['libedit', '1.0-1', '1.3-1'],
    ]);
    expect(service.list('installed').map((entry) => entry.name)).toEqual(['editor', 'libedit']);
    expect(service.list('orphans')).toEqual([]);
    writeAptRoot(
      root,
      [{ suite: 'stable', packages: stable }],
      [
        { name: 'libedit', version: '1.0-1' },
        { name: 'editor', version: '1.0-1' },
      ],
      ['libedit'],
    );
    await service.refresh();
    expect(service.list('orphans').map((entry) => entry.name)).toEqual(['libedit']);
    expect(service.complete('lib')).toEqual(['libedit']);
  });

  it('indexes a package with a 20 MB description and still finds it by a word deep inside', async () => {
    const root = createAptRoot([{ suite: 'stable', packages: stable }]);
    const huge = ` ${'filler words '.repeat(80)}\n`.repeat(20_000);
    writeFileSync(
      listPath(root, 'stable', 'main', 'none'),
      `${renderStanzas(stable)}\nPackage: huge\nVersion: 1\nDescription: a huge package\n${huge} needle-in-haystack\n`,
    );
    const index = await openIndex(root);
    expect((await index.refresh()).failed).toEqual([]);
    expect(index.searchTable().search(['needle-in-haystack'])).toEqual([
      {
        name: 'huge',
        version: '1',
        repository: 'stable/main',
        installed: false,
        description: 'a huge package',
      },
    ]);
    expect(
      index
        .searchTable()
        .search(['editor'])
        .map((result) => result.name),
    ).toEqual(['editor']);
  });

  it('rebuilds from scratch on demand', async () => {
    const root = createAptRoot([{ suite: 'stable', packages: stable }]);
    const index = await openIndex(root);
    await index.refresh();
    expect((await index.rebuild()).rebuilt).toHaveLength(2);
    expect(
      index
        .searchTable()
        .search(['edit'])
        .map((result) => result.name),
    ).toEqual(['editor', 'libedit']);
  });
});
