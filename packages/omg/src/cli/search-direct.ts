import { createAptBackend } from '../backends/apt/create-apt-backend.js';
import type { PackageBackend } from '../backends/package-record.js';
import { createPacmanBackend } from '../backends/pacman/create-pacman-backend.js';
import type { RefreshReport } from '../index/open-package-index.js';
import {
  type ReadSearchSnapshot,
  readSearchSnapshot,
  searchSnapshotPath,
  snapshotIsCurrent,
} from '../index/search-snapshot.js';
import type { SearchFormat } from '../index/search-table.js';
import type { OmgPaths } from '../runtime/resolve-omg-paths.js';

/** What omg says when omgd stopped because omg's files changed under it (see handle-json-rpc.ts). */
export const outdatedDaemonWarning =
  'omgd was started by an omg whose files have changed since; it stopped. Start it again: omg daemon start';

/** The backend that reads this root. */
export function createBackend(paths: OmgPaths): PackageBackend {
  return paths.backend === 'pacman'
    ? createPacmanBackend({
        root: paths.root,
        ...(paths.databasePath === undefined ? {} : { databasePath: paths.databasePath }),
      })
    : createAptBackend({ root: paths.root });
}

/** A literal search's parameters, as `omg search` takes them. */
export interface LiteralSearch {
  terms: string[];
  namesOnly: boolean;
  limit?: number;
}

/**
 * The root's search snapshot when it still matches every source on disk, with the backend that
 * checked it; undefined when it is missing, damaged or stale. The caller closes the snapshot.
 */
export async function openCurrentSnapshot(
  paths: OmgPaths,
): Promise<{ snapshot: ReadSearchSnapshot; backend: PackageBackend } | undefined> {
  const snapshot = await readSearchSnapshot(searchSnapshotPath(paths.indexFile));
  if (snapshot === undefined) return undefined;
  try {
    const backend = createBackend(paths);
    if (await snapshotIsCurrent(snapshot, backend)) return { snapshot, backend };
  } catch {
    // A source that cannot be listed: the index path reports it.
  }
  snapshot.close();
  return undefined;
}

/** What a refresh would have reported of the snapshot's sources (all unchanged), failures and problems included. */
export function snapshotReport(snapshot: ReadSearchSnapshot): RefreshReport {
  return {
    rebuilt: [],
    unchanged: snapshot.sources.map((source) => source.id),
    removed: [],
    failed: snapshot.sources.flatMap((source) =>
      source.error === undefined ? [] : [{ source: source.id, ...source.error }],
    ),
    problems: snapshot.sources.flatMap((source) => source.problems),
  };
}

/** A literal search ranked and rendered from the snapshot's stored table, as omgd renders it (the same bytes). */
export function searchSnapshotRendered(
  snapshot: ReadSearchSnapshot,
  search: LiteralSearch,
  format: SearchFormat,
): { count: number; body: Buffer } {
  let count = 0;
  const body = snapshot
    .storedTable()
    .searchRendered(
      search.terms,
      { namesOnly: search.namesOnly, ...(search.limit === undefined ? {} : { limit: search.limit }) },
      format,
      (found) => {
        count = found;
        return '';
      },
    );
  return { count, body };
}
