import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { VenomError } from '../errors/index.js';

/** Where a store failure happened, for the message and the hint. */
export interface StoreErrorContext {
  path: string;
  busyTimeoutMs: number;
}

const corruptCodes = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT']);
const unavailableCodes = new Set([
  'SQLITE_CANTOPEN',
  'SQLITE_READONLY',
  'SQLITE_PERM',
  'SQLITE_IOERR',
  'SQLITE_FULL',
]);
const unavailableSystemCodes = new Set([
  'EACCES',
  'EPERM',
  'EROFS',
  'ENOTDIR',
  'EISDIR',
  'ENOENT',
  'ENOSPC',
  'EEXIST',
]);

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** `SQLITE_IOERR_SHORT_READ` -> `SQLITE_IOERR`: the primary result code decides the category. */
function primaryCode(code: string): string {
  const match = /^SQLITE_[A-Z]+/.exec(code);
  return match ? match[0] : code;
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** The exact command that moves a broken database and its WAL side files out of the way. */
export function moveAsideCommand(path: string): string {
  const files = [path, ...[`${path}-wal`, `${path}-shm`].filter((file) => existsSync(file))];
  return files.map((file) => `mv ${shellQuote(file)} ${shellQuote(`${file}.corrupt`)}`).join(' && ');
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Translates a failure of better-sqlite3 or of preparing the store's directory into a VenomError
 * that names the database path and the next step. Anything it does not recognise (a bug such as
 * bad SQL) is returned unchanged so that it keeps its stack and type.
 */
export function toStoreError(error: unknown, context: StoreErrorContext): unknown {
  if (VenomError.isInstance(error)) return error;
  const code = errorCode(error);
  if (code === undefined) return error;
  const { path } = context;
  const primary = primaryCode(code);

  if (primary === 'SQLITE_BUSY' || primary === 'SQLITE_LOCKED') {
    return new VenomError({
      code: 'STORE_LOCKED',
      category: 'environment',
      message: `the store at ${path} stayed locked by another process for ${context.busyTimeoutMs} ms`,
      hint: `another process is writing ${path}; retry, or find it with 'fuser ${path}'`,
      details: { path, sqliteCode: code, busyTimeoutMs: context.busyTimeoutMs },
      cause: error,
    });
  }
  if (corruptCodes.has(primary)) {
    return new VenomError({
      code: 'STORE_CORRUPT',
      category: 'environment',
      message: `the store at ${path} is not a readable SQLite database (${code}: ${describe(error)})`,
      hint: `The file was left untouched. To start fresh, move it aside with: ${moveAsideCommand(path)}; or restore ${path} from a backup.`,
      details: { path, sqliteCode: code },
      cause: error,
    });
  }
  if (unavailableCodes.has(primary) || unavailableSystemCodes.has(code)) {
    return new VenomError({
      code: 'STORE_UNAVAILABLE',
      category: 'environment',
      message: `cannot open or write the store at ${path} (${code}: ${describe(error)})`,
      hint:
        code === 'ENOENT'
          ? `${path} does not exist yet; check the path, or run a venom command that writes to it first.`
          : `Check that ${dirname(path)} is a directory you can write to and that the disk has space, or choose another location.`,
      details: code.startsWith('SQLITE_') ? { path, sqliteCode: code } : { path, systemCode: code },
      cause: error,
    });
  }
  return error;
}
