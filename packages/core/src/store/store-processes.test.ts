/**
 * The store shared by real processes: concurrent writers and migrators, kill -9 mid-write, a lock
 * held by another process, and following another process's appends. The children run this folder's
 * code compiled from source into a temporary directory, so they always test the current code.
 */
import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { VenomError } from '../errors/index.js';
import { createEventLog } from './create-event-log.js';
import { eventLogMigrations } from './event-log-migrations.js';
import { openStore, type Store } from './open-store.js';

const coreSource = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
/** The node_modules directory that holds better-sqlite3, for the children to resolve it from. */
const nodeModules = dirname(dirname(dirname(require.resolve('better-sqlite3'))));

let buildDirectory = '';
let storeModule = '';
const children: ChildProcessWithoutNullStreams[] = [];
const stores: Store[] = [];

beforeAll(() => {
  buildDirectory = mkdtempSync(join(tmpdir(), 'venom-store-build-'));
  symlinkSync(nodeModules, join(buildDirectory, 'node_modules'), 'dir');
  try {
    execFileSync(
      process.execPath,
      [
        require.resolve('typescript/bin/tsc'),
        ...['--outDir', join(buildDirectory, 'core'), '--rootDir', coreSource],
        ...['--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2023', '--strict'],
        ...['--skipLibCheck', '--types', 'node', '--sourceMap', 'false', '--declaration', 'false'],
        join(coreSource, 'store', 'index.ts'),
      ],
      { stdio: 'pipe' },
    );
  } catch {
    // Type errors (possibly in a neighbour's unfinished file) still emit JavaScript; a missing file below fails.
  }
  storeModule = join(buildDirectory, 'core', 'store', 'index.js');
  expect(existsSync(storeModule)).toBe(true);
}, 60_000);

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const store of stores.splice(0)) store.close();
});

afterAll(() => {
  rmSync(buildDirectory, { recursive: true, force: true });
});

