import { type CommandContext, defineCommand } from '@venom/core';
import type { DaemonPaths } from '../../daemon/daemon-paths.js';
import type { DaemonStatus } from '../../daemon/start-daemon.js';

/** `daemon start|stop|status` results. */
interface DaemonReport {
  running: boolean;
  /** start: whether this call started it (false: it was running already). */
  started?: boolean;
  /** stop: whether a running daemon was stopped. */
  stopped?: boolean;
  root: string;
  socket: string;
  /** status: a socket file is there but nothing answers on it (the daemon was killed). */
  staleSocket?: boolean;
  status?: DaemonStatus;
}

/** How long `daemon start` waits for the daemon's first graph build. */
const START_TIMEOUT_MS = 120_000;

async function locate(context: CommandContext): Promise<{ root: string; git: boolean; paths: DaemonPaths }> {
  const [{ findGitRoot }, { daemonPaths }, { tmpdir }, { resolve }] = await Promise.all([
    import('../../git/read-git-changes.js'),
    import('../../daemon/daemon-paths.js'),
    import('node:os'),
    import('node:path'),
  ]);
  const gitRoot = findGitRoot(context.cwd);
  const root = gitRoot ?? resolve(context.cwd);
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
  return {
    root,
    git: gitRoot !== undefined,
    paths: daemonPaths(root, { env: context.env, uid, tmpdir: tmpdir() }),
  };
}

async function askStatus(socket: string, timeoutMs = 5_000): Promise<DaemonStatus | undefined> {
  const { callDaemon } = await import('../../daemon/call-daemon.js');
  const reply = await callDaemon(socket, { verb: 'status' }, timeoutMs);
  if (reply?.kind !== 'reply') return undefined;
  try {
    return JSON.parse(reply.reply.stdout.toString('utf8')) as DaemonStatus;
  } catch {
    return undefined;
  }
}

function renderReport(report: DaemonReport, output: { line(text?: string): void }): void {
  const { status } = report;
  if (status === undefined) {
    output.line(
      report.stopped === true
        ? `dep-ci daemon stopped (${report.root})`
        : `no dep-ci daemon for ${report.root}${
            report.staleSocket !== true
              ? ''
              : report.stopped === false
                ? ' (stale socket removed)'
                : " (a stale socket is left: 'dep-ci daemon stop' removes it)"
          }`,
    );
    return;
  }
  const state =
    report.started === false ? 'already running' : report.started === true ? 'started' : 'running';
  output.line(`dep-ci daemon ${state}: pid ${status.pid}, ${status.root}`);
  output.line(`  socket ${status.socket}`);
  output.line(
    `  ${status.codeFiles} code files of ${status.files}, ${status.watchedDirectories} directories watched${status.watchProblem === undefined ? '' : ` (${status.watchProblem}: every query re-verifies)`}`,
  );
  output.line(
    `  ${status.queries} queries, ${status.updates} in-place updates, ${status.rebuilds} rebuilds, up ${Math.round(status.uptimeMs / 1000)} s`,
  );
}

const daemonRunCommand = defineCommand({
  name: 'daemon run',
  summary: 'Run the daemon in the foreground (daemon start runs this detached)',
  description:
    'Builds the graph, watches the repo and answers `dep-ci affected` and `dep-ci analyze` on a Unix socket until SIGTERM, Ctrl-C or `dep-ci daemon stop`. Logs go to stderr.',
  examples: ['dep-ci daemon run'],
  streams: true,
  async run(_input: Record<string, never>, context): Promise<void> {
    const [{ Readable, Writable }, { runCli }, { startDaemon }, { serveRepoFrom }] = await Promise.all([
      import('node:stream'),
      import('@venom/core'),
      import('../../daemon/start-daemon.js'),
      import('./shared.js'),
    ]);
    const { root, git, paths } = await locate(context);
    const log = (message: string): void => {
      context.stderr.write(`${new Date().toISOString()} dep-ci daemon: ${message}\n`);
    };
    let served: import('./shared.js').OpenRepo | undefined;
    serveRepoFrom(() => served);
    const daemon = await startDaemon({
      root,
      git,
      paths,
      pid: process.pid,
      uid: typeof process.getuid === 'function' ? process.getuid() : 0,
      log,
      now: () => performance.now(),
      async runCli(request, snapshot) {
        const stdout: Buffer[] = [];
        const stderr: Buffer[] = [];
        const sink = (chunks: Buffer[]) =>
          new Writable({
            write(chunk: Buffer, _encoding, callback) {
              chunks.push(chunk);
              callback();
            },
          });
        served = snapshot;
        try {
          const exitCode = await runCli(context.program, {
            argv: request.argv,
            env: request.env,
            cwd: request.cwd,
            stdin: Readable.from([]),
            stdout: sink(stdout),
            stderr: sink(stderr),
            signal: new AbortController().signal,
            stdoutIsTTY: request.stdoutIsTTY,
            stderrIsTTY: request.stderrIsTTY,
          });
          return { exitCode, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr).toString('utf8') };
        } finally {
          served = undefined;
        }
      },
    });
    const status = daemon.status();
    log(
      `serving ${root} on ${daemon.socket} (${status.codeFiles} code files, ${status.watchedDirectories} directories watched)`,
    );
    const onAbort = (): void => void daemon.stop();
    context.signal.addEventListener('abort', onAbort, { once: true });
    await daemon.stopped;
    context.signal.removeEventListener('abort', onAbort);
    serveRepoFrom(undefined);
    log(`stopped after ${daemon.status().queries} queries`);
  },
});

