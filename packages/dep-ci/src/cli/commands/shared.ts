import type { OptionSpec } from '@venom/core';
import type { AffectedResult, FileChange } from '../../affected/compute-affected.js';
import type { DependencyGraph, Semantics } from '../../graph/build-graph.js';
import type { TestMatcher } from '../../tests/discover-tests.js';

/** `--semantics`, shared by every command that follows imports. */
export const semanticsOption: OptionSpec = {
  type: 'string',
  description:
    'source: every import as tsc sees it, type-only included (the safe superset); runtime: what loads after transpiling',
  choices: ['source', 'runtime'],
  default: 'source',
  valueName: 'semantics',
};

/** `--since`, `--staged`: where changes come from. */
export const changeOptions: Record<string, OptionSpec> = {
  since: {
    type: 'string',
    description: 'Changes since the merge base of <ref> and HEAD, plus uncommitted ones (git)',
    valueName: 'ref',
  },
  staged: { type: 'boolean', description: 'Only the changes staged in the git index' },
};

/** A repo opened for a command: its root, graph and test matcher. */
export interface OpenRepo {
  root: string;
  git: boolean;
  graph: DependencyGraph;
  tests: TestMatcher;
}

let servedRepo: ((cwd: string) => OpenRepo | undefined) | undefined;

/** Graphs whose cache write waits for the answer to be out (see {@link saveCachesNow}). */
const unsaved = new Set<DependencyGraph>();

/**
 * Writes the caches of the graphs {@link openRepo} built. The CLI entry calls it once the command
 * has returned (its answer printed); `watch` and `run` call it themselves before they wait on the
 * file system or a test runner. A cache that cannot be written (a read-only checkout) only makes
 * the next run slower.
 */
export function saveCachesNow(): void {
  for (const graph of unsaved) {
    try {
      graph.saveCache();
    } catch {
      // ignored
    }
  }
  unsaved.clear();
}

/**
 * Makes {@link openRepo} answer from a graph kept in memory (the daemon, `dep-ci daemon run`, serves
 * the commands it is sent this way) whenever `provider` returns one for the working directory.
 */
export function serveRepoFrom(provider: ((cwd: string) => OpenRepo | undefined) | undefined): void {
  servedRepo = provider;
}

/** Finds the repo root (git top level, else the working directory) and builds the graph. */
export async function openRepo(cwd: string): Promise<OpenRepo> {
  const served = servedRepo?.(cwd);
  if (served !== undefined) return served;
  const [{ findGitRoot }, { buildGraph }, { discoverTests }] = await Promise.all([
    import('../../git/read-git-changes.js'),
    import('../../graph/build-graph.js'),
    import('../../tests/discover-tests.js'),
  ]);
  const gitRoot = findGitRoot(cwd);
  const root = gitRoot ?? cwd;
  const graph = buildGraph({ root, useGit: gitRoot !== undefined, deferCacheWrite: true });
  // Not on a timer: the command's own awaits (lazy imports) would let one fire before the answer.
  unsaved.add(graph);
  return { root, git: gitRoot !== undefined, graph, tests: discoverTests(root, graph.files) };
}

/** Repo-relative POSIX path of a path given on the command line. */
export async function toRepoPath(root: string, cwd: string, path: string): Promise<string> {
  const { relative, resolve, sep } = await import('node:path');
  return relative(root, resolve(cwd, path)).split(sep).join('/');
}

/** The changes a command was asked about: named files, `--since`, `--staged`, or the work tree. */
export async function collectChanges(
  repo: OpenRepo,
  cwd: string,
  input: { files?: string[]; since?: string | undefined; staged?: boolean },
): Promise<FileChange[]> {
  const { existsSync } = await import('node:fs');
  const { join } = await import('node:path');
  const changes: FileChange[] = [];
  for (const file of input.files ?? []) {
    const path = await toRepoPath(repo.root, cwd, file);
    changes.push({ path, status: existsSync(join(repo.root, path)) ? 'modified' : 'deleted' });
  }
  const { readGitChanges } = await import('../../git/read-git-changes.js');
  if (input.since !== undefined) changes.push(...readGitChanges(repo.root, { since: input.since }));
  if (input.staged === true) changes.push(...readGitChanges(repo.root, { staged: true }));
  if ((input.files ?? []).length === 0 && input.since === undefined && input.staged !== true) {
    changes.push(...readGitChanges(repo.root, { workingTree: true }));
  }
  return changes;
}

/** Computes the affected contract for a command. */
export async function affectedFor(
  repo: OpenRepo,
  changes: FileChange[],
  semantics: Semantics,
): Promise<AffectedResult> {
  const [{ computeAffected }, { INERT_MANIFEST_FIELDS }] = await Promise.all([
    import('../../affected/compute-affected.js'),
    import('../../git/read-git-changes.js'),
  ]);
  return computeAffected(repo.graph, changes, {
    semantics,
    tests: repo.tests,
    inertManifestFields: INERT_MANIFEST_FIELDS,
  });
}

/**
 * Asks the repo's daemon (`dep-ci daemon start`) for `dep-ci affected --json <args>`, so that `run`
 * skips building the graph. Undefined when no daemon answers, it says to do it locally, or the
 * command failed there (the local run then reports the error itself).
 */
export async function affectedFromDaemon(
  cwd: string,
  env: Record<string, string | undefined>,
  args: readonly string[],
): Promise<AffectedResult | undefined> {
  if (env.DEP_CI_DAEMON === 'off') return undefined;
  const [{ readFileSync }, { join }, { findGitRoot }, { callDaemon }] = await Promise.all([
    import('node:fs'),
    import('node:path'),
    import('../../git/read-git-changes.js'),
    import('../../daemon/call-daemon.js'),
  ]);
  let socket: string;
  try {
    socket = readFileSync(join(findGitRoot(cwd) ?? cwd, '.dep-ci', 'daemon-socket'), 'utf8').trim();
  } catch {
    return undefined;
  }
  const reply = await callDaemon(
    socket,
    {
      verb: 'cli',
      cli: { cwd, stdoutIsTTY: false, stderrIsTTY: false, env: {}, argv: ['affected', '--json', ...args] },
    },
    120_000,
  );
  if (reply?.kind !== 'reply' || reply.reply.exitCode !== 0) return undefined;
  try {
    return JSON.parse(reply.reply.stdout.toString('utf8')) as AffectedResult;
  } catch {
    return undefined;
  }
}
