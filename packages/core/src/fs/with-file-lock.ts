import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { VenomError } from '../errors/index.js';

/** Options of {@link withFileLock}. */
export interface FileLockOptions {
  /** Give up after this long, with FILE_LOCKED. Default 10 s. */
  timeoutMs?: number;
  /** A lock older than this whose holder cannot be checked is taken over. Default 60 s. */
  staleMs?: number;
}

function holderIsGone(lockPath: string, staleMs: number): boolean {
  let pid: number;
  let age: number;
  try {
    pid = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
    age = Date.now() - statSync(lockPath).mtimeMs;
  } catch {
    // Released between our attempt and this look: try again at once.
    return true;
  }
  if (Number.isInteger(pid) && pid > 0) {
    try {
      process.kill(pid, 0);
      return false;
    } catch (error) {
      // EPERM: alive, but another user's. ESRCH: the holder died without releasing.
      return (error as NodeJS.ErrnoException).code === 'ESRCH';
    }
  }
  // Written by nobody we can check (empty or garbage): trust it only while it is young.
  return age > staleMs;
}

/**
 * Runs `action` while holding `<path>.lock`, a file created exclusively that holds our pid, so that
 * read-modify-write cycles of `path` by several processes (two `config set` at once) do not lose
 * each other's changes. A lock left by a process that died is taken over; after `timeoutMs` of
 * waiting, throws FILE_LOCKED (environment) naming the holder. (Two waiters that both find the same
 * dead holder's lock within microseconds could both take it over; a holder dying is rare enough, and
 * the window small enough, that this is accepted.)
 */
export async function withFileLock<T>(
  path: string,
  action: () => Promise<T> | T,
  options: FileLockOptions = {},
): Promise<T> {
  const lockPath = `${path}.lock`;
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  const staleMs = options.staleMs ?? 60_000;
  mkdirSync(dirname(lockPath), { recursive: true });
  let wait = 2;
  for (;;) {
    let descriptor: number | undefined;
    try {
      descriptor = openSync(lockPath, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (descriptor !== undefined) {
      try {
        writeSync(descriptor, String(process.pid));
      } finally {
        closeSync(descriptor);
      }
      try {
        return await action();
      } finally {
        rmSync(lockPath, { force: true });
      }
    }
    if (holderIsGone(lockPath, staleMs)) {
      rmSync(lockPath, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      let holder = 'another process';
      try {
        holder = `process ${readFileSync(lockPath, 'utf8').trim()}`;
      } catch {
        // Gone meanwhile; the message stays general.
      }
      throw new VenomError({
        code: 'FILE_LOCKED',
        category: 'environment',
        message: `${path} is being changed by ${holder}`,
        hint: `Try again; if no such process runs, remove ${lockPath}.`,
        details: { file: path, lock: lockPath },
      });
    }
    await new Promise((resolve) => setTimeout(resolve, wait));
    wait = Math.min(wait * 2, 50);
  }
}
