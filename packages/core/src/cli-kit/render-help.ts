import { createStyle, type Style, visibleWidth } from './create-style.js';
import type { CommandDefinition, OptionSpec, PositionalSpec, ProgramDefinition } from './define-command.js';
import {
  findCommand,
  globalOptionSpecs,
  listCommands,
  nextCommandWords,
  splitCommandName,
  unknownCommandError,
} from './list-commands.js';

type Row = readonly [left: string, right: string];

function formatRows(rows: readonly Row[], indent = '  '): string[] {
  const width = Math.max(0, ...rows.map(([left]) => visibleWidth(left)));
  return rows.map(([left, right]) =>
    right === ''
      ? `${indent}${left}`
      : `${indent}${left}${' '.repeat(width - visibleWidth(left))}   ${right}`,
  );
}

function positionalUsage(positional: PositionalSpec): string {
  const name = `${positional.name}${positional.variadic === true ? '...' : ''}`;
  return positional.required === true ? `<${name}>` : `[${name}]`;
}

function optionLeft(name: string, spec: OptionSpec): string {
  const short = spec.short === undefined ? '    ' : `-${spec.short}, `;
  const value = spec.type === 'string' ? ` <${spec.valueName ?? 'value'}>` : '';
  return `${short}--${name}${value}`;
}

function optionRight(spec: OptionSpec): string {
  const notes: string[] = [];
  if (spec.choices !== undefined) notes.push(`one of: ${spec.choices.join(', ')}`);
  if (spec.default !== undefined && spec.default !== false) notes.push(`default: ${String(spec.default)}`);
  if (spec.multiple === true) notes.push('repeatable');
  return notes.length === 0 ? spec.description : `${spec.description} (${notes.join('; ')})`;
}

function optionRows(options: Record<string, OptionSpec>): Row[] {
  return Object.entries(options).map(([name, spec]) => [optionLeft(name, spec), optionRight(spec)] as const);
}

function globalOptionRows(topLevel: boolean): Row[] {
  return optionRows(
    Object.fromEntries(
      Object.entries(globalOptionSpecs).filter(([, spec]) => topLevel || spec.topLevelOnly !== true),
    ),
  );
}

function section(style: Style, title: string, lines: readonly string[]): string[] {
  return lines.length === 0 ? [] : ['', style.bold(`${title}:`), ...lines];
}

/** The commands under `path` with the rest of their names, grouped by their next word. */
function commandRows(
  commands: readonly CommandDefinition[],
  path: readonly string[],
  style: Style,
): string[] {
  const groups = new Map<string, Row[]>();
  for (const command of commands) {
    const words = splitCommandName(command.name);
    if (words.length <= path.length || !path.every((word, index) => words[index] === word)) continue;
    const rest = words.slice(path.length);
    const usage = [...rest, ...(command.positionals ?? []).map(positionalUsage)].join(' ');
    const group = rest[0] ?? '';
    const rows = groups.get(group) ?? [];
    rows.push([style.cyan(usage), command.summary]);
    groups.set(group, rows);
  }
  const singles = [...groups.values()].filter((rows) => rows.length === 1).flat();
  const multiples = [...groups.values()].filter((rows) => rows.length > 1);
  const aligned = formatRows([...singles, ...multiples.flat()]);
  const lines = aligned.slice(0, singles.length);
  let offset = singles.length;
  for (const rows of multiples) {
    if (lines.length > 0) lines.push('');
    lines.push(...aligned.slice(offset, offset + rows.length));
    offset += rows.length;
  }
  return lines;
}

function completionLines(program: ProgramDefinition): string[] {
  return formatRows([
    ['bash', `source <(${program.name} completion bash)`],
    ['zsh', `source <(${program.name} completion zsh)`],
    ['fish', `${program.name} completion fish | source`],
  ]);
}

function programHelp(
  program: ProgramDefinition,
  commands: readonly CommandDefinition[],
  style: Style,
): string[] {
  return [
    `${style.bold(program.name)} ${program.version} - ${program.summary}`,
    ...section(style, 'Usage', [`  ${program.name} <command> [options]`]),
    ...section(style, 'Commands', commandRows(commands, [], style)),
    ...section(style, 'Global options', formatRows(globalOptionRows(true))),
    ...section(style, 'Shell completion', completionLines(program)),
    '',
    `Run '${program.name} <command> --help' for details on a command.`,
  ];
}

function groupHelp(
  program: ProgramDefinition,
  commands: readonly CommandDefinition[],
  path: readonly string[],
  style: Style,
): string[] {
  const fullName = [program.name, ...path].join(' ');
  return [
    `${style.bold(fullName)} - subcommands: ${nextCommandWords(commands, path).join(', ')}`,
    ...section(style, 'Usage', [`  ${fullName} <subcommand> [options]`]),
    ...section(style, 'Subcommands', commandRows(commands, path, style)),
    ...section(style, 'Global options', formatRows(globalOptionRows(false))),
    '',
    `Run '${fullName} <subcommand> --help' for details on a subcommand.`,
  ];
}

function commandHelp(
  program: ProgramDefinition,
  commands: readonly CommandDefinition[],
  command: CommandDefinition,
  style: Style,
): string[] {
  const path = splitCommandName(command.name);
  const fullName = [program.name, ...path].join(' ');
  const positionals = command.positionals ?? [];
  const options = command.options ?? {};
  const subcommands = nextCommandWords(commands, path);
  const usage = [
    fullName,
    ...(subcommands.length > 0 && positionals.length === 0 ? ['[subcommand]'] : []),
    ...positionals.map(positionalUsage),
    '[options]',
  ].join(' ');
  const argumentRows = positionals.map((positional): Row => {
    const notes = [
      ...(positional.choices === undefined ? [] : [`one of: ${positional.choices.join(', ')}`]),
      ...(positional.required === true ? [] : ['optional']),
    ];
    return [
      positionalUsage(positional),
      notes.length === 0 ? positional.description : `${positional.description} (${notes.join('; ')})`,
    ];
  });
  return [
    `${style.bold(fullName)} - ${command.summary}`,
    ...section(style, 'Usage', [`  ${usage}`]),
    ...(command.description === undefined ? [] : ['', ...command.description.split('\n')]),
    ...section(style, 'Subcommands', commandRows(commands, path, style)),
    ...section(style, 'Arguments', formatRows(argumentRows)),
    ...section(style, 'Options', formatRows(optionRows(options))),
    ...section(style, 'Global options', formatRows(globalOptionRows(false))),
    ...section(
      style,
      'Examples',
      (command.examples ?? []).map((example) => `  ${example}`),
    ),
  ];
}

/**
 * The help text for the program (`commandPath` empty), a group of subcommands (`['config']`) or a
 * command (`['config', 'get']`), generated from the definitions. Never loads zod. Throws a usage
 * error for a path that names no command.
 */
export function renderHelp(
  program: ProgramDefinition,
  commandPath: string[] = [],
  style: Style = createStyle(false),
): string {
  const commands = listCommands(program);
  const command = findCommand(commands, commandPath);
  let lines: string[];
  if (commandPath.length === 0) lines = programHelp(program, commands, style);
  else if (command !== undefined) lines = commandHelp(program, commands, command, style);
  else if (nextCommandWords(commands, commandPath).length > 0)
    lines = groupHelp(program, commands, commandPath, style);
  else {
    const known: string[] = [];
    for (const word of commandPath) {
      if (!nextCommandWords(commands, known).includes(word)) throw unknownCommandError(program, known, word);
      known.push(word);
    }
    lines = [];
  }
  return `${lines.join('\n')}\n`;
}
