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

/** Finds the repo root (git top level, else the working directory) and builds the graph. */
export async function openRepo(cwd: string): Promise<OpenRepo> {
  const [{ findGitRoot }, { buildGraph }, { discoverTests }] = await Promise.all([
    import('../../git/read-git-changes.js'),
    import('../../graph/build-graph.js'),
    import('../../tests/discover-tests.js'),
  ]);
  const gitRoot = findGitRoot(cwd);
  const root = gitRoot ?? cwd;
  const graph = buildGraph({ root, useGit: gitRoot !== undefined });
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
  const { computeAffected } = await import('../../affected/compute-affected.js');
  return computeAffected(repo.graph, changes, { semantics, tests: repo.tests });
}
