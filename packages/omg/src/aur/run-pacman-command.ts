import { findExecutable, VenomError } from '@venom/core';
import { type OutputListener, runStreaming } from './build-aur-package.js';

/** How to call the system's pacman: which root and database, and whether sudo is needed. */
export interface PacmanInvocation {
  /** The caller's uid: not 0 means `sudo` in front. */
  uid: number;
  /** --root, when not the running system. */
  root?: string | undefined;
  /** --dbpath. */
  databasePath?: string | undefined;
  /** --config (default: pacman's own). */
  config?: string | undefined;
  env: Record<string, string | undefined>;
  /** Pass --noconfirm (the user approved omg's plan with --yes). */
  noConfirm: boolean;
  /** Give pacman the terminal so it can ask (else its output goes to onOutput). */
  inheritTerminal?: boolean;
  onOutput?: OutputListener;
  signal?: AbortSignal;
}

/** The full command line omg runs for `pacman <args>` (sudo first when not root). */
export function pacmanCommandLine(args: readonly string[], invocation: PacmanInvocation): string[] {
  const line = [
    'pacman',
    ...(invocation.config === undefined ? [] : ['--config', invocation.config]),
    ...(invocation.root === undefined ? [] : ['--root', invocation.root]),
    ...(invocation.databasePath === undefined ? [] : ['--dbpath', invocation.databasePath]),
    ...(invocation.noConfirm ? ['--noconfirm'] : []),
    ...args,
  ];
  return invocation.uid === 0 ? line : ['sudo', ...line];
}

/** Runs pacman (through sudo when not root); a non-zero exit is a PACMAN_FAILED environment error. */
export async function runPacmanCommand(
  args: readonly string[],
  invocation: PacmanInvocation,
): Promise<string> {
  const line = pacmanCommandLine(args, invocation);
  const program = findExecutable(line[0] as string, invocation.env);
  if (program === undefined) {
    throw new VenomError({
      code: 'COMMAND_NOT_FOUND',
      category: 'environment',
      message: `cannot run '${line[0]}': not on PATH`,
      hint: line[0] === 'sudo' ? 'Install sudo, or run omg as root.' : 'Install pacman.',
    });
  }
  const result = await runStreaming(program, line.slice(1), {
    env: invocation.env,
    ...(invocation.inheritTerminal === undefined ? {} : { inheritTerminal: invocation.inheritTerminal }),
    ...(invocation.onOutput === undefined ? {} : { onOutput: invocation.onOutput }),
    ...(invocation.signal === undefined ? {} : { signal: invocation.signal }),
  });
  if (result.exitCode !== 0) {
    throw new VenomError({
      code: 'PACMAN_FAILED',
      category: 'environment',
      message: `${line.join(' ')} failed (exit ${result.exitCode})`,
      ...(result.output === '' ? {} : { hint: result.output.split('\n').slice(-10).join('\n') }),
      details: { command: line, exitCode: result.exitCode },
    });
  }
  return result.output;
}
