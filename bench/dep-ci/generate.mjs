// Deterministic generator of a realistic TypeScript monorepo with ground truth for every edge.
//
//   node bench/dep-ci/generate.mjs <out-dir> <files> [--seed n] [--bytes 4096]
//
// The repo: npm workspaces (packages/pkg-N, @gen/pkg-N), a root tsconfig.base.json with `paths`
// aliases that every package extends, package.json `exports` (a package importing itself by name),
// barrel files (`export *`, `export * as ns`), type-only imports, literal and template-literal
// `import()`, `createRequire(import.meta.url)`, `.js` specifiers meaning `.ts` sources, directory
// index imports and third-party leaves. Each file is padded to ~4 KB with code that contains
// import-like text in strings, comments, regexes and templates (a scanner must not be fooled).
//
// Writes <out-dir>/.ground-truth.json: { files, tests, edges: { from: [to...] } } where edges are
// the source semantics (every import, type-only included; a template `import()` -> every file it can
// match). Also exports `generateRepo()` for other scripts.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PADDING_SNIPPETS = [
  (n) => `// import { nothing } from './not-a-real-import-${n}.js'\n`,
  (n) => `const text${n} = "import x from './fake-${n}.js'; require('./nope.js')";\n`,
  (n) => `const pattern${n} = /import\\s+['"]([^'"]+)['"]/g; const half${n} = ${n} / 2 / 1;\n`,
  (n) =>
    `const message${n} = \`value \${JSON.stringify({ a: \`nested \${${n}}\` })} import('./fake.js')\`;\n`,
  (n) =>
    `/* export * from './commented-out-${n}.js';\n   require("./also-commented.js") */\nexport function compute${n}(input: number): number {\n  const values = [input, ${n}, input * 2].map((value) => value + 1);\n  return values.reduce((sum, value) => sum + value, 0) / values.length;\n}\n`,
  (n) =>
    `export class Widget${n}<T extends { id: string }> {\n  private readonly items = new Map<string, T>();\n  add(item: T): this {\n    this.items.set(item.id, item);\n    return this;\n  }\n  get size(): number {\n    return this.items.size;\n  }\n}\n`,
  (n) =>
    `export interface Options${n} {\n  readonly name: string;\n  retries?: number;\n  onEvent?: (event: { type: 'start' | 'end'; at: number }) => void;\n}\n`,
  (n) => `const ratio${n} = (${n} + 1) / (${n} + 2); const re${n} = /\\/\\*not a comment*\\//u.test('x');\n`,
];

function padding(random, targetBytes, current) {
  let text = '';
  let counter = 0;
  while (current + text.length < targetBytes) {
    const snippet = PADDING_SNIPPETS[Math.floor(random() * PADDING_SNIPPETS.length)];
    text += snippet(counter++);
  }
  return text;
}

function pythonPadding(random, targetBytes, current) {
  let text = '';
  let counter = 0;
  const snippets = [
    (n) => `# import not_a_module_${n}\n`,
    (n) => `TEXT_${n} = "from fake import thing; import other"\n`,
    (n) =>
      `def compute_${n}(value):\n    """Docstring with import os inside."""\n    return [value, ${n}, value * 2]\n\n`,
    (n) =>
      `class Widget${n}:\n    def __init__(self, name):\n        self.name = name\n\n    def size(self):\n        return len(self.name) + ${n}\n\n`,
  ];
  while (current + text.length < targetBytes)
    text += snippets[Math.floor(random() * snippets.length)](counter++);
  return text;
}

