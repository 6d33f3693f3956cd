import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, realpathSync } from 'node:fs';
import { userInfo } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { findExecutable, VenomError } from '@venom/core';
import { homeDenyPaths, isDeniedFileName, isInside } from './create-file-guard.js';
import { defaultSandboxLimits } from './default-sandbox-limits.js';
import { resolveRealPath } from './resolve-real-path.js';
import { countInPidNamespace, emptyResult, runLimitedProcess } from './run-limited-process.js';
import type { Sandbox, SandboxCheckResult, SandboxLimits, SandboxRunRequest } from './types.js';

export interface BubblewrapSandboxOptions {
  workspaceRoots: string[];
  /** PATH for finding bwrap and sh (and the command's PATH); HOME and XDG_* for the hidden paths. */
  env: Record<string, string | undefined>;
  bwrapPath?: string;
  /** Defaults for every run (a request's `limits` override them). */
  limits?: Partial<SandboxLimits>;
  /** Extra paths hidden inside the sandbox (absolute or `~/`). */
  extraHiddenPaths?: string[];
  /**
   * Watch the process count from outside (the kernel ignores RLIMIT_NPROC for uid 0).
   * Default: only when running as uid 0.
   */
  watchProcesses?: boolean;
  /**
   * Keep one sandbox per network mode started ahead, its launcher waiting for the next command
   * (saves bubblewrap's set-up, ~10–20 ms, per command). Idle spares do not keep Node alive and die
   * with it. Default true.
   */
  warm?: boolean;
}

/** A Sandbox that can also stop the sandboxes it keeps warm. */
export interface BubblewrapSandbox extends Sandbox {
  readonly kind: 'bubblewrap';
  /** Kills the warm spares; runs still work afterwards (they start cold, then warm again). */
  close(): void;
}

/** The configuration switch an administrator can set where bubblewrap cannot run. */
export const unsandboxedExecHint =
  "Install bubblewrap and allow user namespaces (sysctl kernel.unprivileged_userns_clone=1; on Ubuntu kernel.apparmor_restrict_unprivileged_userns=0), or, as an administrator who accepts running commands without isolation, set 'sandbox.allow_unsandboxed_exec: true' in the venom config.";

const defaultPath = '/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin';

/** Read one line (the command line built by {@link buildCommandLine}) and run it; the rest of stdin is the command's. */
const launcherScript = 'IFS= read -r venom_command || exit 97; eval "$venom_command"';

interface Spare {
  child: ChildProcess;
  signature: string;
  alive: boolean;
}

/**
 * A sandbox that runs each command in bubblewrap: the whole file system read-only, the workspace
 * roots writable, a private /tmp, /dev and /proc; all namespaces unshared (network too unless the
 * request allows it), a new session, dies with its parent, a cleared environment; credentials
 * (~/.ssh, ~/.aws, venom's config…), top-level `.env*` files and `.git/hooks`/`.git/config` are hidden or
 * read-only. rlimits (CPU, data, processes, no core files) are set by `ulimit` in the sandbox's shell
 * before it execs the command; the timeout, output cap and abort kill the whole tree. There is no
 * parameter to turn any of it off.
 */
