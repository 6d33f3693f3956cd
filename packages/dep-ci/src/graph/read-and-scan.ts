import * as crypto from 'node:crypto';
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type FileScan, scanFile } from '../parse/scan-file.js';

/** One file read and hashed; `scan` is undefined when its hash matched the known one (unchanged). */
export type ScannedFile = [
  path: string,
  size: number,
  mtimeMs: number,
  hash: string,
  scan: FileScan | undefined,
];

/** Reads, hashes and scans files; a file that cannot be read (gone, a directory) is skipped. */
export function readAndScan(
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
      const buffer = readFileSync(descriptor);
      const hash = contentHash(buffer);
      const unchanged = knownHashes.get(file) === hash;
      results.push([
        file,
        stat.size,
        stat.mtimeMs,
        hash,
        unchanged ? undefined : scanFile(file, buffer.toString('utf8')),
      ]);
    } catch {
      // Unreadable: left out, like a file deleted between listing and reading.
    } finally {
      if (descriptor !== undefined) closeSync(descriptor);
    }
  }
  return results;
}

/** SHA-1 of a file's bytes; the one-shot `crypto.hash` (Node 20.12+) skips a Hash object per file. */
function contentHash(buffer: Buffer): string {
  const oneShot = (crypto as { hash?: (algorithm: string, data: Buffer, encoding: string) => string }).hash;
  return oneShot === undefined
    ? crypto.createHash('sha1').update(buffer).digest('base64')
    : oneShot('sha1', buffer, 'base64');
}
