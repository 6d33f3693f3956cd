import type { FileScan } from '../parse/scan-file.js';
import type { Resolver } from '../resolve/create-resolver.js';
import type { ImportEdge, UnresolvedImport } from './build-graph.js';
import type { ResolvedFile } from './graph-cache.js';

/** Resolves one file's scanned imports to edges (and the specifiers that lead nowhere). */
export function resolveFile(resolver: Resolver, file: string, scan: FileScan): ResolvedFile {
  const edges: ImportEdge[] = [];
  const edgeRecords: number[] = [];
  const missing: UnresolvedImport[] = [];
  const verbatim = resolver.tsconfigOf(file)?.verbatimModuleSyntax === true;
  scan.imports.forEach((record, index) => {
    const resolution = resolver.resolve(file, record);
    const runtime =
      !record.typeOnly && record.kind !== 'reference' && (verbatim || scan.valueUsed[index] !== false);
    const edge = (to: string): void => {
      if (to === file) return;
      edges.push({ to, specifier: record.specifier, kind: record.kind, typeOnly: record.typeOnly, runtime });
      edgeRecords.push(index);
    };
    if (resolution.kind === 'file') edge(resolution.path);
    else if (resolution.kind === 'files') for (const path of resolution.paths) edge(path);
    else if (resolution.kind === 'missing') {
      missing.push({
        file,
        specifier: record.specifier,
        reason: 'missing-file',
        ...(resolution.target === undefined ? {} : { target: resolution.target }),
      });
    }
  });
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
