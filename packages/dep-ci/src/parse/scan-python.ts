import type { ImportRecord, ScanProblem, ScanResult, UnresolvedSpecifier } from './scan-imports.js';

/** Comments and string literals (any prefix, single or triple quoted). */
const STRINGS_AND_COMMENTS =
  /#[^\n]*|[rRbBuUfF]{0,2}(?:"""[\s\S]*?"""|'''[\s\S]*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')/g;

/** `import a.b as c, d` and `from .x import (y, z as w)` at the start of a statement. */
const IMPORT_STATEMENT =
  /(?:^|;)[ \t]*(?:from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n;]+)|import[ \t]+([^\n;]+))/gm;

const TYPE_CHECKING_BLOCK = /^([ \t]*)if[ \t]+(?:typing\.)?TYPE_CHECKING[ \t]*:[ \t]*$/gm;

const DYNAMIC_IMPORT = /\b(?:import_module|__import__)\s*\(/g;

/**
 * Scans a Python source for imports: `import a.b [as c], d`, `from .x import (y, z)`,
 * `importlib.import_module("literal")` and `__import__("literal")`. Imports under
 * `if TYPE_CHECKING:` are flagged type-only. Specifiers keep Python's form: dotted names, with
 * leading dots for relative imports; a `from` import records the module and each imported name as
 * `module:name` (the name may be a submodule). Never throws.
 */
export function scanPython(source: string): ScanResult {
  const imports: ImportRecord[] = [];
  const unresolved: UnresolvedSpecifier[] = [];
  const problems: ScanProblem[] = [];
  // Blank strings and comments (offsets and line breaks kept), then join `\` continuations.
  const code = source
    .replace(STRINGS_AND_COMMENTS, (text) =>
      text.includes('\n') ? text.replace(/[^\n]/g, ' ') : ' '.repeat(text.length),
    )
    .replace(/\\\r?\n/g, (text) => ' '.repeat(text.length));

  const typeOnlyRanges: [number, number][] = [];
  for (const match of code.matchAll(TYPE_CHECKING_BLOCK)) {
    const indent = (match[1] ?? '').length;
    const start = (match.index ?? 0) + match[0].length;
    let end = code.length;
    // The block ends at the first non-blank line indented no deeper than the `if`.
    const following = /\n([ \t]*)(\S)/g;
    following.lastIndex = start;
    for (let line = following.exec(code); line !== null; line = following.exec(code)) {
      if ((line[1] ?? '').length <= indent) {
        end = line.index;
        break;
      }
    }
    typeOnlyRanges.push([start, end]);
  }
  const isTypeOnly = (offset: number): boolean =>
    typeOnlyRanges.some(([start, end]) => offset >= start && offset < end);

  for (const match of code.matchAll(IMPORT_STATEMENT)) {
    const typeOnly = isTypeOnly(match.index ?? 0);
    const module = match[1];
    if (module !== undefined && match[2] !== undefined) {
      imports.push({ specifier: module, kind: 'import', typeOnly, pattern: false, bindings: [] });
      for (const item of match[2].replace(/[()]/g, ' ').split(',')) {
        const name = item
          .trim()
          .split(/\s+as\s+/)[0]
          ?.trim();
        if (name !== undefined && /^\w+$/.test(name)) {
          imports.push({
            specifier: `${module}:${name}`,
            kind: 'import',
            typeOnly,
            pattern: false,
            bindings: [],
          });
        }
      }
      continue;
    }
    for (const item of (match[3] ?? '').split(',')) {
      const name = item
        .trim()
        .split(/\s+as\s+/)[0]
        ?.trim();
      if (name !== undefined && /^[\w.]+$/.test(name)) {
        imports.push({ specifier: name, kind: 'import', typeOnly, pattern: false, bindings: [] });
      }
    }
  }

  // importlib.import_module("x") / __import__("x"): found in the blanked code, read from the source.
  for (const match of code.matchAll(DYNAMIC_IMPORT)) {
    const start = (match.index ?? 0) + match[0].length;
    const literal = /^\s*(['"])(\.*[\w.]+)\1\s*[,)]/.exec(source.slice(start, start + 300));
    if (literal?.[2] !== undefined) {
      imports.push({ specifier: literal[2], kind: 'dynamic', typeOnly: false, pattern: false });
    } else {
      const line = code.slice(0, start).split('\n').length;
      unresolved.push({
        expression:
          source
            .slice(start, start + 80)
            .trim()
            .split(/[)\n]/)[0]
            ?.trim() ?? '',
        line,
      });
    }
  }
  // An unterminated triple-quoted string is left unblanked: report it.
  const stray = /"""|'''/.exec(code);
  if (stray !== null)
    problems.push({
      message: 'unterminated string literal',
      line: code.slice(0, stray.index).split('\n').length,
    });
  return { imports, unresolved, problems };
}
