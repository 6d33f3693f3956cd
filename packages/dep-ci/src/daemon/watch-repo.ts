import { type FSWatcher, lstatSync, mkdirSync, readdirSync, unlinkSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Directories never watched (and whose contents dep-ci never lists). */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.hg', '.svn', '__pycache__', '.venv', 'venv']);

/** The daemon's own directory: only barrier events are read there. */
const STATE_DIRECTORY = '.dep-ci';

/**
 * More events than this between two queries and the watcher reports an overflow, so the caller
 * re-verifies everything. The kernel drops events past its queue (16,384 by default) without a
 * trace in Node's API; any overflow therefore implies far more delivered events than this.
 */
const OVERFLOW_EVENTS = 2_000;

/** What changed since the last {@link RepoWatcher.take}. */
export interface WatchedChanges {
  /** Repo-relative paths named by events (files or directories; they may no longer exist). */
  paths: string[];
  /** Too many events, or one without a name: the paths are not a complete account. */
  overflow: boolean;
}

/** Watches a repo's directories (inotify on Linux) for the daemon. */
export interface RepoWatcher {
  /**
   * Resolves true once every event that happened before the call has been delivered: it creates a
   * barrier file in `.dep-ci/` and waits for that file's own event, which the kernel queues after
   * every earlier event of the same inotify instance (libuv uses one per event loop). False when the
   * barrier did not come back in time: the caller must then re-verify everything.
   */
  sync(timeoutMs?: number): Promise<boolean>;
  /** The changes since the last call, and forgets them. */
  take(): WatchedChanges;
  /** Watches the directory of each file (and its ancestors). */
  watchDirectoriesOf(files: readonly string[]): void;
  /** Directories watched. */
  readonly directories: number;
  /** A directory could not be watched (e.g. the inotify watch limit): events may be missing. */
  readonly failed: string | undefined;
  close(): void;
}

/**
 * Starts watching `root` and `root/.dep-ci`. Each directory gets its own non-recursive watch (Node's
 * recursive mode on Linux also watches node_modules and every file); a directory created later is
 * watched as soon as its creation is seen and walked once, so files written into it before the
 * watch existed are reported too.
 */
export function watchRepo(
  root: string,
  options: {
    /**
     * Whether a directory that appeared holds nothing dep-ci lists (git-ignored build output such as
     * `dist/`): it is then neither watched nor walked, so a build does not flood the daemon.
     */
    isIgnoredDirectory?: (directory: string) => boolean;
  } = {},
): RepoWatcher {
  const watchers = new Map<string, FSWatcher>();
  let pending = new Set<string>();
  let events = 0;
  let overflow = false;
  let failed: string | undefined;
  let barrierCounter = 0;
  const barriers = new Map<string, (arrived: boolean) => void>();

  const note = (path: string): void => {
    events++;
    if (events > OVERFLOW_EVENTS) {
      overflow = true;
      pending.clear();
    } else if (!overflow) pending.add(path);
  };

  const unwatchTree = (directory: string): void => {
    for (const [watched, watcher] of watchers) {
      if (watched === directory || (directory === '' ? false : watched.startsWith(`${directory}/`))) {
        watcher.close();
        watchers.delete(watched);
      }
    }
  };

  const addWatch = (directory: string): boolean => {
    if (watchers.has(directory)) return true;
    try {
      const watcher = watch(join(root, directory), { persistent: true }, (type, name) =>
        onEvent(directory, type, name === null ? null : String(name)),
      );
      watcher.on('error', () => {
        watcher.close();
        if (watchers.get(directory) === watcher) watchers.delete(directory);
        // A watched directory that went away is reported by its parent; anything else is a failure.
        if (lstatSync(join(root, directory), { throwIfNoEntry: false })?.isDirectory() === true)
          failed ??= `watching ${directory || '.'} failed`;
      });
      watchers.set(directory, watcher);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') failed ??= `cannot watch ${directory || '.'}: ${code}`;
      return false;
    }
  };

  /** Watches a directory that appeared and reports every file already in it. */
  const watchNewTree = (directory: string): void => {
    unwatchTree(directory); // a directory replaced by another one under the same name
    if (options.isIgnoredDirectory?.(directory) === true) return;
    if (!addWatch(directory)) return;
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(join(root, directory), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = `${directory}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) watchNewTree(path);
      } else note(path);
    }
  };

  const onEvent = (directory: string, type: string, name: string | null): void => {
    if (name === null) {
      overflow = true;
      return;
    }
    if (directory === STATE_DIRECTORY) {
      barriers.get(name)?.(true);
      return;
    }
    const path = directory === '' ? name : `${directory}/${name}`;
    if (path === STATE_DIRECTORY || SKIPPED_DIRECTORIES.has(name)) return;
    note(path);
    const stat = lstatSync(join(root, path), { throwIfNoEntry: false });
    if (stat?.isDirectory() === true) {
      // Created, moved in, or replaced (a 'rename' under a watched name): (re)watch it and report
      // what is inside.
      if (!watchers.has(path) || type === 'rename') watchNewTree(path);
    } else if (stat === undefined && watchers.has(path)) {
      unwatchTree(path); // moved away or deleted: its files are gone from here
    }
  };
  mkdirSync(join(root, STATE_DIRECTORY), { recursive: true });
  addWatch('');
  const stateWatched = addWatch(STATE_DIRECTORY);

  return {
    get directories() {
      return watchers.size;
    },
    get failed() {
      return failed ?? (stateWatched ? undefined : 'cannot watch .dep-ci');
    },
    watchDirectoriesOf(files) {
      const seen = new Set<string>();
      for (const file of files) {
        let directory = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
        while (directory !== '' && !seen.has(directory)) {
          seen.add(directory);
          addWatch(directory);
          directory = directory.includes('/') ? directory.slice(0, directory.lastIndexOf('/')) : '';
        }
      }
    },
    sync(timeoutMs = 2_000) {
      if (!stateWatched) return Promise.resolve(false);
      barrierCounter++;
      const name = `barrier-${barrierCounter}`;
      const file = join(root, STATE_DIRECTORY, name);
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => finish(false), timeoutMs);
        const finish = (arrived: boolean): void => {
          clearTimeout(timer);
          barriers.delete(name);
          try {
            unlinkSync(file);
          } catch {
            // already gone
          }
          resolve(arrived);
        };
        barriers.set(name, finish);
        try {
          writeFileSync(file, '');
        } catch {
          finish(false);
        }
      });
    },
    take() {
      const changes = { paths: [...pending].sort(), overflow };
      pending = new Set();
      events = 0;
      overflow = false;
      return changes;
    },
    close() {
      for (const finish of [...barriers.values()]) finish(false);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}