const daemonStartCommand = defineCommand({
  name: 'daemon start',
  summary: 'Start the repo’s daemon in the background: affected and analyze then answer without Node',
  description:
    'Starts `dep-ci daemon run` detached (log: .dep-ci/daemon.log) and waits until it answers. Does nothing when one is running already. The dep-ci command sends `affected` and `analyze` to it over its Unix socket; it keeps the graph in memory and up to date with the work tree.',
  examples: ['dep-ci daemon start', 'dep-ci daemon start --json'],
  async run(_input: Record<string, never>, context): Promise<DaemonReport> {
    const [{ spawn }, { closeSync, mkdirSync, openSync, readFileSync }, { dirname }, { VenomError }] =
      await Promise.all([
        import('node:child_process'),
        import('node:fs'),
        import('node:path'),
        import('@venom/core'),
      ]);
    const { root, paths } = await locate(context);
    const running = await askStatus(paths.socket);
    if (running !== undefined)
      return { running: true, started: false, root, socket: paths.socket, status: running };
    mkdirSync(dirname(paths.logFile), { recursive: true });
    const logDescriptor = openSync(paths.logFile, 'a');
    const entry = process.argv[1] as string;
    const child = spawn(process.execPath, [entry, 'daemon', 'run'], {
      cwd: root,
      detached: true,
      stdio: ['ignore', logDescriptor, logDescriptor],
      env: context.env as NodeJS.ProcessEnv,
    });
    closeSync(logDescriptor);
    let exitCode: number | null | undefined;
    child.on('exit', (code) => {
      exitCode = code;
    });
    child.unref();
    const started = performance.now();
    while (performance.now() - started < START_TIMEOUT_MS) {
      if (context.signal.aborted) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
      if (exitCode !== undefined) break;
      const status = await askStatus(paths.socket, 2_000);
      if (status !== undefined) return { running: true, started: true, root, socket: paths.socket, status };
    }
    let logTail = '';
    try {
      logTail = readFileSync(paths.logFile, 'utf8').split('\n').slice(-12).join('\n').trim();
    } catch {
      // no log
    }
    throw new VenomError({
      code: 'DAEMON_START_FAILED',
      category: 'environment',
      message:
        exitCode === undefined
          ? `the dep-ci daemon did not answer within ${START_TIMEOUT_MS / 1000} s`
          : `the dep-ci daemon exited (code ${exitCode}) before answering`,
      hint: `See ${paths.logFile}${logTail === '' ? '' : `; it ends with:\n${logTail}`}`,
    });
  },
  render: renderReport,
});

const daemonStopCommand = defineCommand({
  name: 'daemon stop',
  summary: 'Stop the repo’s daemon',
  description:
    'Asks the daemon to stop (it answers the query in progress first) and waits until it is gone. Removes a stale socket left by a killed daemon.',
  examples: ['dep-ci daemon stop'],
  async run(_input: Record<string, never>, context): Promise<DaemonReport> {
    const [{ callDaemon }, { socketAnswers }, { existsSync, readFileSync, unlinkSync }] = await Promise.all([
      import('../../daemon/call-daemon.js'),
      import('../../daemon/start-daemon.js'),
      import('node:fs'),
    ]);
    const { root, paths } = await locate(context);
    const reply = await callDaemon(paths.socket, { verb: 'stop' }, 10_000);
    if (reply !== undefined) {
      const started = performance.now();
      while (performance.now() - started < 10_000 && (await socketAnswers(paths.socket)))
        await new Promise((resolve) => setTimeout(resolve, 20));
      return { running: false, stopped: true, root, socket: paths.socket };
    }
    // Nothing answers: remove what a killed daemon left behind, unless its process still lives.
    let alive = false;
    try {
      const pid = Number(readFileSync(paths.pidFile, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0) {
        process.kill(pid, 0);
        alive = true;
      }
    } catch {
      alive = false;
    }
    const stale = existsSync(paths.socket);
    if (!alive) {
      for (const file of [paths.socket, paths.pidFile, paths.pointerFile]) {
        try {
          unlinkSync(file);
        } catch {
          // none
        }
      }
    }
    return { running: false, stopped: false, root, socket: paths.socket, staleSocket: stale };
  },
  render: renderReport,
});

const daemonStatusCommand = defineCommand({
  name: 'daemon status',
  summary: 'Show whether the repo’s daemon runs, and what it holds (exit 1 when none)',
  examples: ['dep-ci daemon status --json'],
  async run(_input: Record<string, never>, context): Promise<DaemonReport> {
    const { existsSync } = await import('node:fs');
    const { root, paths } = await locate(context);
    const status = await askStatus(paths.socket);
    if (status !== undefined) return { running: true, root, socket: paths.socket, status };
    return { running: false, root, socket: paths.socket, staleSocket: existsSync(paths.socket) };
  },
  render: renderReport,
  exitCode: (report) => (report.running ? 0 : 1),
});

/** `dep-ci daemon start|stop|status|run`. */
export const daemonCommands = [daemonStartCommand, daemonStopCommand, daemonStatusCommand, daemonRunCommand];
