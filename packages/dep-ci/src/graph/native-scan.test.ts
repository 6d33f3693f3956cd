// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are JavaScript sources for the scanners.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { CODE_EXTENSIONS } from '../parse/scan-file.js';
import { createResolver } from '../resolve/create-resolver.js';
import { contentHash } from '../util/content-hash.js';
import { nativeScanner } from './native-scan.js';
import { PackedScan } from './packed-scan.js';
import { readAndScan, readAndScanInJavaScript, type ScannedFile } from './read-and-scan.js';

const packageRoot = fileURLToPath(new URL('../..', import.meta.url));
const repoRoot = join(packageRoot, '..', '..');
const scanner = nativeScanner();
const temporaryRoots: string[] = [];
afterAll(() => {
  for (const root of temporaryRoots) rmSync(root, { recursive: true, force: true });
});

function temporaryRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'dep-ci-native-'));
  temporaryRoots.push(root);
  return root;
}

function writeFiles(root: string, files: Record<string, string | Buffer>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

function listCodeFiles(root: string, under: string): string[] {
  const found: string[] = [];
  const walk = (directory: string): void => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'dist') walk(path);
      } else if (CODE_EXTENSIONS.test(entry.name)) {
        found.push(relative(root, path));
      }
    }
  };
  walk(join(root, under));
  return found.sort();
}

/** A scan as plain data: the native path hands out PackedScans, the JavaScript path plain objects. */
function plain(results: readonly ScannedFile[]): unknown[] {
  return results.map(([file, size, mtimeMs, hash, scan]) => [
    file,
    size,
    mtimeMs,
    hash,
    scan === undefined
      ? undefined
      : {
          imports: scan.imports,
          unresolved: [...scan.unresolved],
          problems: [...scan.problems],
          valueUsed: scan.valueUsed,
        },
  ]);
}

