import { spawnSync } from 'node:child_process';
import { lstatSync } from 'node:fs';
import { join, posix } from 'node:path';
import { isGlobalConfig } from '../affected/compute-affected.js';
import { buildGraph, type DependencyGraph } from '../graph/build-graph.js';
import { CODE_EXTENSIONS } from '../parse/scan-file.js';
import { discoverTests, type TestMatcher } from '../tests/discover-tests.js';
import { lowerBound } from '../util/lower-bound.js';
import { type RepoWatcher, watchRepo } from './watch-repo.js';

/** A repo's graph and test matcher, as fresh as the work tree at the time of the refresh. */
export interface RepoSnapshot {
  root: string;
  git: boolean;
  graph: DependencyGraph;
  tests: TestMatcher;
}

/** How a refresh brought the graph up to date. */
export type RefreshKind = 'unchanged' | 'updated' | 'rebuilt';

/** Counters shown by `dep-ci daemon status`. */
export interface WarmRepoStats {
  files: number;
  codeFiles: number;
  watchedDirectories: number;
  refreshes: number;
  updates: number;
  rebuilds: number;
  /** Why the watcher cannot be trusted (every refresh then rebuilds from the cache). */
  watchProblem: string | undefined;
}

/** A repo kept in memory by the daemon. */
export interface WarmRepo {
  /**
   * Brings the graph up to date with every change made to the work tree before the call (see
   * {@link RepoWatcher.sync}): edited code files are re-read in place; added, deleted or renamed
   * files, configs and `.gitignore` changes rebuild the graph from the content-hash cache.
   */
  refresh(): Promise<{ snapshot: RepoSnapshot; kind: RefreshKind }>;
  stats(): WarmRepoStats;
  close(): void;
}

/** Whether `files` (sorted) holds a file under `directory`. */
function hasFileUnder(files: readonly string[], directory: string): boolean {
  const prefix = `${directory}/`;
  return files[lowerBound(files, prefix)]?.startsWith(prefix) === true;
}

/**
 * Builds the repo's graph and keeps it warm. The watcher starts after a first build and a second,
 * cheap build from the cache then catches whatever changed while the first one ran.
 */
export function openWarmRepo(options: { root: string; git: boolean }): WarmRepo {
  const { root, git } = options;
  const build = (): RepoSnapshot => {
    const graph = buildGraph({ root, useGit: git });
    return { root, git, graph, tests: discoverTests(root, graph.files) };
  };
  let snapshot = build();
  const watcher: RepoWatcher = watchRepo(root, {
    // As the file listing does: git's ignore rules, else the walk's (no dot directories).
    isIgnoredDirectory: git
      ? (directory) =>
          spawnSync('git', ['check-ignore', '-q', '--', directory], { cwd: root, stdio: 'ignore' }).status ===
          0
      : (directory) => directory.split('/').some((part) => part.startsWith('.')),
  });
  watcher.watchDirectoriesOf(snapshot.graph.files);
  snapshot = build();
  watcher.watchDirectoriesOf(snapshot.graph.files);
  let fileSet = new Set(snapshot.graph.files);
  /** Existing files that are not listed (git-ignored): their events change nothing. */
  const ignored = new Set<string>();
  const counters = { refreshes: 0, updates: 0, rebuilds: 0 };

  const rebuild = (newPaths: readonly string[]): void => {
    snapshot = build();
    fileSet = new Set(snapshot.graph.files);
    watcher.watchDirectoriesOf(snapshot.graph.files);
    for (const path of newPaths) if (!fileSet.has(path)) ignored.add(path);
    counters.rebuilds++;
  };

  return {
    async refresh() {
      counters.refreshes++;
      const synced = await watcher.sync();
      const { paths, overflow } = watcher.take();
      if (!synced || overflow || watcher.failed !== undefined) {
        rebuild([]);
        return { snapshot, kind: 'rebuilt' };
      }
      let needsRebuild = false;
      const newPaths: string[] = [];
      const edited: string[] = [];
      for (const path of paths) {
        const stat = lstatSync(join(root, path), { throwIfNoEntry: false });
        if (stat?.isDirectory() === true) continue; // its files have events of their own
        const listed = fileSet.has(path);
        if (posix.basename(path) === '.gitignore') {
          ignored.clear();
          needsRebuild = true;
        } else if (stat === undefined) {
          // Deleted, or a directory moved away with its files; a temporary file that came and went
          // changes nothing.
          if (listed || hasFileUnder(snapshot.graph.files, path)) needsRebuild = true;
        } else if (!listed) {
          if (!ignored.has(path)) {
            newPaths.push(path);
            needsRebuild = true;
          }
        } else if (isGlobalConfig(path)) needsRebuild = true;
        else if (snapshot.graph.imports.has(path)) edited.push(path);
        else if (CODE_EXTENSIONS.test(path)) {
          // Listed (git keeps a deleted file in the index) but not read: it came back.
          needsRebuild = true;
        }
        // Else a listed file dep-ci reads no imports from: its content changes no edge.
      }
      if (needsRebuild) {
        rebuild(newPaths);
        return { snapshot, kind: 'rebuilt' };
      }
      if (edited.length === 0) return { snapshot, kind: 'unchanged' };
      if (!snapshot.graph.updateFiles(edited)) {
        rebuild([]);
        return { snapshot, kind: 'rebuilt' };
      }
      counters.updates++;
      return { snapshot, kind: 'updated' };
    },
    stats() {
      return {
        files: snapshot.graph.files.length,
        codeFiles: snapshot.graph.codeFiles.length,
        watchedDirectories: watcher.directories,
        ...counters,
        watchProblem: watcher.failed,
      };
    },
    close() {
      watcher.close();
    },
  };
}
