import { spawnSync } from 'node:child_process';
import { rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createFixture, writeFiles } from '../../test/fixture.js';
import { buildGraph } from '../graph/build-graph.js';
import { discoverTests } from '../tests/discover-tests.js';
import { computeAffected, type FileChange } from './compute-affected.js';
import { findImportChain } from './find-import-chain.js';

const json = (value: unknown): string => JSON.stringify(value);

const monorepo = {
  'package.json': json({ private: true, workspaces: ['packages/*'] }),
  'package-lock.json': '{}',
  'tsconfig.base.json': json({
    compilerOptions: { baseUrl: '.', paths: { '@shared/*': ['packages/shared/src/*'] } },
  }),
  'packages/shared/package.json': json({ name: '@acme/shared', exports: { '.': './dist/index.js' } }),
  'packages/shared/tsconfig.json': json({
    extends: '../../tsconfig.base.json',
    compilerOptions: { rootDir: 'src', outDir: 'dist' },
  }),
  'packages/shared/src/index.ts': "export * from './math.js';\nexport * as strings from './strings.js';\n",
  'packages/shared/src/math.ts': 'export const add = (a: number, b: number) => a + b;\n',
  'packages/shared/src/strings.ts': 'export const upper = (s: string) => s.toUpperCase();\n',
  'packages/shared/src/types.ts': 'export interface Point { x: number }\n',
  'packages/shared/src/math.test.ts': "import { add } from './math.js';\n",
  'packages/app/package.json': json({ name: 'app', dependencies: { '@acme/shared': '*' } }),
  'packages/app/tsconfig.json': json({ extends: '../../tsconfig.base.json' }),
  'packages/app/src/cart.ts':
    "import { add } from '@acme/shared';\nimport type { Point } from '@shared/types';\nexport const total = add(1, 2);\n",
  'packages/app/src/locale.ts':
    // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source text under test
    'export async function load(lang: string) { return import(`./locales/${lang}.js`); }\n',
  'packages/app/src/locales/en.ts': 'export default {};\n',
  'packages/app/test/cart.test.ts': "import { total } from '../src/cart.js';\n",
  'packages/app/test/locale.test.ts': "import { load } from '../src/locale.js';\n",
  'packages/other/package.json': json({ name: 'other' }),
  'packages/other/tsconfig.json': '{}',
  'packages/other/index.test.ts': "import { upper } from '../shared/src/strings.js';\n",
};

function affected(root: string, changes: FileChange[], semantics: 'source' | 'runtime' = 'source') {
  const graph = buildGraph({ root, useGit: false });
  return computeAffected(graph, changes, { semantics, tests: discoverTests(root, graph.files) });
}

