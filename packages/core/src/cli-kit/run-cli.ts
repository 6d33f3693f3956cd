import { toVenomError, VenomError } from '../errors/index.js';
import { redactSecrets, redactText } from '../logging/redact.js';
import { createOutput } from './create-output.js';
import { createProgress, type ProgressHandle, type ProgressMode } from './create-progress.js';
import { createStyle, type Style, shouldUseColor } from './create-style.js';
import type {
  CommandContext,
  CommandDefinition,
  GlobalOptions,
  ProgramDefinition,
} from './define-command.js';
import { listCommands, nextCommandWords, toCamelCase } from './list-commands.js';
import { buildRawInput, hasGlobalFlag, parseCommandLine, positionalLabel } from './parse-command-line.js';
import { refuseSecretArguments } from './refuse-secret-arguments.js';
import { renderHelp } from './render-help.js';
import { helpHint, usageError } from './usage-error.js';

/** What {@link runCli} reads and writes instead of `process`. */
export interface CliIo {
  /** The arguments without node and the script: `process.argv.slice(2)`. */
  argv: readonly string[];
  env: Record<string, string | undefined>;
  cwd: string;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Aborted by the caller on Ctrl-C (SIGINT). */
  signal: AbortSignal;
  /** Defaults to `stdout.isTTY`. */
  stdoutIsTTY?: boolean;
  /** Defaults to `stderr.isTTY`. */
  stderrIsTTY?: boolean;
}

/** The exit code after Ctrl-C (128 + SIGINT), as shells report it. */
export const INTERRUPTED_EXIT_CODE = 130;

/** How long a command may take to wind down after Ctrl-C before the kit reports the interruption. */
const interruptGraceMs = 2000;

interface ReportSettings {
  programName: string;
  json: boolean;
  verbose: boolean;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stderrStyle: Style;
}

function isTTY(stream: NodeJS.WritableStream, override: boolean | undefined): boolean {
  return override ?? (stream as { isTTY?: boolean }).isTTY === true;
}

/**
 * Parses the command line, dispatches to a command, validates its input (loading zod only then),
 * runs it, renders the result (human or `--json`) and returns the exit code. Never throws: errors
 * are printed (on stderr, or as one JSON document on stdout with `--json`) and mapped to exit codes
 * (2 usage, 3 environment, 4 upstream, 70 internal, 130 interrupted).
 */
export async function runCli(program: ProgramDefinition, io: CliIo): Promise<number> {
  const { argv, env } = io;
  const noColorFlag = hasGlobalFlag(argv, 'no-color');
  const stdoutIsTTY = isTTY(io.stdout, io.stdoutIsTTY);
  const stderrIsTTY = isTTY(io.stderr, io.stderrIsTTY);
  const report: ReportSettings = {
    programName: program.name,
    json: hasGlobalFlag(argv, 'json'),
    verbose: hasGlobalFlag(argv, 'verbose'),
    stdout: io.stdout,
    stderr: io.stderr,
    stderrStyle: createStyle(shouldUseColor({ isTTY: stderrIsTTY, env, noColorFlag })),
  };
  try {
    refuseSecretArguments(program.name, argv);
    const parsed = parseCommandLine(program, argv);
    const flags = parsed.globals;
    report.json = flags.json;
    report.verbose = flags.verbose;
    const color = !flags.json && shouldUseColor({ isTTY: stdoutIsTTY, env, noColorFlag: flags.noColor });
    const stdoutStyle = createStyle(color);
    const { command, path } = parsed;

    if (command === undefined) {
      if (path.length === 0 && flags.version) {
        io.stdout.write(`${program.name} ${program.version}\n`);
        return 0;
      }
      if (flags.help || argv.length === 0) {
        io.stdout.write(renderHelp(program, path, stdoutStyle));
        return 0;
      }
      const choices = nextCommandWords(listCommands(program), path);
      throw usageError(
        `missing ${path.length === 0 ? 'command' : 'subcommand'}; one of: ${choices.join(', ')}`,
        helpHint(program.name, path),
        { code: 'MISSING_COMMAND' },
      );
    }
    if (flags.help) {
      io.stdout.write(renderHelp(program, path, stdoutStyle));
      return 0;
    }

    const rawInput = buildRawInput(program.name, { ...parsed, command });
    const input =
      command.input === undefined ? rawInput : await validateInput(program.name, path, command, rawInput);
    const globals: GlobalOptions = {
      json: flags.json,
      verbose: flags.verbose,
      quiet: flags.quiet,
      color,
      settings: flags.settings,
    };
    return await runCommand(program, command, input, globals, io, { stdoutStyle, stderrIsTTY, report });
  } catch (error) {
    return reportError(error, report);
  }
}

async function validateInput(
  programName: string,
  path: readonly string[],
  command: CommandDefinition,
  rawInput: Record<string, unknown>,
): Promise<unknown> {
  const { z } = await import('zod');
  const schema = command.input?.(z);
  if (schema === undefined) return rawInput;
  const result = await schema.safeParseAsync(rawInput);
  if (result.success) return result.data;
  const labels = new Map<string, string>();
  for (const positional of command.positionals ?? [])
    labels.set(toCamelCase(positional.name), positionalLabel(positional));
  for (const name of Object.keys(command.options ?? {})) labels.set(toCamelCase(name), `--${name}`);
  const problems = result.error.issues.map((issue) => {
    const [key, ...rest] = issue.path.map(String);
    const label = key === undefined ? 'input' : (labels.get(key) ?? key);
    const where = rest.length === 0 ? label : `${label} (${rest.join('.')})`;
    return { where, message: issue.message };
  });
  const summary = problems.map((problem) => `${problem.where}: ${problem.message}`).join('; ');
  throw usageError(`invalid ${summary}`, helpHint(programName, path), {
    code: 'INVALID_INPUT',
    details: { problems },
  });
}

