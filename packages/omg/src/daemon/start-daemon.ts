import { closeSync, constants, type FSWatcher, openSync, watch, writeSync } from 'node:fs';
import { chmod, lstat, mkdir, readdir, readFile, rmdir, stat, unlink } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { VenomError, writeFileAtomic } from '@venom/core';
import type { RefreshReport } from '../index/open-package-index.js';
import type { PackageService } from '../query/create-package-service.js';
import { handleRpcLine } from './handle-json-rpc.js';

/** Longest request line accepted; a client that sends more without a newline is disconnected. */
const maximumLineBytes = 1024 * 1024;
/** A connection idle this long is closed. */
const idleTimeoutMs = 30_000;
/** Reply buffers kept for reuse, their smallest and largest sizes. */
const pooledReplies = 4;
const pooledReplyMinimum = 64 * 1024;
const pooledReplyMaximum = 4 * 1024 * 1024;
/** A start lock older than this was left by a crashed starter and is removed. */
const staleLockMs = 10_000;
/** Status files of raw replies (see handle-json-rpc.ts) untouched this long are removed... */
const staleStatusFileMs = 10 * 60_000;
/** ...by a sweep of the socket directory at most this often, when a status file is written. */
const statusSweepIntervalMs = 60_000;

/** What {@link startDaemon} needs; the CLI entry (omgd) passes process-level facts in. */
export interface StartDaemonOptions {
  socketFile: string;
  pidFile: string;
  pid: number;
  /** The daemon's user: the socket directory must belong to it (and be private). */
  uid: number;
  /** The system root the daemon serves (shown by `status`). */
  root: string;
  /** Opens and refreshes the index; called once at start. */
  openService(): Promise<PackageService>;
  /** Directories whose changes trigger a reload (apt lists, dpkg). */
  watchDirectories: string[];
  log(message: string): void;
  memoryUsage(): number;
  now(): number;
}

/** A running omgd. */
export interface RunningDaemon {
  readonly socketFile: string;
  /** Re-reads changed sources (SIGHUP, source change). */
  reload(): Promise<RefreshReport>;
  /** Stops accepting, closes connections, removes the socket and PID file. */
  stop(): Promise<void>;
  /** Resolves when the daemon has stopped. */
  readonly stopped: Promise<void>;
}

/**
 * Builds the search table (resident: trigrams, ranks, pre-rendered output) and runs both query
 * paths a few times (short term: scan; longer: trigrams; both raw formats), so the first real
 * queries neither build it nor run unoptimized code. Nothing is kept: no results are cached.
 */
function warmUp(service: PackageService): void {
  service.search(['a'], { limit: 1 });
  for (let round = 0; round < 5; round += 1) {
    for (const format of ['text', 'json'] as const)
      service.searchRendered(['lib'], {}, format, (count) => `ok ${count}\n`);
    service.search(['lib', 'dev'], { limit: 5 });
  }
}

