import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';

/** The built venom binary (npm test builds before running the tests). */
export const venomBin = fileURLToPath(new URL('../bin/venom.js', import.meta.url));

export interface VenomHome {
  home: string;
  configDir: string;
  dataDir: string;
  stateDir: string;
  /** A clean environment for the child: PATH kept, HOME and XDG dirs in the temp home, no provider keys. */
  env: Record<string, string | undefined>;
}

/** A fresh HOME with XDG directories for one test, removed when the test ends. */
export function createVenomHome(): VenomHome {
  const home = mkdtempSync(join(tmpdir(), 'venom-e2e-'));
  onTestFinished(() => rmSync(home, { recursive: true, force: true }));
  const configDir = join(home, '.config', 'venom');
  const dataDir = join(home, '.local', 'share', 'venom');
  const stateDir = join(home, '.local', 'state', 'venom');
  mkdirSync(join(home, 'work'), { recursive: true });
  return {
    home,
    configDir,
    dataDir,
    stateDir,
    env: { PATH: process.env.PATH, HOME: home, LANG: 'C.UTF-8' },
  };
}

export interface VenomRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunVenomOptions {
  env: Record<string, string | undefined>;
  cwd?: string;
  input?: string;
}

/** Starts the real binary without waiting for it. */
export function startVenom(args: readonly string[], options: RunVenomOptions): ChildProcess {
  const child = spawn(process.execPath, [venomBin, ...args], {
    cwd: options.cwd ?? options.env.HOME,
    env: options.env as NodeJS.ProcessEnv,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin?.end(options.input ?? '');
  return child;
}

/** Runs the real binary to completion and collects its output. */
export function runVenom(args: readonly string[], options: RunVenomOptions): Promise<VenomRun> {
  const child = startVenom(args, options);
  return collect(child);
}

/** Waits for a started child and collects its output. */
export function collect(child: ChildProcess): Promise<VenomRun> {
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (exitCode, signal) =>
      resolve({
        exitCode,
        signal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      }),
    );
  });
}

/** Resolves once the child has printed `text` on stdout. */
export function waitForOutput(child: ChildProcess, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer): void => {
      seen += chunk.toString('utf8');
      if (seen.includes(text)) {
        child.stdout?.off('data', onData);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.on('close', () =>
      reject(new Error(`exited before printing ${JSON.stringify(text)}; saw ${JSON.stringify(seen)}`)),
    );
  });
}

/** Whether util-linux `script` is here to give venom a real terminal (a pty). */
export const canRunOnTerminal = existsSync('/usr/bin/script');

/**
 * Runs venom on a real terminal (a pty from util-linux `script`) and holds a conversation with it:
 * each time it has printed `waitFor`, types `keys` (use '\r' for Enter, '\u0003' for Ctrl-C).
 */
export async function runOnTerminal(
  args: readonly string[],
  options: {
    env: Record<string, string | undefined>;
    cwd?: string;
    conversation: ReadonlyArray<{ waitFor: string; keys: string; delayMs?: number }>;
  },
): Promise<VenomRun> {
  const quoted = [process.execPath, venomBin, ...args]
    .map((word) => `'${word.replaceAll("'", "'\\''")}'`)
    .join(' ');
  const child = spawn('script', ['-qec', quoted, '/dev/null'], {
    env: options.env as NodeJS.ProcessEnv,
    cwd: options.cwd ?? options.env.HOME,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const finished = collect(child);
  for (const turn of options.conversation) {
    await waitForOutput(child, turn.waitFor);
    if (turn.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, turn.delayMs));
    child.stdin?.write(turn.keys);
  }
  return finished;
}