/** The Python part: python/src/genpy/sub_k/mod_j.py, python/tests/sub_k/test_j.py, conftest.py files. */
function generatePython({ count, random, bytes, contents, addEdge, edges, tests }) {
  const subCount = Math.max(2, Math.round(count / 40));
  const perSub = Math.max(4, Math.floor((count - 4 - subCount * 2) / subCount));
  const modulesPerSub = Math.max(3, Math.floor(perSub * 0.7));
  const testsPerSub = Math.max(1, perSub - modulesPerSub);
  const base = 'python/src/genpy';
  const packageInit = `${base}/__init__.py`;
  contents.set(
    'python/pyproject.toml',
    '[project]\nname = "genpy"\n\n[tool.pytest.ini_options]\npythonpath = ["src"]\n',
  );
  contents.set(packageInit, '');
  edges.set(packageInit, new Set());
  const rootConftest = 'python/tests/conftest.py';
  contents.set(rootConftest, 'import pytest\n\n@pytest.fixture\ndef sample():\n    return 1\n');
  edges.set(rootConftest, new Set());
  const module = (sub, index) => `${base}/sub_${sub}/mod_${index}.py`;
  const subInit = (sub) => `${base}/sub_${sub}/__init__.py`;
  for (let sub = 0; sub < subCount; sub++) {
    contents.set(subInit(sub), '');
    edges.set(subInit(sub), new Set());
    for (let index = 0; index < modulesPerSub; index++) {
      const path = module(sub, index);
      edges.set(path, new Set());
      let header = '';
      if (index > 0) {
        const target = Math.max(0, index - 1 - Math.floor(random() * Math.min(index, 6)));
        header += `from .mod_${target} import compute_0\n`;
        addEdge(path, module(sub, target));
      }
      if (sub > 0 && random() < 0.4) {
        const otherSub = Math.floor(random() * sub);
        const target = Math.floor(random() * modulesPerSub);
        if (random() < 0.5) {
          header += `from ..sub_${otherSub} import mod_${target}\n`;
          addEdge(path, subInit(otherSub));
          addEdge(path, module(otherSub, target));
        } else {
          header += `import genpy.sub_${otherSub}.mod_${target}\n`;
          addEdge(path, module(otherSub, target));
          addEdge(path, packageInit);
          addEdge(path, subInit(otherSub));
        }
      }
      if (random() < 0.3) header += 'import os\nfrom typing import Any\n';
      contents.set(path, header + pythonPadding(random, bytes, header.length));
    }
    const subConftest = sub % 2 === 0 ? `python/tests/sub_${sub}/conftest.py` : undefined;
    if (subConftest !== undefined) {
      contents.set(subConftest, `import pytest\nfrom genpy.sub_${sub}.mod_0 import compute_0\n`);
      edges.set(subConftest, new Set());
      addEdge(subConftest, rootConftest);
      addEdge(subConftest, module(sub, 0));
      addEdge(subConftest, packageInit);
      addEdge(subConftest, subInit(sub));
    }
    for (let index = 0; index < testsPerSub; index++) {
      const path = `python/tests/sub_${sub}/test_${index}.py`;
      edges.set(path, new Set());
      const target = Math.floor(random() * modulesPerSub);
      const header = `from genpy.sub_${sub}.mod_${target} import compute_0\n\n\ndef test_${index}():\n    assert compute_0(1)\n`;
      addEdge(path, module(sub, target));
      addEdge(path, packageInit);
      addEdge(path, subInit(sub));
      addEdge(path, rootConftest);
      if (subConftest !== undefined) addEdge(path, subConftest);
      contents.set(path, header + pythonPadding(random, bytes, header.length));
      tests.push(path);
    }
  }
}

/**
 * Generates the repo in memory: a map of repo-relative path -> content, the test files and the
 * ground-truth edges.
 */
