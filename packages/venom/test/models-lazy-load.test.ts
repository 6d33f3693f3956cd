import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const builtEntry = fileURLToPath(new URL('../dist/models/index.js', import.meta.url));

/** Prints every bare package a module graph resolves, so the test can see what importing loads. */
const hooks = `export async function resolve(specifier, context, next) {
  if (!specifier.startsWith('.') && !specifier.startsWith('node:') && !specifier.startsWith('file:')) {
    process.stderr.write('RESOLVED ' + specifier + '\\n');
  }
  return next(specifier, context);
}`;

it('importing the models entry loads no AI SDK package, zod or SQLite (CLI start-up budget)', () => {
  expect(existsSync(builtEntry), 'build first: npx tsc --build').toBe(true);
  const script = `
    import { register } from 'node:module';
    register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hooks)}));
    const models = await import(${JSON.stringify(builtEntry)});
    if (typeof models.createModelClient !== 'function') throw new Error('createModelClient missing');
  `;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  const resolved = run.stderr
    .split('\n')
    .filter((line) => line.startsWith('RESOLVED '))
    .map((line) => line.slice('RESOLVED '.length));
  expect(resolved.filter((name) => /^(?:@ai-sdk\/|ai$|zod|better-sqlite3)/.test(name))).toEqual([]);
  expect(resolved).toContain('@venom/core');
});