async function socketAnswers(socketFile: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(socketFile);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function acquireStartLock(lockDirectory: string, now: () => number): Promise<() => Promise<void>> {
  const deadline = now() + 5_000;
  for (;;) {
    try {
      await mkdir(lockDirectory);
      return async () => {
        await rmdir(lockDirectory).catch(() => undefined);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const info = await stat(lockDirectory).catch(() => undefined);
      if (info !== undefined && now() - info.mtimeMs > staleLockMs) {
        await rmdir(lockDirectory).catch(() => undefined);
        continue;
      }
      if (now() > deadline) {
        throw new VenomError({
          code: 'DAEMON_START_LOCKED',
          category: 'environment',
          message: `${lockDirectory}: another omgd is starting`,
          hint: `Wait a moment and run 'omg daemon status'; remove ${lockDirectory} if no omgd is running.`,
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/**
 * The socket directory must be the daemon user's own and closed to others: in a shared /tmp
 * (no XDG_RUNTIME_DIR), a directory someone else created first could hold a fake socket, or
 * symlinks where the daemon writes status files.
 */
async function assertPrivateDirectory(directory: string, uid: number): Promise<void> {
  const info = await lstat(directory);
  const problem = !info.isDirectory()
    ? 'is not a directory (or is a symbolic link)'
    : info.uid !== uid
      ? `belongs to uid ${info.uid}, not ${uid}`
      : (info.mode & 0o077) !== 0
        ? `is open to other users (mode ${(info.mode & 0o777).toString(8)})`
        : undefined;
  if (problem === undefined) return;
  throw new VenomError({
    code: 'DAEMON_DIRECTORY_UNSAFE',
    category: 'environment',
    message: `omgd's socket directory ${directory} ${problem}`,
    hint: 'Set XDG_RUNTIME_DIR to your private runtime directory, or OMG_SOCKET to a socket in a directory only you can write; or remove that directory if it is yours.',
    details: { directory },
  });
}

/**
 * Starts omgd: takes the start lock, refuses when a daemon already answers on the socket, removes a
 * stale socket left by a crashed daemon, listens (socket 0600 in a 0700 directory), writes the PID
 * file, and answers newline-delimited JSON-RPC 2.0 (see handle-json-rpc.ts).
 */
export async function startDaemon(options: StartDaemonOptions): Promise<RunningDaemon> {
  const directory = options.socketFile.slice(0, options.socketFile.lastIndexOf('/')) || '/';
  await mkdir(directory, { recursive: true, mode: 0o700 });
  await assertPrivateDirectory(directory, options.uid);
  const releaseLock = await acquireStartLock(`${options.socketFile}.lock`, options.now);
  let server: Server;
  let service: PackageService;
  try {
    if (await socketAnswers(options.socketFile)) {
      const pid = await readFile(options.pidFile, 'utf8').catch(() => '?');
      throw new VenomError({
        code: 'DAEMON_RUNNING',
        category: 'environment',
        message: `omgd is already running (pid ${pid.trim()}) on ${options.socketFile}`,
        hint: "Use 'omg daemon status', or 'omg daemon stop' first.",
        details: { socket: options.socketFile },
      });
    }
    await unlink(options.socketFile).catch(() => undefined);
    service = await options.openService();
    warmUp(service);
    server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.socketFile, () => {
        server.off('error', reject);
        resolve();
      });
    });
    await chmod(options.socketFile, 0o600);
    writeFileAtomic(options.pidFile, `${options.pid}\n`, { mode: 0o600 });
  } finally {
    await releaseLock();
  }
  const startedAt = options.now();
  const connections = new Set<Socket>();
  let lastReload: RefreshReport | undefined;
  let reloading: Promise<RefreshReport> | undefined;

  async function reload(): Promise<RefreshReport> {
    if (reloading !== undefined) return reloading;
    reloading = (async () => {
      try {
        const report = await service.refresh();
        lastReload = report;
        if (report.rebuilt.length > 0 || report.removed.length > 0) {
          warmUp(service);
          options.log(`reloaded: ${report.rebuilt.length} sources re-read, ${report.removed.length} removed`);
        }
        for (const failure of report.failed) options.log(`source failed: ${failure.message}`);
        return report;
      } finally {
        reloading = undefined;
      }
    })();
    return reloading;
  }

  // Rendered search replies are written into pooled buffers, taken back when their connection
  // closes: a fresh ~0.5 MB buffer per query (a term with thousands of hits) would make V8 start a
  // full collection every few dozen queries for the external memory alone.
  const replyPool: Buffer[] = [];
  const repliesInUse = new Map<ArrayBufferLike, Buffer>();
  function allocateReply(size: number): Buffer {
    const index = replyPool.findIndex((buffer) => buffer.length >= size);
    const buffer =
      index >= 0
        ? (replyPool.splice(index, 1)[0] as Buffer)
        : Buffer.allocUnsafeSlow(Math.max(pooledReplyMinimum, 2 ** Math.ceil(Math.log2(size))));
    repliesInUse.set(buffer.buffer, buffer);
    return buffer;
  }
  function releaseReply(reply: string | Buffer): void {
    if (typeof reply === 'string') return;
    const buffer = repliesInUse.get(reply.buffer);
    if (buffer === undefined) return;
    repliesInUse.delete(reply.buffer);
    if (replyPool.length < pooledReplies && buffer.length <= pooledReplyMaximum) replyPool.push(buffer);
  }

  const daemonFacts = {
    allocateReply,
    status: () => ({
      pid: options.pid,
      root: options.root,
      socket: options.socketFile,
      uptimeMs: options.now() - startedAt,
      rssBytes: options.memoryUsage(),
      packages: service.index.sources().reduce((total, source) => total + source.packageCount, 0),
      sources: service.index.sources().map((source) => ({
        path: source.path,
        repository: source.repository,
        packages: source.packageCount,
        ...(source.error === undefined ? {} : { error: source.error.message }),
      })),
      lastReload:
        lastReload === undefined
          ? null
          : { rebuilt: lastReload.rebuilt.length, failed: lastReload.failed.length },
    }),
    reload,
    outdated(): void {
      options.log('omg files changed on disk since this daemon started (a module is gone); stopping');
      // After the answer that says so has been written.
      setTimeout(() => void stop(), 100);
    },
  };

  let lastStatusSweep = Number.NEGATIVE_INFINITY;
  /** Writes a raw reply's status line before its body is sent; false when it cannot. */
  function writeStatusFile(name: string, text: string): boolean {
    try {
      // Never through a symbolic link planted at that name.
      const descriptor = openSync(
        join(directory, `${name}.status`),
        constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW,
        0o600,
      );
      try {
        writeSync(descriptor, text);
      } finally {
        closeSync(descriptor);
      }
    } catch (error) {
      options.log(`cannot write status file ${name}.status: ${(error as Error).message}`);
      return false;
    }
    const now = options.now();
    if (now - lastStatusSweep >= statusSweepIntervalMs) {
      lastStatusSweep = now;
      sweepStatusFiles(now).catch(() => undefined);
    }
    return true;
  }
  /** Removes status files left by shells that are gone (one per shell process otherwise stays). */
  async function sweepStatusFiles(now: number): Promise<void> {
    for (const name of await readdir(directory)) {
      if (!name.endsWith('.status')) continue;
      const path = join(directory, name);
      const info = await stat(path).catch(() => undefined);
      if (info !== undefined && now - info.mtimeMs > staleStatusFileMs)
        await unlink(path).catch(() => undefined);
    }
  }

  server.on('connection', (socket) => {
    connections.add(socket);
    socket.setTimeout(idleTimeoutMs, () => socket.destroy());
    let buffered = '';
    let queue = Promise.resolve();
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      if (buffered.length > maximumLineBytes && !buffered.includes('\n')) {
        socket.end(
          `${JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Invalid Request: line too long' } })}\n`,
        );
        socket.destroySoon();
        buffered = '';
        return;
      }
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        newline = buffered.indexOf('\n');
        if (line === '') continue;
        queue = queue.then(async () => {
          if (socket.destroyed) return;
          const reply = await handleRpcLine(line, service, daemonFacts);
          if (reply.kind === 'raw') {
            // A pooled reply buffer goes back once the connection is gone (written out, or destroyed).
            if (socket.destroyed) {
              releaseReply(reply.text);
              return;
            }
            socket.once('close', () => releaseReply(reply.text));
            if (reply.status !== undefined && !writeStatusFile(reply.status.file, reply.status.text)) {
              // No status, no answer: the shell function then asks the real omg instead.
              socket.end();
              return;
            }
            socket.end(reply.text);
          } else if (reply.response !== undefined && !socket.writableEnded)
            socket.write(`${JSON.stringify(reply.response)}\n`);
        });
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => connections.delete(socket));
  });

  const watchers: FSWatcher[] = [];
  let reloadTimer: NodeJS.Timeout | undefined;
  for (const watched of options.watchDirectories) {
    try {
      const watcher = watch(watched, () => {
        if (reloadTimer !== undefined) clearTimeout(reloadTimer);
        reloadTimer = setTimeout(() => {
          reload().catch((error: unknown) => options.log(`reload failed: ${(error as Error).message}`));
        }, 300);
      });
      watcher.on('error', () => watcher.close());
      watchers.push(watcher);
    } catch {
      options.log(`cannot watch ${watched}; reload with SIGHUP`);
    }
  }

  let resolveStopped: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => {
    resolveStopped = resolve;
  });
  let stopping: Promise<void> | undefined;
  async function stop(): Promise<void> {
    if (stopping !== undefined) return stopping;
    stopping = (async () => {
      if (reloadTimer !== undefined) clearTimeout(reloadTimer);
      for (const watcher of watchers) watcher.close();
      // Only remove what is still ours: a newer daemon may own the paths by now.
      const pidText = await readFile(options.pidFile, 'utf8').catch(() => '');
      const ours = pidText.trim() === String(options.pid);
      if (ours) await unlink(options.pidFile).catch(() => undefined);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of connections) socket.end();
      setTimeout(() => {
        for (const socket of connections) socket.destroy();
      }, 1_000).unref();
      await closed;
      if (ours) await unlink(options.socketFile).catch(() => undefined);
      await service.index.close();
      resolveStopped();
    })();
    return stopping;
  }

  return { socketFile: options.socketFile, reload, stop, stopped };
}
