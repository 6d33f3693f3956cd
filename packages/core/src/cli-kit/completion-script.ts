import type { CommandDefinition, OptionSpec, ProgramDefinition } from './define-command.js';
import { globalOptionSpecs, listCommands, nextCommandWords, splitCommandName } from './list-commands.js';

/** The shells {@link completionScript} writes scripts for. */
export type CompletionShell = 'bash' | 'zsh' | 'fish';

interface CompletionTable {
  /** Command path ('' for the program, 'config get') -> the words that may follow it. */
  words: Map<string, string[]>;
  /** Command path -> the flags accepted there (long and short forms). */
  flags: Map<string, string[]>;
  /** `path|flag` for each command flag that takes a value (the global `-c`/`--set` are always known). */
  valueFlags: string[];
  /** `path|flag` -> the values offered after a flag with choices. */
  values: Map<string, readonly string[]>;
  /** `path|index` (or `path|*` for a variadic tail) -> the values offered for a positional. */
  positionals: Map<string, readonly string[]>;
}

function flagForms(name: string, spec: OptionSpec): string[] {
  return spec.short === undefined ? [`--${name}`] : [`--${name}`, `-${spec.short}`];
}

function buildTable(program: ProgramDefinition): CompletionTable {
  const commands = listCommands(program);
  const table: CompletionTable = {
    words: new Map(),
    flags: new Map(),
    valueFlags: [],
    values: new Map(),
    positionals: new Map(),
  };
  const paths = new Set<string>(['']);
  for (const command of commands) {
    const words = splitCommandName(command.name);
    for (let length = 1; length <= words.length; length++) paths.add(words.slice(0, length).join(' '));
  }
  for (const path of paths) {
    const pathWords = path === '' ? [] : path.split(' ');
    const next = nextCommandWords(commands, pathWords);
    if (next.length > 0) table.words.set(path, next);
    const command: CommandDefinition | undefined = commands.find(
      (candidate) => splitCommandName(candidate.name).join(' ') === path,
    );
    const options: [string, OptionSpec][] = [
      ...Object.entries(command?.options ?? {}),
      ...Object.entries(globalOptionSpecs).filter(([, spec]) => path === '' || spec.topLevelOnly !== true),
    ];
    table.flags.set(
      path,
      options.flatMap(([name, spec]) => flagForms(name, spec)),
    );
    for (const [name, spec] of Object.entries(command?.options ?? {})) {
      if (spec.type !== 'string') continue;
      for (const form of flagForms(name, spec)) {
        table.valueFlags.push(`${path}|${form}`);
        if (spec.choices !== undefined) table.values.set(`${path}|${form}`, spec.choices);
      }
    }
    const isBuiltinHelp = path === 'help' && !program.commands.includes(command as CommandDefinition);
    (command?.positionals ?? []).forEach((positional, index) => {
      const choices = isBuiltinHelp ? (table.words.get('') ?? []) : positional.choices;
      if (choices === undefined) return;
      table.positionals.set(`${path}|${positional.variadic === true ? '*' : index}`, choices);
    });
  }
  return table;
}

function quote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

function identifier(programName: string): string {
  return programName.replace(/[^A-Za-z0-9_]/g, '_');
}

/** A `case` statement (bash and zsh) printing space-separated words per key. */
function shCase(subject: string, entries: Map<string, readonly string[]>, indent: string): string {
  const lines = [`${indent}case ${subject} in`];
  for (const [key, values] of entries) {
    const pattern = key.endsWith('|*') ? `${quote(key.slice(0, -1))}*` : quote(key);
    lines.push(`${indent}  ${pattern}) echo ${quote(values.join(' '))} ;;`);
  }
  lines.push(`${indent}esac`);
  return lines.join('\n');
}

/** Helper functions shared by the bash and zsh scripts (both read POSIX `case`). */
function shHelpers(name: string, table: CompletionTable): string {
  const valueKeys = table.valueFlags.map(quote).join('|');
  return `_${name}_words() {
${shCase('"$1"', table.words, '  ')}
}
_${name}_flags() {
${shCase('"$1"', table.flags, '  ')}
}
_${name}_takes_value() {
  case "$1|$2" in
    ${valueKeys === '' ? "''" : valueKeys}) return 0 ;;
  esac
  case "$2" in
    -c|--set) return 0 ;;
  esac
  return 1
}
_${name}_values() {
${shCase('"$1|$2"', table.values, '  ')}
}
_${name}_positionals() {
${shCase('"$1|$2"', table.positionals, '  ')}
}
_${name}_has_word() {
  case " $(_${name}_words "$1") " in
    *" $2 "*) return 0 ;;
  esac
  return 1
}
_${name}_candidates() {
  # $1: the word being completed; then the words before it, without the program name.
  local command_path='' npos=0 expecting='' previous='' word current="$1"
  shift
  for word in "$@"; do
    if [ -n "$expecting" ]; then expecting=''; continue; fi
    case "$word" in
      -*=*) continue ;;
      -*) previous="$word"; if _${name}_takes_value "$command_path" "$word"; then expecting=1; fi; continue ;;
    esac
    if [ "$npos" -eq 0 ] && _${name}_has_word "$command_path" "$word"; then
      command_path="\${command_path:+$command_path }$word"
    else
      npos=$((npos + 1))
    fi
  done
  if [ -n "$expecting" ]; then _${name}_values "$command_path" "$previous"; return; fi
  case "$current" in
    -*) _${name}_flags "$command_path"; return ;;
  esac
  if [ "$npos" -eq 0 ]; then _${name}_words "$command_path"; fi
  _${name}_positionals "$command_path" "$npos"
}`;
}