export function generateRepo({ files: fileCount, seed = 1, bytes = 4096 }) {
  const random = mulberry32(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const contents = new Map();
  const edges = new Map();
  const addEdge = (from, to) => {
    let list = edges.get(from);
    if (list === undefined) {
      list = new Set();
      edges.set(from, list);
    }
    list.add(to);
  };

  // ~8% of the files are a Python package (src layout, relative imports, conftest.py files).
  const pythonCount = Math.max(24, Math.floor(fileCount * 0.08));
  const typescriptCount = fileCount - pythonCount;
  const packageCount = Math.max(3, Math.round(typescriptCount / 250));
  const perPackage = Math.floor(typescriptCount / packageCount);
  const localeNames = ['en', 'fr', 'de', 'ja'];

  contents.set(
    'package.json',
    `${JSON.stringify({ name: 'gen-monorepo', private: true, type: 'module', workspaces: ['packages/*'], devDependencies: { typescript: '^5.9.3', vitest: '^4.1.12' } }, null, 2)}\n`,
  );
  contents.set(
    'tsconfig.base.json',
    `${JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          module: 'ESNext',
          moduleResolution: 'bundler',
          strict: true,
          baseUrl: '.',
          paths: { '@shared/*': ['packages/pkg-0/src/*'], '~lib/*': ['packages/pkg-1/src/lib/*'] },
        },
      },
      null,
      2,
    )}\n`,
  );
  contents.set(
    'vitest.config.ts',
    `import { defineConfig } from 'vitest/config';\nexport default defineConfig({ test: { include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts'] } });\n`,
  );
  contents.set('.gitignore', 'node_modules\ndist\n.dep-ci\n');

  const tests = [];
  // Per package: plan the module names first so imports only target files that exist.
  const packages = [];
  for (let index = 0; index < packageCount; index++) {
    const root = `packages/pkg-${index}`;
    const name = `@gen/pkg-${index}`;
    const moduleCount = Math.max(4, Math.floor(perPackage * 0.7));
    const testCount = Math.max(1, Math.floor(perPackage * 0.27));
    const modules = [];
    for (let m = 0; m < moduleCount; m++) {
      const folder = m % 9 === 0 ? 'lib' : m % 5 === 0 ? 'feature' : 'core';
      modules.push(`${root}/src/${folder}/mod-${m}.ts`);
    }
    const legacy = `${root}/src/legacy/loader.cts`;
    const locales = localeNames.map((locale) => `${root}/src/locales/${locale}.ts`);
    const barrel = `${root}/src/index.ts`;
    const featureIndex = `${root}/src/feature/index.ts`;
    packages.push({
      index,
      root,
      name,
      modules,
      tests: [],
      testCount,
      legacy,
      locales,
      barrel,
      featureIndex,
    });
  }

  const relative = (from, to) => {
    const fromParts = dirname(from).split('/');
    const toParts = to.split('/');
    let common = 0;
    while (common < fromParts.length && fromParts[common] === toParts[common]) common++;
    const up = fromParts.length - common;
    const rest = toParts.slice(common).join('/');
    return up === 0 ? `./${rest}` : `${'../'.repeat(up)}${rest}`;
  };
  const asJs = (path) => path.replace(/\.ts$/, '.js');

  for (const pkg of packages) {
    contents.set(
      `${pkg.root}/package.json`,
      `${JSON.stringify(
        {
          name: pkg.name,
          version: '1.0.0',
          type: 'module',
          exports: {
            '.': { types: './dist/index.d.ts', default: './dist/index.js' },
            './feature': { types: './dist/feature/index.d.ts', default: './dist/feature/index.js' },
            './core/*': { types: './dist/core/*.d.ts', default: './dist/core/*.js' },
          },
          imports: { '#locales/*': './src/locales/*.ts' },
          dependencies: Object.fromEntries(
            packages.filter((other) => other.index < pkg.index).map((other) => [other.name, '1.0.0']),
          ),
        },
        null,
        2,
      )}\n`,
    );
    contents.set(
      `${pkg.root}/tsconfig.json`,
      `${JSON.stringify({ extends: '../../tsconfig.base.json', compilerOptions: { rootDir: 'src', outDir: 'dist' }, include: ['src'] }, null, 2)}\n`,
    );
    for (const locale of pkg.locales) {
      contents.set(locale, `export const messages = { hello: 'hello from ${locale}' };\n`);
      edges.set(locale, new Set());
    }
    // legacy CommonJS module, loaded through createRequire.
    contents.set(pkg.legacy, `module.exports = { legacy: true };\n`);
    edges.set(pkg.legacy, new Set());

    // Barrel: re-exports a few modules; feature index re-exports feature modules.
    const barrelTargets = pkg.modules.filter((_, m) => m % 7 === 1 || m % 5 === 0);
    let barrelText = '';
    for (const target of barrelTargets.slice(0, 12)) {
      if (target.includes('/feature/')) continue;
      barrelText += `export * from '${asJs(relative(pkg.barrel, target))}';\n`;
      addEdge(pkg.barrel, target);
    }
    barrelText += `export * as feature from './feature/index.js';\n`;
    addEdge(pkg.barrel, pkg.featureIndex);
    contents.set(pkg.barrel, barrelText);
    let featureText = '';
    for (const target of pkg.modules.filter((path) => path.includes('/feature/')).slice(0, 10)) {
      featureText += `export * from './${target.split('/').pop().replace(/\.ts$/, '.js')}';\n`;
      addEdge(pkg.featureIndex, target);
    }
    contents.set(pkg.featureIndex, featureText || 'export {};\n');
    if (!edges.has(pkg.featureIndex)) edges.set(pkg.featureIndex, new Set());

    const earlier = packages.filter((other) => other.index < pkg.index);
    pkg.modules.forEach((path, m) => {
      edges.set(path, edges.get(path) ?? new Set());
      let header = '';
      const importCount = m === 0 ? 0 : 2 + Math.floor(random() * 4);
      for (let k = 0; k < importCount; k++) {
        // Mostly imports of earlier modules in the same package (a DAG with a few back edges).
        const backEdge = random() < 0.02 && m + 1 < pkg.modules.length;
        const targetIndex = backEdge
          ? m + 1 + Math.floor(random() * Math.min(5, pkg.modules.length - m - 1))
          : Math.max(0, m - 1 - Math.floor(random() * Math.min(m, 12)));
        const target = pkg.modules[targetIndex];
        if (target === path) continue;
        const form = random();
        if (form < 0.45)
          header += `import { compute0 as value${k} } from '${asJs(relative(path, target))}';\n`;
        else if (form < 0.6)
          header += `import type { Options0 as Type${k} } from '${asJs(relative(path, target))}';\n`;
        else if (form < 0.68) header += `export * from '${asJs(relative(path, target))}';\n`;
        else if (form < 0.74) header += `export * as ns${k} from '${asJs(relative(path, target))}';\n`;
        else if (form < 0.8) header += `const lazy${k} = () => import('${asJs(relative(path, target))}');\n`;
        else if (form < 0.9 && pkg.index === 0) {
          // `@shared/*` alias, extensionless.
          header += `import { compute1 as alias${k} } from '@shared/${target.slice(`${pkg.root}/src/`.length).replace(/\.ts$/, '')}';\n`;
        } else if (form < 0.9 && target.includes('/core/')) {
          // self-reference through the package's own `exports`.
          header += `import { Widget0 as Self${k} } from '${pkg.name}/core/${target.split('/').pop().replace(/\.ts$/, '')}';\n`;
        } else {
          header += `import { compute2 as plain${k} } from '${relative(path, target).replace(/\.ts$/, '')}';\n`;
        }
        addEdge(path, target);
      }
      if (earlier.length > 0 && random() < 0.35) {
        const other = pick(earlier);
        if (random() < 0.5) {
          header += `import * as dep${other.index} from '${other.name}';\n`;
          addEdge(path, other.barrel);
        } else {
          header += `import { feature as f${other.index} } from '${other.name}/feature';\n`;
          addEdge(path, other.featureIndex);
        }
      }
      if (pkg.index === 1 && m % 9 !== 0 && random() < 0.2) {
        const libTarget = pick(pkg.modules.filter((candidate) => candidate.includes('/lib/')));
        header += `import { compute3 } from '~lib/${libTarget.split('/').pop().replace(/\.ts$/, '.js')}';\n`;
        addEdge(path, libTarget);
      }
      if (m % 11 === 3) {
        header += `export async function loadMessages(lang: string) {\n  return import(\`../locales/\${lang}.js\`);\n}\n`;
        for (const locale of pkg.locales) addEdge(path, locale);
      }
      if (m % 13 === 4) {
        header += `import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\nconst legacy = require('../legacy/loader.cjs');\n`;
        addEdge(path, pkg.legacy);
      }
      if (m % 17 === 5) {
        header += `import { messages as english } from '#locales/en';\n`;
        addEdge(path, pkg.locales[0]);
      }
      if (random() < 0.3) header += `import { z } from 'zod';\nimport { readFileSync } from 'node:fs';\n`;
      const used = [...header.matchAll(/import \{ \w+ as (\w+) \}/g)].map((match) => match[1]);
      header += `export const id${m} = ${m};\nexport const uses${m} = [${used.join(', ')}];\n`;
      contents.set(path, header + padding(random, bytes, header.length));
    });

    for (let t = 0; t < pkg.testCount; t++) {
      const testPath =
        t % 3 === 0 ? `${pkg.root}/test/case-${t}.test.ts` : `${pkg.root}/src/core/case-${t}.test.ts`;
      edges.set(testPath, new Set());
      let header = `import { describe, expect, it } from 'vitest';\n`;
      const count = 1 + Math.floor(random() * 3);
      for (let k = 0; k < count; k++) {
        const target = pick(pkg.modules);
        if (random() < 0.2) {
          header += `import { id0 as barrel${k} } from '${pkg.name}';\n`;
          addEdge(testPath, pkg.barrel);
        } else {
          header += `import { compute0 as subject${k} } from '${asJs(relative(testPath, target))}';\n`;
          addEdge(testPath, target);
        }
      }
      const subjects = [...header.matchAll(/import \{ \w+ as (\w+) \}/g)]
        .map((match) => match[1])
        .filter((name) => name !== 'describe');
      header += `describe('case ${t}', () => {\n  it('works', () => {\n    expect([${subjects.join(', ')}]).toBeDefined();\n  });\n});\n`;
      contents.set(testPath, header + padding(random, bytes, header.length));
      tests.push(testPath);
    }
  }
  generatePython({ count: pythonCount, random, bytes, contents, addEdge, edges, tests });

  const edgeObject = {};
  for (const [from, targets] of [...edges].sort(([a], [b]) => (a < b ? -1 : 1)))
    edgeObject[from] = [...targets].sort();
  return { contents, tests: tests.sort(), edges: edgeObject };
}

/** Writes a generated repo to `outDir` (replacing it) with `.ground-truth.json`. */
export function writeRepo(outDir, options) {
  const repo = generateRepo(options);
  rmSync(outDir, { recursive: true, force: true });
  for (const [path, content] of repo.contents) {
    mkdirSync(dirname(join(outDir, path)), { recursive: true });
    writeFileSync(join(outDir, path), content);
  }
  writeFileSync(
    join(outDir, '.ground-truth.json'),
    JSON.stringify({ files: [...repo.contents.keys()].sort(), tests: repo.tests, edges: repo.edges }),
  );
  return repo;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [outDir, files] = process.argv.slice(2);
  if (outDir === undefined || files === undefined) {
    process.stderr.write('usage: node bench/dep-ci/generate.mjs <out-dir> <files> [--seed n] [--bytes n]\n');
    process.exit(2);
  }
  const flag = (name, fallback) => {
    const index = process.argv.indexOf(`--${name}`);
    return index === -1 ? fallback : Number(process.argv[index + 1]);
  };
  const repo = writeRepo(outDir, { files: Number(files), seed: flag('seed', 1), bytes: flag('bytes', 4096) });
  let total = 0;
  for (const content of repo.contents.values()) total += content.length;
  process.stdout.write(
    `${repo.contents.size} files, ${(total / 1e6).toFixed(1)} MB, ${repo.tests.length} tests -> ${outDir}\n`,
  );
}