export function createBubblewrapSandbox(options: BubblewrapSandboxOptions): BubblewrapSandbox {
  const roots = options.workspaceRoots.map((root) => realRoot(root));
  if (roots.length === 0) throw new Error('createBubblewrapSandbox needs at least one workspace root');
  const env = options.env;
  const bwrap = options.bwrapPath ?? findExecutable('bwrap', env);
  const shell = findExecutable('sh', { PATH: '/bin:/usr/bin' }) ?? findExecutable('sh', env);
  const warm = options.warm ?? true;
  const baseLimits: SandboxLimits = { ...defaultSandboxLimits, ...options.limits };
  const spares = new Map<boolean, Spare>();
  let checked: Promise<SandboxCheckResult> | undefined;
  /** `ulimit` flag for processes in this sh (dash: -p, bash: -u); undefined = none, watch instead. */
  let processFlag: 'p' | 'u' | undefined;
  let watchProcesses = options.watchProcesses ?? safeUid() === 0;

  const home = env.HOME !== undefined && isAbsolute(env.HOME) ? env.HOME : undefined;
  const hiddenPaths = [
    ...(home === undefined ? [] : homeDenyPaths.map((entry) => join(home, entry))),
    ...(env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME) ? [join(env.XDG_CONFIG_HOME, 'venom')] : []),
    ...(env.XDG_DATA_HOME && isAbsolute(env.XDG_DATA_HOME) ? [join(env.XDG_DATA_HOME, 'venom')] : []),
    ...(options.extraHiddenPaths ?? []).map((entry) =>
      entry.startsWith('~/') && home !== undefined ? join(home, entry.slice(2)) : entry,
    ),
  ];

  function check(): Promise<SandboxCheckResult> {
    checked ??= probe();
    return checked;
  }

  async function probe(): Promise<SandboxCheckResult> {
    if (bwrap === undefined) {
      return {
        ok: false,
        reason: 'bubblewrap (bwrap) is not installed or not on PATH',
        hint: unsandboxedExecHint,
      };
    }
    if (shell === undefined) {
      return {
        ok: false,
        reason: 'no sh found on PATH to apply the resource limits',
        hint: 'Install a POSIX shell as /bin/sh.',
      };
    }
    for (const flag of ['p', 'u'] as const) {
      if ((await spawnAndWait(shell, ['-c', `ulimit -${flag} 100000`])).code === 0) {
        processFlag = flag;
        break;
      }
    }
    if (processFlag === undefined) watchProcesses = true;
    const outcome = await spawnAndWait(bwrap, [
      '--die-with-parent',
      '--unshare-all',
      '--ro-bind',
      '/',
      '/',
      '--proc',
      '/proc',
      '--dev',
      '/dev',
      '--',
      shell,
      '-c',
      'exit 0',
    ]);
    if (outcome.code === 0) return { ok: true };
    return {
      ok: false,
      reason: `bubblewrap cannot create its namespaces here: ${outcome.stderr.trim() || outcome.error || `exit code ${outcome.code}`}`,
      hint: unsandboxedExecHint,
    };
  }

  function sandboxArguments(network: boolean): string[] {
    return buildBubblewrapArguments({
      roots,
      network,
      hiddenPaths,
      path: env.PATH ?? defaultPath,
      shell: shell as string,
    });
  }

  function startSandbox(args: string[]): ChildProcess {
    return spawn(bwrap as string, args, {
      cwd: roots[0],
      env: { PATH: env.PATH ?? defaultPath },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
  }

  function startSpare(network: boolean): void {
    const existing = spares.get(network);
    if (existing?.alive) return;
    const args = sandboxArguments(network);
    const child = startSandbox([...args, launcherScript]);
    const spare: Spare = { child, signature: args.join('\0'), alive: true };
    child.on('error', () => {
      spare.alive = false;
    });
    child.on('exit', () => {
      spare.alive = false;
    });
    setReferenced(child, false);
    spares.set(network, spare);
  }

  /** The warm spare for this network mode if it is alive and set up exactly as a new one would be. */
  function takeSpare(network: boolean, args: string[]): ChildProcess | undefined {
    const spare = spares.get(network);
    spares.delete(network);
    if (spare === undefined) return undefined;
    if (spare.alive && spare.child.exitCode === null && spare.signature === args.join('\0')) {
      setReferenced(spare.child, true);
      return spare.child;
    }
    killGroup(spare.child);
    return undefined;
  }

  return {
    kind: 'bubblewrap',
    check,
    close() {
      for (const spare of spares.values()) killGroup(spare.child);
      spares.clear();
    },
    async run(request) {
      const status = await check();
      if (!status.ok) {
        throw new VenomError({
          code: 'SANDBOX_UNAVAILABLE',
          category: 'environment',
          message: `Cannot run commands in the sandbox: ${status.reason}.`,
          hint: status.hint,
          details: { reason: status.reason },
        });
      }
      if (request.argv.length === 0) throw new Error('SandboxRunRequest.argv is empty');
      const cwd = checkWorkingDirectory(request.cwd, roots);
      const limits: SandboxLimits = { ...baseLimits, ...request.limits };
      if (request.signal?.aborted) return emptyResult('abort', 0);
      const network = request.network === true;
      const line = buildCommandLine({
        argv: request.argv,
        cwd,
        env: sandboxEnvironment(env, request),
        limits,
        processFlag,
      });
      const args = sandboxArguments(network);
      // A command line holding a newline cannot go through the launcher's `read`: start it cold.
      const viaLauncher = !line.includes('\n');
      const child = viaLauncher
        ? ((warm ? takeSpare(network, args) : undefined) ?? startSandbox([...args, launcherScript]))
        : startSandbox([...args, line]);
      if (warm) startSpare(network);
      const limited = {
        file: bwrap as string,
        args,
        cwd,
        env: {},
        limits,
        request,
        child,
        ...(viaLauncher ? { preamble: `${line}\n` } : {}),
      };
      return runLimitedProcess(
        watchProcesses ? { ...limited, countProcesses: countInPidNamespace } : limited,
      );
    },
  };
}

export interface BubblewrapArgumentsInput {
  roots: string[];
  network: boolean;
  hiddenPaths: string[];
  /** PATH for the launcher shell. */
  path: string;
  /** The shell that applies the limits and execs the command. */
  shell: string;
}

/**
 * The bwrap command line (without bwrap itself) up to `sh -c`; the caller appends the script
 * (the launcher, or the command line itself). Exported for the architecture doc and tests.
 */
export function buildBubblewrapArguments(input: BubblewrapArgumentsInput): string[] {
  const args = ['--die-with-parent', '--new-session', '--unshare-all'];
  if (input.network) args.push('--share-net');
  args.push('--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp');
  for (const root of input.roots) args.push('--bind', root, root);
  // Hidden after the binds, so they also cover credentials inside a root (a root may be $HOME).
  for (const path of input.hiddenPaths) {
    if (isInside(path, '/tmp') && !input.roots.some((root) => isInside(path, root))) continue;
    args.push(...hide(path));
  }
  for (const root of input.roots) {
    for (const name of safeReaddir(root)) {
      if (isDeniedFileName(name)) args.push(...hide(join(root, name)));
    }
    for (const gitPath of ['.git/hooks', '.git/config']) {
      const path = join(root, gitPath);
      if (existsSync(path)) args.push('--ro-bind', path, path);
    }
  }
  args.push('--chdir', input.roots[0] as string, '--clearenv', '--setenv', 'PATH', input.path);
  args.push('--', input.shell, '-c');
  return args;
}

export interface CommandLineInput {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  limits: SandboxLimits;
  processFlag: 'p' | 'u' | undefined;
}

/**
 * The shell line run inside the sandbox: set the rlimits (both soft and hard, so the command cannot
 * raise them), export the environment, change to `cwd` and exec argv. Every value is single-quoted.
 */
export function buildCommandLine(input: CommandLineInput): string {
  const { limits } = input;
  const statements = [
    `ulimit -t ${Math.max(1, Math.ceil(limits.cpuSeconds))}`,
    `ulimit -d ${Math.max(1, Math.ceil(limits.memoryBytes / 1024))}`,
    'ulimit -c 0',
  ];
  if (input.processFlag !== undefined)
    statements.push(`ulimit -${input.processFlag} ${Math.max(1, limits.processes)}`);
  const limitsPart = statements.map((statement) => `${statement} 2>/dev/null`).join('; ');
  const exports = Object.entries(input.env).map(([name, value]) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new VenomError({
        code: 'SANDBOX_ENV_INVALID',
        category: 'usage',
        message: `'${name}' is not a valid environment variable name.`,
        details: { name },
      });
    }
    return `export ${name}=${shellQuote(value)}`;
  });
  return [
    limitsPart,
    ...exports,
    `cd ${shellQuote(input.cwd)} && exec ${input.argv.map(shellQuote).join(' ')}`,
  ].join('; ');
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, "'\\''")}'`;
}