interface RunningChild {
  process: ChildProcessWithoutNullStreams;
  /** Resolves when the child has printed `line` on stdout. */
  waitForLine(line: string): Promise<void>;
  /** Resolves with the exit code (or signal) and everything the child printed. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** Writes `source` as an .mjs file beside the compiled store and runs it with `node`. */
function startChild(name: string, source: string, args: string[]): RunningChild {
  const script = join(buildDirectory, `${name}.mjs`);
  writeFileSync(script, source.replaceAll('STORE_MODULE', JSON.stringify(storeModule)));
  const child = spawn(process.execPath, [script, ...args], { stdio: 'pipe' });
  children.push(child);
  let stdout = '';
  let stderr = '';
  const waiters: { line: string; resolve: () => void }[] = [];
  const settleWaiters = () => {
    const lines = stdout.split('\n');
    for (const waiter of waiters.splice(0)) {
      if (lines.includes(waiter.line)) waiter.resolve();
      else waiters.push(waiter);
    }
  };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    settleWaiters();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return {
    process: child,
    exited,
    waitForLine(line) {
      return new Promise<void>((resolve, reject) => {
        waiters.push({ line, resolve });
        settleWaiters();
        void exited.then((result) =>
          reject(
            new Error(
              `child ${name} exited (${result.code ?? result.signal}) before printing '${line}': ${result.stderr}`,
            ),
          ),
        );
      });
    },
  };
}

function temporaryDatabase(): string {
  return join(mkdtempSync(join(tmpdir(), 'venom-store-')), 'state', 'venom.db');
}

function openEventStore(path: string, busyTimeoutMs?: number): Store {
  const store = openStore({
    path,
    migrations: { 'event-log': eventLogMigrations },
    ...(busyTimeoutMs === undefined ? {} : { busyTimeoutMs }),
  });
  stores.push(store);
  return store;
}

const appendWorker = `
import { createEventLog, eventLogMigrations, openStore } from STORE_MODULE;
const [path, worker, count] = process.argv.slice(2);
const store = openStore({ path, migrations: { 'event-log': eventLogMigrations }, busyTimeoutMs: 30000 });
const log = createEventLog(store);
process.stdout.write('ready\\n');
process.stdin.once('data', () => {
  for (let index = 0; index < Number(count); index += 1) {
    log.append({ type: 'worker-step', payload: { worker, index }, correlation: { workerId: worker } });
  }
  store.close();
  process.stdout.write('done\\n');
  process.exit(0);
});
`;

describe('event log shared by processes', () => {
  it('keeps every event of two processes appending at once, with unique increasing ids', async () => {
    const path = temporaryDatabase();
    const count = 500;
    const workers = ['alpha', 'beta'].map((worker) =>
      startChild(`append-${worker}`, appendWorker, [path, worker, String(count)]),
    );
    await Promise.all(workers.map((worker) => worker.waitForLine('ready')));
    for (const worker of workers) worker.process.stdin.write('go\n');
    const results = await Promise.all(workers.map((worker) => worker.exited));
    for (const result of results) expect(result).toMatchObject({ code: 0, stderr: '' });

    const log = createEventLog(openEventStore(path));
    const events = log.list({ limit: 10 * count });
    expect(events).toHaveLength(2 * count);
    const ids = events.map((event) => event.id);
    expect(ids.every((id, index) => index === 0 || id > (ids[index - 1] ?? Number.POSITIVE_INFINITY))).toBe(
      true,
    );
    for (const worker of ['alpha', 'beta']) {
      const indexes = log
        .list({ limit: 10 * count, correlation: { workerId: worker } })
        .map((event) => (event.payload as { index: number }).index);
      expect(indexes).toEqual(Array.from({ length: count }, (_, index) => index));
    }
    expect(log.latestId()).toBe(ids.at(-1));
  });

  it('applies migrations once when two processes open a new database at once', async () => {
    const path = temporaryDatabase();
    // The slow step keeps the first migrator inside its transaction while the second arrives.
    const migrator = `
import { openStore, eventLogMigrations } from STORE_MODULE;
const [path] = process.argv.slice(2);
const demo = [
  { version: 1, name: 'create-notes', up: 'CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)' },
  { version: 2, name: 'seed-notes', up: (database) => {
      database.prepare("INSERT INTO notes (text) VALUES ('seed')").run();
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
    } },
  { version: 3, name: 'create-tags', up: 'CREATE TABLE tags (name TEXT PRIMARY KEY)' },
];
process.stdout.write('ready\\n');
process.stdin.once('data', () => {
  const store = openStore({ path, migrations: { 'event-log': eventLogMigrations, demo }, busyTimeoutMs: 30000 });
  process.stdout.write(JSON.stringify(store.schemaVersions()) + '\\n');
  store.close();
  process.exit(0);
});
`;
    const migrators = [1, 2].map((number) => startChild(`migrate-${number}`, migrator, [path]));
    await Promise.all(migrators.map((child) => child.waitForLine('ready')));
    for (const child of migrators) child.process.stdin.write('go\n');
    const results = await Promise.all(migrators.map((child) => child.exited));
    for (const result of results) {
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(JSON.parse(result.stdout.split('\n')[1] ?? '')).toEqual({ 'event-log': 1, demo: 3 });
    }

    const store = openEventStore(path);
    const rows = store.database
      .prepare('SELECT namespace, version, name FROM schema_migrations ORDER BY namespace, version')
      .all();
    expect(rows).toEqual([
      { namespace: 'demo', version: 1, name: 'create-notes' },
      { namespace: 'demo', version: 2, name: 'seed-notes' },
      { namespace: 'demo', version: 3, name: 'create-tags' },
      { namespace: 'event-log', version: 1, name: 'create-events' },
    ]);
    expect(store.database.prepare('SELECT text FROM notes').all()).toEqual([{ text: 'seed' }]);
  });

  it('keeps exactly the committed events when a writer is killed mid-transaction', async () => {
    const path = temporaryDatabase();
    const committed = 40;
    const crasher = `
import { createEventLog, eventLogMigrations, openStore } from STORE_MODULE;
const [path, committed] = process.argv.slice(2);
const store = openStore({ path, migrations: { 'event-log': eventLogMigrations } });
const log = createEventLog(store);
for (let index = 0; index < Number(committed); index += 1) log.append({ type: 'work-commit', payload: { index } });
// A tiny page cache makes SQLite spill the uncommitted pages into the WAL file before the kill.
store.database.pragma('cache_size = 8');
store.database.exec('BEGIN IMMEDIATE');
for (let index = 0; index < 2000; index += 1) {
  log.append({ type: 'work-pending', payload: { index, filler: 'x'.repeat(1000) } });
}
process.stdout.write('uncommitted\\n');
setInterval(() => {}, 60_000);
`;
    const child = startChild('crasher', crasher, [path, String(committed)]);
    await child.waitForLine('uncommitted');
    expect(readdirSync(dirname(path))).toContain('venom.db-wal');
    child.process.kill('SIGKILL');
    expect(await child.exited).toMatchObject({ signal: 'SIGKILL' });

    const store = openEventStore(path);
    expect(store.database.pragma('integrity_check', { simple: true })).toBe('ok');
    const log = createEventLog(store);
    const events = log.list({ limit: 10_000 });
    expect(events.map((event) => event.type)).toEqual(Array(committed).fill('work-commit'));
    expect(events.map((event) => (event.payload as { index: number }).index)).toEqual(
      Array.from({ length: committed }, (_, index) => index),
    );
    const appended = log.append({ type: 'work-resume' });
    expect(appended.id).toBeGreaterThan(events.at(-1)?.id ?? Number.POSITIVE_INFINITY);
    expect(log.latestId()).toBe(appended.id);
  });

  it('fails with STORE_LOCKED while another process holds an exclusive transaction, then works again', async () => {
    const path = temporaryDatabase();
    const setup = openStore({ path, migrations: { 'event-log': eventLogMigrations } });
    createEventLog(setup).appendMany([{ type: 'plan-start' }, { type: 'step-end' }, { type: 'plan-end' }]);
    setup.close();

    const holder = `
import Database from 'better-sqlite3';
const [path] = process.argv.slice(2);
const database = new Database(path);
database.exec('BEGIN EXCLUSIVE');
database.prepare("INSERT INTO events (time, type, payload, correlation) VALUES ('2000-01-01T00:00:00.000Z', 'lock-held', 'null', '{}')").run();
process.stdout.write('locked\\n');
process.stdin.once('data', () => {
  database.exec('ROLLBACK');
  database.close();
  process.exit(0);
});
`;
    const child = startChild('lock-holder', holder, [path]);
    await child.waitForLine('locked');

    const pendingMigration = { version: 1, name: 'create-notes', up: 'CREATE TABLE notes (text TEXT)' };
    const openWithPending = () =>
      openStore({
        path,
        busyTimeoutMs: 50,
        migrations: { 'event-log': eventLogMigrations, notes: [pendingMigration] },
      });
    expect(openWithPending).toThrow(expect.objectContaining({ code: 'STORE_LOCKED' }));

    const store = openEventStore(path, 50);
    const log = createEventLog(store);
    let error: unknown;
    try {
      log.append({ type: 'plan-start' });
    } catch (caught) {
      error = caught;
    }
    expect(VenomError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'STORE_LOCKED',
      category: 'environment',
      hint: `another process is writing ${path}; retry, or find it with 'fuser ${path}'`,
      details: { path },
    });
    expect((error as VenomError).message).toContain(path);
    expect(() => log.appendMany([{ type: 'plan-start' }])).toThrow(
      expect.objectContaining({ code: 'STORE_LOCKED' }),
    );
    expect(() => store.checkWritable()).toThrow(expect.objectContaining({ code: 'STORE_LOCKED' }));

    child.process.stdin.write('release\n');
    expect(await child.exited).toMatchObject({ code: 0, stderr: '' });

    expect(log.list().map((event) => event.type)).toEqual(['plan-start', 'step-end', 'plan-end']);
    expect(store.database.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(() => store.checkWritable()).not.toThrow();
    expect(log.append({ type: 'plan-start' }).id).toBe(4);
    const reopened = openWithPending();
    stores.push(reopened);
    expect(reopened.schemaVersions()).toEqual({ 'event-log': 1, notes: 1 });
  });

  it('follows events appended by another process, in order, until aborted', async () => {
    const path = temporaryDatabase();
    const log = createEventLog(openEventStore(path));
    log.append({ type: 'plan-start' });
    const writer = `
import { createEventLog, eventLogMigrations, openStore } from STORE_MODULE;
const [path] = process.argv.slice(2);
const store = openStore({ path, migrations: { 'event-log': eventLogMigrations } });
const log = createEventLog(store);
for (let index = 0; index < 5; index += 1) {
  log.append({ type: 'step-end', payload: { index } });
  log.append({ type: 'noise-event', payload: { index } });
  await new Promise((resolve) => setTimeout(resolve, 5));
}
store.close();
`;
    const controller = new AbortController();
    const received: number[] = [];
    const follow = log.follow({
      afterId: log.latestId(),
      signal: controller.signal,
      intervalMs: 10,
      types: ['step-end'],
    });
    const child = startChild('follow-writer', writer, [path]);
    for await (const event of follow) {
      expect(event.type).toBe('step-end');
      received.push((event.payload as { index: number }).index);
      if (received.length === 5) controller.abort();
    }
    expect(received).toEqual([0, 1, 2, 3, 4]);
    expect(await child.exited).toMatchObject({ code: 0, stderr: '' });
  });
});
