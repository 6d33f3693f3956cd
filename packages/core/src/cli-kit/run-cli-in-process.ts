import type { ProgramDefinition } from './define-command.js';
import { runCli } from './run-cli.js';

/**
 * The process adapter every bin uses: wires argv, the environment, the standard streams and Ctrl-C
 * (SIGINT/SIGTERM -> an AbortSignal; a second Ctrl-C exits at once) into {@link runCli}, and sets the
 * exit code. The one function of the kit that touches `process`.
 *
 * A reader that goes away early (`venom events list | head`) ends the process quietly with exit 0, as
 * other Unix tools do, instead of an EPIPE stack trace.
 */
export interface RunCliInProcessOptions {
  /**
   * Exit as soon as the command has returned and standard output and error are flushed, instead of
   * waiting for the event loop to drain: an idle keep-alive connection of an HTTP client otherwise
   * holds the process for up to its idle timeout after the answer is printed. Only for programs whose
   * commands return when their work is done (long-running ones await their end inside `run`).
   */
  exitWhenDone?: boolean;
}

/** Resolves once everything written to `stream` so far has been handed to the operating system. */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || !stream.writable) resolve();
    else stream.write('', () => resolve());
  });
}

export async function runCliInProcess(
  program: ProgramDefinition,
  argv: readonly string[],
  options: RunCliInProcessOptions = {},
): Promise<void> {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  const interrupt = new AbortController();
  let interrupts = 0;
  const onInterrupt = (): void => {
    interrupts += 1;
    // A second Ctrl-C while the command is still cleaning up ends the process at once.
    if (interrupts > 1) process.exit(130);
    interrupt.abort();
  };
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);
  try {
    process.exitCode = await runCli(program, {
      argv,
      env: process.env,
      cwd: process.cwd(),
      stdin: process.stdin,
      stdout: process.stdout,
      stderr: process.stderr,
      signal: interrupt.signal,
      stdoutIsTTY: process.stdout.isTTY === true,
      stderrIsTTY: process.stderr.isTTY === true,
    });
  } finally {
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
  }
  if (options.exitWhenDone === true) {
    await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
    process.exit();
  }
}
