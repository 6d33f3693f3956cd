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

function isWordCharacter(code: number): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    (code >= 48 && code <= 57) ||
    code === 95 ||
    code === 36 ||
    code > 127
  );
}

function countWord(source: string, word: string, limit: number): number {
  let count = 0;
  let index = source.indexOf(word);
  while (index !== -1 && count < limit) {
    if (
      !isWordCharacter(source.charCodeAt(index - 1)) &&
      !isWordCharacter(source.charCodeAt(index + word.length))
    )
      count++;
    index = source.indexOf(word, index + word.length);
  }
  return count;
}

function isValueUsed(source: string, record: ImportRecord, typescript: boolean): boolean {
  if (!typescript || record.kind !== 'import' || record.bindings === undefined) return true;
  // A side-effect import (`import './x'`) always loads.
  if (record.bindings.length === 0) return !record.typeOnly;
  // A binding that appears anywhere besides its import counts as used: over-approximate, so
  // runtime semantics never drops an import that does load.
  return record.bindings.some((binding) => countWord(source, binding, 2) >= 2);
}

/** The `<script>` blocks of a .vue or .svelte file, other text blanked so lines stay put. */
export function extractScriptBlocks(source: string): string {
  let output = '';
  const expression = /<script\b[^>]*>([\s\S]*?)<\/script>/gi;
  for (const match of source.matchAll(expression)) output += `${match[1] ?? ''}\n`;
  return output;
}

/** Scans one code file by its extension. */
export function scanFile(path: string, source: string): FileScan {
  if (path.endsWith('.py')) {
    const python = scanPython(source);
    return { ...python, valueUsed: python.imports.map(() => true) };
  }
  const text = path.endsWith('.vue') || path.endsWith('.svelte') ? extractScriptBlocks(source) : source;
  const result = scanImports(text);
  const typescript = TYPESCRIPT_FILE.test(path) || /lang=["']ts["']/.test(source.slice(0, 2000));
  return { ...result, valueUsed: result.imports.map((record) => isValueUsed(text, record, typescript)) };
}
