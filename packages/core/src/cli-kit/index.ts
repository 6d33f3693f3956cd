/**
 * cli-kit: command definitions, argument parsing, help, shell completion, output, progress and
 * error reporting for the suite's CLIs. Importing it never loads zod; `runCli` loads it only to
 * validate a command's input.
 */
export { type CompletionShell, completionScript } from './completion-script.js';
export { createStyle, type Style, shouldUseColor } from './create-style.js';
export {
  type CommandContext,
  type CommandDefinition,
  defineCommand,
  type GlobalOptions,
  type OptionSpec,
  type Output,
  type PositionalSpec,
  type ProgramDefinition,
  type Progress,
} from './define-command.js';
export { renderHelp } from './render-help.js';
export { type CliIo, INTERRUPTED_EXIT_CODE, runCli } from './run-cli.js';
export { type RunCliInProcessOptions, runCliInProcess } from './run-cli-in-process.js';
