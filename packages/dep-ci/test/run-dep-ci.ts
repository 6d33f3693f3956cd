import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';

/**
 * The dep-ci command as npm links it: run directly, it is a POSIX sh script (the daemon's client)
 * that runs itself with Node for everything the daemon does not answer (npm test builds first).
 */
export const depCiBin = fileURLToPath(new URL('../bin/dep-ci.js', import.meta.url));

export interface DepCiRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A clean environment with a temp HOME and XDG_RUNTIME_DIR (daemon sockets), PATH kept, and the
 * Node that runs the tests as the one bin/dep-ci falls back to.
 */
export function testEnvironment(): Record<string, string | undefined> {
  const home = mkdtempSync(join(tmpdir(), 'dep-ci-home-'));
  onTestFinished(() => rmSync(home, { recursive: true, force: true }));
  const runtime = join(home, 'run');
  mkdirSync(runtime, { mode: 0o700 });
  return {
    PATH: process.env.PATH,
    HOME: home,
    XDG_RUNTIME_DIR: runtime,
    DEP_CI_NODE: process.execPath,
    LANG: 'C.UTF-8',
    NO_COLOR: '1',
  };
}

/** Runs the real binary in `cwd` and collects its output. */
export function runDepCi(args: readonly string[], cwd: string, env = testEnvironment()): Promise<DepCiRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(depCiBin, args, {
      cwd,
      env: env as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
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
  });
}
