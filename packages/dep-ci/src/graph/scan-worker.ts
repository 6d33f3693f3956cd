// Worker entry for parallel cold builds (see scan-in-parallel.ts): claims chunks of files from the
// shared counter, reads, hashes and scans them, resolves them when asked to, posts the results on
// the port it was given, then wakes the waiting main thread. Once it has started, the flag is
// raised whatever happens, so the main thread never waits on a worker that failed.
import { type MessagePort, workerData } from 'node:worker_threads';
import type { ResolvedFile } from './graph-cache.js';

const { root, files, knownHashes, port, shared, allFiles } = workerData as {
  root: string;
  files: string[];
  knownHashes: Map<string, string>;
  port: MessagePort;
  shared: SharedArrayBuffer;
  allFiles: string[] | undefined;
};
const counter = new Int32Array(shared);
const [
  { readAndScanClaimed, SLOT_DONE, SLOT_STATE, STATE_STARTED, STATE_WAITING },
  { createResolver },
  { resolveFile },
] = await Promise.all([
  import('./scan-in-parallel.js'),
  import('../resolve/create-resolver.js'),
  import('./resolve-file.js'),
]);
// Too late when the main thread has already claimed every file and given up on this one.
if (Atomics.compareExchange(counter, SLOT_STATE, STATE_WAITING, STATE_STARTED) === STATE_WAITING) {
  Atomics.notify(counter, SLOT_STATE);
  try {
    const results = readAndScanClaimed(root, files, counter, knownHashes);
    const resolved: [string, ResolvedFile][] = [];
    if (allFiles !== undefined && results.length > 0) {
      const resolver = createResolver(root, new Set(allFiles));
      for (const [file, , , , scan] of results)
        if (scan !== undefined) resolved.push([file, resolveFile(resolver, file, scan)]);
    }
    port.postMessage({ results, resolved });
  } catch (error) {
    port.postMessage({ error: String(error) });
  } finally {
    Atomics.store(counter, SLOT_DONE, 1);
    Atomics.notify(counter, SLOT_DONE);
  }
}
