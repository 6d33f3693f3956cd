import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { VenomError } from '@venom/core';
import type { RootDatabase } from 'lmdb';
import type {
  InstalledRecord,
  PackageBackend,
  PackageRecord,
  SourceFile,
  SourceProblem,
} from '../backends/package-record.js';
import { parseRelationField } from '../query/relations.js';
import type { SearchSnapshot } from './search-snapshot.js';
import { createSearchTable, type SearchSegment, type SearchTable } from './search-table.js';
import { encodeSearchText } from './search-text.js';

/** The relation fields whose targets count as reverse dependencies (what `info` shows as "required by"). */
const reverseFields = ['depends', 'preDepends', 'recommends'] as const;

/** Bumped when the stored layout changes; an index in another format is rebuilt from scratch. */
const indexFormat = 5;
/** At most this many problems are kept per source. */
const keptProblems = 50;

/** A file's identity: when it changes, the file may have changed and is hashed again. */
export interface FileIdentity {
  path: string;
  size: number;
  mtimeMs: number;
  inode: number;
}

/** What the index knows about one source. */
export interface SourceState {
  id: string;
  path: string;
  kind: SourceFile['kind'];
  repository: string;
  identities: Array<FileIdentity | { path: string; missing: true }>;
  /** SHA-256 over the source and its companions. */
  hash: string;
  packageCount: number;
  problems: SourceProblem[];
  /** Set when the source could not be read; it then contributes no packages. */
  error?: { code: string; message: string; hint?: string };
}

/** What one refresh did. */
export interface RefreshReport {
  /** Sources read again because their content changed (or were new). */
  rebuilt: string[];
  /** Sources whose files were unchanged (by identity, or by hash after a touch). */
  unchanged: string[];
  removed: string[];
  /** Sources that could not be read, with the error; the rest of the index still works. */
  failed: Array<{ source: string; code: string; message: string; hint?: string }>;
  problems: SourceProblem[];
}

/** A package record with the kind of source it came from. */
export type IndexedRecord = InstalledRecord & { sourceKind: SourceFile['kind'] };

/** The on-disk package index (LMDB) of one backend under one root. */
export interface PackageIndex {
  readonly backend: PackageBackend;
  /** Re-reads the sources whose files changed since the last refresh; the rest is kept. */
  refresh(): Promise<RefreshReport>;
  /** Drops everything and reads every source again. */
  rebuild(): Promise<RefreshReport>;
  /** The in-memory search over the current index (built on first use, dropped by a refresh that changed something). */
  searchTable(): SearchTable;
  /** The sources and search text as the search snapshot stores them (see search-snapshot.ts). */
  searchSnapshot(): SearchSnapshot;
  /** Every record named `name`, in every source (available and installed). */
  lookup(name: string): IndexedRecord[];
  /** Names of packages (any source) that depend on, pre-depend on or recommend `name`. */
  reverseDependencies(name: string): string[];
  /** Every record of every source, or of one kind. */
  records(kind?: SourceFile['kind']): IndexedRecord[];
  sources(): SourceState[];
  close(): Promise<void>;
}

async function identityOf(path: string): Promise<FileIdentity | { path: string; missing: true }> {
  try {
    const info = await stat(path);
    return { path, size: info.size, mtimeMs: info.mtimeMs, inode: info.ino };
  } catch {
    return { path, missing: true };
  }
}

async function hashFiles(paths: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const path of paths) {
    hash.update(`${path}\0`);
    await new Promise<void>((resolve) => {
      const stream = createReadStream(path);
      stream.on('data', (chunk) => hash.update(chunk));
      stream.on('error', () => {
        hash.update('\0missing');
        resolve();
      });
      stream.on('end', () => resolve());
    });
  }
  return hash.digest('hex');
}

function sameIdentities(left: SourceState['identities'], right: SourceState['identities']): boolean {
  return JSON.stringify(left) === JSON.stringify(right);
}

/** Options for {@link openPackageIndex}. */
export interface OpenPackageIndexOptions {
  backend: PackageBackend;
  /** The LMDB file; its directory is created. */
  path: string;
  /** Open without writing (refresh and rebuild then throw). */
  readOnly?: boolean;
  /** Give the in-memory search a trigram index (worth its ~100 ms build in a long-lived daemon). */
  trigramIndex?: boolean;
}

/**
 * Opens (creating if needed) the index of `backend` at `path`. Call `refresh()` to bring it up to
 * date with the backend's sources: only sources whose file identity (size, mtime, inode) changed are
 * hashed, and only those whose SHA-256 changed are parsed again.
 */
