import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CODE_EXTENSIONS } from '../parse/scan-file.js';
import type { ImportKind } from '../parse/scan-imports.js';
import { createResolver, type Resolver } from '../resolve/create-resolver.js';
import { lowerBound } from '../util/lower-bound.js';
import { type CachedFile, decodeGraphCache, encodeGraphCache, type GraphCacheReader } from './graph-cache.js';
import { listRepoFiles } from './list-repo-files.js';
import { nativeScanner } from './native-scan.js';
import { readAndScan } from './read-and-scan.js';
import { resolveFile } from './resolve-file.js';
import { scanInParallel } from './scan-in-parallel.js';

/** Which imports count as dependencies. */
export type Semantics = 'source' | 'runtime';

/** One resolved import edge. */
export interface ImportEdge {
  to: string;
  specifier: string;
  kind: ImportKind;
  typeOnly: boolean;
  /** Loads after transpiling: not type-only, not an unused TS import, not a `/// <reference>`. */
  runtime: boolean;
}

/** An import dep-ci could not follow to a file. */
export interface UnresolvedImport {
  file: string;
  specifier: string;
  line?: number;
  reason: 'computed-specifier' | 'missing-file' | 'syntax-error';
  /** For missing files: the repo-relative path it meant, without extension. */
  target?: string;
}

/** The import graph of a repo. */
export interface DependencyGraph {
  root: string;
  /** Every file of the repo, sorted. */
  files: string[];
  /** Files dep-ci reads imports from, sorted. */
  codeFiles: string[];
  imports: Map<string, ImportEdge[]>;
  unresolved: UnresolvedImport[];
  /** Files whose imports are not fully known (computed specifier, syntax error): reason by file. */
  conservative: Map<string, string>;
  resolver: Resolver;
  stats: {
    files: number;
    codeFiles: number;
    parsed: number;
    reused: number;
    milliseconds: number;
    /** Threads that read and parsed files (2 when a worker thread helped). */
    threads: number;
    /** Milliseconds per phase: listing files, reading/parsing, resolving. */
    phases: { list: number; scan: number; resolve: number };
  };
  /** Importers by file (reverse edges) for a semantics. */
  importers(semantics: Semantics): Map<string, string[]>;
  /**
   * Re-reads edited files and updates the graph in place (their imports, the reverse edges, the
   * unresolved list). Returns false, changing nothing, when the edit needs a rebuild: a file was
   * added or deleted, or a package.json/tsconfig changed (resolution of other files may change).
   */
  updateFiles(paths: readonly string[]): boolean;
  /**
   * Writes the content-hash cache if this build changed it and has not written it yet (with
   * `deferCacheWrite`, callers answer first and call this after).
   */
  saveCache(): void;
}

/** Options of {@link buildGraph}. */
export interface BuildGraphOptions {
  /** Absolute repo root (POSIX). */
  root: string;
  /** Read and write the content-hash cache in `<root>/.dep-ci/` (default true). */
  cache?: boolean;
  /** List files with git when the root is a work tree (default true). */
  useGit?: boolean;
  /**
   * Worker threads besides the calling one for reading and parsing 1,500+ files (default 0: on the
   * 2-core VMs measured, cloning results back cost more than the second thread saved; see bench/dep-ci).
   */
  workers?: number;
  /** With `workers`, wait for the worker to start even when this thread could read every file first (tests). */
  waitForWorkers?: boolean;
  /**
   * Leave writing the cache to {@link DependencyGraph.saveCache} (the CLI answers first); by default
   * buildGraph writes it before returning.
   */
  deferCacheWrite?: boolean;
  /** Clock for stats; injected by tests and benchmarks. */
  now?: () => number;
}

const CACHE_FILE = 'graph-cache.v3';

function readCache(root: string): GraphCacheReader {
  let buffer: Buffer | undefined;
  try {
    buffer = readFileSync(join(root, '.dep-ci', CACHE_FILE));
  } catch {
    buffer = undefined;
  }
  return decodeGraphCache(buffer);
}

function writeCache(root: string, layout: string, entries: Map<string, CachedFile>): void {
  const directory = join(root, '.dep-ci');
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, '.gitignore'), '*\n');
  const temporary = join(directory, `${CACHE_FILE}.${randomUUID()}.tmp`);
  writeFileSync(temporary, encodeGraphCache(layout, entries));
  // Atomic replace: a concurrent reader sees the old or the new cache, never half of one.
  renameSync(temporary, join(directory, CACHE_FILE));
}

