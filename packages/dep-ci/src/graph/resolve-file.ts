import type { FileScan } from '../parse/scan-file.js';
import type { ImportKind, ImportRecord } from '../parse/scan-imports.js';
import type { Resolver } from '../resolve/create-resolver.js';
import type { ImportEdge, UnresolvedImport } from './build-graph.js';
import type { ResolvedFile } from './graph-cache.js';
import { NONE, PACKED_KINDS, PACKED_TYPE_ONLY, PACKED_VALUE_USED, PackedScan } from './packed-scan.js';

/**
 * Resolves one file's scanned imports to edges (and the specifiers that lead nowhere). With
 * `presolved`, the file list a native scan (PackedScan) was given, the relative specifiers it
 * resolved already are taken from there (a scan given no list resolved none).
 */
export function resolveFile(
  resolver: Resolver,
  file: string,
  scan: FileScan,
  presolved?: readonly string[],
): ResolvedFile {
  const edges: ImportEdge[] = [];
  const edgeRecords: number[] = [];
  let missing: UnresolvedImport[] = NONE;
  const verbatim = resolver.tsconfigOf(file)?.verbatimModuleSyntax === true;
  const packed = scan instanceof PackedScan ? scan : undefined;
  const count = packed === undefined ? scan.imports.length : packed.count;
  for (let index = 0; index < count; index++) {
    let specifier: string;
    let kind: ImportKind;
    let typeOnly: boolean;
    let valueUsed: boolean;
    let record: ImportRecord | undefined;
    if (packed === undefined) {
      record = scan.imports[index] as ImportRecord;
      ({ specifier, kind, typeOnly } = record);
      valueUsed = scan.valueUsed[index] !== false;
    } else {
      const flags = packed.flagsAt(index);
      specifier = packed.specifierAt(index);
      kind = PACKED_KINDS[flags & 7] as ImportKind;
      typeOnly = (flags & PACKED_TYPE_ONLY) !== 0;
      valueUsed = (flags & PACKED_VALUE_USED) !== 0;
    }
    const runtime = !typeOnly && kind !== 'reference' && (verbatim || valueUsed);
    const target = packed === undefined || presolved === undefined ? -1 : packed.targetAt(index);
    if (target >= 0) {
      const to = presolved?.[target] as string;
      if (to !== file) {
        edges.push({ to, specifier, kind, typeOnly, runtime });
        edgeRecords.push(index);
      }
      continue;
    }
    const resolution = resolver.resolve(file, record ?? (packed as PackedScan).recordAt(index));
    if (resolution.kind === 'file') {
      if (resolution.path !== file) {
        edges.push({ to: resolution.path, specifier, kind, typeOnly, runtime });
        edgeRecords.push(index);
      }
    } else if (resolution.kind === 'files') {
      for (const to of resolution.paths) {
        if (to === file) continue;
        edges.push({ to, specifier, kind, typeOnly, runtime });
        edgeRecords.push(index);
      }
    } else if (resolution.kind === 'missing') {
      if (missing === NONE) missing = [];
      missing.push({
        file,
        specifier,
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
