import { deserialize, serialize } from 'node:v8';
import type { FileScan } from '../parse/scan-file.js';
import {
  IMPORT_KINDS,
  type ImportRecord,
  type ScanProblem,
  type UnresolvedSpecifier,
} from '../parse/scan-imports.js';
import type { ImportEdge, UnresolvedImport } from './build-graph.js';
import { PACKED_VALUE_USED, PackedScan } from './packed-scan.js';

/** A file's resolved imports, valid while the file list and configs stay the same. */
export interface ResolvedFile {
  edges: ImportEdge[];
  /** Parallel to `edges`: the index of the import record (in the file's scan) each edge comes from. */
  edgeRecords: number[];
  missing: UnresolvedImport[];
}

/** What the cache keeps per code file. */
export interface CachedFile {
  size: number;
  mtimeMs: number;
  hash: string;
  scan: FileScan;
  resolved: ResolvedFile | undefined;
}

const KINDS = IMPORT_KINDS;
const TYPE_ONLY = 8;
const PATTERN = 16;
const VALUE_USED = 32;

/** The on-disk layout: strings in tables, everything else in typed arrays (cheap to deserialize). */
interface EncodedCache {
  version: number;
  layout: string;
  files: string[];
  sizes: Float64Array;
  mtimes: Float64Array;
  hashes: string[];
  recordOffsets: Int32Array;
  /** Per record, its specifier's index in `specifiers` (a repo repeats a few thousand of them). */
  recordSpecifiers: Int32Array;
  specifiers: string[];
  recordFlags: Uint8Array;
  /** 1 when the file's edges are stored. */
  resolvedFlags: Uint8Array;
  edgeOffsets: Int32Array;
  edgeTargets: Int32Array;
  /** Global record index of each edge (gives specifier, kind, typeOnly). */
  edgeRecords: Int32Array;
  edgeRuntime: Uint8Array;
  targets: string[];
  /** Sparse: [file index, missing, unresolved, problems] for files that have any. */
  notes: [number, UnresolvedImport[], UnresolvedSpecifier[], ScanProblem[]][];
}

const VERSION = 5;

/** Serializes the cache. */
export function encodeGraphCache(layout: string, entries: Map<string, CachedFile>): Buffer {
  const files = [...entries.keys()];
  const count = files.length;
  const sizes = new Float64Array(count);
  const mtimes = new Float64Array(count);
  const hashes: string[] = [];
  const recordOffsets = new Int32Array(count + 1);
  const recordSpecifierList: number[] = [];
  const specifiers: string[] = [];
  const specifierIndex = new Map<string, number>();
  const recordFlagList: number[] = [];
  const addRecord = (specifier: string, flags: number): void => {
    let at = specifierIndex.get(specifier);
    if (at === undefined) {
      at = specifiers.length;
      specifiers.push(specifier);
      specifierIndex.set(specifier, at);
    }
    recordSpecifierList.push(at);
    recordFlagList.push(flags);
  };
  const resolvedFlags = new Uint8Array(count);
  const edgeOffsets = new Int32Array(count + 1);
  const edgeTargetList: number[] = [];
  const edgeRecordList: number[] = [];
  const edgeRuntimeList: number[] = [];
  const targets: string[] = [];
  const targetIndex = new Map<string, number>();
  const notes: EncodedCache['notes'] = [];
  files.forEach((file, index) => {
    const entry = entries.get(file) as CachedFile;
    sizes[index] = entry.size;
    mtimes[index] = entry.mtimeMs;
    hashes.push(entry.hash);
    const firstRecord = recordSpecifierList.length;
    recordOffsets[index] = firstRecord;
    const { scan } = entry;
    if (scan instanceof PackedScan) {
      // Straight from the native scan's numbers: no record objects to build.
      for (let recordIndex = 0; recordIndex < scan.count; recordIndex++) {
        const flags = scan.flagsAt(recordIndex);
        addRecord(
          scan.specifierAt(recordIndex),
          (flags & (7 | TYPE_ONLY | PATTERN)) | ((flags & PACKED_VALUE_USED) === 0 ? 0 : VALUE_USED),
        );
      }
    } else {
      const { imports, valueUsed } = scan;
      for (let recordIndex = 0; recordIndex < imports.length; recordIndex++) {
        const record = imports[recordIndex] as ImportRecord;
        addRecord(
          record.specifier,
          KINDS.indexOf(record.kind) |
            (record.typeOnly ? TYPE_ONLY : 0) |
            (record.pattern ? PATTERN : 0) |
            (valueUsed[recordIndex] === false ? 0 : VALUE_USED),
        );
      }
    }
    edgeOffsets[index] = edgeTargetList.length;
    if (entry.resolved !== undefined) {
      resolvedFlags[index] = 1;
      const { edges, edgeRecords } = entry.resolved;
      for (let edgeIndex = 0; edgeIndex < edges.length; edgeIndex++) {
        const edge = edges[edgeIndex] as ImportEdge;
        let target = targetIndex.get(edge.to);
        if (target === undefined) {
          target = targets.length;
          targets.push(edge.to);
          targetIndex.set(edge.to, target);
        }
        edgeTargetList.push(target);
        const recordIndex = edgeRecords[edgeIndex] ?? 0;
        // -1: an implicit edge with no import record (a test's conftest.py).
        edgeRecordList.push(recordIndex < 0 ? -1 : firstRecord + recordIndex);
        edgeRuntimeList.push(edge.runtime ? 1 : 0);
      }
    }
    const missing = entry.resolved?.missing ?? [];
    if (missing.length > 0 || entry.scan.unresolved.length > 0 || entry.scan.problems.length > 0) {
      notes.push([index, missing, entry.scan.unresolved, entry.scan.problems]);
    }
  });
  recordOffsets[count] = recordSpecifierList.length;
  edgeOffsets[count] = edgeTargetList.length;
  const encoded: EncodedCache = {
    version: VERSION,
    layout,
    files,
    sizes,
    mtimes,
    hashes,
    recordOffsets,
    recordSpecifiers: Int32Array.from(recordSpecifierList),
    specifiers,
    recordFlags: Uint8Array.from(recordFlagList),
    resolvedFlags,
    edgeOffsets,
    edgeTargets: Int32Array.from(edgeTargetList),
    edgeRecords: Int32Array.from(edgeRecordList),
    edgeRuntime: Uint8Array.from(edgeRuntimeList),
    targets,
    notes,
  };
  return serialize(encoded);
}