function setReferenced(child: ChildProcess, referenced: boolean): void {
  for (const handle of [child, child.stdin, child.stdout, child.stderr] as Array<{
    ref?(): void;
    unref?(): void;
  } | null>) {
    if (referenced) handle?.ref?.();
    else handle?.unref?.();
  }
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

function hide(path: string): string[] {
  try {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) return [];
    return stat.isDirectory() ? ['--tmpfs', path] : ['--ro-bind', '/dev/null', path];
  } catch {
    return [];
  }
}

function sandboxEnvironment(
  env: Record<string, string | undefined>,
  request: SandboxRunRequest,
): Record<string, string> {
  const base: Record<string, string> = {
    PATH: env.PATH ?? defaultPath,
    HOME: env.HOME ?? '/tmp',
    TMPDIR: '/tmp',
    LANG: env.LANG ?? 'C.UTF-8',
    TERM: 'dumb',
    NO_COLOR: '1',
  };
  if (env.USER !== undefined) base.USER = env.USER;
  return { ...base, ...request.env };
}

/** The real working directory, which must be inside a root; else SECURITY_PATH_DENIED. */
export function checkWorkingDirectory(cwd: string, roots: string[]): string {
  const real = resolveRealPath(isAbsolute(cwd) ? cwd : `${roots[0]}/${cwd}`);
  if (roots.some((root) => isInside(real, root)) && existsSync(real)) return real;
  throw new VenomError({
    code: 'SECURITY_PATH_DENIED',
    category: 'usage',
    message: `The working directory '${cwd}' is ${existsSync(real) ? 'outside the workspace roots' : 'missing'}.`,
    hint: 'Run commands inside the workspace; a directory outside it needs an approval.',
    details: { path: cwd, realPath: real, access: 'exec', roots },
  });
}

export function realRoot(path: string): string {
  try {
    return realpathSync.native(resolve(path));
  } catch {
    return resolveRealPath(resolve(path));
  }
}

function safeReaddir(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

function safeUid(): number | undefined {
  try {
    return userInfo().uid;
  } catch {
    return undefined;
  }
}

function spawnAndWait(
  file: string,
  args: string[],
): Promise<{ code: number | null; stderr: string; error?: string }> {
  return new Promise((resolvePromise) => {
    const child = spawn(file, args, { stdio: ['ignore', 'ignore', 'pipe'], env: {} });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', (error) => resolvePromise({ code: null, stderr, error: error.message }));
    child.on('close', (code) => resolvePromise({ code, stderr }));
  });
}
