const droppedWords = new Set(['fi', 'done', 'esac', '{', '}', 'then', 'do', 'else']);
const leadingKeywords = /^(?:(?:then|do|else|elif|if|while|until|time|!|\{)\s+)+/;

/**
 * Splits a shell command into the simple commands a policy judges one by one: on `&&`, `||`, `;`,
 * `|`, `|&`, newlines and background `&`; the contents of `$(…)`, `` `…` ``, `<(…)`, `>(…)` and
 * subshells `( … )` are split recursively and become parts of their own (before the part that holds
 * a substitution). Quotes and backslashes are respected; `2>&1` and `&>` are redirections, not
 * operators; comments are dropped; `if`/`then`/`do`… keywords are stripped from the parts.
 */
export function splitCompoundCommand(command: string): string[] {
  const parts: string[] = [];
  let buffer = '';
  let pendingSubstitutions: string[] = [];
  const flush = () => {
    parts.push(...pendingSubstitutions);
    pendingSubstitutions = [];
    const part = cleanPart(buffer);
    if (part !== '') parts.push(part);
    buffer = '';
  };
  let index = 0;
  while (index < command.length) {
    const character = command[index] as string;
    const next = command[index + 1];
    if (character === '\\') {
      buffer += command.slice(index, index + 2);
      index += 2;
    } else if (character === "'") {
      const end = command.indexOf("'", index + 1);
      const stop = end === -1 ? command.length : end + 1;
      buffer += command.slice(index, stop);
      index = stop;
    } else if (character === '"') {
      const stop = scanDoubleQuoted(command, index + 1, pendingSubstitutions);
      buffer += command.slice(index, stop);
      index = stop;
    } else if (character === '`') {
      const stop = scanBackticks(command, index + 1, pendingSubstitutions);
      buffer += command.slice(index, stop);
      index = stop;
    } else if ((character === '$' || character === '<' || character === '>') && next === '(') {
      if (character === '$' && command[index + 2] === '(') {
        const close = findClosingParenthesis(command, index + 2);
        buffer += command.slice(index, close + 1);
        index = close + 1;
      } else {
        const close = findClosingParenthesis(command, index + 1);
        pendingSubstitutions.push(...splitCompoundCommand(command.slice(index + 2, close)));
        buffer += command.slice(index, close + 1);
        index = close + 1;
      }
    } else if (character === '(' && buffer.trim() === '') {
      const close = findClosingParenthesis(command, index);
      parts.push(...splitCompoundCommand(command.slice(index + 1, close)));
      index = close + 1;
    } else if (character === '#' && (buffer === '' || /\s$/.test(buffer))) {
      const end = command.indexOf('\n', index);
      index = end === -1 ? command.length : end;
    } else if (
      character === '\n' ||
      character === ';' ||
      (character === '&' && next === '&') ||
      (character === '|' && next === '|')
    ) {
      flush();
      index += character === '\n' || character === ';' ? (next === ';' ? 2 : 1) : 2;
    } else if (character === '|') {
      flush();
      index += next === '&' ? 2 : 1;
    } else if (character === '&') {
      const previous = command[index - 1];
      if (previous === '>' || previous === '<' || next === '>') {
        buffer += character;
      } else {
        flush();
      }
      index += 1;
    } else {
      buffer += character;
      index += 1;
    }
  }
  flush();
  return parts;
}

function cleanPart(raw: string): string {
  let part = raw.trim();
  for (;;) {
    const stripped = part
      .replace(leadingKeywords, '')
      .replace(/\s+\}$/, '')
      .trim();
    if (stripped === part) break;
    part = stripped;
  }
  return droppedWords.has(part) ? '' : part;
}

/** Index just past the closing quote; substitutions inside are split into `substitutions`. */
function scanDoubleQuoted(command: string, start: number, substitutions: string[]): number {
  let index = start;
  while (index < command.length) {
    const character = command[index];
    if (character === '\\') index += 2;
    else if (character === '"') return index + 1;
    else if (character === '`') index = scanBackticks(command, index + 1, substitutions);
    else if (character === '$' && command[index + 1] === '(') {
      const arithmetic = command[index + 2] === '(';
      const close = findClosingParenthesis(command, index + (arithmetic ? 2 : 1));
      if (!arithmetic) substitutions.push(...splitCompoundCommand(command.slice(index + 2, close)));
      index = close + 1;
    } else index += 1;
  }
  return command.length;
}

function scanBackticks(command: string, start: number, substitutions: string[]): number {
  let index = start;
  let inner = '';
  while (index < command.length && command[index] !== '`') {
    if (command[index] === '\\' && index + 1 < command.length) {
      inner += command[index + 1];
      index += 2;
    } else {
      inner += command[index];
      index += 1;
    }
  }
  substitutions.push(...splitCompoundCommand(inner));
  return Math.min(index + 1, command.length);
}

/** Index of the `)` matching the `(` at `open` (quotes and nesting respected), or the last index. */
function findClosingParenthesis(command: string, open: number): number {
  let depth = 0;
  let index = open;
  while (index < command.length) {
    const character = command[index];
    if (character === '\\') {
      index += 2;
      continue;
    }
    if (character === "'") {
      const end = command.indexOf("'", index + 1);
      index = end === -1 ? command.length : end + 1;
      continue;
    }
    if (character === '"') {
      index = scanDoubleQuoted(command, index + 1, []);
      continue;
    }
    if (character === '(') depth += 1;
    else if (character === ')') {
      depth -= 1;
      if (depth === 0) return index;
    }
    index += 1;
  }
  return command.length;
}
