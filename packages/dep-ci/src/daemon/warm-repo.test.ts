import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { computeAffected } from '../affected/compute-affected.js';
import { buildGraph } from '../graph/build-graph.js';
import { discoverTests } from '../tests/discover-tests.js';
import { openWarmRepo } from './warm-repo.js';
import { watchRepo } from './watch-repo.js';

function fixture(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'dep-ci-warm-'));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

/** A diamond with a hub: the order importers are visited in shows in `via` and `chain`. */
const files = {
  'src/base.ts': 'export const base = 1;\n',
  'src/a.ts': "import { base } from './base.js';\nexport const a = base;\n",
  'src/m.ts': "import { base } from './base.js';\nexport const m = base;\n",
  'src/z.ts': "import { base } from './base.js';\nexport const z = base;\n",
  'src/top.ts': "import { a } from './a.js';\nimport { z } from './z.js';\nexport const top = a + z;\n",
  'test/top.test.ts': "import { top } from '../src/top.js';\ntop;\n",
  'test/m.test.ts': "import { m } from '../src/m.js';\nm;\n",
};

describe('watchRepo', () => {
  it('delivers every event that happened before sync() (the barrier), none lost', async () => {
    const root = fixture(files);
    const watcher = watchRepo(root);
    onTestFinished(() => watcher.close());
    watcher.watchDirectoriesOf(Object.keys(files));
    for (let round = 0; round < 20; round++) {
      writeFileSync(join(root, 'src/m.ts'), `export const m = ${round};\n`);
      writeFileSync(join(root, `src/new-${round}.ts`), '');
      expect(await watcher.sync()).toBe(true);
      const { paths, overflow } = watcher.take();
      expect(overflow).toBe(false);
      expect(paths).toContain('src/m.ts');
      expect(paths).toContain(`src/new-${round}.ts`);
    }
    // A directory created with files in it at once: its files are reported.
    mkdirSync(join(root, 'src/fresh/deeper'), { recursive: true });
    writeFileSync(join(root, 'src/fresh/deeper/x.ts'), '');
    await watcher.sync();
    expect(watcher.take().paths).toContain('src/fresh/deeper/x.ts');
    writeFileSync(join(root, 'src/fresh/deeper/y.ts'), '');
    await watcher.sync();
    expect(watcher.take().paths).toEqual(['src/fresh/deeper/y.ts']);
  });
});

describe('openWarmRepo', () => {
  it('answers as a fresh build would, right after each edit, with no wait', async () => {
    const root = fixture(files);
    const repo = openWarmRepo({ root, git: false });
    onTestFinished(() => repo.close());
    const edits: [string, string][] = [
      [
        'test/m.test.ts',
        "import { m } from '../src/m.js';\nimport { top } from '../src/top.js';\nm + top;\n",
      ],
      ['src/z.ts', 'export const z = 2;\n'],
      ['src/a.ts', "import { m } from './m.js';\nexport const a = m;\n"],
      ['src/z.ts', "import { base } from './base.js';\nexport const z = base;\n"],
      // a imports base again: a fresh build lists base's importers sorted (a, m, z), so top is
      // reached through a; appending a would reach it through z.
      ['src/a.ts', "import { base } from './base.js';\nexport const a = base;\n"],
      ['src/new.ts', "import { base } from './base.js';\nexport const n = base;\n"],
      ['test/new.test.ts', "import { n } from '../src/new.js';\nn;\n"],
    ];
    for (const [path, content] of edits) {
      writeFileSync(join(root, path), content);
      const { snapshot, kind } = await repo.refresh();
      expect(kind).not.toBe('unchanged');
      const fresh = buildGraph({ root, useGit: false, cache: false });
      const tests = discoverTests(root, fresh.files);
      for (const changed of ['src/base.ts', 'src/m.ts', 'src/z.ts']) {
        const change = [{ path: changed, status: 'modified' as const }];
        expect(
          computeAffected(snapshot.graph, change, { semantics: 'source', tests: snapshot.tests }),
        ).toEqual(computeAffected(fresh, change, { semantics: 'source', tests }));
      }
    }
    expect(repo.stats()).toMatchObject({ updates: 5, rebuilds: 2 });
    expect((await repo.refresh()).kind).toBe('unchanged');
  });
});
