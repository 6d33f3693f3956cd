import { type ImportRecord, type ScanResult, scanImports } from './scan-imports.js';
import { scanPython } from './scan-python.js';

/** Extensions dep-ci reads imports from. */
export const CODE_EXTENSIONS = /\.(?:[cm]?[jt]sx?|vue|svelte|py)$/;

const TYPESCRIPT_FILE = /\.(?:[cm]?tsx?)$/;

/** A file's imports plus, per import, whether it survives transpiling (runtime semantics). */
export interface FileScan extends ScanResult {
  /** Parallel to `imports`: false for a TS import none of whose value bindings is used (esbuild drops it). */
  valueUsed: boolean[];
}

function isWordCharacter(code: number | undefined): boolean {
  return (
    code !== undefined &&
    ((code >= 97 && code <= 122) ||
      (code >= 65 && code <= 90) ||
      (code >= 48 && code <= 57) ||
      code === 95 ||
      code === 36 ||
      code > 127)
  );
}

/** How often `word` occurs in `text` as a whole word, counting up to `limit`. */
function countWord(text: string, word: string, limit: number): number {
  let count = 0;
  let index = text.indexOf(word);
  while (index !== -1 && count < limit) {
    if (
      !isWordCharacter(text.charCodeAt(index - 1)) &&
      !isWordCharacter(text.charCodeAt(index + word.length))
    )
      count++;
    index = text.indexOf(word, index + word.length);
  }
  return count;
}

/** Marks, per import, whether any value binding of it is used besides the import itself. */
function valueUsage(source: string, imports: readonly ImportRecord[], typescript: boolean): boolean[] {
  return imports.map((record) => {
    if (!typescript || record.kind !== 'import' || record.bindings === undefined) return true;
    // A side-effect import (`import './x'`) always loads.
    if (record.bindings.length === 0) return !record.typeOnly;
    // A binding that appears anywhere besides its import counts as used: over-approximate, so
    // runtime semantics never drops an import that does load.
    return record.bindings.some((binding) => binding !== '' && countWord(source, binding, 2) >= 2);
  });
}

/** The `<script>` blocks of a .vue or .svelte file, other text blanked so lines stay put. */
export function extractScriptBlocks(source: string): string {
  let output = '';
  const expression = /<script\b[^>]*>([\s\S]*?)<\/script>/gi;
  for (const match of source.matchAll(expression)) output += `${match[1] ?? ''}\n`;
  return output;
}

/**
 * Gives every string of a scan its own storage, and drops the bindings (valueUsed is what is kept
 * of them). V8 makes a substring of 13+ characters a view into its parent, so one kept specifier
 * would keep the whole source text alive: over a 40 MB repo that is 40 MB the young-generation
 * collector copies again and again. One `join` copies this file's strings into one small string;
 * `split` cuts views of it.
 */
function detachStrings(result: ScanResult): void {
  const strings: string[] = [];
  for (const record of result.imports) strings.push(record.specifier);
  for (const item of result.unresolved) strings.push(item.expression);
  const copies = strings.length === 0 ? [] : strings.join('\0').split('\0');
  const copied = copies.length === strings.length; // else a string held a NUL: leave them as they are
  let index = 0;
  result.imports = result.imports.map((record) => ({
    specifier: copied ? (copies[index++] as string) : record.specifier,
    kind: record.kind,
    typeOnly: record.typeOnly,
    pattern: record.pattern,
  }));
  if (copied) for (const item of result.unresolved) item.expression = copies[index++] as string;
}

/**
 * Scans one code file by its extension, from its bytes (or text). The result keeps no reference to
 * the source, so a caller may reuse the buffer for the next file.
 */
export function scanFile(path: string, source: Buffer | string): FileScan {
  const decoded = typeof source === 'string' ? source : source.toString('utf8');
  // A byte order mark is not code (TypeScript drops it too); it would glue onto the first keyword.
  const text = decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
  if (path.endsWith('.py')) {
    const python = scanPython(text);
    detachStrings(python);
    return { ...python, valueUsed: python.imports.map(() => true) };
  }
  let code = text;
  let typescript = TYPESCRIPT_FILE.test(path);
  if (path.endsWith('.vue') || path.endsWith('.svelte')) {
    typescript ||= /lang=["']ts["']/.test(text.slice(0, 2000));
    code = extractScriptBlocks(text);
  }
  const result = scanImports(code);
  const valueUsed = valueUsage(code, result.imports, typescript);
  detachStrings(result);
  return { ...result, valueUsed };
}
