import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { FileScan } from '../parse/scan-file.js';
import type { ResolvedFile } from './graph-cache.js';
import { nativeScanner } from './native-scan.js';
import { readAndScan, readAndScanInJavaScript, type ScannedFile } from './read-and-scan.js';

/** Below this many files a worker's start-up (~30 ms) costs more than it saves. */
const PARALLEL_THRESHOLD = 1500;

/** Files a thread claims at a time: small enough that both threads finish together. */
export const CHUNK_FILES = 32;

/** Slots of the shared Int32Array both threads coordinate through. */
export const SLOT_DONE = 0;
/** Index of the next unclaimed file. */
export const SLOT_NEXT = 1;
/** 0 until the worker starts claiming (it sets 1) or the caller gives up on it (sets 2). */
export const SLOT_STATE = 2;
export const STATE_WAITING = 0;
export const STATE_STARTED = 1;
export const STATE_CANCELLED = 2;

/** What the worker thread posts back. */
export interface WorkerReply {
  results?: ScannedFile[];
  resolved?: [file: string, resolved: ResolvedFile][];
  error?: string;
}

/** Resolution to run in each thread right after its scanning, on the files it scanned. */
export interface ThreadResolution {
  /** Every file of the repo (the worker builds its own resolver over them). */
  allFiles: readonly string[];
  /**
   * Resolves one file on the calling thread. A native scan (PackedScan) here was given `allFiles`,
   * so the relative specifiers it resolved index that list.
   */
  resolve(file: string, scan: FileScan): ResolvedFile;
}

/** What {@link scanInParallel} produced. */
export interface ParallelScan {
  results: ScannedFile[];
  /** Files resolved already (with a `resolution`), by path. */
  resolved: Map<string, ResolvedFile>;
  threads: number;
}

/** Reads and scans the files of `files` that a shared counter hands out, chunk by chunk. */
export function readAndScanClaimed(
  root: string,
  files: readonly string[],
  counter: Int32Array,
  knownHashes: ReadonlyMap<string, string>,
): ScannedFile[] {
  const results: ScannedFile[] = [];
  for (;;) {
    const start = Atomics.add(counter, SLOT_NEXT, CHUNK_FILES);
    if (start >= files.length) return results;
    for (const scanned of readAndScan(root, files.slice(start, start + CHUNK_FILES), knownHashes))
      results.push(scanned);
  }
}

/**
 * Reads, hashes and scans files on the calling thread and one worker thread at once (the machines
 * this runs on have 2 cores), synchronously: both claim chunks of 32 files from a shared counter,
 * so they finish together whatever the files cost, then (with `resolution`) each resolves what it
 * scanned, and the caller blocks on an Atomics flag until the worker has posted its part. A worker
 * that has not started by the time the caller ran out of files is cancelled, not waited for; one
 * that fails has its share redone here. With the native scanner loaded no worker starts: it reads,
 * hashes and scans on native threads already.
 */
export function scanInParallel(
  root: string,
  files: readonly string[],
  workers: number,
  knownHashes: ReadonlyMap<string, string> = new Map(),
  resolution?: ThreadResolution,
  /** Wait for the worker to start instead of cancelling it when this thread ran out of files first (tests). */
  waitForWorker = false,
): ParallelScan {
  const resolveHere = (results: readonly ScannedFile[], into: Map<string, ResolvedFile>): void => {
    if (resolution === undefined) return;
    for (const [file, , , , scan] of results)
      if (scan !== undefined) into.set(file, resolution.resolve(file, scan));
  };
  const alone = (): ParallelScan => {
    const native = nativeScanner();
    if (native !== undefined) {
      // Each batch is resolved here while the native threads read the next.
      const results: ScannedFile[] = [];
      const resolved = new Map<string, ResolvedFile>();
      const take = (batch: ScannedFile[]): void => {
        for (const scanned of batch) results.push(scanned);
        resolveHere(batch, resolved);
      };
      const handed = native.readAndScanInBatches(root, files, knownHashes, take, resolution?.allFiles);
      if (handed < files.length) take(readAndScanInJavaScript(root, files.slice(handed), knownHashes));
      return { results, resolved, threads: 1 };
    }
    const results = readAndScan(root, files, knownHashes);
    const resolved = new Map<string, ResolvedFile>();
    resolveHere(results, resolved);
    return { results, resolved, threads: 1 };
  };
  // The native scanner reads on threads of its own: a worker would only add its start-up (unless a
  // test asks for one).
  if (workers < 1 || files.length < PARALLEL_THRESHOLD || (nativeScanner() !== undefined && !waitForWorker))
    return alone();
  const workerUrl = new URL('./scan-worker.js', import.meta.url);
  if (!existsSync(fileURLToPath(workerUrl))) return alone();
  const shared = new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT);
  const counter = new Int32Array(shared);
  const { port1, port2 } = new MessageChannel();
  let worker: Worker;
  try {
    worker = new Worker(workerUrl, {
      // Not the parent's flags: `--input-type`, `--eval` and the like make a file entry fail to load.
      execArgv: [],
      workerData: {
        root,
        files,
        port: port2,
        shared,
        knownHashes,
        allFiles: resolution?.allFiles,
      },
      transferList: [port2],
    });
  } catch {
    return alone();
  }
  // An error after the flag (or one the flag already covers) must not crash the caller.
  worker.on('error', () => undefined);
  if (waitForWorker) Atomics.wait(counter, SLOT_STATE, STATE_WAITING, 10_000);
  const results = readAndScanClaimed(root, files, counter, knownHashes);
  const resolved = new Map<string, ResolvedFile>();
  const started =
    Atomics.compareExchange(counter, SLOT_STATE, STATE_WAITING, STATE_CANCELLED) !== STATE_WAITING;
  resolveHere(results, resolved);
  let reply: WorkerReply | undefined;
  if (started) {
    // The worker raises the flag whatever happens once it runs; the timeout guards against a
    // thread that hangs (its share is then redone here).
    Atomics.wait(counter, SLOT_DONE, 0, 60_000);
    reply = receiveMessageOnPort(port1)?.message as WorkerReply | undefined;
  }
  port1.close();
  void worker.terminate();
  if (reply?.results === undefined) {
    if (!started) return { results, resolved, threads: 1 };
    // The worker failed: whatever the caller did not scan is done here now.
    const done = new Set(results.map(([file]) => file));
    const rest = readAndScan(
      root,
      files.filter((file) => !done.has(file)),
      knownHashes,
    );
    resolveHere(rest, resolved);
    return { results: [...results, ...rest], resolved, threads: 1 };
  }
  for (const [file, resolvedFile] of reply.resolved ?? []) resolved.set(file, resolvedFile);
  for (const scanned of reply.results) results.push(scanned);
  return { results, resolved, threads: 2 };
}
