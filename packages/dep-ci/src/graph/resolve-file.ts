import type { FileScan } from '../parse/scan-file.js';
import type { ImportRecord } from '../parse/scan-imports.js';
import type { Resolver } from '../resolve/create-resolver.js';
import type { ImportEdge, UnresolvedImport } from './build-graph.js';
import type { ResolvedFile } from './graph-cache.js';

/** Relative specifiers the native scanner resolved already (see ScannedFile `targets`). */
export interface PresolvedTargets {
  /** Per import record: an index into `files`, or -1 for the resolver to decide. */
  targets: readonly number[];
  /** The file list the indexes refer to: the one the resolver was built over. */
  files: readonly string[];
}

/** Shared by files with nothing missing (most); frozen, so no caller can add to it by mistake. */
const NO_MISSING = Object.freeze([]) as unknown as UnresolvedImport[];

/** Resolves one file's scanned imports to edges (and the specifiers that lead nowhere). */
export function resolveFile(
  resolver: Resolver,
  file: string,
  scan: FileScan,
  presolved?: PresolvedTargets,
): ResolvedFile {
  const edges: ImportEdge[] = [];
  const edgeRecords: number[] = [];
  let missing = NO_MISSING;
  const verbatim = resolver.tsconfigOf(file)?.verbatimModuleSyntax === true;
  const { imports, valueUsed } = scan;
  for (let index = 0; index < imports.length; index++) {
    const record = imports[index] as ImportRecord;
    const runtime =
      !record.typeOnly && record.kind !== 'reference' && (verbatim || valueUsed[index] !== false);
    const target = presolved === undefined ? -1 : (presolved.targets[index] as number);
    if (target >= 0) {
      const to = presolved?.files[target] as string;
      if (to !== file) {
        edges.push({
          to,
          specifier: record.specifier,
          kind: record.kind,
          typeOnly: record.typeOnly,
          runtime,
        });
        edgeRecords.push(index);
      }
      continue;
    }
    const resolution = resolver.resolve(file, record);
    if (resolution.kind === 'file' || resolution.kind === 'files') {
      const paths = resolution.kind === 'file' ? [resolution.path] : resolution.paths;
      for (const to of paths) {
        if (to === file) continue;
        edges.push({
          to,
          specifier: record.specifier,
          kind: record.kind,
          typeOnly: record.typeOnly,
          runtime,
        });
        edgeRecords.push(index);
      }
    } else if (resolution.kind === 'missing') {
      if (missing === NO_MISSING) missing = [];
      missing.push({
        file,
        specifier: record.specifier,
        reason: 'missing-file',
        ...(resolution.target === undefined ? {} : { target: resolution.target }),
      });
    }
  }
  // pytest loads every conftest.py from the rootdir down to a test's directory.
  if (file.endsWith('.py')) {
    for (const conftest of resolver.conftestsOf(file)) {
      edges.push({ to: conftest, specifier: conftest, kind: 'conftest', typeOnly: false, runtime: true });
      edgeRecords.push(-1);
    }
  }
  // Exact-size copies: a pushed-to array keeps room for 17 elements, and a graph keeps these.
  return { edges: edges.slice(), edgeRecords: edgeRecords.slice(), missing };
}
