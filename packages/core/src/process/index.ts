export { findExecutable } from './find-executable.js';
export { type CommandOutput, type RunCommandOptions, runCommand } from './run-command.js';
