/**
 * Real processes sharing one budget: four children race 25 reservations of $0.10 each against a
 * $1.00 daily limit. The children run this folder compiled from source into a temporary directory
 * (so they test the current code) against the built @venom/core (`npx tsc --build`).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore, type Store } from '@venom/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { budgetMigrations } from './budget-migrations.js';
import { createBudgetLedger } from './create-budget-ledger.js';

const budgetSource = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
/** The repository's node_modules (packages/venom/src/models/budget -> root): better-sqlite3 and the @venom/core link. */
const nodeModules = join(budgetSource, '..', '..', '..', '..', '..', 'node_modules');

let buildDirectory = '';
const stores: Store[] = [];

beforeAll(() => {
  expect(
    existsSync(join(nodeModules, '@venom', 'core', 'dist', 'index.js')),
    '@venom/core is not built; run npx tsc --build',
  ).toBe(true);
  buildDirectory = mkdtempSync(join(tmpdir(), 'venom-budget-build-'));
  symlinkSync(nodeModules, join(buildDirectory, 'node_modules'), 'dir');
  try {
    execFileSync(
      process.execPath,
      [
        require.resolve('typescript/bin/tsc'),
        ...['--outDir', join(buildDirectory, 'budget'), '--rootDir', budgetSource],
        ...['--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2023', '--strict'],
        ...['--skipLibCheck', '--types', 'node', '--sourceMap', 'false', '--declaration', 'false'],
        join(budgetSource, 'index.ts'),
      ],
      { stdio: 'pipe' },
    );
  } catch {
    // Type errors still emit JavaScript; a missing file below fails the test.
  }
  expect(existsSync(join(buildDirectory, 'budget', 'index.js'))).toBe(true);
}, 60_000);

afterAll(() => {
  for (const store of stores.splice(0)) store.close();
  if (buildDirectory !== '') rmSync(buildDirectory, { recursive: true, force: true });
});

const childSource = `
import { existsSync } from 'node:fs';
import { openStore } from '@venom/core';
import { budgetMigrations, createBudgetLedger } from './budget/index.js';

const [databasePath, goFile, name] = process.argv.slice(2);
const store = openStore({ path: databasePath, migrations: { budget: budgetMigrations }, busyTimeoutMs: 20000 });
const clock = () => new Date('2026-11-21T12:00:00Z');
const ledger = createBudgetLedger(store, { dailyUsd: 1 }, { clock });
process.stdout.write('ready\\n');
const pause = new Int32Array(new SharedArrayBuffer(4));
while (!existsSync(goFile)) Atomics.wait(pause, 0, 0, 2);
let granted = 0;
for (let attempt = 0; attempt < 25; attempt += 1) {
  const result = ledger.reserve(0.1, { model: 'sim/model', requestId: name + '-' + attempt });
  if (!result.ok) continue;
  granted += 1;
  // Half are settled at their full amount, half stay open: both must count.
  if (attempt % 2 === 0) {
    ledger.settle(result.reservation, { costUsd: 0.1, model: 'model', provider: 'sim', inputTokens: 1, outputTokens: 1, cached: false, tier: 'model' });
  }
}
store.close();
process.stdout.write(JSON.stringify({ granted }) + '\\n');
`;

function runChild(script: string, args: string[]) {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const ready = new Promise<void>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('ready\n')) resolve();
    });
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
  return { ready, exited };
}

it('concurrent processes cannot jointly overspend: exactly ten $0.10 reservations fit a $1.00 day', async () => {
  const databasePath = join(buildDirectory, 'venom.db');
  const goFile = join(buildDirectory, 'go');
  // Migrate once up front, as a venom command would; the children then only open the store.
  stores.push(openStore({ path: databasePath, migrations: { budget: budgetMigrations } }));
  const script = join(buildDirectory, 'reserve-child.mjs');
  writeFileSync(script, childSource);
  const children = ['a', 'b', 'c', 'd'].map((name) => runChild(script, [databasePath, goFile, name]));
  await Promise.all(children.map((child) => child.ready));
  writeFileSync(goFile, '');
  const results = await Promise.all(children.map((child) => child.exited));

  for (const result of results) expect(result, result.stderr).toMatchObject({ code: 0 });
  const granted = results.map(
    (result) => (JSON.parse(result.stdout.split('\n').at(-2) ?? '{}') as { granted: number }).granted,
  );
  expect(granted.reduce((sum, count) => sum + count, 0)).toBe(10);

  const store = stores[0] as Store;
  const ledger = createBudgetLedger(
    store,
    { dailyUsd: 1 },
    { clock: () => new Date('2026-11-21T12:00:00Z') },
  );
  const status = ledger.status();
  expect(status.todayUsd + status.reservedUsd).toBeCloseTo(1, 9);
  expect(status.todayUsd + status.reservedUsd).toBeLessThanOrEqual(1);
  expect(status.remainingTodayUsd).toBe(0);
  expect(ledger.reserve(0.01, { model: 'sim/model', requestId: 'after' }).ok).toBe(false);
}, 60_000);