const LAYOUT_FILE = /(^|\/)(package\.json|tsconfig(\..+)?\.json|jsconfig\.json)$/;

/** Fingerprint of what resolution depends on besides a file's own imports. */
function layoutFingerprint(root: string, files: readonly string[]): string {
  const hash = createHash('sha1');
  hash.update(files.join('\0'));
  for (const file of files) {
    if (!file.endsWith('.json') || !LAYOUT_FILE.test(file)) continue;
    hash.update(`\0${file}\0`);
    try {
      hash.update(readFileSync(join(root, file)));
    } catch {
      hash.update('unreadable');
    }
  }
  return hash.digest('base64');
}

/**
 * Builds the import graph: lists files, re-reads only those whose size/mtime changed (and re-parses
 * only those whose content hash changed), resolves imports against the file list. Resolutions are
 * cached too and reused for unchanged files while no file was added or removed and no
 * package.json/tsconfig changed.
 */
export function buildGraph(options: BuildGraphOptions): DependencyGraph {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const { root } = options;
  const useCache = options.cache !== false;
  const files = listRepoFiles(root, { useGit: options.useGit !== false });
  const listed = now();
  const codeFiles = files.filter((file) => CODE_EXTENSIONS.test(file));
  const cache = useCache ? readCache(root) : decodeGraphCache(undefined);
  const layout = useCache ? layoutFingerprint(root, files) : '';
  const layoutUnchanged = useCache && layout === cache.layout;
  const nextEntries = new Map<string, CachedFile>();
  let parsed = 0;
  let reused = 0;
  let dirty = !layoutUnchanged;
  const toRead: string[] = [];
  const knownHashes = new Map<string, string>();
  // The files the cache knows, stat-ed on the addon's threads when it loads (a warm build's main
  // cost besides the cache itself), else one statSync at a time below.
  const known = cache.size === 0 ? [] : codeFiles.filter((file) => cache.has(file));
  const stats = known.length === 0 ? undefined : nativeScanner()?.statFiles(root, known);
  let knownIndex = 0;
  for (const file of codeFiles) {
    if (known[knownIndex] !== file) {
      toRead.push(file);
      continue;
    }
    const index = knownIndex++;
    let size: number;
    let mtimeMs: number;
    if (stats !== undefined) {
      size = stats[index * 2] as number;
      mtimeMs = stats[index * 2 + 1] as number;
      if (size < 0) continue; // as below
    } else {
      try {
        ({ size, mtimeMs } = statSync(join(root, file)));
      } catch {
        continue; // deleted in the work tree but still in the index, or a dangling symlink
      }
    }
    const cached = cache.get(file) as CachedFile;
    if (cached.size === size && cached.mtimeMs === mtimeMs) {
      nextEntries.set(file, cached);
      reused++;
    } else {
      toRead.push(file);
      knownHashes.set(file, cached.hash);
    }
  }
  let resolver: Resolver | undefined;
  const getResolver = (): Resolver => {
    resolver ??= createResolver(root, new Set(files));
    return resolver;
  };
  const {
    results: readFiles,
    resolved: resolvedInThreads,
    threads,
  } = scanInParallel(
    root,
    toRead,
    options.workers ?? 0,
    knownHashes,
    {
      allFiles: files,
      resolve: (file, scan) => resolveFile(getResolver(), file, scan, files),
    },
    options.waitForWorkers === true,
  );
  for (const [file, size, mtimeMs, hash, scan] of readFiles) {
    dirty = true;
    const cached = scan === undefined ? cache.get(file) : undefined;
    if (cached !== undefined) {
      nextEntries.set(file, { ...cached, size, mtimeMs });
      reused++;
    } else if (scan !== undefined) {
      nextEntries.set(file, { size, mtimeMs, hash, scan, resolved: undefined });
      parsed++;
    }
  }
  const existing = codeFiles.filter((file) => nextEntries.has(file));
  if (nextEntries.size !== cache.size) dirty = true;

  const scanned = now();
  const graphResolver = getResolver();
  const imports = new Map<string, ImportEdge[]>();
  const unresolved: UnresolvedImport[] = [];
  const conservative = new Map<string, string>();
  for (const file of existing) {
    const entry = nextEntries.get(file) as CachedFile;
    const { scan } = entry;
    let resolved = layoutUnchanged ? entry.resolved : undefined;
    if (resolved === undefined) {
      resolved = resolvedInThreads.get(file) ?? resolveFile(graphResolver, file, scan);
      entry.resolved = resolved;
      dirty = true;
    }
    imports.set(file, resolved.edges);
    unresolved.push(...resolved.missing);
    for (const item of scan.unresolved) {
      unresolved.push({ file, specifier: item.expression, line: item.line, reason: 'computed-specifier' });
      conservative.set(file, `computed specifier at line ${item.line}: ${item.expression}`);
    }
    for (const problem of scan.problems) {
      unresolved.push({ file, specifier: problem.message, line: problem.line, reason: 'syntax-error' });
      conservative.set(file, `syntax error at line ${problem.line}: ${problem.message}`);
    }
  }
  let cacheToWrite = useCache && dirty;
  const saveCache = (): void => {
    if (!cacheToWrite) return;
    cacheToWrite = false;
    writeCache(root, layout, nextEntries);
  };
  if (options.deferCacheWrite !== true) saveCache();
  unresolved.sort(compareUnresolved);
  const reverse = new Map<Semantics, Map<string, string[]>>();
  const codeFileSet = new Set(existing);
  const graph: DependencyGraph = {
    root,
    files,
    codeFiles: existing,
    imports,
    unresolved,
    conservative,
    resolver: graphResolver,
    stats: {
      files: files.length,
      codeFiles: existing.length,
      parsed,
      reused,
      threads,
      milliseconds: now() - started,
      phases: { list: listed - started, scan: scanned - listed, resolve: now() - scanned },
    },
    saveCache,
    importers(semantics) {
      let map = reverse.get(semantics);
      if (map === undefined) {
        map = new Map();
        for (const [from, edges] of imports) {
          for (const edge of edges) {
            if (semantics === 'runtime' && !edge.runtime) continue;
            let list = map.get(edge.to);
            if (list === undefined) {
              list = [];
              map.set(edge.to, list);
            }
            if (list[list.length - 1] !== from) list.push(from);
          }
        }
        reverse.set(semantics, map);
      }
      return map;
    },
    updateFiles(paths) {
      if (paths.some((path) => !codeFileSet.has(path) || LAYOUT_FILE.test(path))) return false;
      const scannedFiles = readAndScan(root, paths);
      if (scannedFiles.length !== paths.length) return false; // one was deleted meanwhile
      const updated = new Set(paths);
      graph.unresolved = graph.unresolved.filter((entry) => !updated.has(entry.file));
      for (const [file, size, mtimeMs, hash, scan] of scannedFiles) {
        if (scan === undefined) continue;
        const resolved = resolveFile(graphResolver, file, scan);
        const previous = imports.get(file) ?? [];
        imports.set(file, resolved.edges);
        nextEntries.set(file, { size, mtimeMs, hash, scan, resolved });
        for (const [semantics, map] of reverse) {
          for (const edge of previous) {
            const list = map.get(edge.to);
            if (list !== undefined)
              map.set(
                edge.to,
                list.filter((importer) => importer !== file),
              );
          }
          for (const edge of resolved.edges) {
            if (semantics === 'runtime' && !edge.runtime) continue;
            const list = map.get(edge.to) ?? [];
            // Sorted, as a fresh build lists importers: the breadth-first order of `affected` (and
            // so every `via` and `chain`) must not depend on whether the graph was updated in place.
            insertSorted(list, file);
            map.set(edge.to, list);
          }
        }
        conservative.delete(file);
        graph.unresolved.push(...resolved.missing);
        for (const item of scan.unresolved) {
          graph.unresolved.push({
            file,
            specifier: item.expression,
            line: item.line,
            reason: 'computed-specifier',
          });
          conservative.set(file, `computed specifier at line ${item.line}: ${item.expression}`);
        }
        for (const problem of scan.problems) {
          graph.unresolved.push({
            file,
            specifier: problem.message,
            line: problem.line,
            reason: 'syntax-error',
          });
          conservative.set(file, `syntax error at line ${problem.line}: ${problem.message}`);
        }
      }
      graph.unresolved.sort(compareUnresolved);
      // A fresh build fills `conservative` in file order; keep that order (computeAffected walks it).
      const entries = [...conservative].sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
      conservative.clear();
      for (const [file, detail] of entries) conservative.set(file, detail);
      return true;
    },
  };
  return graph;
}

/** Inserts `value` into a sorted list unless it is there already. */
function insertSorted(list: string[], value: string): void {
  const at = lowerBound(list, value);
  if (list[at] !== value) list.splice(at, 0, value);
}

function compareUnresolved(left: UnresolvedImport, right: UnresolvedImport): number {
  if (left.file !== right.file) return left.file < right.file ? -1 : 1;
  return left.specifier < right.specifier ? -1 : left.specifier > right.specifier ? 1 : 0;
}
