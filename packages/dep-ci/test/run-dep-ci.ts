import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';

/** The built dep-ci binary (npm test builds before running the tests). */
export const depCiBin = fileURLToPath(new URL('../bin/dep-ci.js', import.meta.url));

export interface DepCiRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/** A clean environment with a temp HOME, PATH kept. */
export function testEnvironment(): Record<string, string | undefined> {
  const home = mkdtempSync(join(tmpdir(), 'dep-ci-home-'));
  onTestFinished(() => rmSync(home, { recursive: true, force: true }));
  return { PATH: process.env.PATH, HOME: home, LANG: 'C.UTF-8', NO_COLOR: '1' };
}

/** Runs the real binary in `cwd` and collects its output. */
export function runDepCi(args: readonly string[], cwd: string, env = testEnvironment()): Promise<DepCiRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [depCiBin, ...args], {
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