export async function openPackageIndex(options: OpenPackageIndexOptions): Promise<PackageIndex> {
  const { backend } = options;
  const { open } = await import('lmdb');
  const { dirname } = await import('node:path');
  await mkdir(dirname(options.path), { recursive: true });
  let database: RootDatabase;
  try {
    database = open({ path: options.path, compression: false, readOnly: options.readOnly === true });
  } catch (error) {
    throw new VenomError({
      code: 'INDEX_UNAVAILABLE',
      category: 'environment',
      message: `${options.path}: cannot open the package index (${(error as Error).message})`,
      hint: 'Remove the file to rebuild it, or check its permissions.',
      details: { file: options.path },
      cause: error,
    });
  }
  let table: SearchTable | undefined;
  /** records() per kind, kept until a refresh changes the index (omgd lists without decoding again). */
  const recordsByKind = new Map<string, IndexedRecord[]>();

  function storedSources(): SourceState[] {
    const states: SourceState[] = [];
    for (const { value } of database.getRange({ start: ['s'], end: ['s', '\uffff'] }))
      states.push(value as SourceState);
    return states;
  }

  /** Each source's search text, in the order the sources are stored. */
  function searchSegments(states: readonly SourceState[]): SearchSegment[] {
    const segments: SearchSegment[] = [];
    for (const state of states) {
      const text = database.get(['t', state.id]) as string | undefined;
      if (text !== undefined && text !== '')
        segments.push({ repository: state.repository, kind: state.kind, text });
    }
    return segments;
  }

  function removeSource(id: string): void {
    const names = database.get(['names', id]) as string[] | undefined;
    for (const name of names ?? []) database.remove(['n', name, id]);
    database.remove(['names', id]);
    const targets = database.get(['rdnames', id]) as string[] | undefined;
    for (const target of targets ?? []) database.remove(['rd', target, id]);
    database.remove(['rdnames', id]);
    database.remove(['t', id]);
    database.remove(['s', id]);
  }

  async function refresh(): Promise<RefreshReport> {
    const report: RefreshReport = { rebuilt: [], unchanged: [], removed: [], failed: [], problems: [] };
    if (database.get(['m', 'format']) !== indexFormat) {
      await database.clearAsync();
      await database.put(['m', 'format'], indexFormat);
    }
    const current = await backend.listSources();
    const stored = new Map(storedSources().map((state) => [state.id, state]));
    for (const source of current) {
      const files = [source.path, ...source.companions];
      const identities = await Promise.all(files.map(identityOf));
      const previous = stored.get(source.id);
      stored.delete(source.id);
      if (
        previous !== undefined &&
        sameIdentities(previous.identities, identities) &&
        previous.repository === source.repository
      ) {
        report.unchanged.push(source.id);
        if (previous.error !== undefined) report.failed.push({ source: source.id, ...previous.error });
        report.problems.push(...previous.problems);
        continue;
      }
      const hash = (await backend.fingerprint?.(source)) ?? (await hashFiles(files));
      if (previous !== undefined && previous.hash === hash && previous.repository === source.repository) {
        await database.put(['s', source.id], { ...previous, identities });
        report.unchanged.push(source.id);
        if (previous.error !== undefined) report.failed.push({ source: source.id, ...previous.error });
        continue;
      }
      const state: SourceState = {
        id: source.id,
        path: source.path,
        kind: source.kind,
        repository: source.repository,
        identities,
        hash,
        packageCount: 0,
        problems: [],
      };
      let packages: PackageRecord[] = [];
      try {
        const contents = await backend.readSource(source);
        packages = contents.packages;
        state.problems = contents.problems.slice(0, keptProblems);
        state.packageCount = packages.length;
      } catch (error) {
        if (!VenomError.isInstance(error)) throw error;
        state.error = {
          code: error.code,
          message: error.message,
          ...(error.hint === undefined ? {} : { hint: error.hint }),
        };
        report.failed.push({ source: source.id, ...state.error });
      }
      report.problems.push(...state.problems);
      const byName = new Map<string, PackageRecord[]>();
      for (const record of packages) {
        const list = byName.get(record.name);
        if (list === undefined) byName.set(record.name, [record]);
        else list.push(record);
      }
      const dependents = new Map<string, Set<string>>();
      for (const record of packages) {
        for (const field of reverseFields) {
          for (const group of parseRelationField(record.relations[field])) {
            for (const alternative of group) {
              let set = dependents.get(alternative.name);
              if (set === undefined) {
                set = new Set();
                dependents.set(alternative.name, set);
              }
              set.add(record.name);
            }
          }
        }
      }
      await database.transaction(() => {
        removeSource(source.id);
        for (const [target, names] of dependents) database.put(['rd', target, source.id], [...names]);
        database.put(['rdnames', source.id], [...dependents.keys()]);
        for (const [name, records] of byName) database.put(['n', name, source.id], records);
        database.put(['names', source.id], [...byName.keys()]);
        database.put(['t', source.id], encodeSearchText(packages));
        database.put(['s', source.id], state);
      });
      report.rebuilt.push(source.id);
    }
    for (const id of stored.keys()) {
      await database.transaction(() => removeSource(id));
      report.removed.push(id);
    }
    if (report.rebuilt.length > 0 || report.removed.length > 0) {
      table = undefined;
      recordsByKind.clear();
    }
    return report;
  }

  return {
    backend,
    refresh,
    async rebuild(): Promise<RefreshReport> {
      await database.clearAsync();
      table = undefined;
      recordsByKind.clear();
      return refresh();
    },
    searchSnapshot(): SearchSnapshot {
      const states = storedSources();
      return {
        sources: states.map((state) => ({
          id: state.id,
          kind: state.kind,
          repository: state.repository,
          identities: state.identities,
          problems: state.problems,
          ...(state.error === undefined ? {} : { error: state.error }),
        })),
        segments: searchSegments(states),
      };
    },
    searchTable(): SearchTable {
      if (table !== undefined) return table;
      const segments = searchSegments(storedSources());
      const trigramIndex = options.trigramIndex === true;
      // Without the daemon's trigram index this is a one-shot CLI query: ask LMDB per installed hit
      // rather than collect every available name.
      const isAvailable = trigramIndex
        ? undefined
        : (name: string): boolean => {
            for (const { key } of database.getRange({ start: ['n', name], end: ['n', name, '\uffff'] })) {
              if (availableSources.has((key as string[])[2] ?? '')) return true;
            }
            return false;
          };
      const availableSources = new Set(
        storedSources()
          .filter((state) => state.kind === 'available')
          .map((state) => state.id),
      );
      table = createSearchTable(segments, backend.compareVersions, {
        trigramIndex,
        ...(isAvailable === undefined ? {} : { isAvailable }),
      });
      return table;
    },
    lookup(name: string): IndexedRecord[] {
      const found: IndexedRecord[] = [];
      const kinds = new Map(storedSources().map((state) => [state.id, state.kind]));
      for (const { key, value } of database.getRange({ start: ['n', name], end: ['n', name, '\uffff'] })) {
        const sourceId = (key as string[])[2] ?? '';
        for (const record of value as PackageRecord[])
          found.push({ ...record, sourceKind: kinds.get(sourceId) ?? 'available' });
      }
      return found;
    },
    reverseDependencies(name: string): string[] {
      const names = new Set<string>();
      for (const { value } of database.getRange({ start: ['rd', name], end: ['rd', name, '\uffff'] })) {
        for (const dependent of value as string[]) names.add(dependent);
      }
      return [...names];
    },
    records(kind?: SourceFile['kind']): IndexedRecord[] {
      const cached = recordsByKind.get(kind ?? 'all');
      if (cached !== undefined) return [...cached];
      const all: IndexedRecord[] = [];
      if (kind === undefined) {
        const kinds = new Map(storedSources().map((state) => [state.id, state.kind]));
        for (const { key, value } of database.getRange({ start: ['n'], end: ['n', '\uffff'] })) {
          const sourceKind = kinds.get((key as string[])[2] ?? '') ?? 'available';
          for (const record of value as PackageRecord[]) all.push({ ...record, sourceKind });
        }
      } else {
        // Per source of that kind, its names (kept beside its records): only those records are
        // decoded (740 installed of 67k), in the order a range over ['n'] gives (name, then source).
        const keys: Array<[string, string]> = [];
        for (const state of storedSources()) {
          if (state.kind !== kind) continue;
          for (const name of (database.get(['names', state.id]) ?? []) as string[])
            keys.push([name, state.id]);
        }
        keys.sort((left, right) =>
          left[0] < right[0] ? -1 : left[0] > right[0] ? 1 : left[1] < right[1] ? -1 : 1,
        );
        for (const [name, id] of keys)
          for (const record of (database.get(['n', name, id]) ?? []) as PackageRecord[])
            all.push({ ...record, sourceKind: kind });
      }
      recordsByKind.set(kind ?? 'all', all);
      return [...all];
    },
    sources: storedSources,
    async close(): Promise<void> {
      await database.close();
    },
  };
}
