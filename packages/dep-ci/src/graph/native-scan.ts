import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type FileScan, scanFile } from '../parse/scan-file.js';
import type { ScanProblem, UnresolvedSpecifier } from '../parse/scan-imports.js';
import { NONE, PackedScan } from './packed-scan.js';
import type { ScannedFile } from './read-and-scan.js';

/** What the addon (native/scan.cc) returns for one call; the layout is its OUTPUT_FORMAT. */
interface NativeOutput {
  /** NUL-terminated strings: per file its hash, then its unresolved expressions. */
  text: string;
  /** NUL-terminated specifiers met for the first time in this job, in the order of their numbers. */
  specifiers: string;
  /** Per file: status (0 skipped, 1 scanned, 2 bytes for JavaScript), then the scan's counts and flags. */
  numbers: Int32Array;
  /** Per file read: size, mtime seconds, mtime nanoseconds. */
  doubles: Float64Array;
  /** The bytes of each status-2 file, in order. */
  buffers: Buffer[];
}

interface NativeAddon {
  format: number;
  /**
   * Starts reading the files (NUL-joined lists, paths relative to root) on native threads; returns
   * the job. With `repoFiles` (NUL-joined), relative specifiers are resolved against them too.
   */
  startScan(root: string, paths: string, names: string, threads: number, repoFiles?: string): object;
  /** The results of the files from the last take up to `end`, once the threads have them. */
  takeScan(job: object, end: number): NativeOutput;
  /** The content hash a scan records (util/content-hash.ts), for the tests. */
  contentHash(data: Buffer): string;
  /** Size, mtime seconds and nanoseconds per path (NUL-joined), -1 for one that is not a regular file. */
  statFiles(root: string, paths: string, threads: number): Float64Array;
}

/** The output layout this file decodes (native/scan.cc OUTPUT_FORMAT). */
const OUTPUT_FORMAT = 9;

const STATUS_SCANNED = 1;
const STATUS_BYTES = 2;
const PROBLEMS: readonly string[] = [
  'unterminated string literal',
  'unterminated template literal',
  'unterminated comment',
  "unbalanced braces (missing '}')",
  "unbalanced braces (extra '}')",
];

/** The addon, where the bundle and tsc both put it (dist/native), and from src/ under vitest. */
const ADDON_LOCATIONS = ['../native/dep-ci-scan.node', '../../dist/native/dep-ci-scan.node'];

/** A path segment `join` would rewrite (`.`, `..`, an empty one) or a leading `/`. */
const UNNORMAL_PATH = /(?:^|\/)\.{1,2}(?:\/|$)|\/\/|^\//;

/** Files per batch of {@link NativeScanner.readAndScanInBatches}. */
const BATCH_FILES = 256;

/** The native reader and scanner (see docs/decisions/2026-11-22-dep-ci-native-scanner.md). */
export interface NativeScanner {
  /** The addon's content hash (tests hold it to util/content-hash.ts). */
  contentHash(data: Buffer): string;
  /** Native threads that read, hash and scan. */
  threads: number;
  /**
   * What readAndScan returns for these files, read, hashed and (TS/JS) scanned on native threads;
   * other files are scanned here from the bytes the addon read. Undefined when the addon failed.
   */
  readAndScan(
    root: string,
    files: readonly string[],
    knownHashes: ReadonlyMap<string, string>,
  ): ScannedFile[] | undefined;
  /**
   * The same results, handed to `onBatch` a batch at a time in list order as the native threads
   * finish them, so the caller can work on one batch while they read the next. Returns how many
   * files it handed over: fewer than `files.length` when the addon failed, and the caller reads the
   * rest itself.
   */
  readAndScanInBatches(
    root: string,
    files: readonly string[],
    knownHashes: ReadonlyMap<string, string>,
    onBatch: (batch: ScannedFile[]) => void,
    /**
     * Every file of the repo: relative specifiers are resolved against them on the native threads
     * too, and each scan (a PackedScan) carries its targets (indexes into this list).
     */
    repoFiles?: readonly string[],
  ): number;
  /**
   * Size and mtimeMs (as `statSync` gives them) of each file, two numbers per file in list order,
   * on native threads; size -1 for a file that is not a regular file or cannot be stat-ed.
   * Undefined when the addon failed.
   */
  statFiles(root: string, files: readonly string[]): Float64Array | undefined;
}

let loaded: { scanner: NativeScanner | undefined } | undefined;

/**
 * The native scanner, or undefined when the addon is not built, does not load, or
 * `DEP_CI_NATIVE=0` asks for the JavaScript path. Loaded once per thread.
 */
export function nativeScanner(): NativeScanner | undefined {
  loaded ??= { scanner: loadNativeScanner() };
  return loaded.scanner;
}

function loadNativeScanner(): NativeScanner | undefined {
  // The one switch dep-ci reads from the environment outside src/cli: it must reach every entry
  // (CLI, daemon, library callers, the benchmark) without an option threaded through each.
  if (process.env.DEP_CI_NATIVE === '0') return undefined;
  const require = createRequire(import.meta.url);
  for (const location of ADDON_LOCATIONS) {
    let addon: NativeAddon;
    try {
      addon = require(fileURLToPath(new URL(location, import.meta.url))) as NativeAddon;
    } catch {
      continue; // not built here, or built for another Node
    }
    if (addon.format !== OUTPUT_FORMAT || typeof addon.startScan !== 'function') return undefined;
    return createNativeScanner(addon, Math.min(4, Math.max(2, availableParallelism())));
  }
  return undefined;
}

