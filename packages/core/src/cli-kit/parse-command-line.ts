import { parseArgs } from 'node:util';
import { VenomError } from '../errors/index.js';
import { didYouMean } from '../text/index.js';
import type { CommandDefinition, OptionSpec, PositionalSpec, ProgramDefinition } from './define-command.js';
import {
  findCommand,
  globalOptionSpecs,
  listCommands,
  nextCommandWords,
  splitCommandName,
  toCamelCase,
  unknownCommandError,
} from './list-commands.js';
import { refuseSecretOptionName } from './refuse-secret-arguments.js';
import { helpHint, usageError } from './usage-error.js';

/** The global flags as given on the command line. */
export interface ParsedGlobalFlags {
  json: boolean;
  verbose: boolean;
  quiet: boolean;
  noColor: boolean;
  help: boolean;
  version: boolean;
  settings: Record<string, string>;
}

/** A command line split into command words, global flags, the command's flags and positionals. */
export interface ParsedCommandLine {
  /** The command words matched, e.g. `['config', 'get']`; empty for the program itself. */
  path: string[];
  /** The command named by `path`; undefined for the program itself or a group of subcommands. */
  command: CommandDefinition | undefined;
  globals: ParsedGlobalFlags;
  /** Command flags by kebab-case name, as given (not yet defaulted). */
  optionValues: Record<string, string | boolean | string[]>;
  positionals: string[];
}

/**
 * The index of `--` in `argv`, or its length. Flags after it are positionals.
 */
export function endOfFlags(argv: readonly string[]): number {
  const index = argv.indexOf('--');
  return index === -1 ? argv.length : index;
}

/** Whether a global boolean flag appears anywhere before `--` (for decisions made before parsing). */
export function hasGlobalFlag(argv: readonly string[], longName: string): boolean {
  const short = globalOptionSpecs[longName]?.short;
  const flags = argv.slice(0, endOfFlags(argv));
  return flags.some(
    (token) =>
      token === `--${longName}` ||
      (short !== undefined && /^-[a-zA-Z]+$/.test(token) && token.slice(1).includes(short)),
  );
}

type OptionTable = Map<string, OptionSpec & { global: boolean }>;

function valueTakingFlags(commands: readonly CommandDefinition[], path: readonly string[]): Set<string> {
  const flags = new Set<string>(['-c', '--set']);
  for (const command of commands) {
    const words = splitCommandName(command.name);
    if (!path.every((word, index) => words[index] === word)) continue;
    for (const [name, spec] of Object.entries(command.options ?? {})) {
      if (spec.type !== 'string') continue;
      flags.add(`--${name}`);
      if (spec.short !== undefined) flags.add(`-${spec.short}`);
    }
  }
  return flags;
}

/** Finds the command words among the arguments, skipping flags and the values they take. */
function findCommandWords(
  commands: readonly CommandDefinition[],
  argv: readonly string[],
): { path: string[]; wordIndexes: Set<number> } {
  const path: string[] = [];
  const wordIndexes = new Set<number>();
  const stop = endOfFlags(argv);
  for (let index = 0; index < stop; index++) {
    const token = argv[index] ?? '';
    if (token.startsWith('-') && token !== '-') {
      if (token.includes('=')) continue;
      const takesValue = valueTakingFlags(commands, path);
      const lastShort = /^-[a-zA-Z]+$/.test(token) ? `-${token.slice(-1)}` : undefined;
      if (
        takesValue.has(token) ||
        (lastShort !== undefined && token.length === 2 && takesValue.has(lastShort))
      ) {
        index++;
      }
      continue;
    }
    if (!nextCommandWords(commands, path).includes(token)) break;
    path.push(token);
    wordIndexes.add(index);
  }
  return { path, wordIndexes };
}

