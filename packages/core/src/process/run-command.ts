import { VenomError } from '../errors/index.js';

export interface RunCommandOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Written to the child's stdin, which is then closed. */
  input?: string;
  /** Kill the child (SIGKILL) after this long. Default 10 000 ms. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface CommandOutput {
  /** The exit code, or undefined when the child was killed by a signal. */
  exitCode: number | undefined;
  signal: NodeJS.Signals | undefined;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/**
 * Runs a program without a shell and collects its output. A program that cannot be started
 * (missing, not executable) is a VenomError `COMMAND_NOT_FOUND` (environment); a non-zero exit is
 * not an error here: the caller reads `exitCode`.
 */
export async function runCommand(
  file: string,
  args: readonly string[],
  options: RunCommandOptions = {},
): Promise<CommandOutput> {
  // Loaded here, not at the top: node:child_process costs ~17 ms and most commands never spawn.
  const { spawn } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env as NodeJS.ProcessEnv | undefined,
      stdio: ['pipe', 'pipe', 'pipe'],
      // Its own process group, so a timeout or abort also ends the grandchildren holding the pipes.
      detached: true,
    });
    const killGroup = (): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const onAbort = (): void => killGroup();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, options.timeoutMs ?? 10_000);
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.stdin.on('error', () => {
      // The child may exit without reading its input; its exit status tells the story.
    });
    child.stdin.end(options.input ?? '');
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (error.code === 'ENOENT' || error.code === 'EACCES') {
        reject(
          new VenomError({
            code: 'COMMAND_NOT_FOUND',
            category: 'environment',
            message: `cannot run '${file}': ${error.code === 'ENOENT' ? 'not found' : 'permission denied'}`,
            hint: `Install '${file}' or put it on PATH.`,
            details: { file },
            cause: error,
          }),
        );
      } else {
        reject(error);
      }
    });
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve({
        exitCode: exitCode ?? undefined,
        signal: signal ?? undefined,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        timedOut,
      });
    });
  });
}