/** A decoded cache: entries are materialized only when asked for. */
export interface GraphCacheReader {
  layout: string;
  size: number;
  has(file: string): boolean;
  get(file: string): CachedFile | undefined;
}

/** Reads a cache written by {@link encodeGraphCache}; an unreadable or old one reads as empty. */
export function decodeGraphCache(buffer: Buffer | undefined): GraphCacheReader {
  let data: EncodedCache | undefined;
  try {
    data = buffer === undefined ? undefined : (deserialize(buffer) as EncodedCache);
  } catch {
    data = undefined;
  }
  if (data === undefined || data.version !== VERSION)
    return { layout: '', size: 0, has: () => false, get: () => undefined };
  const cache = data;
  const indexByFile = new Map<string, number>();
  cache.files.forEach((file, index) => {
    indexByFile.set(file, index);
  });
  const notesByFile = new Map(cache.notes.map((note) => [note[0], note]));
  const recordAt = (recordIndex: number): ImportRecord => {
    const flags = cache.recordFlags[recordIndex] ?? 0;
    return {
      specifier: cache.specifiers[cache.recordSpecifiers[recordIndex] ?? 0] ?? '',
      kind: KINDS[flags & 7] ?? 'import',
      typeOnly: (flags & TYPE_ONLY) !== 0,
      pattern: (flags & PATTERN) !== 0,
    };
  };
  return {
    layout: cache.layout,
    size: cache.files.length,
    has: (file) => indexByFile.has(file),
    get(file) {
      const index = indexByFile.get(file);
      if (index === undefined) return undefined;
      const note = notesByFile.get(index);
      // The import records are needed only to re-resolve (a layout change) or to rewrite the cache,
      // so they are built on first access.
      let records: { imports: ImportRecord[]; valueUsed: boolean[] } | undefined;
      const loadRecords = (): { imports: ImportRecord[]; valueUsed: boolean[] } => {
        if (records !== undefined) return records;
        const imports: ImportRecord[] = [];
        const valueUsed: boolean[] = [];
        const recordEnd = cache.recordOffsets[index + 1] ?? 0;
        for (let record = cache.recordOffsets[index] ?? 0; record < recordEnd; record++) {
          imports.push(recordAt(record));
          valueUsed.push(((cache.recordFlags[record] ?? 0) & VALUE_USED) !== 0);
        }
        records = { imports, valueUsed };
        return records;
      };
      let resolved: ResolvedFile | undefined;
      if (cache.resolvedFlags[index] === 1) {
        const firstRecord = cache.recordOffsets[index] ?? 0;
        const edgeStart = cache.edgeOffsets[index] ?? 0;
        const edgeEnd = cache.edgeOffsets[index + 1] ?? 0;
        // Exact-size arrays, and each edge straight from the tables (no record object between).
        const edges: ImportEdge[] = new Array(edgeEnd - edgeStart);
        const edgeRecords: number[] = new Array(edgeEnd - edgeStart);
        for (let edge = edgeStart; edge < edgeEnd; edge++) {
          const recordIndex = cache.edgeRecords[edge] ?? 0;
          const to = cache.targets[cache.edgeTargets[edge] ?? 0] ?? '';
          if (recordIndex < 0) {
            edgeRecords[edge - edgeStart] = -1;
            edges[edge - edgeStart] = { to, specifier: to, kind: 'conftest', typeOnly: false, runtime: true };
            continue;
          }
          edgeRecords[edge - edgeStart] = recordIndex - firstRecord;
          const flags = cache.recordFlags[recordIndex] ?? 0;
          edges[edge - edgeStart] = {
            to,
            specifier: cache.specifiers[cache.recordSpecifiers[recordIndex] ?? 0] ?? '',
            kind: KINDS[flags & 7] ?? 'import',
            typeOnly: (flags & TYPE_ONLY) !== 0,
            runtime: cache.edgeRuntime[edge] === 1,
          };
        }
        resolved = { edges, edgeRecords, missing: note?.[1] ?? [] };
      }
      return {
        size: cache.sizes[index] ?? -1,
        mtimeMs: cache.mtimes[index] ?? -1,
        hash: cache.hashes[index] ?? '',
        scan: {
          get imports() {
            return loadRecords().imports;
          },
          get valueUsed() {
            return loadRecords().valueUsed;
          },
          unresolved: note?.[2] ?? [],
          problems: note?.[3] ?? [],
        },
        resolved,
      };
    },
  };
}
