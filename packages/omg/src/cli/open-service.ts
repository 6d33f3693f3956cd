import type { CommandContext } from '@venom/core';
import type { PackageBackend } from '../backends/package-record.js';
import { callDaemon } from '../daemon/call-daemon.js';
import { openPackageIndex, type RefreshReport } from '../index/open-package-index.js';
import {
  type ReadSearchSnapshot,
  readSearchSnapshot,
  searchSnapshotPath,
  snapshotIsCurrent,
  writeSearchSnapshot,
} from '../index/search-snapshot.js';
import type { SearchFormat } from '../index/search-table.js';
import type { PackageService } from '../query/create-package-service.js';
import { createPackageService } from '../query/create-package-service.js';
import { type OmgPaths, resolveOmgPaths } from '../runtime/resolve-omg-paths.js';
import {
  createBackend,
  type LiteralSearch,
  openCurrentSnapshot,
  outdatedDaemonWarning,
  searchSnapshotRendered,
  snapshotReport,
} from './search-direct.js';

export { createBackend } from './search-direct.js';

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
    writeSearchSnapshot(path, service.index.searchSnapshot(), service.index.backend.compareVersions);
  } catch {
    // Read-only cache directory or a full disk: searches fall back to the index.
  }
}

/**
 * Runs `use` on the search snapshot when it still matches every source on disk (after warning about
 * the sources' problems, as a refresh would); undefined otherwise (the caller then opens the index,
 * which refreshes and rewrites it).
 */
async function withCurrentSnapshot<T>(
  context: CommandContext,
  paths: OmgPaths,
  use: (snapshot: ReadSearchSnapshot, backend: PackageBackend) => T | Promise<T>,
): Promise<T | undefined> {
  const current = await openCurrentSnapshot(paths);
  if (current === undefined) return undefined;
  try {
    warnAboutSources(context, snapshotReport(current.snapshot));
    return await use(current.snapshot, current.backend);
  } finally {
    current.snapshot.close();
  }
}

/** A search answered from the snapshot's text (any query, regular expressions included). */
function searchFromSnapshot(
  context: CommandContext,
  paths: OmgPaths,
  params: Record<string, unknown>,
): Promise<unknown[] | undefined> {
  return withCurrentSnapshot(context, paths, async (snapshot, backend) => {
    const { createSearchTable } = await import('../index/search-table.js');
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
  });
}

/**
 * A literal search without the daemon, ranked and rendered from the snapshot's stored table as omgd
 * renders it (the same bytes): undefined for a regular-expression search or when the snapshot is
 * missing or stale.
 */
export async function searchRenderedFromSnapshot(
  context: CommandContext,
  paths: OmgPaths,
  params: LiteralSearch & { regex: boolean },
  format: SearchFormat,
): Promise<{ count: number; body: Buffer } | undefined> {
  if (params.regex) return undefined;
  return withCurrentSnapshot(context, paths, (snapshot) => searchSnapshotRendered(snapshot, params, format));
}

/**
 * Runs a query: through omgd when it answers on this root's socket (unless OMG_NO_DAEMON=1), else
 * directly — a search from the search snapshot when it is current, anything else on the index
 * (refreshing it first, and the snapshot with it).
 */
/** Tells the user when omgd stopped because omg changed under it (the answer comes from here instead). */
export function warnIfDaemonOutdated(
  context: CommandContext,
  answer: { available: boolean; reason?: string },
): void {
  if (!answer.available && answer.reason === 'outdated') context.warn(outdatedDaemonWarning);
}

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
    warnIfDaemonOutdated(context, answer);
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
