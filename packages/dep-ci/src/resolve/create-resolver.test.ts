import { describe, expect, it } from 'vitest';
import { createFixture } from '../../test/fixture.js';
import { listRepoFiles } from '../graph/list-repo-files.js';
import type { ImportRecord } from '../parse/scan-imports.js';
import { createResolver, matchSubpathMap } from './create-resolver.js';

function resolverFor(files: Record<string, string>) {
  const root = createFixture(files);
  const resolver = createResolver(root, new Set(listRepoFiles(root, { useGit: false })));
  return (from: string, specifier: string, extra: Partial<ImportRecord> = {}) =>
    resolver.resolve(from, { specifier, kind: 'import', typeOnly: false, pattern: false, ...extra });
}

const json = (value: unknown): string => JSON.stringify(value);

describe('createResolver', () => {
  it('maps .js/.mjs/.cjs/.jsx specifiers to their TypeScript sources and finds index files', () => {
    const resolve = resolverFor({
      'src/a.ts': '',
      'src/b.mts': '',
      'src/c.cts': '',
      'src/d.tsx': '',
      'src/plain.js': '',
      'src/dir/index.ts': '',
      'src/types.d.ts': '',
      'src/data.json': '{}',
    });
    expect(resolve('src/main.ts', './a.js')).toEqual({ kind: 'file', path: 'src/a.ts' });
    expect(resolve('src/main.ts', './b.mjs')).toEqual({ kind: 'file', path: 'src/b.mts' });
    expect(resolve('src/main.ts', './c.cjs')).toEqual({ kind: 'file', path: 'src/c.cts' });
    expect(resolve('src/main.ts', './d.jsx')).toEqual({ kind: 'file', path: 'src/d.tsx' });
    expect(resolve('src/main.ts', './d.js')).toEqual({ kind: 'file', path: 'src/d.tsx' });
    expect(resolve('src/main.ts', './plain.js')).toEqual({ kind: 'file', path: 'src/plain.js' });
    expect(resolve('src/main.ts', './a')).toEqual({ kind: 'file', path: 'src/a.ts' });
    expect(resolve('src/main.ts', './dir')).toEqual({ kind: 'file', path: 'src/dir/index.ts' });
    expect(resolve('src/main.ts', './dir/index.js')).toEqual({ kind: 'file', path: 'src/dir/index.ts' });
    expect(resolve('src/main.ts', './types.js')).toEqual({ kind: 'file', path: 'src/types.d.ts' });
    expect(resolve('src/main.ts', './data.json')).toEqual({ kind: 'file', path: 'src/data.json' });
    expect(resolve('src/main.ts', './gone.js')).toEqual({ kind: 'missing', target: 'src/gone' });
  });

  it('reads tsconfig paths and baseUrl through extends (relative and from node_modules)', () => {
    const resolve = resolverFor({
      'tsconfig.base.json': json({
        compilerOptions: {
          baseUrl: '.',
          paths: { '@lib/*': ['libs/*/src/index.ts', 'libs/*'], '~config': ['config/main.ts'] },
        },
      }),
      'app/tsconfig.json': `// comments and trailing commas are fine\n{ "extends": "../tsconfig.base.json", "compilerOptions": { "strict": true, }, }`,
      'libs/math/src/index.ts': '',
      'libs/text/index.ts': '',
      'config/main.ts': '',
      'shared/util.ts': '',
      'app/src/main.ts': '',
      'node_modules/@acme/tsconfig/base.json': json({
        compilerOptions: { paths: { '#app/*': ['./src/*'] } },
      }),
      'web/tsconfig.json': json({ extends: '@acme/tsconfig/base.json' }),
      'web/src/page.ts': '',
    });
    expect(resolve('app/src/main.ts', '@lib/math')).toEqual({ kind: 'file', path: 'libs/math/src/index.ts' });
    expect(resolve('app/src/main.ts', '@lib/text')).toEqual({ kind: 'file', path: 'libs/text/index.ts' });
    expect(resolve('app/src/main.ts', '~config')).toEqual({ kind: 'file', path: 'config/main.ts' });
    // baseUrl makes bare specifiers relative to it.
    expect(resolve('app/src/main.ts', 'shared/util')).toEqual({ kind: 'file', path: 'shared/util.ts' });
    expect(resolve('app/src/main.ts', 'react')).toEqual({ kind: 'external', name: 'react' });
    expect(resolve('app/src/main.ts', 'node:fs')).toEqual({ kind: 'external', name: 'node:fs' });
    // The target of paths in a config outside the repo stays outside: not resolved into the repo.
    expect(resolve('web/src/page.ts', '#app/page').kind).not.toBe('file');
  });

  it('resolves paths relative to the config that defines them when there is no baseUrl', () => {
    const resolve = resolverFor({
      'packages/ui/tsconfig.json': json({ compilerOptions: { paths: { '@ui/*': ['./src/*'] } } }),
      'packages/ui/src/button.tsx': '',
      'packages/ui/src/app.tsx': '',
    });
    expect(resolve('packages/ui/src/app.tsx', '@ui/button.js')).toEqual({
      kind: 'file',
      path: 'packages/ui/src/button.tsx',
    });
  });

  it('resolves workspace packages to their sources through exports, dist -> src', () => {
    const resolve = resolverFor({
      'package.json': json({ private: true, workspaces: ['packages/*'] }),
      'packages/core/package.json': json({
        name: '@acme/core',
        exports: {
          '.': { types: './dist/index.d.ts', import: './dist/index.js' },
          './utils/*': { types: './dist/utils/*.d.ts', default: './dist/utils/*.js' },
          './package.json': './package.json',
        },
      }),
      'packages/core/tsconfig.json': json({ compilerOptions: { rootDir: 'source', outDir: 'dist' } }),
      'packages/core/source/index.ts': '',
      'packages/core/source/utils/strings.ts': '',
      'packages/legacy/package.json': json({ name: 'legacy', main: 'lib/main.js' }),
      'packages/legacy/src/main.ts': '',
      'packages/app/src/main.ts': '',
    });
    expect(resolve('packages/app/src/main.ts', '@acme/core')).toEqual({
      kind: 'file',
      path: 'packages/core/source/index.ts',
    });
    expect(resolve('packages/app/src/main.ts', '@acme/core/utils/strings')).toEqual({
      kind: 'file',
      path: 'packages/core/source/utils/strings.ts',
    });
    expect(resolve('packages/app/src/main.ts', '@acme/core/package.json')).toEqual({
      kind: 'file',
      path: 'packages/core/package.json',
    });
    expect(resolve('packages/app/src/main.ts', 'legacy')).toEqual({
      kind: 'file',
      path: 'packages/legacy/src/main.ts',
    });
    expect(resolve('packages/app/src/main.ts', '@acme/core/not-exported')).toEqual({
      kind: 'missing',
      target: undefined,
    });
  });

  it('resolves a package importing itself by name with tsconfig customConditions (zod-style)', () => {
    const resolve = resolverFor({
      'package.json': json({
        name: 'zod',
        exports: {
          '.': { '@zod/source': './src/index.ts', types: './index.d.cts', import: './index.js' },
          './v4': { '@zod/source': './src/v4/index.ts', types: './v4/index.d.cts', import: './v4/index.js' },
        },
        imports: { '#internal/*': { node: './src/internal/*.ts', default: './src/internal/browser/*.ts' } },
      }),
      'tsconfig.json': json({ compilerOptions: { customConditions: ['@zod/source'] } }),
      'src/index.ts': '',
      'src/v4/index.ts': '',
      'src/internal/clock.ts': '',
      'src/v4/tests/basic.test.ts': '',
    });
    expect(resolve('src/v4/tests/basic.test.ts', 'zod/v4')).toEqual({
      kind: 'file',
      path: 'src/v4/index.ts',
    });
    expect(resolve('src/v4/tests/basic.test.ts', 'zod')).toEqual({ kind: 'file', path: 'src/index.ts' });
    expect(resolve('src/v4/tests/basic.test.ts', '#internal/clock')).toEqual({
      kind: 'file',
      path: 'src/internal/clock.ts',
    });
  });

  it('gives each importer the entry its own conditions pick, configs with equal conditions alike', () => {
    const resolve = resolverFor({
      'packages/lib/package.json': json({
        name: '@x/lib',
        exports: { './*': { '@x/dev': './src/*.ts', types: './types/*.d.ts', default: './dist/*.js' } },
      }),
      'packages/lib/src/util.ts': '',
      'packages/lib/types/util.d.ts': '',
      // Two packages whose configs name the same conditions (in another order), one that names none.
      'packages/a/tsconfig.json': json({ compilerOptions: { customConditions: ['@x/dev', 'node'] } }),
      'packages/a/src/a.ts': '',
      'packages/b/tsconfig.json': json({ compilerOptions: { customConditions: ['node', '@x/dev'] } }),
      'packages/b/src/b.ts': '',
      'packages/c/tsconfig.json': json({ compilerOptions: {} }),
      'packages/c/src/c.ts': '',
    });
    const dev = { kind: 'file', path: 'packages/lib/src/util.ts' };
    const types = { kind: 'file', path: 'packages/lib/types/util.d.ts' };
    expect(resolve('packages/a/src/a.ts', '@x/lib/util')).toEqual(dev);
    expect(resolve('packages/c/src/c.ts', '@x/lib/util')).toEqual(types);
    expect(resolve('packages/b/src/b.ts', '@x/lib/util')).toEqual(dev);
    expect(resolve('packages/c/src/c.ts', '@x/lib/util', { kind: 'require' })).toEqual(types);
  });

  it('uses the referenced project that includes the file in a solution-style tsconfig', () => {
    const resolve = resolverFor({
      'tsconfig.json': json({
        files: [],
        references: [{ path: './tsconfig.app.json' }, { path: './tsconfig.node.json' }],
      }),
      'tsconfig.app.json': json({ include: ['src'], compilerOptions: { paths: { '@/*': ['./src/*'] } } }),
      'tsconfig.node.json': json({
        include: ['vite.config.ts'],
        compilerOptions: { paths: { '@/*': ['./tools/*'] } },
      }),
      'src/app.ts': '',
      'src/store.ts': '',
      'tools/store.ts': '',
      'vite.config.ts': '',
    });
    expect(resolve('src/app.ts', '@/store')).toEqual({ kind: 'file', path: 'src/store.ts' });
    expect(resolve('vite.config.ts', '@/store')).toEqual({ kind: 'file', path: 'tools/store.ts' });
  });

  it('expands template-literal and glob patterns over the files that exist', () => {
    const resolve = resolverFor({
      'src/locales/en.ts': '',
      'src/locales/fr.ts': '',
      'src/locales/readme.md': '',
      'src/routes/a.ts': '',
      'src/routes/nested/b.ts': '',
      'src/main.ts': '',
    });
    expect(resolve('src/main.ts', './locales/*.js', { kind: 'dynamic', pattern: true })).toEqual({
      kind: 'files',
      paths: ['src/locales/en.ts', 'src/locales/fr.ts'],
    });
    expect(resolve('src/main.ts', './routes/*.ts', { kind: 'glob', pattern: true })).toEqual({
      kind: 'files',
      paths: ['src/routes/a.ts'],
    });
    expect(resolve('src/main.ts', './routes/**/*.ts', { kind: 'glob', pattern: true })).toEqual({
      kind: 'files',
      paths: ['src/routes/a.ts', 'src/routes/nested/b.ts'],
    });
  });
});

describe('matchSubpathMap', () => {
  it('prefers exact keys, then the longest pattern, and picks conditions in object order', () => {
    const map = {
      '.': { require: './index.cjs', import: './index.mjs' },
      './features/*': './src/features/*.js',
      './features/special/*': './src/special/*.js',
      './private/*': null,
    };
    expect(matchSubpathMap(map, '.', new Set(['import', 'default']))).toEqual(['./index.mjs']);
    expect(matchSubpathMap(map, './features/a', new Set(['import']))).toEqual(['./src/features/a.js']);
    expect(matchSubpathMap(map, './features/special/b', new Set(['import']))).toEqual(['./src/special/b.js']);
    expect(matchSubpathMap(map, './private/x', new Set(['import']))).toEqual([]);
  });
});
