import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { runCli } from '@venom/core';
import { onTestFinished } from 'vitest';
import { createOmgProgram } from '../src/cli/program.js';

/** The built binaries (npm test builds before running the tests). */
export const omgBin = fileURLToPath(new URL('../bin/omg.js', import.meta.url));
export const omgdBin = fileURLToPath(new URL('../bin/omgd.js', import.meta.url));

/** The environment of a user whose HOME (and every XDG directory below it) is `home`. */
export function homeEnvironment(home: string, path = process.env.PATH): Record<string, string | undefined> {
  return {
    PATH: path,
    HOME: home,
    LANG: 'C.UTF-8',
    XDG_CACHE_HOME: join(home, 'cache'),
    XDG_STATE_HOME: join(home, 'state'),
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_DATA_HOME: join(home, 'data'),
    XDG_RUNTIME_DIR: join(home, 'run'),
  };
}

/** A fresh HOME with XDG dirs (runtime dir included) for one test, removed when it ends. */
export function createOmgHome(): {
  home: string;
  runtimeDir: string;
  env: Record<string, string | undefined>;
} {
  const home = mkdtempSync(join(tmpdir(), 'omg-e2e-'));
  const runtimeDir = join(home, 'run');
  mkdirSync(runtimeDir, { mode: 0o700 });
  onTestFinished(() => rmSync(home, { recursive: true, force: true }));
  return {
    home,
    runtimeDir,
    env: { PATH: process.env.PATH, HOME: home, LANG: 'C.UTF-8', XDG_RUNTIME_DIR: runtimeDir },
  };
}

export interface OmgRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program to completion and collects its output. */
export function runProgram(
  file: string,
  args: readonly string[],
  env: Record<string, string | undefined>,
  input = '',
): Promise<OmgRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env: env as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ exitCode, stdout, stderr }));
    child.stdin.end(input);
  });
}

/** Runs the built omg. */
export function runOmg(args: readonly string[], env: Record<string, string | undefined>): Promise<OmgRun> {
  return runProgram(process.execPath, [omgBin, ...args], env);
}

/** Starts the built omgd (or `bin`) in the foreground; stopped (SIGKILL) when the test ends if still running. */
export function startOmgd(
  args: readonly string[],
  env: Record<string, string | undefined>,
  bin = omgdBin,
): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, [bin, ...args], {
    env: env as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return Object.assign(child, { output: () => output });
}

/** Resolves with the exit code when the child exits. */
export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/**
 * Runs omg's real command table in this process through the CLI kit, as the bin does, for tests that
 * need a terminal on stdin (`tty`) or answers typed at a prompt (`input`).
 */
export async function runOmgInProcess(
  argv: string[],
  env: Record<string, string | undefined>,
  options: { tty?: boolean; input?: string } = {},
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const stdin = Object.assign(new PassThrough(), { isTTY: options.tty === true });
  stdin.end(options.input ?? '');
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const exitCode = await runCli(createOmgProgram('0.0.0-test'), {
    argv,
    env,
    cwd: process.cwd(),
    stdin,
    stdout,
    stderr,
    signal: new AbortController().signal,
    stdoutIsTTY: false,
    stderrIsTTY: false,
  });
  return { exitCode, stdout: out, stderr: err };
}

/** Polls `probe` every 25 ms until it returns a value (10 s at most). */
export async function waitFor<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Waits until `omg daemon status` finds omgd answering for `root`. */
export async function waitForDaemon(env: Record<string, string | undefined>, root: string): Promise<true> {
  return waitFor(
    async () => ((await runOmg(['daemon', 'status', '--root', root], env)).exitCode === 0 ? true : undefined),
    'omgd',
  );
}
