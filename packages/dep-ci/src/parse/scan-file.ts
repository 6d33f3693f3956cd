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

/** A name with a non-ASCII character is looked up in the UTF-8 decoding (latin1 would not match it). */
const NON_ASCII = /[^\p{ASCII}]/u;

/** Marks, per import, whether any value binding of it is used besides the import itself. */
function valueUsage(source: Buffer, imports: readonly ImportRecord[], typescript: boolean): boolean[] {
  // One latin1 view of the file for all its bindings: V8's string search runs in the engine, where
  // Buffer#indexOf pays a call into C++ per search. Byte i is character i, so a non-ASCII name is
  // looked up in the UTF-8 decoding instead.
  let latin1: string | undefined;
  let utf8: string | undefined;
  return imports.map((record) => {
    if (!typescript || record.kind !== 'import' || record.bindings === undefined) return true;
    // A side-effect import (`import './x'`) always loads.
    if (record.bindings.length === 0) return !record.typeOnly;
    // A binding that appears anywhere besides its import counts as used: over-approximate, so
    // runtime semantics never drops an import that does load.
    return record.bindings.some((binding) => {
      if (binding === '') return false;
      if (NON_ASCII.test(binding)) {
        utf8 ??= source.toString('utf8');
        return countWord(utf8, binding, 2) >= 2;
      }
      latin1 ??= source.toString('latin1');
      return countWord(latin1, binding, 2) >= 2;
    });
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
 * Gives every string of a Python scan its own storage. V8 makes a substring of 13+ characters a
 * view into its parent, so one kept module name would keep the whole decoded source alive: over a
 * big repo that is memory the young-generation collector copies again and again. One `join` copies
 * this file's strings into one small string; `split` cuts views of it. (The TS/JS scanner decodes
 * each string it keeps from the bytes, so its strings are copies already.)
 */
function detachStrings(result: ScanResult): void {
  const strings: string[] = [];
  for (const record of result.imports) strings.push(record.specifier);
  for (const item of result.unresolved) strings.push(item.expression);
  if (strings.length === 0) return;
  const copies = strings.join('\0').split('\0');
  if (copies.length !== strings.length) return; // a string held a NUL: leave them as they are
  let index = 0;
  for (const record of result.imports) record.specifier = copies[index++] as string;
  for (const item of result.unresolved) item.expression = copies[index++] as string;
}

/**
 * Scans one code file by its extension, from its bytes (or text). The result keeps no reference to
 * `source`, so a caller may reuse the buffer for the next file.
 */
export function scanFile(path: string, source: Buffer | string): FileScan {
  if (path.endsWith('.py')) {
    const python = scanPython(typeof source === 'string' ? source : source.toString('utf8'));
    detachStrings(python);
    return { ...python, valueUsed: python.imports.map(() => true) };
  }
  let bytes = typeof source === 'string' ? Buffer.from(source, 'utf8') : source;
  let typescript = TYPESCRIPT_FILE.test(path);
  if (path.endsWith('.vue') || path.endsWith('.svelte')) {
    const text = bytes.toString('utf8');
    typescript ||= /lang=["']ts["']/.test(text.slice(0, 2000));
    bytes = Buffer.from(extractScriptBlocks(text), 'utf8');
  }
  const result = scanImports(bytes);
  return { ...result, valueUsed: valueUsage(bytes, result.imports, typescript) };
}
