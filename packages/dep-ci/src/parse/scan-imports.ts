/**
 * A single-pass import scanner for TypeScript and JavaScript (see
 * docs/decisions/2026-11-21-dep-ci-import-scanner.md for why not a full parser).
 *
 * It tracks exactly what decides whether a keyword is code: comments, strings, template literals
 * (nested `${}` included), regular expressions (by the previous token) and property access. It
 * finds static imports, re-exports (`export * from`, `export * as ns from`, `export { } from`),
 * type-only imports, `import()` with literal and template specifiers (a template becomes a glob),
 * `import.meta.glob`, `require()`, `createRequire(import.meta.url)` and the names bound to it, TS
 * `import x = require()`, and `/// <reference path>`. A computed specifier is reported as unresolved.
 */

/** How a file refers to another. */
/** How a file refers to another; `conftest` is pytest's implicit dependency of a test on every conftest.py above it. */
export type ImportKind = 'import' | 'export' | 'dynamic' | 'require' | 'glob' | 'reference' | 'conftest';

/** Every kind, in the order whose indexes the graph cache and the native scanner's flags store. */
export const IMPORT_KINDS: readonly ImportKind[] = [
  'import',
  'export',
  'dynamic',
  'require',
  'glob',
  'reference',
  'conftest',
];

/** One reference from a file to a module. */
export interface ImportRecord {
  /** The specifier as written; for `pattern` records a glob (`./locales/*.js`). */
  specifier: string;
  kind: ImportKind;
  /** `import type`, `export type`, or every named specifier marked `type`. */
  typeOnly: boolean;
  /** The specifier is a glob: a template literal with `${}` or an `import.meta.glob` argument. */
  pattern: boolean;
  /**
   * Value bindings an `import` declaration introduces (default, namespace, named without `type`);
   * undefined for other kinds. Empty for a side-effect import (`import './x'`).
   */
  bindings?: string[];
}

/** A specifier no static reading can know, e.g. `import(name)`. */
export interface UnresolvedSpecifier {
  /** The source text of the argument, cut to 80 characters. */
  expression: string;
  line: number;
}

/** Something the scanner could not read, e.g. an unterminated string. */
export interface ScanProblem {
  message: string;
  line: number;
}

/** What {@link scanImports} found in one file. */
export interface ScanResult {
  imports: ImportRecord[];
  unresolved: UnresolvedSpecifier[];
  problems: ScanProblem[];
}

const TAB = 9;
const LINE_FEED = 10;
const CARRIAGE_RETURN = 13;
const SPACE = 32;
const DOUBLE_QUOTE = 34;
const DOLLAR = 36;
const SINGLE_QUOTE = 39;
const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;
const STAR = 42;
const COMMA = 44;
const DOT = 46;
const SLASH = 47;
const DIGIT_0 = 48;
const DIGIT_9 = 57;
const EQUALS = 61;
const OPEN_BRACKET = 91;
const BACKSLASH = 92;
const CLOSE_BRACKET = 93;
const UNDERSCORE = 95;
const BACKTICK = 96;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

function isIdentifierStart(code: number): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    code === DOLLAR ||
    code === UNDERSCORE ||
    code === 35 /* # private names */ ||
    code > 127
  );
}

function isIdentifierPart(code: number): boolean {
  return isIdentifierStart(code) || (code >= DIGIT_0 && code <= DIGIT_9);
}

/** Keywords after which a `/` starts a regular expression rather than a division. */
const REGEX_KEYWORDS = new Set([
  'return',
  'typeof',
  'instanceof',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'case',
  'do',
  'else',
  'yield',
  'await',
  'extends',
]);

const NEXT_TOKEN = /[`'"/{}]|import|export|require|createRequire/g;

function nextTokenWith(names: ReadonlySet<string>): RegExp {
  const escaped = [...names].map((name) => name.replace(/[$]/g, '\\$&'));
  // Bound names first, longest first: `require$1` must not stop at `require`.
  escaped.sort((left, right) => right.length - left.length);
  return new RegExp(`[\`'"/{}]|${escaped.join('|')}|import|export|require|createRequire`, 'g');
}

