import { chmodSync, closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface WriteFileAtomicOptions {
  /** File mode of the result, e.g. 0o600 for credentials. Default 0o644. */
  mode?: number;
  /** Mode of directories created on the way. Default 0o755 (0o700 when `mode` is 0o600). */
  directoryMode?: number;
}

/**
 * Writes a file so that a reader sees either the old content or the new, never a torn write:
 * the data goes to a temporary file in the same directory, is fsynced, then renamed over the target.
 */
export function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: WriteFileAtomicOptions = {},
): void {
  const mode = options.mode ?? 0o644;
  const directory = dirname(path);
  mkdirSync(directory, { recursive: true, mode: options.directoryMode ?? (mode === 0o600 ? 0o700 : 0o755) });
  // 'wx' below refuses an existing name, so the suffix needs to be unlikely, not unguessable.
  const suffix = `${process.pid}.${Math.random().toString(36).slice(2, 10)}`;
  const temporary = join(directory, `.${basename(path)}.${suffix}.tmp`);
  const descriptor = openSync(temporary, 'wx', mode);
  try {
    writeSync(descriptor, typeof data === 'string' ? Buffer.from(data) : data);
    fsyncSync(descriptor);
  } catch (error) {
    closeSync(descriptor);
    rmSync(temporary, { force: true });
    throw error;
  }
  closeSync(descriptor);
  chmodSync(temporary, mode);
  renameSync(temporary, path);
}