describe('computeAffected', () => {
  it('follows workspace packages, barrels, aliases and template imports to the tests', () => {
    const root = createFixture(monorepo);
    const result = affected(root, [{ path: 'packages/shared/src/math.ts', status: 'modified' }]);
    expect(result.changed).toEqual(['packages/shared/src/math.ts']);
    expect(result.tests).toEqual(['packages/app/test/cart.test.ts', 'packages/shared/src/math.test.ts']);
    expect(result.affected).toEqual([
      'packages/app/src/cart.ts',
      'packages/app/test/cart.test.ts',
      'packages/shared/src/index.ts',
      'packages/shared/src/math.test.ts',
    ]);
    expect(result.reasons['packages/app/src/cart.ts']).toEqual({
      rule: 'imports',
      changed: 'packages/shared/src/math.ts',
      via: 'packages/shared/src/index.ts',
    });
    expect(result.reasons['packages/app/test/cart.test.ts']).toEqual({
      rule: 'imports',
      changed: 'packages/shared/src/math.ts',
      via: 'packages/app/src/cart.ts',
      chain: [
        'packages/app/test/cart.test.ts',
        'packages/app/src/cart.ts',
        'packages/shared/src/index.ts',
        'packages/shared/src/math.ts',
      ],
    });
    const locale = affected(root, [{ path: 'packages/app/src/locales/en.ts', status: 'modified' }]);
    expect(locale.tests).toEqual(['packages/app/test/locale.test.ts']);
  });

  it('keeps type-only imports under source semantics and drops them under runtime semantics', () => {
    const root = createFixture(monorepo);
    const change: FileChange[] = [{ path: 'packages/shared/src/types.ts', status: 'modified' }];
    expect(affected(root, change, 'source').tests).toEqual(['packages/app/test/cart.test.ts']);
    const runtime = affected(root, change, 'runtime');
    expect(runtime.semantics).toBe('runtime');
    expect(runtime.tests).toEqual([]);
  });

  it('drops unused value imports under runtime semantics only', () => {
    const root = createFixture({
      'src/used.ts': 'export const a = 1;\n',
      'src/unused.ts': 'export const b = 2;\n',
      'src/main.test.ts':
        "import { a } from './used.js';\nimport { b } from './unused.js';\nconsole.log(a);\n",
    });
    expect(affected(root, [{ path: 'src/unused.ts', status: 'modified' }], 'source').tests).toEqual([
      'src/main.test.ts',
    ]);
    expect(affected(root, [{ path: 'src/unused.ts', status: 'modified' }], 'runtime').tests).toEqual([]);
    expect(affected(root, [{ path: 'src/used.ts', status: 'modified' }], 'runtime').tests).toEqual([
      'src/main.test.ts',
    ]);
  });

  it('selects all tests of the package a config governs, and of the repo for root configs', () => {
    const root = createFixture(monorepo);
    const packageLevel = affected(root, [{ path: 'packages/other/tsconfig.json', status: 'modified' }]);
    expect(packageLevel.tests).toEqual(['packages/other/index.test.ts']);
    expect(packageLevel.reasons['packages/other/index.test.ts']).toEqual({
      rule: 'config',
      changed: 'packages/other/tsconfig.json',
      scope: 'packages/other',
    });
    const lockfile = affected(root, [{ path: 'package-lock.json', status: 'modified' }]);
    expect(lockfile.tests).toEqual([
      'packages/app/test/cart.test.ts',
      'packages/app/test/locale.test.ts',
      'packages/other/index.test.ts',
      'packages/shared/src/math.test.ts',
    ]);
    expect(lockfile.reasons['packages/other/index.test.ts']).toMatchObject({ rule: 'config', scope: '.' });
  });

  it('treats the importers of a deleted file as affected', () => {
    const root = createFixture(monorepo);
    rmSync(join(root, 'packages/shared/src/strings.ts'));
    const result = affected(root, [{ path: 'packages/shared/src/strings.ts', status: 'deleted' }]);
    expect(result.tests).toContain('packages/other/index.test.ts');
    expect(result.reasons['packages/other/index.test.ts']).toEqual({
      rule: 'imports-deleted',
      changed: 'packages/shared/src/strings.ts',
      specifier: '../shared/src/strings.js',
    });
    expect(result.unresolved).toContainEqual({
      file: 'packages/other/index.test.ts',
      specifier: '../shared/src/strings.js',
      reason: 'missing-file',
    });
  });

  it('reports computed specifiers and syntax errors, and treats those files conservatively', () => {
    const root = createFixture({
      'package.json': json({ name: 'x' }),
      'src/plugin-host.ts': 'export const load = (name: string) => import(name);\n',
      'src/broken.ts': "import { a } from './a.js';\nconst s = 'unterminated;\nexport function f() {\n",
      'src/a.ts': 'export const a = 1;\n',
      'src/unrelated.ts': 'export const u = 1;\n',
      'test/host.test.ts': "import { load } from '../src/plugin-host.js';\n",
      'test/broken.test.ts': "import { f } from '../src/broken.js';\n",
    });
    const result = affected(root, [{ path: 'src/unrelated.ts', status: 'modified' }]);
    expect(result.tests).toEqual(['test/broken.test.ts', 'test/host.test.ts']);
    expect(result.reasons['src/plugin-host.ts']).toMatchObject({
      rule: 'unresolved-imports',
      changed: 'src/unrelated.ts',
    });
    expect(result.unresolved).toEqual([
      {
        file: 'src/broken.ts',
        specifier: "unbalanced braces (missing '}')",
        line: 4,
        reason: 'syntax-error',
      },
      { file: 'src/broken.ts', specifier: 'unterminated string literal', line: 2, reason: 'syntax-error' },
      { file: 'src/plugin-host.ts', specifier: 'name', line: 1, reason: 'computed-specifier' },
    ]);
  });

  it('terminates on import cycles and symlink loops', () => {
    const root = createFixture({
      'src/a.ts': "import './b.js';\n",
      'src/b.ts': "import './c.js';\n",
      'src/c.ts': "import './a.js';\n",
      'src/a.test.ts': "import './a.js';\n",
    });
    symlinkSync(root, join(root, 'src', 'loop'));
    symlinkSync(join(root, 'src', 'self-link'), join(root, 'src', 'self-link'));
    const result = affected(root, [{ path: 'src/c.ts', status: 'modified' }]);
    expect(result.affected).toEqual(['src/a.test.ts', 'src/a.ts', 'src/b.ts']);
    const graph = buildGraph({ root, useGit: false });
    expect(findImportChain(graph, 'src/a.test.ts', 'src/c.ts', 'source')?.map((step) => step.file)).toEqual([
      'src/a.test.ts',
      'src/a.ts',
      'src/b.ts',
      'src/c.ts',
    ]);
  });

  it('reads non-UTF-8 files and a 5 MB generated file without failing', () => {
    const root = createFixture({ 'src/dep.ts': 'export const d = 1;\n' });
    writeFiles(root, {
      'src/latin1.ts': Buffer.concat([
        Buffer.from("import { d } from './dep.js';\n// caf"),
        Buffer.from([0xe9, 0xff, 0xfe]),
        Buffer.from('\n'),
      ]),
      'src/latin1.test.ts': "import './latin1.js';\n",
    });
    const big = `import { d } from './dep.js';\n${'export const value = [1, 2, 3].map((x) => x / 2); // import("./nope")\n'.repeat(75_000)}`;
    writeFileSync(join(root, 'src/generated.test.ts'), big);
    expect(big.length).toBeGreaterThan(5_000_000);
    const result = affected(root, [{ path: 'src/dep.ts', status: 'modified' }]);
    expect(result.tests).toEqual(['src/generated.test.ts', 'src/latin1.test.ts']);
  });
});