const CREATE_REQUIRE_BINDING =
  /(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:[\w$]+\s*\.\s*)?createRequire\s*\(/g;

/**
 * Scans one TS/JS source for the modules it references. Never throws: what it cannot read goes to
 * `problems`, what cannot be known statically to `unresolved`.
 */
export function scanImports(source: string): ScanResult {
  const length = source.length;
  const imports: ImportRecord[] = [];
  const unresolved: UnresolvedSpecifier[] = [];
  const problems: ScanProblem[] = [];
  const templateDepths: number[] = [];
  let braceDepth = 0;
  let lastCommentEnd = -1;

  let requireNames: Set<string> | undefined;
  if (source.includes('createRequire')) {
    for (const match of source.matchAll(CREATE_REQUIRE_BINDING)) {
      const name = match[1];
      if (name === undefined || name === 'require') continue;
      requireNames ??= new Set();
      requireNames.add(name);
    }
  }

  const lineAt = (offset: number): number => {
    let line = 1;
    for (
      let index = source.indexOf('\n');
      index !== -1 && index < offset;
      index = source.indexOf('\n', index + 1)
    )
      line++;
    return line;
  };
  const problem = (message: string, offset: number): void => {
    problems.push({ message, line: lineAt(offset) });
  };

  /** Skips whitespace and comments from `offset`. */
  const skipTrivia = (offset: number): number => {
    let index = offset;
    while (index < length) {
      const code = source.charCodeAt(index);
      if (code === SPACE || code === LINE_FEED || code === TAB || code === CARRIAGE_RETURN) {
        index++;
      } else if (code === SLASH && source.charCodeAt(index + 1) === SLASH) {
        const end = source.indexOf('\n', index);
        index = end === -1 ? length : end + 1;
      } else if (code === SLASH && source.charCodeAt(index + 1) === STAR) {
        const end = source.indexOf('*/', index + 2);
        index = end === -1 ? length : end + 2;
      } else {
        return index;
      }
    }
    return index;
  };

  /** The end of a quoted string starting at `offset`; stops at a line break if unterminated. */
  const skipString = (offset: number, quote: number): number => {
    let index = offset + 1;
    while (index < length) {
      const code = source.charCodeAt(index);
      if (code === quote) return index + 1;
      if (code === BACKSLASH) index += 2;
      else if (code === LINE_FEED) {
        problem('unterminated string literal', offset);
        return index;
      } else index++;
    }
    problem('unterminated string literal', offset);
    return length;
  };

  /** Reads the value of a quoted string at `offset`, or undefined when there is none. */
  const readString = (offset: number): { value: string; end: number } | undefined => {
    const quote = source.charCodeAt(offset);
    if (quote !== SINGLE_QUOTE && quote !== DOUBLE_QUOTE) return undefined;
    const end = skipString(offset, quote);
    if (source.charCodeAt(end - 1) !== quote || end - 1 === offset) return undefined;
    const raw = source.slice(offset + 1, end - 1);
    return { value: raw.includes('\\') ? decodeEscapes(raw) : raw, end };
  };

  /**
   * Reads a template literal at `offset` (the backtick) as a glob: each `${}` becomes `*`. Returns
   * undefined when the template is malformed.
   */
  const readTemplate = (offset: number): { value: string; end: number; pattern: boolean } | undefined => {
    let index = offset + 1;
    let value = '';
    let pattern = false;
    while (index < length) {
      const code = source.charCodeAt(index);
      if (code === BACKTICK) return { value, end: index + 1, pattern };
      if (code === BACKSLASH) {
        value += source[index + 1] ?? '';
        index += 2;
      } else if (code === DOLLAR && source.charCodeAt(index + 1) === OPEN_BRACE) {
        let depth = 1;
        index += 2;
        while (index < length && depth > 0) {
          const inner = source.charCodeAt(index);
          if (inner === OPEN_BRACE) depth++;
          else if (inner === CLOSE_BRACE) depth--;
          else if (inner === SINGLE_QUOTE || inner === DOUBLE_QUOTE) {
            index = skipString(index, inner) - 1;
          } else if (inner === BACKTICK) {
            const nested = readTemplate(index);
            if (nested === undefined) return undefined;
            index = nested.end - 1;
          }
          index++;
        }
        if (!value.endsWith('*')) value += '*';
        pattern = true;
      } else {
        value += source[index];
        index++;
      }
    }
    return undefined;
  };

  /** Reads `'literal'` or a template at `offset`. */
  const readSpecifier = (offset: number): { value: string; end: number; pattern: boolean } | undefined => {
    const code = source.charCodeAt(offset);
    if (code === BACKTICK) return readTemplate(offset);
    const literal = readString(offset);
    return literal === undefined ? undefined : { ...literal, pattern: false };
  };

  /** Reads an identifier at `offset`, or undefined. */
  const readWord = (offset: number): { word: string; end: number } | undefined => {
    if (!isIdentifierStart(source.charCodeAt(offset))) return undefined;
    let end = offset + 1;
    while (end < length && isIdentifierPart(source.charCodeAt(end))) end++;
    return { word: source.slice(offset, end), end };
  };

  /** The argument text of a call, for an unresolved report. */
  const expressionAt = (offset: number): string => {
    let depth = 0;
    let index = offset;
    while (index < length && index - offset < 200) {
      const code = source.charCodeAt(index);
      if (code === OPEN_PAREN) depth++;
      else if (code === CLOSE_PAREN) {
        if (depth === 0) break;
        depth--;
      } else if (code === LINE_FEED && depth === 0) break;
      index++;
    }
    return source.slice(offset, index).trim().slice(0, 80);
  };

  /**
   * A call argument at `offset` (just after `(`): records the specifier or an unresolved entry.
   * Returns true when it recorded something.
   */
  const callArgument = (offset: number, kind: 'dynamic' | 'require', typeOnly: boolean): void => {
    const argumentStart = skipTrivia(offset);
    const specifier = readSpecifier(argumentStart);
    if (specifier !== undefined) {
      const after = source.charCodeAt(skipTrivia(specifier.end));
      if (after === CLOSE_PAREN || after === COMMA) {
        if (specifier.pattern && !/[./]/.test(specifier.value.replaceAll('*', ''))) {
          // `import(`${name}`)`: a glob over everything is no information.
          unresolved.push({ expression: expressionAt(argumentStart), line: lineAt(argumentStart) });
          return;
        }
        imports.push({ specifier: specifier.value, kind, typeOnly, pattern: specifier.pattern });
        return;
      }
    }
    if (source.charCodeAt(argumentStart) === CLOSE_PAREN) return;
    unresolved.push({ expression: expressionAt(argumentStart), line: lineAt(argumentStart) });
  };

  /** The words of each comma-separated entry of `{ a, type B as C }` between `start` and `end`. */
  const readNamedEntries = (start: number, end: number): string[][] => {
    const entries: string[][] = [];
    let words: string[] = [];
    let index = start;
    while (index < end) {
      index = skipTrivia(index);
      if (index >= end) break;
      const code = source.charCodeAt(index);
      if (code === COMMA) {
        entries.push(words);
        words = [];
        index++;
      } else if (code === SINGLE_QUOTE || code === DOUBLE_QUOTE) {
        const literal = readString(index);
        words.push(literal?.value ?? '');
        index = literal?.end ?? index + 1;
      } else {
        const word = readWord(index);
        if (word === undefined) index++;
        else {
          words.push(word.word);
          index = word.end;
        }
      }
    }
    if (words.length > 0) entries.push(words);
    return entries;
  };

  /** `import` at [start, end). Returns where scanning resumes. */
  const handleImport = (end: number): number => {
    let index = skipTrivia(end);
    const next = source.charCodeAt(index);
    if (next === OPEN_PAREN) {
      callArgument(index + 1, 'dynamic', false);
      return index + 1;
    }
    if (next === DOT) {
      const meta = readWord(skipTrivia(index + 1));
      if (meta?.word !== 'meta') return index;
      let cursor = skipTrivia(meta.end);
      if (source.charCodeAt(cursor) !== DOT) return cursor;
      const method = readWord(skipTrivia(cursor + 1));
      if (method === undefined || (method.word !== 'glob' && method.word !== 'globEager')) return cursor;
      cursor = skipTrivia(method.end);
      if (source.charCodeAt(cursor) !== OPEN_PAREN) return cursor;
      cursor = skipTrivia(cursor + 1);
      const globs: string[] = [];
      if (source.charCodeAt(cursor) === OPEN_BRACKET) {
        cursor = skipTrivia(cursor + 1);
        for (;;) {
          const literal = readString(cursor);
          if (literal === undefined) break;
          globs.push(literal.value);
          cursor = skipTrivia(literal.end);
          if (source.charCodeAt(cursor) !== COMMA) break;
          cursor = skipTrivia(cursor + 1);
        }
      } else {
        const literal = readString(cursor);
        if (literal !== undefined) globs.push(literal.value);
      }
      if (globs.length === 0) unresolved.push({ expression: expressionAt(cursor), line: lineAt(cursor) });
      for (const glob of globs) {
        if (glob.startsWith('!')) continue;
        imports.push({ specifier: glob, kind: 'glob', typeOnly: false, pattern: true });
      }
      return cursor;
    }
    // A declaration: import [type] clause from 'x' | import 'x' | import x = require('x').
    let typeOnly = false;
    const first = readWord(index);
    if (first?.word === 'type') {
      const after = skipTrivia(first.end);
      const code = source.charCodeAt(after);
      const following = readWord(after);
      if (code === OPEN_BRACE || code === STAR || (following !== undefined && following.word !== 'from')) {
        typeOnly = true;
        index = after;
      } else if (following?.word === 'from') {
        // `import type from './x'` (a default import named `type`) vs `import type from from './x'`.
        const afterFrom = skipTrivia(following.end);
        if (readWord(afterFrom)?.word === 'from') {
          typeOnly = true;
          index = after;
        }
      }
    }
    const bindings: string[] = [];
    let namedCount = 0;
    let namedTypeCount = 0;
    let hasDefaultOrNamespace = false;
    for (let steps = 0; steps < 64 && index < length; steps++) {
      const code = source.charCodeAt(index);
      if (code === SINGLE_QUOTE || code === DOUBLE_QUOTE) {
        // Side-effect import: `import './polyfill'`.
        if (steps > 0) return index;
        const literal = readString(index);
        if (literal === undefined) return index + 1;
        imports.push({
          specifier: literal.value,
          kind: 'import',
          typeOnly: false,
          pattern: false,
          bindings: [],
        });
        return literal.end;
      }
      if (code === OPEN_BRACE) {
        const close = source.indexOf('}', index);
        if (close === -1) return index;
        for (const words of readNamedEntries(index + 1, close)) {
          if (words.length === 0) continue;
          namedCount++;
          const isType = words[0] === 'type' && words.length > 1 && words[1] !== 'as';
          if (isType) namedTypeCount++;
          else bindings.push(words[words.length - 1] ?? '');
        }
        index = skipTrivia(close + 1);
        continue;
      }
      if (code === STAR || code === COMMA) {
        index = skipTrivia(index + 1);
        continue;
      }
      const word = readWord(index);
      if (word === undefined) return index;
      const after = skipTrivia(word.end);
      if (word.word === 'from' && (steps > 0 || typeOnly)) {
        const literal = readString(after);
        if (literal === undefined) return after;
        const allNamedTypes = namedCount > 0 && namedTypeCount === namedCount && !hasDefaultOrNamespace;
        imports.push({
          specifier: literal.value,
          kind: 'import',
          typeOnly: typeOnly || allNamedTypes,
          pattern: false,
          // An exact-size copy: a pushed-to array keeps room for 17 elements, and this one is kept.
          bindings: typeOnly || bindings.length === 0 ? [] : bindings.slice(),
        });
        return literal.end;
      }
      if (word.word !== 'as') {
        hasDefaultOrNamespace = true;
        bindings.push(word.word);
      }
      if (source.charCodeAt(after) === EQUALS) return after; // `import x = require('x')`: the call is scanned next.
      index = after;
    }
    return index;
  };

  /** `export` at [start, end). Returns where scanning resumes. */
  const handleExport = (end: number): number => {
    let index = skipTrivia(end);
    let typeOnly = false;
    const first = readWord(index);
    if (first?.word === 'type') {
      const after = skipTrivia(first.end);
      const code = source.charCodeAt(after);
      if (code !== OPEN_BRACE && code !== STAR) return end;
      typeOnly = true;
      index = after;
    }
    const code = source.charCodeAt(index);
    let clauseEnd: number;
    let allNamedTypes = false;
    if (code === STAR) {
      clauseEnd = skipTrivia(index + 1);
      const as = readWord(clauseEnd);
      if (as?.word === 'as') {
        const nameStart = skipTrivia(as.end);
        const name = readWord(nameStart) ?? readString(nameStart);
        if (name === undefined) return end;
        clauseEnd = skipTrivia(name.end);
      }
    } else if (code === OPEN_BRACE) {
      const close = source.indexOf('}', index);
      if (close === -1) return end;
      const entries = readNamedEntries(index + 1, close).filter((words) => words.length > 0);
      allNamedTypes =
        entries.length > 0 &&
        entries.every((words) => words[0] === 'type' && words.length > 1 && words[1] !== 'as');
      clauseEnd = skipTrivia(close + 1);
    } else {
      return end;
    }
    const from = readWord(clauseEnd);
    if (from?.word !== 'from') return end;
    const literal = readString(skipTrivia(from.end));
    if (literal === undefined) return end;
    imports.push({
      specifier: literal.value,
      kind: 'export',
      typeOnly: typeOnly || allNamedTypes,
      pattern: false,
    });
    return literal.end;
  };

  /** `require` (or a name bound to `createRequire`) at [start, end). */
  const handleRequire = (end: number): number => {
    let index = skipTrivia(end);
    if (source.charCodeAt(index) === DOT) {
      const method = readWord(skipTrivia(index + 1));
      if (method?.word !== 'resolve') return index;
      index = skipTrivia(method.end);
    }
    if (source.charCodeAt(index) !== OPEN_PAREN) return index;
    callArgument(index + 1, 'require', false);
    return index + 1;
  };

  /** `createRequire(...)('./x')`: an immediately called require. */
  const handleCreateRequire = (end: number): number => {
    const index = skipTrivia(end);
    if (source.charCodeAt(index) !== OPEN_PAREN) return index;
    const close = source.indexOf(')', index);
    if (close === -1) return index + 1;
    const call = skipTrivia(close + 1);
    if (source.charCodeAt(call) === OPEN_PAREN) callArgument(call + 1, 'require', false);
    return index + 1;
  };

  /** `/// <reference path="x" />` at a line comment. */
  const handleReference = (start: number, end: number): void => {
    const match = /^\/\/\/\s*<reference\s+path\s*=\s*["']([^"']+)["']/.exec(source.slice(start, end));
    if (match?.[1] !== undefined) {
      imports.push({ specifier: match[1], kind: 'reference', typeOnly: true, pattern: false });
    }
  };

  /** The end of a regular expression literal at `offset`, or `offset + 1` when it is a division. */
  const skipRegex = (offset: number): number => {
    let index = offset + 1;
    let inClass = false;
    while (index < length) {
      const code = source.charCodeAt(index);
      if (code === BACKSLASH) index += 2;
      else if (code === LINE_FEED) return offset + 1;
      else if (code === OPEN_BRACKET) {
        inClass = true;
        index++;
      } else if (code === CLOSE_BRACKET) {
        inClass = false;
        index++;
      } else if (code === SLASH && !inClass) {
        index++;
        while (index < length && isIdentifierPart(source.charCodeAt(index))) index++;
        return index;
      } else index++;
    }
    return offset + 1;
  };

  /** Resumes a template literal body at `offset`; returns where code resumes. */
  const skipTemplateBody = (offset: number): number => {
    let index = offset;
    while (index < length) {
      const code = source.charCodeAt(index);
      if (code === BACKTICK) return index + 1;
      if (code === BACKSLASH) index += 2;
      else if (code === DOLLAR && source.charCodeAt(index + 1) === OPEN_BRACE) {
        braceDepth++;
        templateDepths.push(braceDepth);
        return index + 2;
      } else index++;
    }
    problem('unterminated template literal', offset);
    return length;
  };

  /** Whether a `/` at `offset` starts a regular expression, judged by the token before it. */
  const regexAllowedBefore = (offset: number): boolean => {
    let index = offset - 1;
    while (index >= 0) {
      const code = source.charCodeAt(index);
      if (code === SPACE || code === LINE_FEED || code === TAB || code === CARRIAGE_RETURN) index--;
      else break;
    }
    if (index < 0 || index < lastCommentEnd) return true;
    const code = source.charCodeAt(index);
    if (
      code === CLOSE_PAREN ||
      code === CLOSE_BRACKET ||
      code === SINGLE_QUOTE ||
      code === DOUBLE_QUOTE ||
      code === BACKTICK
    ) {
      return false;
    }
    if (!isIdentifierPart(code)) return true;
    let start = index;
    while (start > 0 && isIdentifierPart(source.charCodeAt(start - 1))) start--;
    return index - start < 10 && REGEX_KEYWORDS.has(source.slice(start, index + 1));
  };

  /** Whether the word at `offset` follows a `.` (property access, not a spread). */
  const isPropertyAccess = (offset: number): boolean => {
    let index = offset - 1;
    while (index >= 0) {
      const code = source.charCodeAt(index);
      if (code === SPACE || code === LINE_FEED || code === TAB || code === CARRIAGE_RETURN) index--;
      else break;
    }
    if (index < lastCommentEnd) return false; // the dot ends a comment, not an expression
    return source.charCodeAt(index) === DOT && source.charCodeAt(index - 1) !== DOT;
  };

  // Native regex search jumps to the next token that matters; everything else (identifiers,
  // numbers, operators, whitespace) is skipped without a JavaScript loop over characters.
  const next = requireNames === undefined ? NEXT_TOKEN : nextTokenWith(requireNames);
  next.lastIndex = 0;
  for (let match = next.exec(source); match !== null; match = next.exec(source)) {
    const index = match.index;
    const code = source.charCodeAt(index);
    let resume = index + 1;
    if (code === SINGLE_QUOTE || code === DOUBLE_QUOTE) {
      resume = skipString(index, code);
    } else if (code === BACKTICK) {
      resume = skipTemplateBody(index + 1);
    } else if (code === OPEN_BRACE) {
      braceDepth++;
    } else if (code === CLOSE_BRACE) {
      if (templateDepths.length > 0 && templateDepths[templateDepths.length - 1] === braceDepth) {
        templateDepths.pop();
        braceDepth--;
        resume = skipTemplateBody(index + 1);
      } else braceDepth--;
    } else if (code === SLASH) {
      const following = source.charCodeAt(index + 1);
      if (following === SLASH) {
        const end = source.indexOf('\n', index);
        resume = end === -1 ? length : end;
        lastCommentEnd = resume;
        if (source.charCodeAt(index + 2) === SLASH) handleReference(index, resume);
      } else if (following === STAR) {
        const end = source.indexOf('*/', index + 2);
        if (end === -1) {
          problem('unterminated comment', index);
          resume = length;
        } else resume = end + 2;
        lastCommentEnd = resume;
      } else if (regexAllowedBefore(index)) {
        resume = skipRegex(index);
      }
    } else {
      const word = match[0];
      const end = index + word.length;
      if (
        isIdentifierPart(source.charCodeAt(index - 1)) ||
        isIdentifierPart(source.charCodeAt(end)) ||
        isPropertyAccess(index)
      ) {
        resume = end;
      } else if (word === 'import') resume = handleImport(end);
      else if (word === 'export') resume = handleExport(end);
      else if (word === 'createRequire') resume = handleCreateRequire(end);
      else resume = handleRequire(end);
    }
    next.lastIndex = Math.max(resume, index + 1);
  }
  if (braceDepth !== 0 || templateDepths.length > 0) {
    problem(`unbalanced braces (${braceDepth > 0 ? 'missing' : 'extra'} '}')`, length);
  }
  // An exact-size copy (see above).
  return { imports: imports.slice(), unresolved, problems };
}

function decodeEscapes(raw: string): string {
  return raw.replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/g, (_, sequence: string) => {
    if (sequence.startsWith('u{')) return String.fromCodePoint(Number.parseInt(sequence.slice(2, -1), 16));
    if (sequence.startsWith('u') && sequence.length === 5)
      return String.fromCharCode(Number.parseInt(sequence.slice(1), 16));
    if (sequence.startsWith('x') && sequence.length === 3)
      return String.fromCharCode(Number.parseInt(sequence.slice(1), 16));
    return sequence;
  });
}
