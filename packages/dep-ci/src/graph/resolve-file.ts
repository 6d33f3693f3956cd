import type { FileScan } from '../parse/scan-file.js';
import type { ImportKind, ImportRecord } from '../parse/scan-imports.js';
import type { Resolver } from '../resolve/create-resolver.js';
import type { ImportEdge, UnresolvedImport } from './build-graph.js';
import type { ResolvedFile } from './graph-cache.js';
import { PACKED_KINDS, PACKED_TYPE_ONLY, PACKED_VALUE_USED, PackedScan } from './packed-scan.js';

/** Shared by files with nothing missing (most); frozen, so no caller can add to it by mistake. */
const NO_MISSING = Object.freeze([]) as unknown as UnresolvedImport[];

/**
 * Resolves one file's scanned imports to edges (and the specifiers that lead nowhere). With
 * `presolved`, the file list a native scan (PackedScan) was given: the relative specifiers it
 * resolved already are taken from there.
 */
export function resolveFile(
  resolver: Resolver,
  file: string,
  scan: FileScan,
  presolved?: readonly string[],
): ResolvedFile {
  const edges: ImportEdge[] = [];
  const edgeRecords: number[] = [];
  let missing = NO_MISSING;
  const verbatim = resolver.tsconfigOf(file)?.verbatimModuleSyntax === true;
  const addEdges = (
    index: number,
    record: ImportRecord | undefined,
    to: string | readonly string[],
  ): void => {
    const specifier = record?.specifier ?? (scan as PackedScan).specifierAt(index);
    let kind: ImportKind;
    let typeOnly: boolean;
    let valueUsed: boolean;
    if (record === undefined) {
      const flags = (scan as PackedScan).flagsAt(index);
      kind = PACKED_KINDS[flags & 7] as ImportKind;
      typeOnly = (flags & PACKED_TYPE_ONLY) !== 0;
      valueUsed = (flags & PACKED_VALUE_USED) !== 0;
    } else {
      ({ kind, typeOnly } = record);
      valueUsed = scan.valueUsed[index] !== false;
    }
    const runtime = !typeOnly && kind !== 'reference' && (verbatim || valueUsed);
    for (const path of typeof to === 'string' ? [to] : to) {
      if (path === file) continue;
      edges.push({ to: path, specifier, kind, typeOnly, runtime });
      edgeRecords.push(index);
    }
  };
  const packed = scan instanceof PackedScan ? scan : undefined;
  const count = packed === undefined ? scan.imports.length : packed.count;
  for (let index = 0; index < count; index++) {
    const target = packed === undefined || presolved === undefined ? -1 : packed.targetAt(index);
    if (target >= 0) {
      addEdges(index, undefined, presolved?.[target] as string);
      continue;
    }
    const record = packed === undefined ? (scan.imports[index] as ImportRecord) : packed.recordAt(index);
    const resolution = resolver.resolve(file, record);
    if (resolution.kind === 'file')
      addEdges(index, packed === undefined ? record : undefined, resolution.path);
    else if (resolution.kind === 'files')
      addEdges(index, packed === undefined ? record : undefined, resolution.paths);
    else if (resolution.kind === 'missing') {
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