function bashScript(program: ProgramDefinition, table: CompletionTable): string {
  const name = identifier(program.name);
  return `# bash completion for ${program.name}. Install: source <(${program.name} completion bash)
${shHelpers(name, table)}
_${name}_complete() {
  local current="\${COMP_WORDS[COMP_CWORD]}"
  local candidates
  candidates="$(_${name}_candidates "$current" "\${COMP_WORDS[@]:1:COMP_CWORD-1}")"
  COMPREPLY=($(compgen -W "$candidates" -- "$current"))
}
complete -o default -F _${name}_complete ${program.name}
`;
}

function zshScript(program: ProgramDefinition, table: CompletionTable): string {
  const name = identifier(program.name);
  return `#compdef ${program.name}
# zsh completion for ${program.name}. Install: source <(${program.name} completion zsh)  (after compinit)
${shHelpers(name, table)}
_${name}_complete() {
  local current="\${words[CURRENT]}"
  local -a candidates
  candidates=(\${=$(_${name}_candidates "$current" "\${(@)words[2,CURRENT-1]}")})
  compadd -- "\${candidates[@]}"
}
compdef _${name}_complete ${program.name}
`;
}

function fishSwitch(subject: string, entries: Map<string, readonly string[]>, indent: string): string {
  const lines = [`${indent}switch ${subject}`];
  for (const [key, values] of entries) {
    const pattern = key.endsWith('|*') ? `${quote(key.slice(0, -1))}'*'` : quote(key);
    lines.push(`${indent}  case ${pattern}`, `${indent}    printf '%s\\n' ${values.map(quote).join(' ')}`);
  }
  lines.push(`${indent}end`);
  return lines.join('\n');
}

function fishScript(program: ProgramDefinition, table: CompletionTable): string {
  const name = identifier(program.name);
  const valueKeys = table.valueFlags.map(quote).join(' ');
  return `# fish completion for ${program.name}. Install: ${program.name} completion fish | source
function __${name}_words
${fishSwitch('$argv[1]', table.words, '  ')}
end
function __${name}_flags
${fishSwitch('$argv[1]', table.flags, '  ')}
end
function __${name}_takes_value
  contains -- "$argv[1]|$argv[2]" ${valueKeys}; and return 0
  contains -- $argv[2] -c --set
end
function __${name}_values
${fishSwitch('"$argv[1]|$argv[2]"', table.values, '  ')}
end
function __${name}_positionals
${fishSwitch('"$argv[1]|$argv[2]"', table.positionals, '  ')}
end
function __${name}_complete
  set -l tokens (commandline -opc)
  set -l current (commandline -ct)
  set -l command_path ''
  set -l npos 0
  set -l expecting 0
  set -l previous ''
  for word in $tokens[2..-1]
    if test $expecting = 1
      set expecting 0
      continue
    end
    switch $word
      case '-*=*'
        continue
      case '-*'
        set previous $word
        if __${name}_takes_value "$command_path" $word
          set expecting 1
        end
        continue
    end
    if test $npos = 0; and contains -- $word (__${name}_words "$command_path")
      set command_path (string trim -- "$command_path $word")
    else
      set npos (math $npos + 1)
    end
  end
  if test $expecting = 1
    __${name}_values "$command_path" $previous
    return
  end
  if string match -q -- '-*' "$current"
    __${name}_flags "$command_path"
    return
  end
  if test $npos = 0
    __${name}_words "$command_path"
  end
  __${name}_positionals "$command_path" $npos
end
complete -c ${program.name} -f -a '(__${name}_complete)'
`;
}

/**
 * A shell script completing the program's command words, subcommands, flags and their choices,
 * and positional choices. Install lines: `source <(venom completion bash)`,
 * `source <(venom completion zsh)` (after compinit), `venom completion fish | source`.
 */
export function completionScript(program: ProgramDefinition, shell: CompletionShell): string {
  const table = buildTable(program);
  if (shell === 'bash') return bashScript(program, table);
  if (shell === 'zsh') return zshScript(program, table);
  return fishScript(program, table);
}
