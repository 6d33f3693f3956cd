import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { VenomError } from '@venom/core';
import type { FileChange } from '../affected/compute-affected.js';

function git(root: string, args: string[]): string {
  return execFileSync('git', args, {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * The top of the git work tree containing `directory` (the nearest ancestor holding `.git`, a
 * directory or a worktree's file), or undefined outside one. Found without starting git: this is on
 * every command's path.
 */
export function findGitRoot(directory: string): string | undefined {
  for (let current = resolve(directory); ; current = dirname(current)) {
    if (existsSync(join(current, '.git'))) return current;
    if (dirname(current) === current) return undefined;
  }
}

function gitWorks(root: string): boolean {
  try {
    git(root, ['rev-parse', '--show-toplevel']);
    return true;
  } catch {
    return false;
  }
}

/** Parses `git diff --name-status -z -M` output: renames become a deletion plus an addition. */
export function parseNameStatus(output: string): FileChange[] {
  const fields = output.split('\0').filter((field) => field !== '');
  const changes: FileChange[] = [];
  for (let index = 0; index < fields.length; ) {
    const status = fields[index++] ?? '';
    const letter = status[0];
    if (letter === 'R' || letter === 'C') {
      const from = fields[index++] ?? '';
      const to = fields[index++] ?? '';
      if (letter === 'R') changes.push({ path: from, status: 'deleted' });
      changes.push({ path: to, status: 'added' });
    } else {
      const path = fields[index++] ?? '';
      changes.push({ path, status: letter === 'D' ? 'deleted' : letter === 'A' ? 'added' : 'modified' });
    }
  }
  return changes;
}

/** Which changes to read from git. */
export type ChangeSource = { since: string } | { staged: true } | { workingTree: true };

/**
 * Reads changed files from git: `--since <ref>` compares the merge base of ref and HEAD with the
 * work tree (committed, staged and unstaged changes, plus untracked files); `--staged` the index;
 * otherwise the work tree against HEAD. Throws an environment error without git or a repo, and a
 * usage error naming the fix when the ref is missing (a shallow clone).
 */
export function readGitChanges(root: string, source: ChangeSource): FileChange[] {
  if (findGitRoot(root) === undefined || !gitWorks(root)) {
    throw new VenomError({
      code: 'NOT_A_GIT_REPOSITORY',
      category: 'environment',
      message: `${root} is not inside a git work tree (or git is not installed), so changes cannot be read from git`,
      hint: 'Name the changed files instead: dep-ci affected <file...>',
    });
  }
  const untracked = (): FileChange[] =>
    git(root, ['ls-files', '-z', '--others', '--exclude-standard'])
      .split('\0')
      .filter((path) => path !== '')
      .map((path) => ({ path, status: 'added' as const }));
  if ('staged' in source) {
    const changes = parseNameStatus(git(root, ['diff', '--cached', '--name-status', '-z', '-M']));
    return withManifestFields(root, changes, 'HEAD', (path) => git(root, ['show', `:${path}`]));
  }
  if ('workingTree' in source) {
    let hasHead = true;
    try {
      git(root, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
    } catch {
      hasHead = false;
    }
    const base = hasHead ? ['HEAD'] : ['--cached'];
    const changes = [
      ...parseNameStatus(git(root, ['diff', ...base, '--name-status', '-z', '-M'])),
      ...untracked(),
    ];
    return withManifestFields(root, changes, hasHead ? 'HEAD' : '', readWorkTree(root));
  }
  try {
    git(root, ['rev-parse', '--verify', '--quiet', `${source.since}^{commit}`]);
  } catch {
    let shallow = false;
    try {
      shallow = git(root, ['rev-parse', '--is-shallow-repository']).trim() === 'true';
    } catch {
      // Older git: assume not shallow.
    }
    throw new VenomError({
      code: 'GIT_REF_NOT_FOUND',
      category: 'usage',
      message: `git ref '${source.since}' is not in this repository${shallow ? ' (this is a shallow clone, so the base commit is probably missing)' : ''}`,
      hint: shallow
        ? `Fetch the base: git fetch --deepen=200 origin ${source.since} (or fetch-depth: 0 in CI), then run again.`
        : `Check the name (git branch -a), or fetch it: git fetch origin ${source.since}:${source.since}`,
      details: { ref: source.since, shallow },
    });
  }
  let base = source.since;
  try {
    base = git(root, ['merge-base', source.since, 'HEAD']).trim();
  } catch {
    // No common history (or no HEAD yet): compare with the ref itself.
  }
  const changes = [
    ...parseNameStatus(git(root, ['diff', base, '--name-status', '-z', '-M'])),
    ...untracked(),
  ];
  return withManifestFields(root, changes, base, readWorkTree(root));
}

const readWorkTree =
  (root: string) =>
  (path: string): string =>
    readFileSync(join(root, path), 'utf8');

/**
 * Fields of a package.json whose change cannot affect what any test loads or how imports resolve:
 * what a change to them alone selects is the manifest itself, no test.
 */
export const INERT_MANIFEST_FIELDS: ReadonlySet<string> = new Set([
  'scripts',
  'description',
  'version',
  'keywords',
  'author',
  'contributors',
  'maintainers',
  'license',
  'homepage',
  'repository',
  'bugs',
  'funding',
  'private',
  'publishConfig',
  'files',
]);

/**
 * The top-level fields whose value differs between two package.json texts, sorted; undefined when
 * either is not a JSON object (then the whole file counts as changed).
 */
export function diffManifestFields(before: string, after: string): string[] | undefined {
  let left: unknown;
  let right: unknown;
  try {
    left = JSON.parse(before);
    right = JSON.parse(after);
  } catch {
    return undefined;
  }
  const isObject = (value: unknown): value is Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!isObject(left) || !isObject(right)) return undefined;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  return [...keys].filter((key) => JSON.stringify(left[key]) !== JSON.stringify(right[key])).sort();
}

/** Adds `manifestFields` to modified package.json files, comparing `base:<path>` with `readAfter`. */
function withManifestFields(
  root: string,
  changes: FileChange[],
  base: string,
  readAfter: (path: string) => string,
): FileChange[] {
  if (base === '') return changes;
  return changes.map((change) => {
    if (change.status !== 'modified' || !/(^|\/)package\.json$/.test(change.path)) return change;
    try {
      const fields = diffManifestFields(
        git(root, ['show', `${base}:${change.path}`]),
        readAfter(change.path),
      );
      return fields === undefined ? change : { ...change, manifestFields: fields };
    } catch {
      return change;
    }
  });
}