function buildOptionTable(
  programName: string,
  command: CommandDefinition | undefined,
  path: string[],
): OptionTable {
  const table: OptionTable = new Map();
  for (const [name, spec] of Object.entries(globalOptionSpecs)) {
    if (spec.topLevelOnly === true && path.length > 0) continue;
    table.set(name, { ...spec, global: true });
  }
  const globalShorts = new Set(Object.values(globalOptionSpecs).map((spec) => spec.short));
  for (const [name, spec] of Object.entries(command?.options ?? {})) {
    if (table.has(name) || (spec.short !== undefined && globalShorts.has(spec.short))) {
      throw new VenomError({
        code: 'COMMAND_DEFINITION_INVALID',
        category: 'internal',
        message: `command '${programName} ${path.join(' ')}' declares --${name}${spec.short === undefined ? '' : ` (-${spec.short})`}, which clashes with a global flag`,
        hint: 'Rename the flag or drop its short form in the command definition.',
      });
    }
    table.set(name, { ...spec, global: false });
  }
  return table;
}

function looksLikeFlag(value: string): boolean {
  return value.length > 1 && value.startsWith('-') && !/^-\d/.test(value);
}

/**
 * Splits `argv` (without node and script) into command words, flags and positionals, checking flag
 * names, values and choices. Throws a usage {@link VenomError} on the first mistake.
 */
export function parseCommandLine(program: ProgramDefinition, argv: readonly string[]): ParsedCommandLine {
  const commands = listCommands(program);
  const { path, wordIndexes } = findCommandWords(commands, argv);
  const command = findCommand(commands, path);
  const hint = helpHint(program.name, path);
  const table = buildOptionTable(program.name, command, path);

  const remaining = argv.filter((_, index) => !wordIndexes.has(index));
  const { tokens } = parseArgs({
    args: remaining,
    options: Object.fromEntries(
      [...table].map(([name, spec]) => [
        name,
        {
          type: spec.type,
          ...(spec.short === undefined ? {} : { short: spec.short }),
          multiple: spec.multiple === true,
        },
      ]),
    ),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });

  const globals: ParsedGlobalFlags = {
    json: false,
    verbose: false,
    quiet: false,
    noColor: false,
    help: false,
    version: false,
    settings: {},
  };
  const optionValues: Record<string, string | boolean | string[]> = {};
  const positionals: string[] = [];

  for (const token of tokens) {
    if (token.kind === 'positional') {
      positionals.push(token.value);
      continue;
    }
    if (token.kind !== 'option') continue;
    const spec = table.get(token.name);
    if (spec === undefined) throw unknownOptionError(program.name, path, table, token.rawName);
    refuseSecretOptionName(program.name, token.name);
    const flag = `--${token.name}`;
    if (spec.type === 'boolean') {
      if (token.value !== undefined) {
        throw usageError(`option '${flag}' does not take a value`, hint, { details: { option: flag } });
      }
    } else if (token.value === undefined || (token.inlineValue !== true && looksLikeFlag(token.value))) {
      const valueName = spec.valueName ?? 'value';
      throw usageError(`option '${flag}' needs a value: ${flag} <${valueName}>`, hint, {
        details: { option: flag },
      });
    }
    if (spec.global) {
      applyGlobal(globals, token.name, token.value, hint);
      continue;
    }
    const value = token.value ?? true;
    if (typeof value === 'string') checkChoice(spec.choices, value, flag, hint);
    if (spec.multiple === true) {
      const previous = optionValues[token.name];
      optionValues[token.name] = [...(Array.isArray(previous) ? previous : []), String(value)];
    } else {
      optionValues[token.name] = value;
    }
  }

  const firstWord = positionals[0];
  const takesPositionals = (command?.positionals ?? []).length > 0;
  const hasSubcommands = nextCommandWords(commands, path).length > 0;
  if (firstWord !== undefined && !takesPositionals && (command === undefined || hasSubcommands)) {
    throw unknownCommandError(program, path, firstWord);
  }
  return { path, command, globals, optionValues, positionals };
}

function unknownOptionError(
  programName: string,
  path: string[],
  table: OptionTable,
  rawName: string,
): VenomError {
  const known = [...table.keys()].map((name) => `--${name}`);
  const suggestion = rawName.startsWith('--')
    ? didYouMean(rawName.split('=')[0] ?? rawName, known)
    : undefined;
  const where = path.length === 0 ? programName : `'${programName} ${path.join(' ')}'`;
  return usageError(
    `unknown option '${rawName}' for ${where}${suggestion === undefined ? '' : `; did you mean '${suggestion}'?`}`,
    helpHint(programName, path),
    {
      code: 'UNKNOWN_OPTION',
      details: { option: rawName, ...(suggestion === undefined ? {} : { suggestion }) },
    },
  );
}

