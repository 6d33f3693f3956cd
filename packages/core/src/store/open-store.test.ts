import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { VenomError } from '../errors/index.js';
import { createEventLog } from './create-event-log.js';
import { eventLogMigrations } from './event-log-migrations.js';
import { type Migration, type OpenStoreOptions, openStore, type Store } from './open-store.js';

const openedStores: Store[] = [];

afterEach(() => {
  for (const store of openedStores.splice(0)) store.close();
});

function open(options: OpenStoreOptions): Store {
  const store = openStore(options);
  openedStores.push(store);
  return store;
}

function temporaryDirectory(): string {
  return mkdtempSync(join(tmpdir(), 'venom-open-store-'));
}

function thrownBy(action: () => unknown): VenomError {
  try {
    action();
  } catch (error) {
    if (VenomError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a VenomError, nothing was thrown');
}

const fixedClock = () => new Date('2030-01-02T03:04:05.000Z');

describe('openStore', () => {
  it('creates private parent directories and file, in WAL mode, with migrations recorded', () => {
    const directory = temporaryDirectory();
    const path = join(directory, 'data', 'venom', 'venom.db');
    const store = open({ path, migrations: { 'event-log': eventLogMigrations }, clock: fixedClock });

    expect(store.path).toBe(path);
    expect(statSync(join(directory, 'data')).mode & 0o777).toBe(0o700);
    expect(statSync(dirname(path)).mode & 0o777).toBe(0o700);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(store.database.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.database.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.database.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(store.schemaVersions()).toEqual({ 'event-log': 1 });
    expect(store.database.prepare('SELECT * FROM schema_migrations').all()).toEqual([
      { namespace: 'event-log', version: 1, name: 'create-events', applied_at: '2030-01-02T03:04:05.000Z' },
    ]);
  });

  it('applies only the new migrations of each namespace on a later open', () => {
    const path = join(temporaryDirectory(), 'venom.db');
    let seedRuns = 0;
    const notes: Migration[] = [
      { version: 1, name: 'create-notes', up: 'CREATE TABLE notes (text TEXT NOT NULL)' },
      {
        version: 2,
        name: 'seed-notes',
        up: (database) => {
          seedRuns += 1;
          database.prepare("INSERT INTO notes (text) VALUES ('hello')").run();
        },
      },
    ];
    openStore({ path, migrations: { notes: notes.slice(0, 1) } }).close();
    openStore({ path, migrations: { notes } }).close();
    const store = open({ path, migrations: { notes, 'event-log': eventLogMigrations }, busyTimeoutMs: 250 });

    expect(seedRuns).toBe(1);
    expect(store.schemaVersions()).toEqual({ notes: 2, 'event-log': 1 });
    expect(store.database.prepare('SELECT text FROM notes').all()).toEqual([{ text: 'hello' }]);
    expect(store.database.pragma('busy_timeout', { simple: true })).toBe(250);
  });

  it('rolls back every migration of the open when one fails', () => {
    const path = join(temporaryDirectory(), 'venom.db');
    const broken: Migration[] = [
      { version: 1, name: 'create-notes', up: 'CREATE TABLE notes (text TEXT)' },
      { version: 2, name: 'broken-step', up: 'CREATE TABLE oops (' },
    ];
    expect(() =>
      openStore({ path, migrations: { 'event-log': eventLogMigrations, notes: broken } }),
    ).toThrow();
    const store = open({ path, migrations: {} });
    expect(store.schemaVersions()).toEqual({});
    expect(store.database.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all()).toEqual([]);
  });

  it('rejects a gap or a duplicate in migration versions before touching the disk', () => {
    const path = join(temporaryDirectory(), 'never', 'venom.db');
    const up = 'SELECT 1';
    for (const steps of [
      [
        { version: 1, name: 'first', up },
        { version: 3, name: 'third', up },
      ],
      [
        { version: 1, name: 'first', up },
        { version: 1, name: 'again', up },
      ],
      [{ version: 0, name: 'zero', up }],
    ]) {
      const error = thrownBy(() => openStore({ path, migrations: { notes: steps } }));
      expect(error).toMatchObject({ code: 'STORE_MIGRATIONS_INVALID', category: 'internal' });
    }
    expect(existsSync(dirname(path))).toBe(false);
  });

  it('refuses a database whose schema is newer than the code, changing nothing', () => {
    const path = join(temporaryDirectory(), 'venom.db');
    const future = openStore({ path, migrations: { 'event-log': eventLogMigrations } });
    future.database
      .prepare(
        "INSERT INTO schema_migrations VALUES ('event-log', 2, 'future-step', '2031-01-01T00:00:00.000Z')",
      )
      .run();
    future.close();
    const before = readFileSync(path);
    const notes: Migration[] = [{ version: 1, name: 'create-notes', up: 'CREATE TABLE notes (text TEXT)' }];

    const error = thrownBy(() => openStore({ path, migrations: { 'event-log': eventLogMigrations, notes } }));

    expect(error).toMatchObject({
      code: 'STORE_SCHEMA_NEWER',
      category: 'environment',
      details: { path, namespace: 'event-log', databaseVersion: 2, knownVersion: 1 },
    });
    expect(error.message).toContain(path);
    expect(error.hint).toMatch(/upgrade venom/i);
    expect(readFileSync(path).equals(before)).toBe(true);
    const store = open({ path, migrations: {} });
    expect(store.schemaVersions()).toEqual({ 'event-log': 2 });
  });

  it.each([
    ['a text file', Buffer.from('name: venom\nthis is not a database\n')],
    ['random bytes', randomBytes(16_384)],
  ])('reports STORE_CORRUPT for %s and leaves the file untouched', (_, content) => {
    const directory = temporaryDirectory();
    const path = join(directory, 'venom.db');
    writeFileSync(path, content, { mode: 0o600 });

    const error = thrownBy(() => openStore({ path, migrations: { 'event-log': eventLogMigrations } }));

    expect(error).toMatchObject({ code: 'STORE_CORRUPT', category: 'environment', details: { path } });
    expect(error.message).toContain(path);
    expect(error.hint).toContain(`mv '${path}' '${path}.corrupt'`);
    expect(error.hint).toMatch(/left untouched/);
    expect(readFileSync(path).equals(content)).toBe(true);
    expect(readdirSync(directory)).toEqual(['venom.db']);
  });

  it('reports STORE_CORRUPT for a database whose pages were overwritten', () => {
    const path = join(temporaryDirectory(), 'venom.db');
    const writer = openStore({ path, migrations: { 'event-log': eventLogMigrations } });
    createEventLog(writer).appendMany(
      Array.from({ length: 300 }, (_, index) => ({
        type: 'step-end',
        payload: { index, text: 'x'.repeat(200) },
      })),
    );
    writer.close();
    const damaged = readFileSync(path);
    const pageSize = damaged.readUInt16BE(16);
    randomBytes(damaged.length - pageSize).copy(damaged, pageSize);
    writeFileSync(path, damaged);

    const error = thrownBy(() => {
      const store = open({ path, migrations: { 'event-log': eventLogMigrations } });
      createEventLog(store).list({ limit: 1000 });
    });

    expect(error).toMatchObject({ code: 'STORE_CORRUPT', category: 'environment', details: { path } });
    expect(readFileSync(path).equals(damaged)).toBe(true);
  });

  it('reports STORE_UNAVAILABLE when the parent of the path is a regular file', () => {
    const directory = temporaryDirectory();
    const blocker = join(directory, 'state');
    writeFileSync(blocker, 'not a directory');
    const path = join(blocker, 'venom.db');

    const error = thrownBy(() => openStore({ path, migrations: { 'event-log': eventLogMigrations } }));

    expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE', category: 'environment', details: { path } });
    expect(error.message).toContain(path);
    expect(readFileSync(blocker, 'utf8')).toBe('not a directory');
  });

  it('opens read-only without writing, and refuses pending migrations there', () => {
    const directory = temporaryDirectory();
    const missing = join(directory, 'missing', 'venom.db');
    expect(thrownBy(() => openStore({ path: missing, migrations: {}, readonly: true }))).toMatchObject({
      code: 'STORE_UNAVAILABLE',
    });
    expect(existsSync(dirname(missing))).toBe(false);

    const path = join(directory, 'venom.db');
    const writer = openStore({ path, migrations: { 'event-log': eventLogMigrations } });
    createEventLog(writer).append({ type: 'plan-start' });
    writer.close();

    const reader = open({ path, migrations: { 'event-log': eventLogMigrations }, readonly: true });
    expect(
      createEventLog(reader)
        .list()
        .map((event) => event.type),
    ).toEqual(['plan-start']);
    expect(thrownBy(() => createEventLog(reader).append({ type: 'plan-end' }))).toMatchObject({
      code: 'STORE_UNAVAILABLE',
    });
    const notes: Migration[] = [{ version: 1, name: 'create-notes', up: 'CREATE TABLE notes (text TEXT)' }];
    expect(thrownBy(() => openStore({ path, migrations: { notes }, readonly: true }))).toMatchObject({
      code: 'STORE_SCHEMA_OUTDATED',
      category: 'environment',
    });
  });

  it('supports an in-memory store', () => {
    const store = open({ path: ':memory:', migrations: { 'event-log': eventLogMigrations } });
    expect(store.path).toBe(':memory:');
    expect(createEventLog(store).append({ type: 'plan-start' }).id).toBe(1);
  });
});
