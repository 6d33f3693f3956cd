// Worker entry for parallel cold builds (see scan-in-parallel.ts): reads, hashes and scans its share
// of the files, posts the results on the port it was given, then wakes the waiting main thread. The
// flag is raised whatever happens, so the main thread never waits on a worker that failed.
import { type MessagePort, workerData } from 'node:worker_threads';

const { root, files, knownHashes, port, signal } = workerData as {
  root: string;
  files: string[];
  knownHashes: Map<string, string>;
  port: MessagePort;
  signal: SharedArrayBuffer;
};
const flag = new Int32Array(signal);
try {
  const { readAndScan } = await import('./read-and-scan.js');
  port.postMessage({ results: readAndScan(root, files, knownHashes) });
} catch (error) {
  port.postMessage({ error: String(error) });
} finally {
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}
