import type { ZodType, z } from 'zod';
import type { Style } from './create-style.js';

/** One `--flag` of a command. The key it is declared under is its kebab-case long name. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  /** One letter: `short: 'n'` accepts `-n`. Must not clash with the global `-v -q -c -h -V`. */
  short?: string;
  description: string;
  /** Repeatable: the input gets a `string[]` (empty when the flag is absent). */
  multiple?: boolean;
  /** Shown in help: `valueName: 'n'` renders `--limit <n>`. */
  valueName?: string;
  /** Accepted values, enforced by the kit and offered by help and shell completion. */
  choices?: readonly string[];
  /** Value when the flag is absent (booleans default to `false`). */
  default?: string | boolean;
}

/** One positional argument of a command, in order. */
export interface PositionalSpec {
  name: string;
  description: string;
  required?: boolean;
  /** Takes all remaining arguments as a `string[]`; only the last positional may be variadic. */
  variadic?: boolean;
  choices?: readonly string[];
}

/** The flags every command accepts, wherever they appear on the command line. */
export interface GlobalOptions {
  json: boolean;
  verbose: boolean;
  quiet: boolean;
  /** Whether human output on stdout is coloured (TTY, `NO_COLOR`, `--no-color`, `FORCE_COLOR`). */
  color: boolean;
  /** From repeatable `-c key=value` / `--set key=value`. */
  settings: Record<string, string>;
}

/** Human output to stdout. In `--json` mode it writes nothing: the kit prints the result as JSON. */
export interface Output {
  line(text?: string): void;
  /** Left-aligned columns separated by two spaces; the optional header is bold. */
  table(rows: string[][], options?: { header?: string[] }): void;
  readonly style: Style;
}

/** A progress indicator for long work, drawn on stderr. See {@link CommandContext.progress}. */
export interface Progress {
  /** Replaces the label; with `counts.total` the spinner becomes a bar `[####....] 4/10 label`. */
  update(text: string, counts?: { done: number; total?: number }): void;
  /** Clears the indicator; with `text`, leaves a final success line. */
  done(text?: string): void;
  /** Clears the indicator; with `text`, leaves a final failure line. */
  fail(text?: string): void;
}

/** Everything a command may touch. The kit never reads `process`; the bin passes these in. */
export interface CommandContext {
  globals: GlobalOptions;
  env: Record<string, string | undefined>;
  cwd: string;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Aborted on Ctrl-C by the caller; pass it to long-running work. */
  signal: AbortSignal;
  output: Output;
  /**
   * A spinner (or a bar once `counts.total` is given) on stderr when stderr is a TTY and neither
   * `--quiet` nor `--json` is set; otherwise a no-op, or one plain line at the end with `--verbose`.
   */
  progress(label: string): Progress;
  /** Prints `warning: <message>` on stderr unless `--quiet`. */
  warn(message: string): void;
  program: ProgramDefinition;
}

/** A command: its name, help text, flags and arguments, input schema, behaviour and rendering. */
// biome-ignore lint/suspicious/noExplicitAny: the defaults let a program list commands of any input and result.
export interface CommandDefinition<Input = any, Result = any> {
  /** Words separated by spaces are subcommands: `'doctor'`, `'config get'`. */
  name: string;
  /** One line, shown in command lists. */
  summary: string;
  /** Paragraphs shown in the command's own help. */
  description?: string;
  /** Full command lines shown under "Examples", e.g. `'venom config get models.default'`. */
  examples?: readonly string[];
  positionals?: readonly PositionalSpec[];
  /** Keys are kebab-case flag names (`'dry-run'`); the input gets camelCase keys (`dryRun`). */
  options?: Record<string, OptionSpec>;
  /**
   * Validates `{ ...positionals by name (variadic -> string[]), ...options camelCased }`.
   * Receives zod lazily, only when the command is about to run. Without it, the raw object is passed.
   */
  input?: (zod: typeof z) => ZodType<Input>;
  run(input: Input, context: CommandContext): Promise<Result> | Result;
  /**
   * Human rendering. With `--json` the kit prints `JSON.stringify(result)` instead. Without it, a
   * string result is printed as is and any other defined result as indented JSON.
   */
  render?(result: Result, output: Output, context: CommandContext): void;
  /**
   * The exit code for a result (e.g. doctor returns 1 when a check fails). Without it, a numeric
   * `exitCode` property of the result is used, else 0.
   */
  exitCode?(result: Result): number;
  /**
   * The command writes its own output as it goes (e.g. one JSON object per line with `--json`), so
   * the kit prints no result document. Such a command's help says so in its description.
   */
  streams?: boolean;
}

/** A CLI program: its name (the bin), version, one-line summary and commands. */
export interface ProgramDefinition {
  name: string;
  version: string;
  summary: string;
  commands: readonly CommandDefinition[];
}

/** Declares a command; returns it unchanged, with `Input` and `Result` inferred. */
export function defineCommand<Input, Result>(
  definition: CommandDefinition<Input, Result>,
): CommandDefinition<Input, Result> {
  return definition;
}
