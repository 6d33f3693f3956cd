import { chmodSync, lstatSync, mkdirSync, readFileSync, rmdirSync, statSync, unlinkSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { dirname } from 'node:path';
import { VenomError, writeFileAtomic } from '@venom/core';
import { findGitRoot } from '../git/read-git-changes.js';
import type { DaemonPaths } from './daemon-paths.js';
import {
  type CliReply,
  type CliRequest,
  encodeFallback,
  encodeInvalid,
  encodeReply,
  MAXIMUM_REQUEST_BYTES,
  parseRequest,
} from './daemon-protocol.js';
import { openWarmRepo, type RepoSnapshot, type WarmRepoStats } from './warm-repo.js';

/** A connection idle this long is closed. */
const IDLE_TIMEOUT_MS = 30_000;
/** A start lock older than this was left by a crashed starter. */
const STALE_LOCK_MS = 10_000;

/** The commands the daemon answers; everything else is sent back to the Node CLI. */
const SERVED_COMMANDS = new Set(['affected', 'analyze']);

/** What {@link startDaemon} needs; the CLI passes process-level facts in. */
export interface StartDaemonOptions {
  root: string;
  git: boolean;
  paths: DaemonPaths;
  pid: number;
  /** This user's id: the socket directory must be theirs. */
  uid: number;
  /** Runs a forwarded command line against a fresh snapshot of the repo. */
  runCli(request: CliRequest, snapshot: RepoSnapshot): Promise<CliReply>;
  log(message: string): void;
  now(): number;
}

/** `dep-ci daemon status --json`. */
export interface DaemonStatus extends WarmRepoStats {
  pid: number;
  root: string;
  socket: string;
  uptimeMs: number;
  queries: number;
  lastRefresh: string | null;
}

/** A running daemon. */
export interface RunningDaemon {
  readonly socket: string;
  status(): DaemonStatus;
  /** Stops accepting, finishes the query in progress, removes the socket, PID and pointer files. */
  stop(): Promise<void>;
  /** Resolves when the daemon has stopped (after {@link stop}, or a `stop` request). */
  readonly stopped: Promise<void>;
}

/** Whether something accepts connections on `socket`. */
export function socketAnswers(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const connection = connect(socket);
    connection.once('connect', () => {
      connection.destroy();
      resolve(true);
    });
    connection.once('error', () => resolve(false));
  });
}