describe('buildGraph cache', () => {
  it('re-parses only files whose content changed', () => {
    const root = createFixture({
      'src/a.ts': "import './b.js';\n",
      'src/b.ts': 'export {};\n',
      'src/c.ts': 'export {};\n',
    });
    expect(buildGraph({ root, useGit: false }).stats).toMatchObject({ parsed: 3, reused: 0 });
    expect(buildGraph({ root, useGit: false }).stats).toMatchObject({ parsed: 0, reused: 3 });
    writeFileSync(join(root, 'src/b.ts'), "import './c.js';\n");
    // Touched but identical content: re-hashed, not re-parsed.
    utimesSync(join(root, 'src/c.ts'), new Date(2030, 1, 1), new Date(2030, 1, 1));
    const third = buildGraph({ root, useGit: false });
    expect(third.stats).toMatchObject({ parsed: 1, reused: 2 });
    expect(third.imports.get('src/b.ts')?.map((edge) => edge.to)).toEqual(['src/c.ts']);
  });

  it('stats the cached files the same way with and without the addon (a fresh process each)', () => {
    const root = createFixture({
      'src/a.ts': "import './b.js';\n",
      'src/b.ts': 'export {};\n',
      'src/c.ts': 'export {};\n',
      'src/d.ts': 'export {};\n',
    });
    // A git work tree: a file deleted from it is still listed (it is in the index), and stat fails.
    for (const args of [
      ['init', '-q'],
      ['add', '-A'],
    ])
      spawnSync('git', args, { cwd: root });
    const library = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
    // Three builds: cold; after an edit, a touch and a deletion; unchanged.
    const script = `import { rmSync, utimesSync, writeFileSync } from 'node:fs';
const { buildGraph } = await import(${JSON.stringify(library)});
const root = ${JSON.stringify(root)};
const stats = (graph) => ({ parsed: graph.stats.parsed, reused: graph.stats.reused, files: graph.codeFiles, imports: [...graph.imports] });
const out = [stats(buildGraph({ root }))];
writeFileSync(root + '/src/b.ts', "import './c.js';\\n");
utimesSync(root + '/src/c.ts', new Date(2030, 1, 1), new Date(2030, 1, 1));
rmSync(root + '/src/d.ts');
out.push(stats(buildGraph({ root })));
out.push(stats(buildGraph({ root })));
console.log(JSON.stringify(out));`;
    const run = (native: boolean): unknown => {
      rmSync(join(root, '.dep-ci'), { recursive: true, force: true });
      writeFileSync(join(root, 'src/b.ts'), 'export {};\n');
      writeFileSync(join(root, 'src/d.ts'), 'export {};\n');
      const { DEP_CI_NATIVE: _ignored, ...environment } = process.env;
      const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
        encoding: 'utf8',
        env: native ? environment : { ...environment, DEP_CI_NATIVE: '0' },
      });
      expect(child.status, child.stderr).toBe(0);
      return JSON.parse(child.stdout);
    };
    const expected = [
      { parsed: 4, reused: 0, files: ['src/a.ts', 'src/b.ts', 'src/c.ts', 'src/d.ts'] },
      { parsed: 1, reused: 2, files: ['src/a.ts', 'src/b.ts', 'src/c.ts'] },
      { parsed: 0, reused: 3, files: ['src/a.ts', 'src/b.ts', 'src/c.ts'] },
    ];
    // Edges too: the third build takes them from the cache the second wrote (from a native scan
    // in the first run, from records in the second).
    const native = run(true);
    expect(native).toMatchObject(expected);
    expect(native).toStrictEqual(run(false));
    expect((native as { imports: [string, { to: string }[]][] }[])[2]?.imports).toEqual([
      [
        'src/a.ts',
        [expect.objectContaining({ to: 'src/b.ts', specifier: './b.js', kind: 'import', runtime: true })],
      ],
      ['src/b.ts', [expect.objectContaining({ to: 'src/c.ts', specifier: './c.js' })]],
      ['src/c.ts', []],
    ]);
  });

  it('updates edited files in place, and asks for a rebuild when files come or go', () => {
    const root = createFixture({
      'src/a.ts': "import './b.js';\n",
      'src/b.ts': 'export {};\n',
      'src/c.ts': 'export {};\n',
      'src/a.test.ts': "import './a.js';\n",
    });
    const graph = buildGraph({ root, useGit: false });
    expect(graph.importers('source').get('src/c.ts')).toBeUndefined();
    writeFileSync(join(root, 'src/b.ts'), "import './c.js';\nimport(name);\n");
    expect(graph.updateFiles(['src/b.ts'])).toBe(true);
    expect(graph.importers('source').get('src/c.ts')).toEqual(['src/b.ts']);
    expect(graph.conservative.has('src/b.ts')).toBe(true);
    const tests = discoverTests(root, graph.files);
    expect(
      computeAffected(graph, [{ path: 'src/c.ts', status: 'modified' }], { semantics: 'source', tests })
        .tests,
    ).toEqual(['src/a.test.ts']);
    writeFileSync(join(root, 'src/d.ts'), 'export {};\n');
    expect(graph.updateFiles(['src/d.ts'])).toBe(false);
  });
});

