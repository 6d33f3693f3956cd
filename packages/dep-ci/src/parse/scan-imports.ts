/**
 * A single-pass import scanner for TypeScript and JavaScript (see
 * docs/decisions/2026-11-21-dep-ci-import-scanner.md for why not a full parser). It reads the
 * file's bytes, not a decoded string: every byte of a multi-byte UTF-8 character is >= 0x80, so
 * none is mistaken for a quote, slash or brace, and only what it keeps (specifiers, names) is
 * decoded.
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
const EQUALS = 61;
const OPEN_BRACKET = 91;
const BACKSLASH = 92;
const CLOSE_BRACKET = 93;
const BACKTICK = 96;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

/** 1 for bytes that can continue an identifier: ASCII letters, digits, `$`, `_`, `#`, and every byte of a non-ASCII character. */
const IDENTIFIER_PART = new Uint8Array(256);
/** What the main loop does at a byte; 0 (most bytes) means nothing. */
const BYTE_CLASS = new Uint8Array(256);
const CLASS_QUOTE = 1;
const CLASS_BACKTICK = 2;
const CLASS_SLASH = 3;
const CLASS_OPEN_BRACE = 4;
const CLASS_CLOSE_BRACE = 5;
const CLASS_WORD = 6;
for (let code = 0; code < 256; code++) {
  const letter = (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
  const start = letter || code === DOLLAR || code === 95 || code === 35 /* # private names */ || code > 127;
  IDENTIFIER_PART[code] = start || (code >= 48 && code <= 57) ? 1 : 0;
  if (start) BYTE_CLASS[code] = CLASS_WORD;
}
BYTE_CLASS[SINGLE_QUOTE] = CLASS_QUOTE;
BYTE_CLASS[DOUBLE_QUOTE] = CLASS_QUOTE;
BYTE_CLASS[BACKTICK] = CLASS_BACKTICK;
BYTE_CLASS[SLASH] = CLASS_SLASH;
BYTE_CLASS[OPEN_BRACE] = CLASS_OPEN_BRACE;
BYTE_CLASS[CLOSE_BRACE] = CLASS_CLOSE_BRACE;

function isIdentifierStart(code: number | undefined): boolean {
  return code !== undefined && BYTE_CLASS[code] === CLASS_WORD;
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

const CREATE_REQUIRE_BINDING =
  /(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:[\w$]+\s*\.\s*)?createRequire\s*\(/g;

const IMPORT = Buffer.from('import');
const EXPORT = Buffer.from('export');
const REQUIRE = Buffer.from('require');
const CREATE_REQUIRE = Buffer.from('createRequire');
const COMMENT_END = Buffer.from('*/');

/** Whether `bytes` holds `word` at [start, end). */
function isWord(bytes: Buffer, start: number, end: number, word: Buffer): boolean {
  if (end - start !== word.length) return false;
  for (let index = 0; index < word.length; index++) {
    if (bytes[start + index] !== word[index]) return false;
  }
  return true;
}

/** How many bytes the UTF-8 character starting with `lead` takes. */
function utf8Length(lead: number): number {
  return lead < 0xc0 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
}

/**
 * Scans one TS/JS source (its UTF-8 bytes, or a string) for the modules it references. Never
 * throws: what it cannot read goes to `problems`, what cannot be known statically to `unresolved`.
 * Every string in the result is a fresh copy: nothing keeps the source alive.
 */
export function scanImports(input: string | Uint8Array): ScanResult {
  const source =
    typeof input === 'string'
      ? Buffer.from(input, 'utf8')
      : Buffer.isBuffer(input)
        ? input
        : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const length = source.length;
  const imports: ImportRecord[] = [];
  const unresolved: UnresolvedSpecifier[] = [];
  const problems: ScanProblem[] = [];
  const templateDepths: number[] = [];
  let braceDepth = 0;
  let lastCommentEnd = -1;

  let requireNames: Set<string> | undefined;
  if (source.includes(CREATE_REQUIRE)) {
    for (const match of source.toString('utf8').matchAll(CREATE_REQUIRE_BINDING)) {
      const name = match[1];
      if (name === undefined || name === 'require') continue;
      requireNames ??= new Set();
      requireNames.add(name);
    }
  }

  const text = (start: number, end: number): string => source.toString('utf8', start, end);

  const lineAt = (offset: number): number => {
    let line = 1;
    for (
      let index = source.indexOf(LINE_FEED);
      index !== -1 && index < offset;
      index = source.indexOf(LINE_FEED, index + 1)
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
      const code = source[index];
      if (code === SPACE || code === LINE_FEED || code === TAB || code === CARRIAGE_RETURN) {
        index++;
      } else if (code === SLASH && source[index + 1] === SLASH) {
        const end = source.indexOf(LINE_FEED, index);
        index = end === -1 ? length : end + 1;
      } else if (code === SLASH && source[index + 1] === STAR) {
        const end = source.indexOf(COMMENT_END, index + 2);
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
      const code = source[index];
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
    const quote = source[offset];
    if (quote !== SINGLE_QUOTE && quote !== DOUBLE_QUOTE) return undefined;
    const end = skipString(offset, quote);
    if (source[end - 1] !== quote || end - 1 === offset) return undefined;
    const raw = text(offset + 1, end - 1);
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
    let runStart = index;
    while (index < length) {
      const code = source[index] as number;
      if (code === BACKTICK) return { value: value + text(runStart, index), end: index + 1, pattern };
      if (code === BACKSLASH) {
        // An escape stands for the character after it.
        const characterLength = index + 1 < length ? utf8Length(source[index + 1] as number) : 0;
        value += text(runStart, index) + text(index + 1, index + 1 + characterLength);
        index += 1 + Math.max(characterLength, 1);
        runStart = index;
      } else if (code === DOLLAR && source[index + 1] === OPEN_BRACE) {
        value += text(runStart, index);
        let depth = 1;
        index += 2;
        while (index < length && depth > 0) {
          const inner = source[index];
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
        runStart = index;
      } else {
        index++;
      }
    }
    return undefined;
  };

  /** Reads `'literal'` or a template at `offset`. */
  const readSpecifier = (offset: number): { value: string; end: number; pattern: boolean } | undefined => {
    if (source[offset] === BACKTICK) return readTemplate(offset);
    const literal = readString(offset);
    return literal === undefined ? undefined : { ...literal, pattern: false };
  };

  /** The end of the identifier starting at `offset`. */
  const wordEnd = (offset: number): number => {
    let end = offset + 1;
    while (end < length && IDENTIFIER_PART[source[end] as number] === 1) end++;
    return end;
  };

  /** Reads an identifier at `offset`, or undefined. */
  const readWord = (offset: number): { word: string; end: number } | undefined => {
    if (!isIdentifierStart(source[offset])) return undefined;
    const end = wordEnd(offset);
    return { word: text(offset, end), end };
  };

  /** The argument text of a call, for an unresolved report. */
  const expressionAt = (offset: number): string => {
    let depth = 0;
    let index = offset;
    while (index < length && index - offset < 200) {
      const code = source[index];
      if (code === OPEN_PAREN) depth++;
      else if (code === CLOSE_PAREN) {
        if (depth === 0) break;
        depth--;
      } else if (code === LINE_FEED && depth === 0) break;
      index++;
    }
    return text(offset, index).trim().slice(0, 80);
  };

  /** A call argument at `offset` (just after `(`): records the specifier or an unresolved entry. */
  const callArgument = (offset: number, kind: 'dynamic' | 'require', typeOnly: boolean): void => {
    const argumentStart = skipTrivia(offset);
    const specifier = readSpecifier(argumentStart);
    if (specifier !== undefined) {
      const after = source[skipTrivia(specifier.end)];
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
    if (source[argumentStart] === CLOSE_PAREN) return;
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
      const code = source[index];
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

  /** `import` ending at `end`. Returns where scanning resumes. */
  const handleImport = (end: number): number => {
    let index = skipTrivia(end);
    const next = source[index];
    if (next === OPEN_PAREN) {
      callArgument(index + 1, 'dynamic', false);
      return index + 1;
    }
    if (next === DOT) {
      const meta = readWord(skipTrivia(index + 1));
      if (meta?.word !== 'meta') return index;
      let cursor = skipTrivia(meta.end);
      if (source[cursor] !== DOT) return cursor;
      const method = readWord(skipTrivia(cursor + 1));
      if (method === undefined || (method.word !== 'glob' && method.word !== 'globEager')) return cursor;
      cursor = skipTrivia(method.end);
      if (source[cursor] !== OPEN_PAREN) return cursor;
      cursor = skipTrivia(cursor + 1);
      const globs: string[] = [];
      if (source[cursor] === OPEN_BRACKET) {
        cursor = skipTrivia(cursor + 1);
        for (;;) {
          const literal = readString(cursor);
          if (literal === undefined) break;
          globs.push(literal.value);
          cursor = skipTrivia(literal.end);
          if (source[cursor] !== COMMA) break;
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
      const code = source[after];
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
      const code = source[index];
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
        const close = source.indexOf(CLOSE_BRACE, index);
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
          bindings: typeOnly ? [] : bindings,
        });
        return literal.end;
      }
      if (word.word !== 'as') {
        hasDefaultOrNamespace = true;
        bindings.push(word.word);
      }
      if (source[after] === EQUALS) return after; // `import x = require('x')`: the call is scanned next.
      index = after;
    }
    return index;
  };

  /** `export` ending at `end`. Returns where scanning resumes. */
  const handleExport = (end: number): number => {
    let index = skipTrivia(end);
    let typeOnly = false;
    const first = readWord(index);
    if (first?.word === 'type') {
      const after = skipTrivia(first.end);
      const code = source[after];
      if (code !== OPEN_BRACE && code !== STAR) return end;
      typeOnly = true;
      index = after;
    }
    const code = source[index];
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
      const close = source.indexOf(CLOSE_BRACE, index);
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

  /** `require` (or a name bound to `createRequire`) ending at `end`. */
  const handleRequire = (end: number): number => {
    let index = skipTrivia(end);
    if (source[index] === DOT) {
      const method = readWord(skipTrivia(index + 1));
      if (method?.word !== 'resolve') return index;
      index = skipTrivia(method.end);
    }
    if (source[index] !== OPEN_PAREN) return index;
    callArgument(index + 1, 'require', false);
    return index + 1;
  };

  /** `createRequire(...)('./x')`: an immediately called require. */
  const handleCreateRequire = (end: number): number => {
    const index = skipTrivia(end);
    if (source[index] !== OPEN_PAREN) return index;
    const close = source.indexOf(CLOSE_PAREN, index);
    if (close === -1) return index + 1;
    const call = skipTrivia(close + 1);
    if (source[call] === OPEN_PAREN) callArgument(call + 1, 'require', false);
    return index + 1;
  };

  /** `/// <reference path="x" />` at a line comment. */
  const handleReference = (start: number, end: number): void => {
    const match = /^\/\/\/\s*<reference\s+path\s*=\s*["']([^"']+)["']/.exec(text(start, end));
    if (match?.[1] !== undefined) {
      imports.push({ specifier: match[1], kind: 'reference', typeOnly: true, pattern: false });
    }
  };

  /** The end of a regular expression literal at `offset`, or `offset + 1` when it is a division. */
  const skipRegex = (offset: number): number => {
    let index = offset + 1;
    let inClass = false;
    while (index < length) {
      const code = source[index];
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
        while (index < length && IDENTIFIER_PART[source[index] as number] === 1) index++;
        return index;
      } else index++;
    }
    return offset + 1;
  };

  /** Resumes a template literal body at `offset`; returns where code resumes. */
  const skipTemplateBody = (offset: number): number => {
    let index = offset;
    while (index < length) {
      const code = source[index];
      if (code === BACKTICK) return index + 1;
      if (code === BACKSLASH) index += 2;
      else if (code === DOLLAR && source[index + 1] === OPEN_BRACE) {
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
      const code = source[index];
      if (code === SPACE || code === LINE_FEED || code === TAB || code === CARRIAGE_RETURN) index--;
      else break;
    }
    if (index < 0 || index < lastCommentEnd) return true;
    const code = source[index] as number;
    if (
      code === CLOSE_PAREN ||
      code === CLOSE_BRACKET ||
      code === SINGLE_QUOTE ||
      code === DOUBLE_QUOTE ||
      code === BACKTICK
    ) {
      return false;
    }
    if (IDENTIFIER_PART[code] !== 1) return true;
    let start = index;
    while (start > 0 && IDENTIFIER_PART[source[start - 1] as number] === 1) start--;
    return index - start < 10 && REGEX_KEYWORDS.has(source.toString('latin1', start, index + 1));
  };

  /** Whether the word at `offset` follows a `.` (property access, not a spread). */
  const isPropertyAccess = (offset: number): boolean => {
    let index = offset - 1;
    while (index >= 0) {
      const code = source[index];
      if (code === SPACE || code === LINE_FEED || code === TAB || code === CARRIAGE_RETURN) index--;
      else break;
    }
    if (index < lastCommentEnd) return false; // the dot ends a comment, not an expression
    return source[index] === DOT && source[index - 1] !== DOT;
  };

  // One pass over the bytes: a table says which bytes matter; identifiers are skipped whole, and
  // only `import`, `export`, `require`, `createRequire` (and names bound to it) are looked at.
  // Locals, not the closures' shared context: this loop runs for every byte of the repo.
  const bytes = source;
  const end = length;
  const classes = BYTE_CLASS;
  const parts = IDENTIFIER_PART;
  let index = 0;
  while (index < end) {
    const code = bytes[index] as number;
    const byteClass = classes[code];
    if (byteClass === 0) {
      index++;
      continue;
    }
    if (byteClass === CLASS_WORD) {
      let wordEnd = index + 1;
      while (wordEnd < end && parts[bytes[wordEnd] as number] === 1) wordEnd++;
      let resume = wordEnd;
      if (
        (code === 105 /* i */ ||
          code === 101 /* e */ ||
          code === 114 /* r */ ||
          code === 99 /* c */ ||
          requireNames !== undefined) &&
        (index === 0 || parts[bytes[index - 1] as number] !== 1)
      ) {
        if (code === 105 && isWord(bytes, index, wordEnd, IMPORT)) {
          if (!isPropertyAccess(index)) resume = handleImport(wordEnd);
        } else if (code === 101 && isWord(bytes, index, wordEnd, EXPORT)) {
          if (!isPropertyAccess(index)) resume = handleExport(wordEnd);
        } else if (code === 114 && isWord(bytes, index, wordEnd, REQUIRE)) {
          if (!isPropertyAccess(index)) resume = handleRequire(wordEnd);
        } else if (code === 99 && isWord(bytes, index, wordEnd, CREATE_REQUIRE)) {
          if (!isPropertyAccess(index)) resume = handleCreateRequire(wordEnd);
        } else if (requireNames?.has(text(index, wordEnd)) === true && !isPropertyAccess(index)) {
          resume = handleRequire(wordEnd);
        }
      }
      index = resume > index ? resume : index + 1;
      continue;
    }
    let resume = index + 1;
    if (byteClass === CLASS_QUOTE) {
      // A string, inline: the most frequent token after identifiers.
      let cursor = index + 1;
      for (;;) {
        if (cursor >= end) {
          problem('unterminated string literal', index);
          break;
        }
        const inner = bytes[cursor];
        if (inner === code) {
          cursor++;
          break;
        }
        if (inner === BACKSLASH) cursor += 2;
        else if (inner === LINE_FEED) {
          problem('unterminated string literal', index);
          break;
        } else cursor++;
      }
      resume = cursor > end ? end : cursor;
    } else if (byteClass === CLASS_BACKTICK) {
      resume = skipTemplateBody(index + 1);
    } else if (byteClass === CLASS_OPEN_BRACE) {
      braceDepth++;
    } else if (byteClass === CLASS_CLOSE_BRACE) {
      if (templateDepths.length > 0 && templateDepths[templateDepths.length - 1] === braceDepth) {
        templateDepths.pop();
        braceDepth--;
        resume = skipTemplateBody(index + 1);
      } else braceDepth--;
    } else {
      const following = bytes[index + 1];
      if (following === SLASH) {
        const lineEnd = bytes.indexOf(LINE_FEED, index);
        resume = lineEnd === -1 ? end : lineEnd;
        lastCommentEnd = resume;
        if (bytes[index + 2] === SLASH) handleReference(index, resume);
      } else if (following === STAR) {
        const commentEnd = bytes.indexOf(COMMENT_END, index + 2);
        if (commentEnd === -1) {
          problem('unterminated comment', index);
          resume = end;
        } else resume = commentEnd + 2;
        lastCommentEnd = resume;
      } else if (regexAllowedBefore(index)) {
        resume = skipRegex(index);
      }
    }
    index = resume > index ? resume : index + 1;
  }
  if (braceDepth !== 0 || templateDepths.length > 0) {
    problem(`unbalanced braces (${braceDepth > 0 ? 'missing' : 'extra'} '}')`, length);
  }
  return { imports, unresolved, problems };
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
