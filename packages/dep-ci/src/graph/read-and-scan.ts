import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { type FileScan, scanFile } from '../parse/scan-file.js';
import { contentHash } from '../util/content-hash.js';
import { nativeScanner } from './native-scan.js';

/** One file read and hashed; `scan` is undefined when its hash matched the known one (unchanged). */
export type ScannedFile = [
  path: string,
  size: number,
  mtimeMs: number,
  hash: string,
  scan: FileScan | undefined,
];

/** Reused between files (and grown for a larger one): one allocation instead of one per file. */
let shared = Buffer.allocUnsafe(1 << 20);

/**
 * The whole file in `shared`: one `read` for the size `fstat` gave (one more byte is asked for, so
 * a file that grew since is read on to its end), instead of readFileSync's own `fstat` and the
 * second `read` that meets the end.
 */
function readWhole(descriptor: number, size: number): Buffer {
  if (shared.length < size + 1) shared = Buffer.allocUnsafe(Math.max(size + 1, shared.length * 2));
  let length = 0;
  for (;;) {
    const count = readSync(descriptor, shared, length, shared.length - length, null);
    length += count;
    if (count === 0 || length < shared.length) break;
    const grown = Buffer.allocUnsafe(shared.length * 2);
    shared.copy(grown, 0, 0, length);
    shared = grown;
  }
  return shared.subarray(0, length);
}

/**
 * Reads, hashes and scans files; a file that cannot be read (gone, a directory) is skipped. Uses the
 * native addon (native-scan.ts) when it is built and loads, else {@link readAndScanInJavaScript};
 * both return equal results.
 */
export function readAndScan(
  root: string,
  files: readonly string[],
  knownHashes: ReadonlyMap<string, string> = new Map(),
): ScannedFile[] {
  return (
    nativeScanner()?.readAndScan(root, files, knownHashes) ??
    readAndScanInJavaScript(root, files, knownHashes)
  );
}

/** {@link readAndScan} on this thread in JavaScript (what the native path must equal). */
export function readAndScanInJavaScript(
  root: string,
  files: readonly string[],
  knownHashes: ReadonlyMap<string, string> = new Map(),
): ScannedFile[] {
  const results: ScannedFile[] = [];
  for (const file of files) {
    let descriptor: number | undefined;
    try {
      descriptor = openSync(join(root, file), 'r');
      const stat = fstatSync(descriptor);
      if (!stat.isFile()) continue;
      const buffer = readWhole(descriptor, stat.size);
      const hash = contentHash(buffer);
      const unchanged = knownHashes.get(file) === hash;
      results.push([file, stat.size, stat.mtimeMs, hash, unchanged ? undefined : scanFile(file, buffer)]);
    } catch {
      // Unreadable: left out, like a file deleted between listing and reading.
    } finally {
      if (descriptor !== undefined) closeSync(descriptor);
    }
  }
  return results;
}
