import { isAbsolute, relative } from 'node:path';
import { findExecutable, runCommand } from '@venom/core';
import type { SandboxRunResult } from '../../sandbox/index.js';
import type { SkillContext, SkillResult } from '../types.js';

/** Most output kept in `text` and in structured patches; the rest is cut with a note. */
export const textLimit = 200_000;

/** A successful in-process result. */
export function success(
  output: unknown,
  text: string,
  startedAt: number,
  exitCode: number | null = 0,
): SkillResult {
  return { ok: true, output, text, exitCode, durationMs: Date.now() - startedAt };
}

/** A failed result whose text says what went wrong and what to do. */
export function failure(
  text: string,
  startedAt: number,
  output: unknown = null,
  exitCode: number | null = null,
): SkillResult {
  return { ok: false, output, text, exitCode, durationMs: Date.now() - startedAt };
}

/** A sandboxed run as a result: ok when it exited 0; the output holds the streams and why it stopped. */
export function fromSandboxRun(
  run: SandboxRunResult,
  command: string,
  extra: Record<string, unknown> = {},
): SkillResult {
  const stopped =
    run.killedBy === 'timeout'
      ? '\n(stopped: time limit)'
      : run.killedBy === 'output-limit'
        ? '\n(stopped: output limit)'
        : run.killedBy === 'abort'
          ? '\n(stopped: cancelled)'
          : run.outputTruncated
            ? '\n(output truncated)'
            : '';
  const text =
    clip(`${run.stdout}${run.stderr === '' ? '' : run.stdout === '' ? run.stderr : `\n${run.stderr}`}`) +
    stopped;
  return {
    ok: run.exitCode === 0,
    output: {
      command,
      ...extra,
      exitCode: run.exitCode,
      signal: run.signal,
      stdout: clip(run.stdout),
      stderr: clip(run.stderr),
      outputTruncated: run.outputTruncated,
      timedOut: run.timedOut,
      killedBy: run.killedBy,
    },
    text: text === '' ? `${command}: exit ${run.exitCode ?? run.signal}` : text,
    exitCode: run.exitCode,
    durationMs: run.durationMs,
  };
}

/** `text` cut to the text limit, with a note saying so. */
export function clip(text: string, limit = textLimit): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}\n… (${text.length - limit} more characters)`;
}

/** The output of a host tool run directly (no sandbox): read-only tools like `git log`, `rg`. */
export interface ToolOutput {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/**
 * Runs a read-only tool on the host (found on `context.env.PATH`) in the workspace. Only for
 * programs that cannot execute repository code or write: see docs/architecture/skills.md.
 */
export async function runHostTool(
  context: SkillContext,
  program: string,
  args: string[],
  options: { env?: Record<string, string | undefined>; timeoutMs?: number; cwd?: string } = {},
): Promise<ToolOutput> {
  const file = findExecutable(program, context.env) ?? program;
  const output = await runCommand(file, args, {
    cwd: options.cwd ?? context.workspace,
    env: { ...context.env, ...options.env },
    signal: context.signal,
    timeoutMs: options.timeoutMs ?? 60_000,
  });
  return {
    exitCode: output.exitCode ?? null,
    stdout: output.stdout,
    stderr: output.stderr,
    timedOut: output.timedOut,
  };
}

/** The environment handed into the sandbox: identity and locale only, never the caller's secrets. */
export function sandboxEnvironment(
  context: SkillContext,
  extra: Record<string, string> = {},
): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const name of [
    'GIT_AUTHOR_NAME',
    'GIT_AUTHOR_EMAIL',
    'GIT_AUTHOR_DATE',
    'GIT_COMMITTER_NAME',
    'GIT_COMMITTER_EMAIL',
    'GIT_COMMITTER_DATE',
    'LANG',
    'TERM',
    'TZ',
  ]) {
    const value = context.env[name];
    if (value !== undefined) environment[name] = value;
  }
  return { ...environment, ...extra };
}

/** `path` (absolute, inside the workspace) as the workspace-relative path tools print; '.' for the root. */
export function workspaceRelative(context: SkillContext, path: string): string {
  const workspace = realWorkspace(context);
  const result = relative(workspace, path);
  return result === '' ? '.' : isAbsolute(result) ? path : result;
}

/** The workspace with symlinks resolved, as the file guard returns paths. */
export function realWorkspace(context: SkillContext): string {
  return context.fileGuard.check(context.workspace, 'read');
}

/** Shell-quotes argv for display (approval prompts, policy matching). */
export function formatCommand(argv: readonly string[]): string {
  return argv
    .map((part) => (/^[\w@%+=:,./-]+$/.test(part) ? part : `'${part.replaceAll("'", `'\\''`)}'`))
    .join(' ');
}
