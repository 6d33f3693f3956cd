import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { readAndScan, type ScannedFile } from './read-and-scan.js';

/** Below this many files a worker's start-up (~30 ms) costs more than it saves. */
const PARALLEL_THRESHOLD = 1500;

/**
 * Reads and scans files on the calling thread and one worker thread at once (the machines this
 * runs on have 2 cores), synchronously: the caller blocks on an Atomics flag until the worker is
 * done. Falls back to the calling thread alone for small inputs or when the worker cannot start.
 */
export function scanInParallel(
  root: string,
  files: readonly string[],
  workers: number,
  knownHashes: ReadonlyMap<string, string> = new Map(),
): { results: ScannedFile[]; threads: number } {
  const alone = (): { results: ScannedFile[]; threads: number } => ({
    results: readAndScan(root, files, knownHashes),
    threads: 1,
  });
  if (workers < 1 || files.length < PARALLEL_THRESHOLD) return alone();
  // Interleave so both halves get a similar mix of small and large files.
  const mine = files.filter((_, index) => index % 2 === 0);
  const theirs = files.filter((_, index) => index % 2 === 1);
  const theirsSet = new Set(theirs);
  const signal = new SharedArrayBuffer(4);
  const flag = new Int32Array(signal);
  const { port1, port2 } = new MessageChannel();
  const workerUrl = new URL('./scan-worker.js', import.meta.url);
  if (!existsSync(fileURLToPath(workerUrl))) return alone();
  let worker: Worker;
  try {
    worker = new Worker(workerUrl, {
      // Not the parent's flags: `--input-type`, `--eval` and the like make a file entry fail to load.
      execArgv: [],
      workerData: {
        root,
        files: theirs,
        port: port2,
        signal,
        knownHashes: new Map([...knownHashes].filter(([file]) => theirsSet.has(file))),
      },
      transferList: [port2],
    });
  } catch {
    return alone();
  }
  // An error after the flag (or one the flag already covers) must not crash the caller.
  worker.on('error', () => undefined);
  const results = readAndScan(root, mine, knownHashes);
  // The worker raises the flag whatever happens; the timeout only guards against a thread that
  // never started (then its share is done here).
  Atomics.wait(flag, 0, 0, 60_000);
  const message = receiveMessageOnPort(port1)?.message as { results?: ScannedFile[] } | undefined;
  port1.close();
  void worker.terminate();
  if (message?.results === undefined)
    return { results: [...results, ...readAndScan(root, theirs, knownHashes)], threads: 1 };
  return { results: [...results, ...message.results], threads: 2 };
}
