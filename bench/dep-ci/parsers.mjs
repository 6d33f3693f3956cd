// Parser candidates for dep-ci on one corpus, one thread, min of 3 (see
// docs/decisions/2026-11-21-dep-ci-import-scanner.md):
//
//   npm install --prefix bench/dep-ci && npm run build
//   node bench/dep-ci/generate.mjs /tmp/gen10k 10000 && node bench/dep-ci/parsers.mjs /tmp/gen10k
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const root = process.argv[2];
if (root === undefined) {
  process.stderr.write('usage: node bench/dep-ci/parsers.mjs <corpus-dir>\n');
  process.exit(2);
}
const files = [];
const walk = (directory) => {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(directory, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (/\.[cm]?[jt]sx?$/.test(entry.name)) files.push(path);
  }
};
walk(root);
const sources = files.map((file) => [file, readFileSync(file, 'utf8')]);
const mebibytes = sources.reduce((sum, [, text]) => sum + Buffer.byteLength(text), 0) / 1048576;

const { scanImports } = await import('../../packages/dep-ci/dist/parse/scan-imports.js');
const lexer = await import('es-module-lexer');
await lexer.init;
const candidates = {
  'dep-ci scanner': () => (_file, source) => scanImports(source).imports.length,
  'oxc-parser 0.154 (module record)': () => {
    const oxc = require('oxc-parser');
    return (file, source) => oxc.parseSync(file, source).module.staticImports.length;
  },
  'typescript preProcessFile': () => {
    const ts = require('typescript');
    return (_file, source) => ts.preProcessFile(source, true, true).importedFiles.length;
  },
  'es-module-lexer (JS only: wrong on TS)': () => (_file, source) => {
    try {
      return lexer.parse(source)[0].length;
    } catch {
      return -1;
    }
  },
  '@babel/parser (typescript plugin)': () => {
    const babel = require('@babel/parser');
    return (_file, source) => {
      try {
        return babel.parse(source, { sourceType: 'module', plugins: ['typescript'], errorRecovery: true })
          .program.body.length;
      } catch {
        return -1;
      }
    };
  },
};
process.stdout.write(`${files.length} files, ${mebibytes.toFixed(1)} MiB\n`);
for (const [name, make] of Object.entries(candidates)) {
  const parse = make();
  let best = Number.POSITIVE_INFINITY;
  let failures = 0;
  for (let run = 0; run < 3; run++) {
    failures = 0;
    const started = performance.now();
    for (const [file, source] of sources) if (parse(file, source) < 0) failures++;
    best = Math.min(best, performance.now() - started);
  }
  process.stdout.write(
    `${name.padEnd(40)} ${best.toFixed(0).padStart(6)} ms ${((mebibytes / best) * 1000).toFixed(0).padStart(5)} MiB/s  failures ${failures}\n`,
  );
}