async function acquireStartLock(lock: string, now: () => number): Promise<() => void> {
  const deadline = now() + 5_000;
  for (;;) {
    try {
      mkdirSync(lock);
      return () => {
        try {
          rmdirSync(lock);
        } catch {
          // gone already
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const info = lstatSync(lock, { throwIfNoEntry: false });
      if (info !== undefined && now() - info.mtimeMs > STALE_LOCK_MS) {
        try {
          rmdirSync(lock);
        } catch {
          // another starter removed it
        }
        continue;
      }
      if (now() > deadline) {
        throw new VenomError({
          code: 'DAEMON_START_LOCKED',
          category: 'environment',
          message: `${lock}: another dep-ci daemon is starting`,
          hint: `Wait a moment and run 'dep-ci daemon status'; remove ${lock} if no daemon is starting.`,
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** Creates the socket directory 0700 and refuses one that another user owns or others can enter. */
function prepareDirectory(directory: string, uid: number): void {
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const info = statSync(directory);
  if (info.uid !== uid || (info.mode & 0o077) !== 0) {
    throw new VenomError({
      code: 'DAEMON_DIRECTORY_UNSAFE',
      category: 'environment',
      message: `${directory} is not a private directory of this user (mode ${(info.mode & 0o777).toString(8)})`,
      hint: `Remove it or set XDG_RUNTIME_DIR to a directory only you can enter.`,
    });
  }
}

function removeIfOurs(file: string, pid: number, pidFile: string): void {
  try {
    if (readFileSync(pidFile, 'utf8').trim() === String(pid)) unlinkSync(file);
  } catch {
    // not ours, or gone
  }
}

/**
 * Starts the daemon for a repo: takes the start lock, refuses when a daemon already answers on the
 * socket, removes a stale socket left by a crashed one, builds and watches the graph, listens
 * (socket 0600 in a 0700 directory), writes the PID file and the pointer file the shell client
 * reads, and answers requests one at a time (daemon-protocol.ts).
 */
export async function startDaemon(options: StartDaemonOptions): Promise<RunningDaemon> {
  const { paths, root } = options;
  prepareDirectory(paths.directory, options.uid);
  const releaseLock = await acquireStartLock(`${paths.socket}.lock`, options.now);
  let server: Server;
  let repo: ReturnType<typeof openWarmRepo>;
  try {
    if (await socketAnswers(paths.socket)) {
      let pid = '?';
      try {
        pid = readFileSync(paths.pidFile, 'utf8').trim();
      } catch {
        // unknown
      }
      throw new VenomError({
        code: 'DAEMON_RUNNING',
        category: 'environment',
        message: `a dep-ci daemon is already running for ${root} (pid ${pid})`,
        hint: "Use 'dep-ci daemon status', or 'dep-ci daemon stop' first.",
        details: { socket: paths.socket },
      });
    }
    try {
      unlinkSync(paths.socket); // stale: nothing answers on it
    } catch {
      // none
    }
    repo = openWarmRepo({ root, git: options.git });
    server = createServer();
    const listening = server;
    await new Promise<void>((resolve, reject) => {
      listening.once('error', reject);
      listening.listen(paths.socket, () => {
        listening.off('error', reject);
        resolve();
      });
    });
    chmodSync(paths.socket, 0o600);
    writeFileAtomic(paths.pidFile, `${options.pid}\n`, { mode: 0o600 });
    mkdirSync(dirname(paths.pointerFile), { recursive: true });
    writeFileAtomic(paths.pointerFile, `${paths.socket}\n`, { mode: 0o600 });
  } finally {
    releaseLock();
  }
  const startedAt = options.now();
  const connections = new Set<Socket>();
  let queries = 0;
  let lastRefresh: string | null = null;
  let queue: Promise<void> = Promise.resolve();
  let stopping: Promise<void> | undefined;
  let resolveStopped: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => {
    resolveStopped = resolve;
  });

  const status = (): DaemonStatus => ({
    pid: options.pid,
    root,
    socket: paths.socket,
    uptimeMs: Math.round(options.now() - startedAt),
    queries,
    lastRefresh,
    ...repo.stats(),
  });

  const answerCli = async (request: CliRequest): Promise<Buffer> => {
    const command = request.argv.find((argument) => !argument.startsWith('-'));
    if (command === undefined || !SERVED_COMMANDS.has(command)) return encodeFallback('command');
    let cwdRoot: string | undefined;
    try {
      if (statSync(request.cwd).isDirectory()) cwdRoot = findGitRoot(request.cwd) ?? request.cwd;
    } catch {
      cwdRoot = undefined;
    }
    if (cwdRoot !== root) return encodeFallback('other-repo');
    queries++;
    try {
      const { snapshot, kind } = await repo.refresh();
      lastRefresh = kind;
      return encodeReply(await options.runCli(request, snapshot));
    } catch (error) {
      options.log(`query failed, the client runs it itself: ${(error as Error).stack ?? String(error)}`);
      return encodeFallback('daemon-error');
    }
  };

  server.on('connection', (socket) => {
    connections.add(socket);
    socket.setTimeout(IDLE_TIMEOUT_MS, () => socket.destroy());
    let received = '';
    let answered = false;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      if (answered) return;
      received += chunk;
      const parsed = parseRequest(received);
      if (parsed.kind === 'incomplete') return;
      answered = true;
      if (parsed.kind === 'invalid') {
        socket.end(encodeInvalid(parsed.reason));
        return;
      }
      const { request } = parsed;
      queue = queue.then(async () => {
        if (socket.destroyed) return;
        if (request.verb === 'status') socket.end(`dep-ci 1 0 0\n${JSON.stringify(status())}\n`);
        else if (request.verb === 'stop') {
          socket.end('dep-ci 1 0 0\n');
          void stop();
        } else if (stopping !== undefined) socket.end(encodeFallback('stopping'));
        else socket.end(await answerCli(request.cli));
      });
    });
    socket.on('end', () => {
      // A client that half-closes (socat) before its request is complete sent garbage.
      if (!answered && received.length < MAXIMUM_REQUEST_BYTES) {
        answered = true;
        socket.end(encodeInvalid('incomplete-request'));
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => connections.delete(socket));
  });

  async function stop(): Promise<void> {
    if (stopping !== undefined) return stopping;
    stopping = (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await queue; // the query in progress is answered
      for (const socket of connections) socket.end();
      setTimeout(() => {
        for (const socket of connections) socket.destroy();
      }, 1_000).unref();
      await closed;
      repo.close();
      // Only what is still ours: a newer daemon may own the paths by now.
      removeIfOurs(paths.pointerFile, options.pid, paths.pidFile);
      removeIfOurs(paths.socket, options.pid, paths.pidFile);
      removeIfOurs(paths.pidFile, options.pid, paths.pidFile);
      resolveStopped();
    })();
    return stopping;
  }

  return { socket: paths.socket, status, stop, stopped };
}
