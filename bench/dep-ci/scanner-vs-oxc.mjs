// Correctness of the dep-ci scanner against oxc-parser's module record, file by file:
//
//   node bench/dep-ci/scanner-vs-oxc.mjs <dir>...   (e.g. a generated corpus and node_modules)
//
// Compares static imports/re-exports (with their type-only flag) and literal import(). Extra
// specifiers inside `declare module` blocks are expected: oxc's record lists top-level ones only.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const oxc = require('oxc-parser');
const { scanImports } = await import('../../packages/dep-ci/dist/parse/scan-imports.js');

const files = [];
const walk = (directory) => {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const path = join(directory, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (/\.[cm]?[jt]sx?$/.test(entry.name)) files.push(path);
  }
};
for (const root of process.argv.slice(2)) walk(root);

const merge = (map, key, typeOnly) => map.set(key, (map.get(key) ?? true) && typeOnly);
let checked = 0;
let mismatched = 0;
let typeMismatches = 0;
const examples = [];
for (const file of files) {
  const source = readFileSync(file, 'utf8');
  if (source.length > 3e6) continue;
  let parsed;
  try {
    parsed = oxc.parseSync(file, source);
  } catch {
    continue;
  }
  if (parsed.errors.length > 0) continue;
  checked++;
  const expected = new Map();
  for (const item of parsed.module.staticImports) {
    merge(
      expected,
      `static ${item.moduleRequest.value}`,
      item.entries.length > 0 && item.entries.every((entry) => entry.isType),
    );
  }
  for (const item of parsed.module.staticExports) {
    for (const entry of item.entries)
      if (entry.moduleRequest) merge(expected, `static ${entry.moduleRequest.value}`, entry.isType);
  }
  for (const item of parsed.module.dynamicImports) {
    const text = source.slice(item.moduleRequest.start, item.moduleRequest.end);
    if (/^['"][^'"]*['"]$/.test(text)) expected.set(`dynamic ${text.slice(1, -1)}`, false);
  }
  const found = new Map();
  for (const record of scanImports(source).imports) {
    if (record.kind === 'import' || record.kind === 'export')
      merge(found, `static ${record.specifier}`, record.typeOnly);
    else if (record.kind === 'dynamic' && !record.pattern) found.set(`dynamic ${record.specifier}`, false);
  }
  const missing = [...expected.keys()].filter((key) => !found.has(key));
  const extra = [...found.keys()].filter(
    (key) => !expected.has(key) && key.startsWith('static') && !source.includes('declare module'),
  );
  const types = [...expected.keys()].filter((key) => found.has(key) && found.get(key) !== expected.get(key));
  if (types.length > 0) typeMismatches++;
  if (missing.length > 0 || extra.length > 0) {
    mismatched++;
    if (examples.length < 10) examples.push({ file, missing, extra });
  }
}
process.stdout.write(`${JSON.stringify({ files: files.length, checked, mismatched, typeMismatches })}\n`);
for (const example of examples) process.stdout.write(`${JSON.stringify(example)}\n`);
