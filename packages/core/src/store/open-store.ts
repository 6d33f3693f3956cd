import { closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import type Database from 'better-sqlite3';
import { VenomError } from '../errors/index.js';
import { toStoreError } from './to-store-error.js';

/**
 * One step of a namespace's schema. Versions are numbered 1, 2, 3… in order; a step never changes
 * once released. `up` runs inside the store's migration transaction, so it must not BEGIN or COMMIT.
 */
export interface Migration {
  version: number;
  /** Kebab-case description recorded in `schema_migrations`, e.g. `create-events`. */
  name: string;
  up: string | ((database: Database.Database) => void);
}

export interface OpenStoreOptions {
  /** Database file; `':memory:'` for a private in-memory store. Missing parent directories are created 0700. */
  path: string;
  /** Namespace -> its ordered migrations, e.g. `{ 'event-log': eventLogMigrations }`. */
  migrations: Record<string, readonly Migration[]>;
  /** How long to wait for another process's lock before failing with STORE_LOCKED. Default 5000. */
  busyTimeoutMs?: number;
  /** Open without writing: no directory or file is created and pending migrations are an error. */
  readonly?: boolean;
  /** Source of `applied_at` timestamps. Default: the system clock. */
  clock?: () => Date;
}

/** An open SQLite database with every namespace's migrations applied. */
export interface Store {
  readonly database: Database.Database;
  /** Absolute path of the database file, or `':memory:'`. */
  readonly path: string;
  /** Namespace -> applied version, for every namespace recorded in the database. */
  schemaVersions(): Record<string, number>;
  /**
   * Takes and releases the write lock, so a caller can tell up front whether writes would succeed.
   * Throws STORE_LOCKED (after the busy timeout) or STORE_UNAVAILABLE.
   */
  checkWritable(): void;
  close(): void;
}

const DEFAULT_BUSY_TIMEOUT_MS = 5000;
const MEMORY_PATH = ':memory:';

let databaseConstructor: typeof Database | undefined;

/** better-sqlite3 is a native module that costs start-up time, so it loads on the first open. */
function loadDatabaseConstructor(): typeof Database {
  databaseConstructor ??= createRequire(import.meta.url)('better-sqlite3') as typeof Database;
  return databaseConstructor;
}

function assertMigrations(migrations: Record<string, readonly Migration[]>): void {
  for (const [namespace, steps] of Object.entries(migrations)) {
    if (namespace.length === 0) {
      throw new VenomError({
        code: 'STORE_MIGRATIONS_INVALID',
        category: 'internal',
        message: 'a migration namespace is empty; name it after its owner, e.g. "event-log"',
      });
    }
    steps.forEach((step, index) => {
      if (step.version !== index + 1 || step.name.length === 0) {
        throw new VenomError({
          code: 'STORE_MIGRATIONS_INVALID',
          category: 'internal',
          message: `migrations of '${namespace}' must be named and numbered 1, 2, 3… without gaps or duplicates; position ${index + 1} holds version ${step.version} '${step.name}'`,
          details: { namespace, position: index + 1, version: step.version, name: step.name },
        });
      }
    });
  }
}

function readAppliedVersions(database: Database.Database): Map<string, number> {
  const table = database
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
    .get();
  if (table === undefined) return new Map();
  const rows = database
    .prepare<[], { namespace: string; version: number }>(
      'SELECT namespace, MAX(version) AS version FROM schema_migrations GROUP BY namespace',
    )
    .all();
  return new Map(rows.map((row) => [row.namespace, row.version]));
}

/** Throws STORE_SCHEMA_NEWER if any namespace is ahead of the code; returns whether any step is pending. */
function hasPendingMigrations(
  path: string,
  applied: Map<string, number>,
  migrations: Record<string, readonly Migration[]>,
): boolean {
  let pending = false;
  for (const [namespace, steps] of Object.entries(migrations)) {
    const version = applied.get(namespace) ?? 0;
    if (version > steps.length) {
      throw new VenomError({
        code: 'STORE_SCHEMA_NEWER',
        category: 'environment',
        message: `the store at ${path} has '${namespace}' schema version ${version}, newer than the ${steps.length} this venom knows`,
        hint: 'A newer venom wrote this database; upgrade venom to use it. The file was not changed.',
        details: { path, namespace, databaseVersion: version, knownVersion: steps.length },
      });
    }
    if (version < steps.length) pending = true;
  }
  return pending;
}

function migrate(
  database: Database.Database,
  path: string,
  migrations: Record<string, readonly Migration[]>,
  clock: () => Date,
  readonly: boolean,
): void {
  // A read first, so an up-to-date store opens without taking the write lock.
  if (!hasPendingMigrations(path, readAppliedVersions(database), migrations)) return;
  if (readonly) {
    throw new VenomError({
      code: 'STORE_SCHEMA_OUTDATED',
      category: 'environment',
      message: `the store at ${path} has migrations pending and was opened read-only`,
      hint: 'Run any venom command that writes to this store once to upgrade it, then retry.',
      details: { path },
    });
  }
  // BEGIN IMMEDIATE takes the write lock before reading, so of two processes opening a new database
  // at once the second waits, re-reads the versions below and finds nothing left to do.
  database
    .transaction(() => {
      database.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
        namespace TEXT NOT NULL,
        version INTEGER NOT NULL,
        name TEXT NOT NULL,
        applied_at TEXT NOT NULL,
        PRIMARY KEY (namespace, version)
      )`);
      const applied = readAppliedVersions(database);
      hasPendingMigrations(path, applied, migrations);
      const record = database.prepare(
        'INSERT INTO schema_migrations (namespace, version, name, applied_at) VALUES (?, ?, ?, ?)',
      );
      for (const [namespace, steps] of Object.entries(migrations)) {
        for (const step of steps.slice(applied.get(namespace) ?? 0)) {
          if (typeof step.up === 'string') database.exec(step.up);
          else step.up(database);
          record.run(namespace, step.version, step.name, clock().toISOString());
        }
      }
    })
    .immediate();
}

/**
 * Switches a new database to WAL. Two processes creating the same file race here, and SQLite answers
 * SQLITE_BUSY at once (the busy handler is not used for this lock upgrade), so retry until the busy
 * timeout, as any other lock wait would.
 */
function enableWriteAheadLog(database: Database.Database, busyTimeoutMs: number): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let waited = 0; ; waited += 10) {
    try {
      if (database.pragma('journal_mode', { simple: true }) === 'wal') return;
      database.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code !== 'SQLITE_BUSY' || waited >= busyTimeoutMs) throw error;
      Atomics.wait(pause, 0, 0, 10);
    }
  }
}

function configure(database: Database.Database, readonly: boolean, busyTimeoutMs: number): void {
  if (!readonly) {
    enableWriteAheadLog(database, busyTimeoutMs);
    // In WAL mode NORMAL never corrupts the database and keeps every committed transaction across a
    // process crash (kill -9); only a power loss or OS crash can drop the last few commits. FULL would
    // add an fsync to every append, and the event log appends on hot paths.
    database.pragma('synchronous = NORMAL');
  }
  database.pragma('foreign_keys = ON');
}

/**
 * Opens (creating if needed) the SQLite database at `options.path` in WAL mode and applies every
 * pending migration in one `BEGIN IMMEDIATE` transaction.
 *
 * Throws VenomError STORE_LOCKED, STORE_CORRUPT, STORE_UNAVAILABLE, STORE_SCHEMA_NEWER or
 * STORE_SCHEMA_OUTDATED (all `environment`); a broken file is never reset or deleted.
 */
export function openStore(options: OpenStoreOptions): Store {
  assertMigrations(options.migrations);
  const path = options.path === MEMORY_PATH ? MEMORY_PATH : resolve(options.path);
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  const readonly = options.readonly ?? false;
  const context = { path, busyTimeoutMs };

  let database: Database.Database;
  try {
    if (path !== MEMORY_PATH && readonly) {
      // better-sqlite3 reports a missing directory as a bare TypeError; stat names the problem (ENOENT).
      statSync(path);
    } else if (path !== MEMORY_PATH) {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      // Created here so the database (and its -wal/-shm files, which copy its mode) is private.
      closeSync(openSync(path, 'a', 0o600));
    }
    const DatabaseConstructor = loadDatabaseConstructor();
    database = new DatabaseConstructor(path, { readonly, fileMustExist: readonly, timeout: busyTimeoutMs });
  } catch (error) {
    throw toStoreError(error, context);
  }

  try {
    configure(database, readonly, busyTimeoutMs);
    migrate(database, path, options.migrations, options.clock ?? (() => new Date()), readonly);
  } catch (error) {
    database.close();
    throw toStoreError(error, context);
  }

  return {
    database,
    path,
    schemaVersions() {
      try {
        return Object.fromEntries(readAppliedVersions(database));
      } catch (error) {
        throw toStoreError(error, context);
      }
    },
    checkWritable() {
      try {
        database.exec('BEGIN IMMEDIATE');
        database.exec('ROLLBACK');
      } catch (error) {
        throw toStoreError(error, context);
      }
    },
    close() {
      database.close();
    },
  };
}