function applyGlobal(
  globals: ParsedGlobalFlags,
  name: string,
  value: string | undefined,
  hint: string,
): void {
  switch (name) {
    case 'json':
      globals.json = true;
      return;
    case 'verbose':
      globals.verbose = true;
      return;
    case 'quiet':
      globals.quiet = true;
      return;
    case 'no-color':
      globals.noColor = true;
      return;
    case 'help':
      globals.help = true;
      return;
    case 'version':
      globals.version = true;
      return;
    case 'set': {
      const setting = value ?? '';
      const equals = setting.indexOf('=');
      const key = setting.slice(0, equals).trim();
      if (equals <= 0 || key === '') {
        throw usageError(`option '-c' expects key=value, e.g. -c models.default=local`, hint, {
          details: { option: '--set' },
        });
      }
      globals.settings[key] = setting.slice(equals + 1);
      return;
    }
  }
}

function checkChoice(
  choices: readonly string[] | undefined,
  value: string,
  label: string,
  hint: string,
): void {
  if (choices === undefined || choices.includes(value)) return;
  const suggestion = didYouMean(value, choices);
  throw usageError(
    `invalid value '${value}' for ${label}; expected one of: ${choices.join(', ')}${suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`}`,
    hint,
    { code: 'INVALID_VALUE', details: { argument: label, choices: [...choices] } },
  );
}

/** `<name>` for help and errors; `<name...>` when variadic. */
export function positionalLabel(positional: PositionalSpec): string {
  return `<${positional.name}${positional.variadic === true ? '...' : ''}>`;
}

/**
 * The object a command's `input` schema validates: positionals by name (variadic -> `string[]`) and
 * flags camelCased, with defaults applied. Throws a usage error for a missing or extra argument.
 */
export function buildRawInput(
  programName: string,
  parsed: Pick<ParsedCommandLine, 'path' | 'optionValues' | 'positionals'> & { command: CommandDefinition },
): Record<string, unknown> {
  const { command, path } = parsed;
  const hint = helpHint(programName, path);
  const input: Record<string, unknown> = {};
  const remaining = [...parsed.positionals];
  for (const positional of command.positionals ?? []) {
    const key = toCamelCase(positional.name);
    const label = positionalLabel(positional);
    if (positional.variadic === true) {
      const values = remaining.splice(0);
      for (const value of values) checkChoice(positional.choices, value, label, hint);
      if (positional.required === true && values.length === 0) throw missingArgument(label, hint);
      input[key] = values;
      continue;
    }
    const value = remaining.shift();
    if (value === undefined) {
      if (positional.required === true) throw missingArgument(label, hint);
      continue;
    }
    checkChoice(positional.choices, value, label, hint);
    input[key] = value;
  }
  const extra = remaining[0];
  if (extra !== undefined) {
    const message =
      (command.positionals ?? []).length === 0
        ? `'${programName} ${path.join(' ')}' takes no arguments, got '${extra}'`
        : `unexpected argument '${extra}'`;
    throw usageError(message, hint, { code: 'UNEXPECTED_ARGUMENT' });
  }
  for (const [name, spec] of Object.entries(command.options ?? {})) {
    const key = toCamelCase(name);
    const given = parsed.optionValues[name];
    if (given !== undefined) input[key] = given;
    else if (spec.multiple === true) input[key] = spec.default === undefined ? [] : [String(spec.default)];
    else if (spec.default !== undefined) input[key] = spec.default;
    else if (spec.type === 'boolean') input[key] = false;
  }
  return input;
}

function missingArgument(label: string, hint: string): VenomError {
  return usageError(`missing required argument ${label}`, hint, {
    code: 'MISSING_ARGUMENT',
    details: { argument: label },
  });
}
