import type { CommandContext } from '@venom/core';
import { createAptBackend } from '../backends/apt/create-apt-backend.js';
import type { PackageBackend } from '../backends/package-record.js';
import { createPacmanBackend } from '../backends/pacman/create-pacman-backend.js';
import { callDaemon } from '../daemon/call-daemon.js';
import { openPackageIndex, type RefreshReport } from '../index/open-package-index.js';
import {
  type ReadSearchSnapshot,
  readSearchSnapshot,
  searchSnapshotPath,
  snapshotIsCurrent,
  writeSearchSnapshot,
} from '../index/search-snapshot.js';
import type { PackageService } from '../query/create-package-service.js';
import { createPackageService } from '../query/create-package-service.js';
import { type OmgPaths, resolveOmgPaths } from '../runtime/resolve-omg-paths.js';

/** The --root option every query command takes. */
export const rootOption = {
  type: 'string',
  valueName: 'dir',
  description: 'read the system state under this root (apt lists, dpkg status); default $OMG_ROOT or /',
} as const;

/** The --dbpath option (pacman's database directory). */
export const databasePathOption = {
  type: 'string',
  valueName: 'dir',
  description: "pacman's database directory, as pacman --dbpath (selects the pacman backend)",
} as const;

/** omg's paths for this command run. */
export function omgPaths(
  context: CommandContext,
  root: string | undefined,
  databasePath?: unknown,
): OmgPaths {
  return resolveOmgPaths(context.env, {
    root,
    databasePath: typeof databasePath === 'string' ? databasePath : undefined,
    cwd: context.cwd,
    uid: process.getuid?.() ?? 0,
  });
}

/** The backend that reads this root. */
export function createBackend(paths: OmgPaths): PackageBackend {
  return paths.backend === 'pacman'
    ? createPacmanBackend({
        root: paths.root,
        ...(paths.databasePath === undefined ? {} : { databasePath: paths.databasePath }),
      })
    : createAptBackend({ root: paths.root });
}

/** Opens the index for a root, brings it up to date, and wraps it in the query service. */
export async function openService(
  paths: OmgPaths,
  options: { daemon?: boolean } = {},
): Promise<{ service: PackageService; report: RefreshReport }> {
  const backend = createBackend(paths);
  const index = await openPackageIndex({
    backend,
    path: paths.indexFile,
    trigramIndex: options.daemon === true,
  });
  const report = await index.refresh();
  return { service: createPackageService(index), report };
}

/** Prints each source that failed or had problems as a warning (stderr), once per run. */
export function warnAboutSources(context: CommandContext, report: RefreshReport): void {
  for (const failure of report.failed)
    context.warn(`${failure.message}${failure.hint === undefined ? '' : ` (${failure.hint})`}`);
  const shown = report.problems.slice(0, 5);
  for (const problem of shown)
    context.warn(
      `${problem.file}${problem.line === undefined ? '' : `:${problem.line}`}: ${problem.message}`,
    );
  if (report.problems.length > shown.length)
    context.warn(`${report.problems.length - shown.length} more problems in package lists`);
}

/**
 * Keeps the search snapshot beside the index in step with it: rewritten after a refresh that changed
 * the index, or when it is missing or stale. Best effort: a snapshot that cannot be written only
 * means the next search without the daemon reads the index instead.
 */
async function keepSnapshotCurrent(
  paths: OmgPaths,
  service: PackageService,
  report: RefreshReport,
): Promise<void> {
  const path = searchSnapshotPath(paths.indexFile);
  if (report.rebuilt.length === 0 && report.removed.length === 0) {
    const existing = await readSearchSnapshot(path);
    if (existing !== undefined) {
      existing.close();
      if (await snapshotIsCurrent(existing, service.index.backend)) return;
    }
  }
  try {
    writeSearchSnapshot(path, service.index.searchSnapshot());
  } catch {
    // Read-only cache directory or a full disk: searches fall back to the index.
  }
}

/**
 * A search answered from the snapshot, without lmdb, when the snapshot still matches every source on
 * disk; undefined otherwise (the caller then opens the index, which refreshes and rewrites it).
 */
async function searchFromSnapshot(
  context: CommandContext,
  paths: OmgPaths,
  params: Record<string, unknown>,
): Promise<unknown[] | undefined> {
  const snapshot = await readSearchSnapshot(searchSnapshotPath(paths.indexFile));
  if (snapshot === undefined) return undefined;
  try {
    return await searchSnapshot(context, paths, params, snapshot);
  } finally {
    snapshot.close();
  }
}

async function searchSnapshot(
  context: CommandContext,
  paths: OmgPaths,
  params: Record<string, unknown>,
  snapshot: ReadSearchSnapshot,
): Promise<unknown[] | undefined> {
  const backend = createBackend(paths);
  if (!(await snapshotIsCurrent(snapshot, backend))) return undefined;
  const { createSearchTable } = await import('../index/search-table.js');
  warnAboutSources(context, {
    rebuilt: [],
    unchanged: snapshot.sources.map((source) => source.id),
    removed: [],
    failed: snapshot.sources.flatMap((source) =>
      source.error === undefined ? [] : [{ source: source.id, ...source.error }],
    ),
    problems: snapshot.sources.flatMap((source) => source.problems),
  });
  const terms = params.terms as string[];
  const segments = snapshot.segmentsFor(terms, { regex: params.regex === true });
  const table = createSearchTable(segments, backend.compareVersions, {
    isAvailable: (name) => snapshot.installedAndAvailable.has(name),
  });
  const limit = typeof params.limit === 'number' ? params.limit : undefined;
  return table.search(terms, {
    namesOnly: params.namesOnly === true,
    regex: params.regex === true,
    ...(limit === undefined ? {} : { limit }),
  });
}

/**
 * Runs a query: through omgd when it answers on this root's socket (unless OMG_NO_DAEMON=1), else
 * directly — a search from the search snapshot when it is current, anything else on the index
 * (refreshing it first, and the snapshot with it).
 */
export async function query<T>(
  context: CommandContext,
  paths: OmgPaths,
  method: string,
  params: Record<string, unknown>,
  direct: (service: PackageService) => Promise<T> | T,
): Promise<T> {
  if (context.env.OMG_NO_DAEMON !== '1') {
    const answer = await callDaemon<T>(paths.socketFile, method, params, { owner: process.getuid?.() });
    if (answer.available) return answer.result;
  }
  if (method === 'search') {
    const found = await searchFromSnapshot(context, paths, params);
    if (found !== undefined) return found as T;
  }
  const { service, report } = await openService(paths);
  try {
    warnAboutSources(context, report);
    await keepSnapshotCurrent(paths, service, report);
    return await direct(service);
  } finally {
    await service.index.close();
  }
}
