import { didYouMean } from '../text/index.js';
import type { CommandContext, CommandDefinition, OptionSpec, ProgramDefinition } from './define-command.js';
import { helpHint, usageError } from './usage-error.js';

/** A global flag: how it is parsed, and how help and completion show it. */
export interface GlobalOptionSpec extends OptionSpec {
  /** Only accepted before a command word (e.g. `--version`). */
  topLevelOnly?: boolean;
}

/** The flags every command accepts, keyed by long name. */
export const globalOptionSpecs: Readonly<Record<string, GlobalOptionSpec>> = {
  json: { type: 'boolean', description: 'print one JSON document on stdout' },
  verbose: { type: 'boolean', short: 'v', description: 'print more detail on stderr (stacks on errors)' },
  quiet: { type: 'boolean', short: 'q', description: 'print only results and errors' },
  'no-color': { type: 'boolean', description: 'never colour output (also: NO_COLOR=1)' },
  set: {
    type: 'string',
    short: 'c',
    multiple: true,
    valueName: 'key=value',
    description: 'override a setting for this run',
  },
  help: { type: 'boolean', short: 'h', description: 'show help' },
  version: { type: 'boolean', short: 'V', description: 'print the version', topLevelOnly: true },
};

/** `dry-run` -> `dryRun`. */
export function toCamelCase(kebabName: string): string {
  return kebabName.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

function builtinHelpCommand(): CommandDefinition<{ command: string[] }, string> {
  return {
    name: 'help',
    summary: 'show help for a command',
    positionals: [{ name: 'command', description: 'the command words', variadic: true }],
    examples: [],
    async run(input, context) {
      const { renderHelp } = await import('./render-help.js');
      const words = input.command;
      const resolution = resolveCommandWords(context.program, words);
      const firstUnmatched = words[resolution.path.length];
      if (firstUnmatched !== undefined)
        throw unknownCommandError(context.program, resolution.path, firstUnmatched);
      return renderHelp(context.program, resolution.path, context.output.style);
    },
    render(text, _output, context) {
      context.stdout.write(text);
    },
  };
}

function builtinCompletionCommand(programName: string): CommandDefinition<{ shell: string }, string> {
  return {
    name: 'completion',
    summary: 'print a shell completion script',
    description: [
      'Prints a script that completes commands, subcommands and flags. Install it with:',
      `  bash  source <(${programName} completion bash)      (add to ~/.bashrc)`,
      `  zsh   source <(${programName} completion zsh)       (add to ~/.zshrc, after compinit)`,
      `  fish  ${programName} completion fish | source      (or save to ~/.config/fish/completions/${programName}.fish)`,
    ].join('\n'),
    positionals: [
      { name: 'shell', description: 'the shell', required: true, choices: ['bash', 'zsh', 'fish'] },
    ],
    examples: [`source <(${programName} completion bash)`],
    async run(input, context: CommandContext) {
      const { completionScript } = await import('./completion-script.js');
      return completionScript(context.program, input.shell as 'bash' | 'zsh' | 'fish');
    },
    render(script, _output, context) {
      context.stdout.write(script);
    },
  };
}

/** The program's commands plus the built-in `help` and `completion` (unless the program defines them). */
export function listCommands(program: ProgramDefinition): readonly CommandDefinition[] {
  const defined = new Set(program.commands.map((command) => command.name));
  const builtins = [builtinHelpCommand(), builtinCompletionCommand(program.name)].filter(
    (command) => !defined.has(command.name),
  );
  return [...program.commands, ...builtins];
}

/** The distinct next words after `path`, in definition order: `['get', 'set']` for `['config']`. */
export function nextCommandWords(commands: readonly CommandDefinition[], path: readonly string[]): string[] {
  const words: string[] = [];
  for (const command of commands) {
    const commandWords = splitCommandName(command.name);
    if (commandWords.length <= path.length) continue;
    if (!path.every((word, index) => commandWords[index] === word)) continue;
    const next = commandWords[path.length];
    if (next !== undefined && !words.includes(next)) words.push(next);
  }
  return words;
}

/** `'config  get'` -> `['config', 'get']`. */
export function splitCommandName(name: string): string[] {
  return name.split(' ').filter((word) => word !== '');
}

/** The command whose name is exactly `path`, if any. */
export function findCommand(
  commands: readonly CommandDefinition[],
  path: readonly string[],
): CommandDefinition | undefined {
  const name = path.join(' ');
  return commands.find((command) => splitCommandName(command.name).join(' ') === name);
}

/** The longest prefix of `words` that names a command or a group of subcommands. */
export function resolveCommandWords(
  program: ProgramDefinition,
  words: readonly string[],
): { path: string[]; command: CommandDefinition | undefined } {
  const commands = listCommands(program);
  const path: string[] = [];
  for (const word of words) {
    if (!nextCommandWords(commands, path).includes(word)) break;
    path.push(word);
  }
  return { path, command: findCommand(commands, path) };
}

/** `unknown command 'confg'; did you mean 'config'?` (or `unknown subcommand 'gte' for 'config'`). */
export function unknownCommandError(program: ProgramDefinition, path: readonly string[], word: string) {
  const candidates = nextCommandWords(listCommands(program), path);
  const suggestion = didYouMean(word, candidates);
  const where = path.length === 0 ? `command '${word}'` : `subcommand '${word}' for '${path.join(' ')}'`;
  const message = `unknown ${where}${suggestion === undefined ? '' : `; did you mean '${suggestion}'?`}`;
  return usageError(message, helpHint(program.name, path), {
    code: 'UNKNOWN_COMMAND',
    details: { command: [...path, word].join(' '), ...(suggestion === undefined ? {} : { suggestion }) },
  });
}