/** The native results for `files` under `root`, checked file by file against the JavaScript path. */
function expectSameAsJavaScript(
  root: string,
  files: readonly string[],
  knownHashes: ReadonlyMap<string, string> = new Map(),
): ScannedFile[] {
  const native = scanner?.readAndScan(root, files, knownHashes);
  const javascript = plain(readAndScanInJavaScript(root, files, knownHashes));
  expect(native).toBeDefined();
  const results = native as ScannedFile[];
  const nativePlain = plain(results);
  expect(results.map(([file]) => file)).toEqual(javascript.map((result) => (result as [string])[0]));
  for (let index = 0; index < results.length; index++) {
    // Deep-compared one by one: a 10k-file diff would bury the file that differs.
    if (!isDeepStrictEqual(nativePlain[index], javascript[index]))
      expect(nativePlain[index]).toStrictEqual(javascript[index]);
  }
  return results;
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/** Token soup over everything the scanner decides on, with non-ASCII and astral characters. */
const FUZZ_TOKENS = [
  'import',
  'export',
  'require',
  'createRequire',
  'const r = createRequire(import.meta.url);',
  'let\u00a0req$1 = module.createRequire(x);',
  'req$1',
  'type',
  'from',
  'as',
  'meta',
  'glob',
  'resolve',
  'return',
  'typeof',
  ' ',
  ' ',
  '\n',
  '\r\n',
  '\t',
  "'",
  '"',
  '`',
  '${',
  '}',
  '{',
  '(',
  ')',
  '[',
  ']',
  '/',
  '//',
  '///',
  '/*',
  '*/',
  '*',
  ',',
  '.',
  '...',
  '=',
  ';',
  '\\',
  "'./a.js'",
  '"./b"',
  '`./c/${x}.js`',
  '`${y}`',
  "'x\\u0041'",
  'é',
  '😀',
  '\u00a0',
  '\u2028',
  '\ufeff',
  'x',
  'value1',
  '<reference path="./r.d.ts" />',
  '/[/]+/g',
  '1 / 2',
  "import('./d.js')",
  "require('./e.cjs')",
  "import { a, type B as C } from './f.js';",
  "import type T from './g.js';",
  "export * as ns from './h.js';",
  'import(name)',
];

function fuzzSource(random: () => number, tokens: number): string {
  let source = '';
  for (let index = 0; index < tokens; index++)
    source += FUZZ_TOKENS[Math.floor(random() * FUZZ_TOKENS.length)] as string;
  return source;
}

describe('readAndScan', () => {
  it('gives the JavaScript path its results, whichever path it takes', () => {
    const root = temporaryRoot();
    writeFiles(root, {
      'a.ts': "import { b } from './b.js';\nexport const a = b;\n",
      'b.ts': 'export const b = 1;\n',
    });
    expect(plain(readAndScan(root, ['a.ts', 'b.ts', 'gone.ts']))).toStrictEqual(
      plain(readAndScanInJavaScript(root, ['a.ts', 'b.ts', 'gone.ts'])),
    );
  });

  it('follows DEP_CI_NATIVE=0 in a fresh process (the built library)', () => {
    const built = join(packageRoot, 'dist', 'graph', 'native-scan.js');
    const probe = `const { nativeScanner } = await import(${JSON.stringify(built)}); console.log(nativeScanner() === undefined ? 'javascript' : 'native');`;
    const run = (environment: NodeJS.ProcessEnv): string =>
      spawnSync(process.execPath, ['--input-type=module', '-e', probe], {
        encoding: 'utf8',
        env: environment,
      }).stdout.trim();
    expect(run({ ...process.env, DEP_CI_NATIVE: '0' })).toBe('javascript');
    const addonBuilt = existsSync(join(packageRoot, 'dist', 'native', 'dep-ci-scan.node'));
    const { DEP_CI_NATIVE: _ignored, ...environment } = process.env;
    expect(run(environment)).toBe(addonBuilt ? 'native' : 'javascript');
  });

  it('builds without a compiler by printing one line and leaving no addon', () => {
    const output = join(temporaryRoot(), 'scan.node');
    const result = spawnSync(
      process.execPath,
      [join(packageRoot, 'native', 'build.mjs'), '--output', output, '--force'],
      {
        encoding: 'utf8',
        env: { ...process.env, CXX: join(temporaryRoot(), 'no-such-compiler') },
      },
    );
    expect(result.status).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    expect(result.stdout).toMatch(/dep-ci native scanner: skipped .*scans in JavaScript/);
    expect(existsSync(output)).toBe(false);
  });
});

describe.skipIf(scanner === undefined)(
  'native scanner, compared with the JavaScript path (skipped: addon not built or DEP_CI_NATIVE=0; build it with `npm run bundle -w dep-ci`)',
  () => {
    it('scans the sources of this repo the same', () => {
      const files = readdirSync(join(repoRoot, 'packages')).flatMap((name) =>
        existsSync(join(repoRoot, 'packages', name, 'src'))
          ? listCodeFiles(repoRoot, `packages/${name}/src`)
          : [],
      );
      expect(files.length).toBeGreaterThan(100);
      expect(expectSameAsJavaScript(repoRoot, files)).toHaveLength(files.length);
    });

    it('scans a generated corpus the same (bench/dep-ci/generate.mjs)', () => {
      const root = temporaryRoot();
      const generated = spawnSync(
        process.execPath,
        [join(repoRoot, 'bench', 'dep-ci', 'generate.mjs'), root, '400', '--seed', '7'],
        { encoding: 'utf8' },
      );
      expect(generated.status, generated.stderr).toBe(0);
      const files = listCodeFiles(root, '.');
      expect(files.length).toBeGreaterThan(300);
      const results = expectSameAsJavaScript(root, files);
      expect(results.some(([, , , , scan]) => (scan?.imports.length ?? 0) > 0)).toBe(true);
      // Known hashes: unchanged files come back without a scan on both paths.
      const known = new Map(results.map(([file, , , hash]) => [file, hash]));
      expect(expectSameAsJavaScript(root, files, known).every(([, , , , scan]) => scan === undefined)).toBe(
        true,
      );
      // In batches (what a cold build takes, resolving one batch while the threads read the next).
      const batches: ScannedFile[][] = [];
      expect(scanner?.readAndScanInBatches(root, files, new Map(), (batch) => batches.push(batch))).toBe(
        files.length,
      );
      expect(batches.length).toBeGreaterThan(1);
      expect(plain(batches.flat())).toStrictEqual(plain(results));

      // The whole graph (the built library) with the native scanner and with DEP_CI_NATIVE=0.
      const graphOf = (environment: NodeJS.ProcessEnv): unknown => {
        const script = `const { buildGraph } = await import(${JSON.stringify(join(packageRoot, 'dist', 'index.js'))}); const graph = buildGraph({ root: ${JSON.stringify(root)}, cache: false, useGit: false }); console.log(JSON.stringify({ imports: [...graph.imports], unresolved: graph.unresolved, conservative: [...graph.conservative], parsed: graph.stats.parsed }));`;
        const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
          encoding: 'utf8',
          env: environment,
          maxBuffer: 1 << 28,
        });
        expect(child.status, child.stderr).toBe(0);
        return JSON.parse(child.stdout);
      };
      const { DEP_CI_NATIVE: _ignored, ...environment } = process.env;
      const nativeGraph = graphOf(environment) as { parsed: number };
      expect(nativeGraph.parsed).toBeGreaterThan(300);
      expect(nativeGraph).toStrictEqual(graphOf({ ...environment, DEP_CI_NATIVE: '0' }));
    });

    it('scans tricky sources the same', () => {
      const root = temporaryRoot();
      const nested = `${'`${'.repeat(300)}x${'}`'.repeat(300)}`;
      const astral = '😀'.repeat(60);
      const tricky: Record<string, string | Buffer> = {
        'regex-vs-division.ts': [
          "const a = b / c; import('./after-division.js');",
          "const r = /import('.\\/not.js')/g; import('./after-regex.js');",
          "return /[/]'/.test(x) ? require('./after-class.js') : 0;",
          "x = y / 2 / z; const s = '/'; require('./after-string.js');",
          "if (a) /re/.test(b); typeof /x/; import './after-typeof.js';",
          "foo(/* c */ / 2 /, require('./after-comment-regex.js'));",
        ].join('\n'),
        'templates.ts': [
          "const t = `a ${`b ${c} import('./no.js')`} d`; import('./yes.js');",
          'import(`./locales/${lang}/${`x${y}`}.js`);',
          'import(`${name}`);',
          "const u = `${ { a: '}' }.a }`; require('./after-object.js');",
          'import(`./a\\`b/${x}.js`); import(`./é/${x}😀.js`); import(`\\é/${x}`);',
        ].join('\n'),
        'deep-template.ts': `import(${nested});\nimport('./after-deep.js');\n`,
        'comments.ts': [
          "// import './line-comment.js'",
          "/* import './block-comment.js' */",
          "/** require('./jsdoc.js') */ import './real.js';",
          '/// <reference path="./types.d.ts" />',
          "///\u00a0<reference\u2028path = './unicode-space.d.ts' />",
          "/// <reference types='node' />",
        ].join('\n'),
        // Escapes outside specifiers (scanned natively) and inside them (decoded by JavaScript).
        'escapes.ts': [
          "const s = 'it\\'s import(\"./no.js\")'; require('./after-escaped-quote.js');",
          'const d = "a \\" b \\\\"; import "./after-double.js";',
        ].join('\n'),
        'escaped-specifier.ts': "import a from './a\\u0041.js';\n",
        'escaped-binding.ts': "import { 'x\\x41' as y } from './named-escape.js';\n",
        'bad-escape.ts': "import a from './\\u{FFFFFFF}.js';\n",
        'unterminated.ts': "const s = 'never closed\nimport './next-line.js';\nconst t = `open ${x\n",
        'unterminated-comment.ts': "import './before.js';\n/* never closed import './inside.js'",
        'braces.ts': "function f() { { import('./deep.js'); }\n",
        'extra-brace.ts': "}} import './after-extra.js';\n",
        'crlf.ts':
          "import a from './a.js';\r\nimport { b,\r\n  c } from './bc.js';\r\nconst x = require(\r\n  name);\r\n",
        'bom.ts': "\ufeffimport a from './bom.js';\nexport { a };\n",
        'non-utf8.ts': Buffer.concat([
          Buffer.from("import a from './before.js';\nconst s = '"),
          Buffer.from([0xff, 0xfe, 0xc3]),
          Buffer.from("';\nimport('./after.js');\n"),
        ]),
        'lone-surrogate.ts': Buffer.concat([
          Buffer.from("import a from './a.js'; const s = '"),
          Buffer.from([0xed, 0xa0, 0x80]),
          Buffer.from("';\n"),
        ]),
        'empty.ts': '',
        'create-require.js': [
          "import { createRequire } from 'node:module';",
          'const load = createRequire(import.meta.url);',
          'var\tloadToo = module . createRequire (import.meta.url);',
          "const loaded = load('./by-binding.cjs'); loadToo.resolve('./resolved.cjs');",
          "createRequire(import.meta.url)('./immediate.cjs');",
          "const require = createRequire(import.meta.url); require('./plain.cjs');",
          "loader('./not-bound.cjs'); loadX('./prefix.cjs');",
        ].join('\n'),
        'unresolved.ts': [
          'import(  name  );',
          `require(\u00a0${'x'.repeat(100)}\u00a0);`,
          `import(${'é'.repeat(120)});`,
          `import(${'a'.repeat(198)}${astral});`,
          `import(${'a'.repeat(78)}${astral});`,
          'import.meta.glob(patterns);',
          "import.meta.glob(['./a/*.ts', '!./a/skip.ts', './b/*.ts']);",
          "import.meta.globEager('./c/*.ts');",
          'require();',
        ].join('\n'),
        'value-usage.ts': [
          "import { used, unused } from './used.js';",
          "import Default, * as ns from './default.js';",
          "import type { T } from './types.js';",
          "import { type U, type V } from './all-types.js';",
          "import { type W, X } from './mixed.js';",
          "import './side.js';",
          "import { é } from './unicode.js';",
          "import { $x } from './dollar.js';",
          "import type from './type-default.js';",
          "import type from from './type-from.js';",
          "import fs = require('node:fs');",
          "export type { Y } from './export-type.js';",
          "export { type Z } from './export-inline-type.js';",
          'console.log(used, é, $x, ns, fs);',
        ].join('\n'),
        // An astral character cut in two by the 80- or 200-unit limits (JavaScript's to produce).
        'astral-at-80.ts': `import(${'a'.repeat(79)}${astral});\n`,
        'astral-at-200.ts': `import(${'a'.repeat(199)}${astral});\n`,
        'nul.ts': "import a from './a\0b.js';\nimport('./c\0d.js');\n",
        'plain.js': "import { unused } from './js-import.js';\n",
        'types.d.ts': "import type { A } from './a.js';\nexport declare const a: A;\n",
        'module.mts': "import { x } from './x.mjs'; x();\n",
        'common.cjs': "const x = require('./x.cjs');\n",
        'component.tsx': "import React from 'react';\nexport const C = () => <div>{`${React}`}</div>;\n",
        'app.vue':
          "<template><div/></template>\n<script lang=\"ts\">\nimport { ref } from 'vue';\nimport Child from './child.vue';\nref(1);\n</script>\n",
        'widget.svelte': "<script>\nimport Other from './other.svelte';\n</script>\n<Other/>\n",
        'tool.py': 'import os\nfrom .sibling import thing\nfrom ..parent import (a,\n  b)\n',
        'large.ts': `${"import a from './a.js';\n"}${"const x = 'import(\"./no.js\")'; // require('./no.js')\n".repeat(100_000)}import('./end.js');\n`,
        'dir/inner.ts': "import '../a.js';\n",
      };
      writeFiles(root, tricky);
      mkdirSync(join(root, 'a-directory.ts'));
      const files = [
        ...Object.keys(tricky),
        'a-directory.ts',
        'deleted-after-listing.ts',
        './dir/inner.ts',
        'dir/../regex-vs-division.ts',
        'dir//inner.ts',
      ];
      const results = expectSameAsJavaScript(root, files);
      const byFile = new Map(results.map((result) => [result[0], result]));
      expect((byFile.get('large.ts')?.[1] ?? 0) > 5_000_000).toBe(true);
      expect(byFile.has('a-directory.ts')).toBe(false);
      expect(byFile.has('deleted-after-listing.ts')).toBe(false);
      expect(plain([byFile.get('empty.ts') as ScannedFile])[0]).toStrictEqual([
        'empty.ts',
        0,
        byFile.get('empty.ts')?.[2],
        byFile.get('empty.ts')?.[3],
        { imports: [], unresolved: [], problems: [], valueUsed: [] },
      ]);
      expect(byFile.get('regex-vs-division.ts')?.[4]?.imports.map((record) => record.specifier)).toContain(
        './after-regex.js',
      );
      // A relative root (from the working directory), with paths `join` rewrites and one it does not.
      const relativeRoot = relative(process.cwd(), root);
      const some = ['dir/../regex-vs-division.ts', './dir/inner.ts', 'empty.ts', '/dir/inner.ts', ''];
      expect(expectSameAsJavaScript(relativeRoot, some)).toHaveLength(4);
    });

    it('scans random token soup the same', () => {
      const root = temporaryRoot();
      const random = mulberry32(2026);
      const files: Record<string, string> = {};
      const extensions = ['ts', 'js', 'tsx', 'mts'];
      for (let index = 0; index < 400; index++)
        files[`fuzz/f${index}.${extensions[index % extensions.length]}`] = fuzzSource(
          random,
          20 + (index % 300),
        );
      writeFiles(root, files);
      expectSameAsJavaScript(root, Object.keys(files));
    });

    it('scans random Python soup the same', () => {
      const root = temporaryRoot();
      const random = mulberry32(1991);
      const tokens = [
        'import',
        'from',
        ' import ',
        'from . import ',
        'from ..pkg.mod import (',
        ' as ',
        ' ',
        '  ',
        '\t',
        '\n',
        '\n    ',
        ';',
        '(',
        ')',
        ',',
        '.',
        '..',
        'a',
        'b.c',
        'x_1',
        'as',
        '#',
        '"',
        "'",
        '"""',
        "'''",
        'r',
        'rb',
        'f',
        'bu',
        '\\',
        '\\\n',
        'if TYPE_CHECKING:',
        'if  typing.TYPE_CHECKING :',
        'importlib.import_module(',
        '__import__ (',
        "'pkg.mod')",
        '"x", y)',
        'name)',
        '\v',
        '\f',
        'importx',
      ];
      const files: Record<string, string> = {};
      for (let index = 0; index < 400; index++) {
        let source = '';
        for (let token = 0; token < 20 + (index % 200); token++)
          source += tokens[Math.floor(random() * tokens.length)] as string;
        files[`py/m${index}.py`] = source;
      }
      // Fixed cases the soup may miss: an empty module before `import`, blank-ish lines in a block.
      files['py/fixed.py'] = [
        'from  import  x',
        'from \t import y, z as w',
        'if TYPE_CHECKING:',
        '    import a',
        '\f',
        '\v  ',
        '    import c',
        'import b',
      ].join('\n');
      // And what goes back to JavaScript: non-ASCII, carriage returns.
      files['py/unicode.py'] = 'import é\nfrom a import b  # ü\n';
      files['py/crlf.py'] = 'import a\r\nfrom b import c\r\n';
      writeFiles(root, files);
      expectSameAsJavaScript(root, Object.keys(files));
      const scans = scanner?.readAndScan(root, Object.keys(files), new Map()) ?? [];
      // Scanned natively, most of them (a PackedScan), with imports found.
      expect(scans.filter(([, , , , scan]) => scan instanceof PackedScan).length).toBeGreaterThan(390);
      expect(scans.filter(([, , , , scan]) => (scan?.imports.length ?? 0) > 0).length).toBeGreaterThan(120);
    });

    it('resolves relative specifiers as the resolver does, and leaves the rest to it', () => {
      const root = temporaryRoot();
      const random = mulberry32(99);
      const directories = ['', 'a', 'a/b', 'a/b/c', 'pkg', 'pkg/src', 'd.ts', 'x'];
      const stems = ['index', 'util', 'mod', 'x', 'a', 'b', 'types', 'main'];
      const extensions = [
        '.ts',
        '.tsx',
        '.d.ts',
        '.mts',
        '.cts',
        '.js',
        '.jsx',
        '.mjs',
        '.cjs',
        '.json',
        '.vue',
        '.d.mts',
        '.ctsx',
        '',
      ];
      const repoFiles = new Set<string>(['pkg/package.json', 'pkg/src/index.ts', 'package.json']);
      for (let index = 0; index < 160; index++) {
        const directory = directories[Math.floor(random() * directories.length)] as string;
        const name = `${stems[Math.floor(random() * stems.length)]}${extensions[Math.floor(random() * extensions.length)]}`;
        repoFiles.add(directory === '' ? name : `${directory}/${name}`);
      }
      const segments = ['.', '..', '', 'a', 'b', 'c', 'pkg', 'src', 'd.ts', 'x', 'nowhere'];
      const leaves = [
        ...stems,
        ...stems.map((stem) => `${stem}.js`),
        'index.jsx',
        'x.d.ts',
        'util.mjs',
        'mod.cjs',
        'a.ctsx',
        '',
      ];
      const specifier = (): string => {
        const parts = [random() < 0.5 ? '.' : '..'];
        const depth = Math.floor(random() * 4);
        for (let part = 0; part < depth; part++)
          parts.push(segments[Math.floor(random() * segments.length)] as string);
        parts.push(leaves[Math.floor(random() * leaves.length)] as string);
        const joined = parts.join('/');
        const roll = random();
        return roll < 0.05
          ? '.'
          : roll < 0.1
            ? '..'
            : roll < 0.15
              ? `${joined}?raw`
              : roll < 0.2
                ? `${joined}/`
                : joined;
      };
      const contents: Record<string, string> = {};
      for (const file of repoFiles) {
        const lines = file.endsWith('.json')
          ? []
          : Array.from({ length: 12 }, () => `import '${specifier()}';`);
        contents[file] = file.endsWith('.json')
          ? '{}'
          : `${lines.join('\n')}\nimport('./\${lang}.js');\nimport 'bare-package';\n`;
      }
      // Fixed cases: a directory with a package.json (its entry, not its index), the root itself.
      for (const [file, content] of Object.entries({
        'pkg/package.json': '{ "main": "./src/index.ts" }',
        'pkg/index.ts': 'export {};',
        'fixed.ts': [
          './pkg',
          './pkg/',
          '.',
          './',
          '..',
          './a/../a/b',
          './a//b/',
          './x?raw',
          './pkg/src/index.js',
        ]
          .map((path) => `import '${path}';`)
          .join('\n'),
      })) {
        repoFiles.add(file);
        contents[file] = content;
      }
      writeFiles(root, contents);
      const all = [...repoFiles].sort();
      const code = all.filter((file) => CODE_EXTENSIONS.test(file));
      const scanned: ScannedFile[] = [];
      expect(
        scanner?.readAndScanInBatches(root, code, new Map(), (batch) => scanned.push(...batch), all),
      ).toBe(code.length);
      const resolver = createResolver(root, new Set(all));
      let native = 0;
      let left = 0;
      for (const [file, , , , scan] of scanned) {
        if (!(scan instanceof PackedScan)) continue; // .vue: scanned in JavaScript, resolved there
        const packed = scan;
        packed.imports.forEach((record, index) => {
          const target = packed.targetAt(index);
          if (target < 0) {
            left++;
            return;
          }
          native++;
          expect({
            file,
            specifier: record.specifier,
            resolution: resolver.resolve(file, record),
          }).toStrictEqual({
            file,
            specifier: record.specifier,
            resolution: { kind: 'file', path: all[target] },
          });
        });
      }
      // Both kinds occur: resolved here, and left to the resolver (bare, patterns, missing, manifests).
      expect(native).toBeGreaterThan(300);
      expect(left).toBeGreaterThan(300);
    });

    it('hashes as util/content-hash.ts does', () => {
      const random = mulberry32(7);
      for (const length of [0, 1, 3, 4, 15, 16, 17, 31, 32, 33, 63, 64, 65, 1000, 1 << 20]) {
        for (const offset of [0, 1, 3]) {
          // Unaligned views too: the JavaScript side reads words through a DataView.
          const data = Buffer.alloc(length + offset).subarray(offset);
          for (let index = 0; index < length; index++) data[index] = Math.floor(random() * 256);
          expect(scanner?.contentHash(data), `${length} bytes at ${offset}`).toBe(contentHash(data));
        }
      }
    });

    it('stats files as statSync does', () => {
      const root = temporaryRoot();
      writeFiles(root, { 'a.ts': 'export {};\n', 'dir/b.ts': 'x'.repeat(5000), 'dir/c.py': '' });
      mkdirSync(join(root, 'a-directory'));
      symlinkSync('a.ts', join(root, 'link.ts'));
      symlinkSync('missing.ts', join(root, 'dangling.ts'));
      const files = [
        'a.ts',
        'dir/b.ts',
        'dir/c.py',
        './dir/b.ts',
        'dir/../a.ts',
        'a-directory',
        'link.ts',
        'dangling.ts',
        'gone.ts',
        'nul\0.ts',
      ];
      const expected = files.flatMap((file) => {
        try {
          const stat = statSync(join(root, file));
          return stat.isFile() ? [stat.size, stat.mtimeMs] : [-1, -1];
        } catch {
          return [-1, -1];
        }
      });
      expect([...(scanner?.statFiles(root, files) ?? [])]).toStrictEqual(expected);
      // Enough files for the threads to split them.
      const many = Array.from({ length: 300 }, (_, index) =>
        index % 3 === 0 ? 'gone.ts' : index % 3 === 1 ? 'a.ts' : 'dir/b.ts',
      );
      const stats = scanner?.statFiles(root, many) ?? new Float64Array();
      expect(stats.length).toBe(600);
      for (let index = 0; index < many.length; index++)
        expect(stats[index * 2]).toBe(index % 3 === 0 ? -1 : index % 3 === 1 ? 11 : 5000);
    });

    it('reads a file that changes between listing and reading as it is then', () => {
      const root = temporaryRoot();
      writeFiles(root, { 'a.ts': "import './first.js';\n" });
      const before = expectSameAsJavaScript(root, ['a.ts']);
      writeFiles(root, { 'a.ts': "import './second.js';\nimport './third.js';\n" });
      const after = expectSameAsJavaScript(root, ['a.ts']);
      expect(after[0]?.[3]).not.toBe(before[0]?.[3]);
      rmSync(join(root, 'a.ts'));
      expect(expectSameAsJavaScript(root, ['a.ts'])).toEqual([]);
    });
  },
);