interface RunSettings {
  stdoutStyle: Style;
  stderrIsTTY: boolean;
  report: ReportSettings;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

async function runCommand(
  program: ProgramDefinition,
  command: CommandDefinition,
  input: unknown,
  globals: GlobalOptions,
  io: CliIo,
  settings: RunSettings,
): Promise<number> {
  const { stderr, signal } = io;
  const stderrStyle = settings.report.stderrStyle;
  const output = createOutput(io.stdout, settings.stdoutStyle, { silent: globals.json });
  const progressMode: ProgressMode = globals.quiet
    ? 'off'
    : settings.stderrIsTTY && !globals.json
      ? 'tty'
      : globals.verbose
        ? 'plain'
        : 'off';
  const progresses = new Set<ProgressHandle>();
  const context: CommandContext = {
    globals,
    env: io.env,
    cwd: io.cwd,
    stdin: io.stdin,
    stdout: io.stdout,
    stderr,
    signal,
    output,
    program,
    progress(label) {
      const handle = createProgress(label, { stream: stderr, mode: progressMode, style: stderrStyle });
      progresses.add(handle);
      return handle;
    },
    warn(message) {
      if (globals.quiet) return;
      const running = [...progresses].filter((handle) => handle.running);
      for (const handle of running) handle.clear();
      stderr.write(`${stderrStyle.yellow('warning')}: ${message}\n`);
      for (const handle of running) handle.redraw();
    },
  };

  if (signal.aborted) return reportInterrupted(settings.report);
  let outcome: Outcome;
  let interrupted: boolean;
  try {
    ({ outcome, interrupted } = await settleWithAbort(() => command.run(input, context), signal));
  } finally {
    for (const handle of progresses) handle.stop();
  }
  if (interrupted && !outcome.ok && !isDeliberateError(outcome.error))
    return reportInterrupted(settings.report);
  if (!outcome.ok) {
    const code = reportError(outcome.error, settings.report);
    return interrupted ? INTERRUPTED_EXIT_CODE : code;
  }
  const result = outcome.value;
  if (command.streams === true) {
    // The command already wrote its output.
  } else if (globals.json) {
    io.stdout.write(`${JSON.stringify(result ?? null)}\n`);
  } else if (command.render !== undefined) {
    command.render(result, output, context);
  } else if (typeof result === 'string') {
    output.line(result);
  } else if (result !== undefined) {
    output.line(JSON.stringify(result, null, 2));
  }
  if (interrupted) return INTERRUPTED_EXIT_CODE;
  return exitCodeOf(command, result);
}

/** A VenomError the command threw on purpose (e.g. "cancelled; kept 3 files"), not an AbortError. */
function isDeliberateError(error: unknown): boolean {
  return VenomError.isInstance(error) && error.code !== 'ABORTED';
}

/**
 * Runs `work`; if `signal` aborts first, waits a short grace period for it to wind down.
 * `outcome` is a timeout error (`ok: false`) when it did not.
 */
async function settleWithAbort(
  work: () => unknown,
  signal: AbortSignal,
): Promise<{ outcome: Outcome; interrupted: boolean }> {
  const settled: Promise<Outcome> = Promise.resolve()
    .then(work)
    .then(
      (value): Outcome => ({ ok: true, value }),
      (error: unknown): Outcome => ({ ok: false, error }),
    );
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<'aborted'>((resolve) => {
    onAbort = () => resolve('aborted');
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    const first = await Promise.race([settled, aborted]);
    if (first !== 'aborted') return { outcome: first, interrupted: signal.aborted };
  } finally {
    if (onAbort !== undefined) signal.removeEventListener('abort', onAbort);
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<Outcome>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, error: new Error('still running after interrupt') }),
      interruptGraceMs,
    );
    timer.unref?.();
  });
  try {
    return { outcome: await Promise.race([settled, timeout]), interrupted: true };
  } finally {
    clearTimeout(timer);
  }
}

function exitCodeOf(command: CommandDefinition, result: unknown): number {
  if (command.exitCode !== undefined) return command.exitCode(result);
  if (typeof result === 'object' && result !== null) {
    const exitCode = (result as { exitCode?: unknown }).exitCode;
    if (typeof exitCode === 'number' && Number.isInteger(exitCode)) return exitCode;
  }
  return 0;
}

function reportInterrupted(report: ReportSettings): number {
  if (report.json) {
    const error = new VenomError({ code: 'INTERRUPTED', category: 'interrupted', message: 'interrupted' });
    report.stdout.write(`${JSON.stringify({ error: error.toJSON() })}\n`);
  }
  report.stderr.write('interrupted\n');
  return INTERRUPTED_EXIT_CODE;
}

/** Prints an error (redacted) and returns its exit code. */
function reportError(thrown: unknown, report: ReportSettings): number {
  try {
    const error = toVenomError(thrown);
    if (report.json) {
      report.stdout.write(`${JSON.stringify({ error: redactSecrets(error.toJSON()) })}\n`);
      return error.exitCode;
    }
    const { stderr, stderrStyle } = report;
    stderr.write(`${report.programName}: ${redactText(error.message)}\n`);
    if (error.hint !== undefined) stderr.write(`  ${stderrStyle.dim(`hint: ${redactText(error.hint)}`)}\n`);
    if (report.verbose) {
      const cause: unknown = error.cause ?? error;
      const stack = cause instanceof Error ? (cause.stack ?? cause.message) : String(cause);
      stderr.write(`${stderrStyle.dim(redactText(stack))}\n`);
    }
    return error.exitCode;
  } catch {
    return 70;
  }
}