/**
 * The paths the addon opens for `files`: relative to the root, except where `join` would rewrite
 * the path first (then the absolute path `join` names); empty (skipped) for one holding a NUL,
 * which cannot reach open(2) (openSync throws on it).
 */
function openablePaths(root: string, files: readonly string[]): string[] {
  return files.map((file) =>
    file.includes('\0') ? '' : UNNORMAL_PATH.test(file) ? resolve(join(root, file)) : file,
  );
}

function createNativeScanner(addon: NativeAddon, threads: number): NativeScanner {
  const inBatches = (
    root: string,
    files: readonly string[],
    knownHashes: ReadonlyMap<string, string>,
    batchFiles: number,
    onBatch: (batch: ScannedFile[]) => void,
    repoFiles?: readonly string[],
  ): number => {
    if (files.length === 0) return 0;
    const names = files.map((file) => (file.includes('\0') ? '' : file));
    const paths = openablePaths(root, files);
    let job: object;
    try {
      job = addon.startScan(root, paths.join('\0'), names.join('\0'), threads, repoFiles?.join('\0'));
    } catch {
      return 0;
    }
    /** The job's distinct specifiers by number (see PackedScan). */
    const specifiers: string[] = [];
    let begin = 0;
    while (begin < files.length) {
      const end = Math.min(files.length, begin + batchFiles);
      let output: NativeOutput;
      try {
        output = addon.takeScan(job, end);
      } catch {
        return begin;
      }
      if (output.specifiers !== '') {
        const added = output.specifiers.split('\0');
        for (let index = 0; index < added.length - 1; index++) specifiers.push(added[index] as string);
      }
      onBatch(decodeOutput(output, files, begin, end, knownHashes, specifiers));
      begin = end;
    }
    return files.length;
  };
  return {
    contentHash: (data) => addon.contentHash(data),
    threads,
    readAndScan(root, files, knownHashes) {
      let results: ScannedFile[] = [];
      const handed = inBatches(root, files, knownHashes, files.length, (batch) => {
        results = batch;
      });
      return handed === files.length ? results : undefined;
    },
    readAndScanInBatches(root, files, knownHashes, onBatch, repoFiles) {
      return inBatches(root, files, knownHashes, BATCH_FILES, onBatch, repoFiles);
    },
    statFiles(root, files) {
      let raw: Float64Array;
      try {
        raw = addon.statFiles(root, openablePaths(root, files).join('\0'), threads);
      } catch {
        return undefined;
      }
      const stats = new Float64Array(files.length * 2);
      for (let index = 0; index < files.length; index++) {
        const size = raw[index * 3] as number;
        stats[index * 2] = size;
        // As Node computes Stats#mtimeMs from the same two numbers.
        stats[index * 2 + 1] =
          size < 0 ? -1 : (raw[index * 3 + 1] as number) * 1e3 + (raw[index * 3 + 2] as number) / 1e6;
      }
      return stats;
    },
  };
}

/** Turns the addon's output into ScannedFile tuples equal to what the JavaScript path builds. */
function decodeOutput(
  output: NativeOutput,
  files: readonly string[],
  begin: number,
  end: number,
  knownHashes: ReadonlyMap<string, string>,
  specifiers: readonly string[],
): ScannedFile[] {
  const { numbers, doubles, buffers } = output;
  const strings = output.text.split('\0');
  let number = 0;
  let double = 0;
  let string = 0;
  let buffer = 0;
  const results: ScannedFile[] = [];
  for (let fileIndex = begin; fileIndex < end; fileIndex++) {
    const file = files[fileIndex] as string;
    const status = numbers[number++] as number;
    if (status !== STATUS_SCANNED && status !== STATUS_BYTES) continue;
    const size = doubles[double++] as number;
    const seconds = doubles[double++] as number;
    const nanoseconds = doubles[double++] as number;
    // As Node computes Stats#mtimeMs from the same two numbers.
    const mtimeMs = seconds * 1e3 + nanoseconds / 1e6;
    const hash = strings[string++] as string;
    const unchanged = knownHashes.get(file) === hash;
    if (status === STATUS_BYTES) {
      const bytes = buffers[buffer++] as Buffer;
      let scan: FileScan | undefined;
      if (!unchanged) {
        try {
          scan = scanFile(file, bytes);
        } catch {
          continue; // as the JavaScript path leaves out a file it cannot scan
        }
      }
      results.push([file, size, mtimeMs, hash, scan]);
      continue;
    }
    const importCount = numbers[number++] as number;
    const recordOffset = number;
    number += 3 * importCount;
    const unresolvedCount = numbers[number++] as number;
    let unresolved: UnresolvedSpecifier[] = NONE;
    if (unresolvedCount > 0) {
      unresolved = new Array(unresolvedCount);
      for (let index = 0; index < unresolvedCount; index++) {
        const line = numbers[number++] as number;
        unresolved[index] = { expression: strings[string++] as string, line };
      }
    }
    const problemCount = numbers[number++] as number;
    let problems: ScanProblem[] = NONE;
    if (problemCount > 0) {
      problems = new Array(problemCount);
      for (let index = 0; index < problemCount; index++) {
        const message = PROBLEMS[numbers[number++] as number] as string;
        problems[index] = { message, line: numbers[number++] as number };
      }
    }
    results.push([
      file,
      size,
      mtimeMs,
      hash,
      unchanged
        ? undefined
        : new PackedScan(importCount, numbers, recordOffset, specifiers, unresolved, problems),
    ]);
  }
  return results;
}
