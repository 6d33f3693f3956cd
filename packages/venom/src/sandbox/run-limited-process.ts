import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { VenomError } from '@venom/core';
import type { SandboxLimits, SandboxRunRequest, SandboxRunResult } from './types.js';

/** How sandboxed processes are counted when the kernel does not enforce RLIMIT_NPROC (uid 0). */
export type ProcessCounter = (childPid: number) => (() => number) | undefined;

export interface LimitedProcessOptions {
  file: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  /** A process already started (detached, all stdio piped) to use instead of spawning `file`. */
  child?: ChildProcess;
  /** Written to stdin before `request.stdin` (a warm launcher's command line). */
  preamble?: string;
  limits: SandboxLimits;
  request: Pick<SandboxRunRequest, 'stdin' | 'signal' | 'onOutput'>;
  /** Watches the process count and kills the tree past `limits.processes`; undefined = kernel enforces it. */
  countProcesses?: ProcessCounter;
  /** Poll interval of the process watch, ms. */
  watchIntervalMs?: number;
}

/**
 * Spawns a process in its own process group and enforces the limits a parent can: the wall-clock
 * timeout, the output cap and the abort signal each kill the whole group with SIGKILL; an optional
 * process watch does the same past `limits.processes`.
 */
export function runLimitedProcess(options: LimitedProcessOptions): Promise<SandboxRunResult> {
  const { limits, request } = options;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    if (request.signal?.aborted) {
      if (options.child?.pid !== undefined) {
        try {
          process.kill(-options.child.pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
      resolve(emptyResult('abort', 0));
      return;
    }
    const child =
      options.child ??
      spawn(options.file, options.args, {
        cwd: options.cwd,
        env: options.env,
        stdio: [
          request.stdin === undefined && options.preamble === undefined ? 'ignore' : 'pipe',
          'pipe',
          'pipe',
        ],
        detached: true,
      });
    let killedBy: SandboxRunResult['killedBy'] = null;
    let outputTruncated = false;
    let outputBytes = 0;
    const collected = { stdout: [] as string[], stderr: [] as string[] };
    const decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
    let settled = false;
    let exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let closeTimer: NodeJS.Timeout | undefined;

    const killTree = (reason: NonNullable<SandboxRunResult['killedBy']>) => {
      if (killedBy === null) killedBy = reason;
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // The group is already gone.
      }
    };

    const timer = setTimeout(() => killTree('timeout'), limits.timeoutMs);
    const onAbort = () => killTree('abort');
    request.signal?.addEventListener('abort', onAbort, { once: true });

    let watch: NodeJS.Timeout | undefined;
    if (options.countProcesses !== undefined && child.pid !== undefined) {
      const pid = child.pid;
      const baseline = totalTasks();
      let counter: (() => number) | undefined;
      watch = setInterval(() => {
        // Cheap gate: the system-wide task count from /proc/loadavg; a precise count only above it.
        if (totalTasks() - baseline < limits.processes) return;
        counter ??= options.countProcesses?.(pid);
        if (counter !== undefined && counter() > limits.processes) killTree('process-limit');
      }, options.watchIntervalMs ?? 10);
    }

    const onData = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
      if (outputTruncated) return;
      let data = chunk;
      const room = limits.outputBytes - outputBytes;
      if (data.length > room) {
        data = data.subarray(0, Math.max(0, room));
        outputTruncated = true;
      }
      outputBytes += data.length;
      const text = decoders[stream].write(data);
      if (text !== '') {
        collected[stream].push(text);
        request.onOutput?.(stream, text);
      }
      if (outputTruncated) killTree('output-limit');
    };
    child.stdout?.on('data', onData('stdout'));
    child.stderr?.on('data', onData('stderr'));
    if (child.stdin) {
      child.stdin.on('error', () => {
        // The command may exit without reading its input.
      });
      if (options.preamble !== undefined) child.stdin.write(options.preamble);
      child.stdin.end(request.stdin ?? '');
    }

    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(closeTimer);
      clearInterval(watch);
      request.signal?.removeEventListener('abort', onAbort);
      for (const stream of ['stdout', 'stderr'] as const) {
        const rest = decoders[stream].end();
        if (rest !== '') collected[stream].push(rest);
      }
      const killed = killedBy !== null;
      resolve({
        exitCode: killed ? null : (exitInfo?.code ?? null),
        signal: killed ? 'SIGKILL' : (exitInfo?.signal ?? null),
        stdout: collected.stdout.join(''),
        stderr: collected.stderr.join(''),
        outputTruncated,
        timedOut: killedBy === 'timeout',
        killedBy,
        durationMs: performance.now() - started,
      });
    };

    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      clearInterval(watch);
      settled = true;
      reject(
        new VenomError({
          code: 'COMMAND_NOT_FOUND',
          category: 'environment',
          message: `cannot run '${options.file}': ${error.code === 'ENOENT' ? 'not found' : error.message}`,
          hint: `Install '${options.file}' or put it on PATH.`,
          details: { file: options.file },
          cause: error,
        }),
      );
    });
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      exitInfo = { code, signal };
      // A grandchild that left the group may still hold the pipes; do not wait for it for long.
      // After a kill, give the kernel time to reap the rest of the tree (they hold the pipes too).
      closeTimer = setTimeout(
        () => {
          child.stdout?.destroy();
          child.stderr?.destroy();
          finish();
        },
        killedBy === null ? 200 : 2000,
      );
    };
    if (child.exitCode !== null || child.signalCode !== null) onExit(child.exitCode, child.signalCode);
    else child.on('exit', onExit);
    child.on('close', finish);
  });
}

/** The result of a run that never started (aborted before, or refused). */
export function emptyResult(killedBy: SandboxRunResult['killedBy'], durationMs: number): SandboxRunResult {
  return {
    exitCode: null,
    signal: null,
    stdout: '',
    stderr: '',
    outputTruncated: false,
    timedOut: false,
    killedBy,
    durationMs,
  };
}

/** Tasks (processes and threads) on the whole system, the 4th field of /proc/loadavg (`1/123`). */
function totalTasks(): number {
  try {
    const field = readFileSync('/proc/loadavg', 'utf8').split(' ')[3] ?? '';
    return Number(field.split('/')[1] ?? 0);
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** Processes sharing the PID namespace of `childPid`'s first child (bwrap's sandbox init). */
export const countInPidNamespace: ProcessCounter = (childPid) => {
  let namespace: string | undefined;
  const pids = [childPid, ...childrenOf(childPid)];
  const own = safeReadlink(`/proc/${childPid}/ns/pid`);
  for (const pid of pids) {
    const link = safeReadlink(`/proc/${pid}/ns/pid`);
    if (link !== undefined && link !== own) {
      namespace = link;
      break;
    }
  }
  if (namespace === undefined) return undefined;
  const target = namespace;
  return () => procPids().filter((pid) => safeReadlink(`/proc/${pid}/ns/pid`) === target).length;
};

/** Processes in the session `childPid` leads (it was spawned detached, so it called setsid). */
export const countInSession: ProcessCounter = (childPid) => () =>
  procPids().filter((pid) => sessionOf(pid) === childPid).length;

function procPids(): number[] {
  try {
    return readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .map(Number);
  } catch {
    return [];
  }
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

function sessionOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[3]);
  } catch {
    return undefined;
  }
}

function safeReadlink(path: string): string | undefined {
  try {
    return readlinkSync(path);
  } catch {
    return undefined;
  }
}
