import { describe, expect, it } from 'vitest';
import { scanFile } from './scan-file.js';
import { scanImports } from './scan-imports.js';

const specifiers = (source: string): string[] =>
  scanImports(source).imports.map((record) => record.specifier);

describe('scanImports', () => {
  it('finds static imports, re-exports, dynamic imports and require', () => {
    const result = scanImports(`
      import a from './a.js';
      import { b, c as d } from "./b";
      import * as ns from './ns.js';
      import './side-effect.css';
      export * from './star.js';
      export * as grouped from './grouped.js';
      export { e } from './e.js';
      const lazy = () => import('./lazy.js');
      const legacy = require('./legacy.cjs');
      import fs = require('node:fs');
    `);
    expect(result.imports.map((record) => [record.kind, record.specifier])).toEqual([
      ['import', './a.js'],
      ['import', './b'],
      ['import', './ns.js'],
      ['import', './side-effect.css'],
      ['export', './star.js'],
      ['export', './grouped.js'],
      ['export', './e.js'],
      ['dynamic', './lazy.js'],
      ['require', './legacy.cjs'],
      ['require', 'node:fs'],
    ]);
    expect(result.problems).toEqual([]);
  });

  it('flags type-only imports and exports, including all-inline `type` specifiers', () => {
    const result = scanImports(`
      import type { A } from './a.js';
      import { type B, type C } from './bc.js';
      import { type D, E } from './de.js';
      export type { F } from './f.js';
      export type * from './g.js';
      import type from './default-named-type.js';
    `);
    expect(result.imports.map((record) => [record.specifier, record.typeOnly])).toEqual([
      ['./a.js', true],
      ['./bc.js', true],
      ['./de.js', false],
      ['./f.js', true],
      ['./g.js', true],
      ['./default-named-type.js', false],
    ]);
    expect(result.imports[2]?.bindings).toEqual(['E']);
  });

  it('ignores import-like text in comments, strings, templates and regular expressions', () => {
    const source = [
      "// import a from './comment.js'",
      "/* export * from './block.js' */",
      `const text = "import b from './string.js'";`,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source text under test
      "const template = `import('./template.js') ${`nested ${1}`}`;",
      "const pattern = /import\\s+'(x)'/g; const ratio = 4 / 2 / 1;",
      "if (ok) { const value = a.import; obj.require('./method.js'); }",
      "import real from './real.js';",
    ].join('\n');
    expect(specifiers(source)).toEqual(['./real.js']);
  });

  it('is not fooled by a dot that ends a comment', () => {
    expect(specifiers("// Types for the build (see docs).\nimport { A } from './lexer.js';")).toEqual([
      './lexer.js',
    ]);
  });

  it('turns template-literal specifiers into globs and reports computed ones as unresolved', () => {
    const result = scanImports(`
      const messages = await import(\`./locales/\${lang}.js\`);
      const page = import(\`./pages/\${section}/\${name}.ts\`);
      const anything = import(name);
      const unknown = require('./plugins/' + plugin);
    `);
    expect(result.imports.map((record) => [record.specifier, record.pattern])).toEqual([
      ['./locales/*.js', true],
      ['./pages/*/*.ts', true],
    ]);
    expect(result.unresolved.map((entry) => [entry.expression, entry.line])).toEqual([
      ['name', 4],
      ["'./plugins/' + plugin", 5],
    ]);
  });

  it('follows createRequire bindings and immediate calls', () => {
    const result = scanImports(`
      import { createRequire } from 'node:module';
      const load = createRequire(import.meta.url);
      const config = load('./config.cjs');
      const direct = createRequire(import.meta.url)('./direct.cjs');
    `);
    expect(result.imports.map((record) => [record.kind, record.specifier])).toEqual([
      ['import', 'node:module'],
      ['require', './config.cjs'],
      ['require', './direct.cjs'],
    ]);
  });

  it('reads import.meta.glob patterns and triple-slash references', () => {
    const result = scanImports(`/// <reference path="./globals.d.ts" />
      const modules = import.meta.glob(['./routes/*.ts', '!./routes/skip.ts']);
      const one = import.meta.glob('./widgets/**/*.tsx', { eager: true });
    `);
    expect(result.imports.map((record) => [record.kind, record.specifier, record.pattern])).toEqual([
      ['reference', './globals.d.ts', false],
      ['glob', './routes/*.ts', true],
      ['glob', './widgets/**/*.tsx', true],
    ]);
  });

  it('reports syntax problems without throwing and keeps what it read', () => {
    const result = scanImports("import a from './a.js';\nconst broken = 'unterminated;\nfunction f() {\n");
    expect(result.imports.map((record) => record.specifier)).toEqual(['./a.js']);
    expect(result.problems.map((problem) => problem.message)).toEqual([
      'unterminated string literal',
      "unbalanced braces (missing '}')",
    ]);
  });

  it('handles JSX and nested template expressions with braces', () => {
    const source = [
      "import React from 'react';",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source text under test
      'export const App = () => <div className={`a ${b ? `c` : "d"}`}>{items.map((x) => <span key={x}>{x}</span>)}</div>;',
      "import { after } from './after.js';",
    ].join('\n');
    expect(specifiers(source)).toEqual(['react', './after.js']);
  });
  it('reads non-ASCII text and follows a createRequire binding with `$` in its name', () => {
    const source = [
      "const café = 'déjà vu /* not a comment */'; // naïve 'quote",
      'const require$1 = createRequire(import.meta.url);',
      "const data = require$1('./données.json');",
      "import { ünïcode } from './ünïcode.js';",
      'export const ratio = ünïcode / 2; /* ✓ */',
    ].join('\n');
    const result = scanImports(source);
    expect(result.imports.map((record) => [record.kind, record.specifier])).toEqual([
      ['require', './données.json'],
      ['import', './ünïcode.js'],
    ]);
    expect(result.imports[1]?.bindings).toEqual(['ünïcode']);
    expect(result.problems).toEqual([]);
  });

  it('reads a file that starts with a byte order mark from its first keyword (TS, JS and Python)', () => {
    const ts = scanFile('src/a.ts', Buffer.from("\ufeffimport a from './a.js';\nexport { a };\n", 'utf8'));
    expect(ts.imports.map((record) => record.specifier)).toEqual(['./a.js']);
    expect(scanFile('src/b.mjs', "\ufeffexport * from './b.mjs';\n").imports[0]?.specifier).toBe('./b.mjs');
    const python = 'import os.path\nfrom . import c\n';
    expect(scanFile('pkg/c.py', `\ufeff${python}`)).toEqual(scanFile('pkg/c.py', python));
    expect(scanFile('pkg/c.py', python).imports[0]?.specifier).toBe('os.path');
  });
});