describe('computeAffected on Python', () => {
  it('follows absolute and relative imports in a src layout, packages and conftest.py files', () => {
    const root = createFixture({
      'pyproject.toml': '[project]\nname = "shop"\n[tool.pytest.ini_options]\npythonpath = ["src"]\n',
      'src/shop/__init__.py': '',
      'src/shop/models/__init__.py': 'from .user import User\n',
      'src/shop/models/user.py': 'from ..db import connect\n',
      'src/shop/db.py': 'import sqlite3\n',
      'src/shop/report.py': 'import importlib\nfmt = importlib.import_module("shop.formats.csv")\n',
      'src/shop/formats/__init__.py': '',
      'src/shop/formats/csv.py': '',
      'tests/conftest.py': 'import pytest\n',
      'tests/models/test_user.py': 'from shop.models import User\n',
      'tests/test_report.py': 'from shop import report\n',
      'tests/test_plain.py': 'import json\n',
    });
    const db = affected(root, [{ path: 'src/shop/db.py', status: 'modified' }]);
    expect(db.tests).toEqual(['tests/models/test_user.py']);
    expect(db.reasons['tests/models/test_user.py']).toMatchObject({
      chain: [
        'tests/models/test_user.py',
        'src/shop/models/__init__.py',
        'src/shop/models/user.py',
        'src/shop/db.py',
      ],
    });
    expect(affected(root, [{ path: 'src/shop/formats/csv.py', status: 'modified' }]).tests).toEqual([
      'tests/test_report.py',
    ]);
    expect(affected(root, [{ path: 'tests/conftest.py', status: 'modified' }]).tests).toEqual([
      'tests/models/test_user.py',
      'tests/test_plain.py',
      'tests/test_report.py',
    ]);
  });
});
