import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { defineCommand, VenomError } from '@venom/core';
import { callDaemon } from '../../daemon/call-daemon.js';
import { databasePathOption, omgPaths, rootOption } from '../open-service.js';
import { packageFile } from '../package-file.js';

type DaemonStatus = {
  running: true;
  pid: number;
  socket: string;
  rssBytes: number;
  packages: number;
  uptimeMs: number;
  root: string;
} & Record<string, unknown>;

/** `omg daemon status` result. */
export type DaemonStatusResult = DaemonStatus | { running: false; socket: string };

async function readStatus(socketFile: string): Promise<DaemonStatusResult> {
  const answer = await callDaemon<DaemonStatus>(
    socketFile,
    'status',
    {},
    { timeoutMs: 2_000, owner: process.getuid?.() },
  );
  return answer.available ? { ...answer.result, running: true } : { running: false, socket: socketFile };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const daemonStartCommand = defineCommand({
  name: 'daemon start',
  summary: 'Start omgd in the background (it holds the index in memory and answers on a Unix socket)',
  description:
    'The socket is $XDG_RUNTIME_DIR/omg/omgd-<root>.sock (else $TMPDIR or /tmp, in omg-<uid>/), mode 0600; OMG_SOCKET overrides it.',
  options: { root: rootOption, dbpath: databasePathOption },
  input: (z) => z.object({ root: z.string().optional(), dbpath: z.string().optional() }),
  async run(input, context): Promise<DaemonStatusResult & { started: boolean; log: string }> {
    const paths = omgPaths(context, input.root, input.dbpath);
    const before = await readStatus(paths.socketFile);
    if (before.running) return { ...before, started: false, log: paths.logFile };
    mkdirSync(paths.stateDir, { recursive: true });
    const { spawn } = await import('node:child_process');
    const log = openSync(paths.logFile, 'a');
    const child = spawn(
      process.execPath,
      [
        packageFile('bin/omgd.js'),
        '--root',
        paths.root,
        ...(paths.databasePath === undefined ? [] : ['--dbpath', paths.databasePath]),
      ],
      {
        detached: true,
        stdio: ['ignore', log, log],
        env: context.env as NodeJS.ProcessEnv,
      },
    );
    closeSync(log);
    let exitCode: number | null | undefined;
    child.on('exit', (code) => {
      exitCode = code;
    });
    child.unref();
    const progress = context.progress('starting omgd (building the index on first start)');
    for (let waited = 0; waited < 60_000; waited += 50) {
      const status = await readStatus(paths.socketFile);
      if (status.running) {
        progress.done();
        return { ...status, started: status.pid === child.pid, log: paths.logFile };
      }
      if (exitCode !== undefined) break;
      await sleep(50);
    }
    progress.fail();
    const tail = readFileSync(paths.logFile, 'utf8').trim().split('\n').slice(-5).join('\n');
    throw new VenomError({
      code: 'DAEMON_START_FAILED',
      category: 'environment',
      message: `omgd did not start${exitCode === undefined ? ' within 60 s' : ` (exit ${exitCode})`}: ${tail}`,
      hint: `See ${paths.logFile}.`,
      details: { log: paths.logFile },
    });
  },
  render(result, output) {
    if (!result.running) return;
    output.line(
      `${result.started ? 'started' : 'already running'}: omgd pid ${result.pid} on ${result.socket} (${result.packages} packages)`,
    );
  },
});

export const daemonStopCommand = defineCommand({
  name: 'daemon stop',
  summary: 'Stop omgd (SIGTERM; it removes its socket and PID file)',
  description: 'Exits 1 when no daemon was running.',
  options: { root: rootOption, dbpath: databasePathOption },
  input: (z) => z.object({ root: z.string().optional(), dbpath: z.string().optional() }),
  async run(input, context): Promise<{ stopped: boolean; pid?: number }> {
    const paths = omgPaths(context, input.root, input.dbpath);
    let pid: number;
    try {
      pid = Number.parseInt(readFileSync(paths.pidFile, 'utf8').trim(), 10);
    } catch {
      return { stopped: false };
    }
    if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return { stopped: false };
    process.kill(pid, 'SIGTERM');
    for (let waited = 0; waited < 10_000 && isAlive(pid); waited += 25) await sleep(25);
    if (isAlive(pid)) {
      throw new VenomError({
        code: 'DAEMON_STOP_TIMEOUT',
        category: 'environment',
        message: `omgd (pid ${pid}) did not stop within 10 s of SIGTERM`,
        hint: `kill -9 ${pid}; the next start removes the stale socket.`,
      });
    }
    // A daemon that died without cleaning up (crash, kill -9) leaves its files: remove what is still its.
    const { rmSync } = await import('node:fs');
    const leftPid = (() => {
      try {
        return readFileSync(paths.pidFile, 'utf8').trim();
      } catch {
        return '';
      }
    })();
    if (leftPid === String(pid)) {
      rmSync(paths.pidFile, { force: true });
      if (!(await readStatus(paths.socketFile)).running) rmSync(paths.socketFile, { force: true });
    }
    return { stopped: true, pid };
  },
  render(result, output) {
    output.line(result.stopped ? `stopped omgd pid ${result.pid}` : 'omgd was not running');
  },
  exitCode: (result) => (result.stopped ? 0 : 1),
});

export const daemonStatusCommand = defineCommand({
  name: 'daemon status',
  summary: "Show whether omgd runs, its PID, memory and index size; exits 1 when it doesn't",
  options: { root: rootOption, dbpath: databasePathOption },
  input: (z) => z.object({ root: z.string().optional(), dbpath: z.string().optional() }),
  async run(input, context): Promise<DaemonStatusResult> {
    return readStatus(omgPaths(context, input.root, input.dbpath).socketFile);
  },
  render(result, output) {
    if (!result.running) {
      output.line(`omgd is not running (socket ${result.socket})`);
      return;
    }
    output.line(
      `omgd pid ${result.pid} on ${result.socket}: ${result.packages} packages, ${(result.rssBytes / 1024 / 1024).toFixed(0)} MB RSS, up ${Math.round(result.uptimeMs / 1000)} s`,
    );
  },
  exitCode: (result) => (result.running ? 0 : 1),
});
