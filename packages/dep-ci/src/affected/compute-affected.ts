import { posix } from 'node:path';
import type { DependencyGraph, Semantics } from '../graph/build-graph.js';
import { pathStem } from '../resolve/create-resolver.js';
import type { TestMatcher } from '../tests/discover-tests.js';

/** One changed path. A rename is the old path deleted and the new one added. */
export interface FileChange {
  path: string;
  status: 'added' | 'modified' | 'deleted';
  /**
   * For a modified package.json whose previous version is known (from git): the top-level fields
   * that changed. When all of them are inert (`scripts`, `description`, `version`, ...), the change
   * selects no test; otherwise it selects the package's tests and `reasons` name the fields.
   */
  manifestFields?: string[];
}

/** Why a file is in `affected` or `tests`. */
export type AffectedReason =
  /** `manifestFields`: a package.json whose changed fields cannot affect any test. */
  | { rule: 'changed'; manifestFields?: string[] }
  /**
   * Imports `changed`, directly or not. Tests carry the whole `chain` (the test first, the changed
   * file last); other files name `via`, the affected file they import (see `dep-ci why`).
   */
  | { rule: 'imports'; changed: string; via: string; chain?: string[] }
  /** Imported a file that was deleted or renamed away. */
  | { rule: 'imports-deleted'; changed: string; specifier: string }
  /** A config that governs the whole package (or repo) changed. */
  | { rule: 'config'; changed: string; scope: string; manifestFields?: string[] }
  /** The file's imports are not fully known, and something in its package changed. */
  | { rule: 'unresolved-imports'; changed: string; detail: string };

/** The `affected` JSON contract. */
export interface AffectedResult {
  semantics: Semantics;
  changed: string[];
  affected: string[];
  tests: string[];
  reasons: Record<string, AffectedReason>;
  unresolved: { file: string; specifier: string; line?: number; reason: string }[];
}

/**
 * Files whose change can affect everything in the package (or repo) that holds them: TypeScript and
 * runner configs, manifests and lockfiles, Python project files. (A conftest.py is not here: tests
 * depend on the conftest.py files above them through graph edges.)
 */
const GLOBAL_CONFIG =
  /^(?:tsconfig(?:\..+)?\.json|jsconfig\.json|package\.json|package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|pnpm-workspace\.yaml|bun\.lockb?|(?:vitest|vite|jest)\.config\.[cm]?[jt]s|vitest\.(?:workspace|setup)\.[cm]?[jt]s|jest\.setup\.[cm]?[jt]s|\.mocharc\.(?:js|cjs|json|ya?ml)|babel\.config\.[cm]?js|\.babelrc|\.swcrc|pytest\.ini|pyproject\.toml|setup\.cfg|setup\.py|tox\.ini)$/;

/** Whether a changed file is a config whose change selects every test it governs. */
export function isGlobalConfig(path: string): boolean {
  return GLOBAL_CONFIG.test(posix.basename(path));
}

interface FileSets {
  codeFileSet: Set<string>;
  fileSet: Set<string>;
  /** Every file's place in code-unit order (the default sort), to sort a result by numbers. */
  rank: Map<string, number>;
  /** The files in that order. */
  ordered: string[];
}

/** A graph's file lists as sets, built once per graph (its lists never change; a rebuild is a new graph). */
const fileSets = new WeakMap<DependencyGraph, FileSets>();

function fileSetsOf(graph: DependencyGraph): FileSets {
  let sets = fileSets.get(graph);
  if (
    sets === undefined ||
    sets.codeFileSet.size !== graph.codeFiles.length ||
    sets.fileSet.size !== graph.files.length
  ) {
    const ordered = [...new Set(graph.files)].sort();
    sets = {
      codeFileSet: new Set(graph.codeFiles),
      fileSet: new Set(graph.files),
      rank: new Map(ordered.map((file, index) => [file, index])),
      ordered,
    };
    fileSets.set(graph, sets);
  }
  return sets;
}

/** `files` in code-unit order: by their ranks (numbers) when every one has a rank, else by string. */
function sortFiles(files: readonly string[], sets: FileSets): string[] {
  const ranks = new Int32Array(files.length);
  for (let index = 0; index < files.length; index++) {
    const rank = sets.rank.get(files[index] as string);
    if (rank === undefined) return [...files].sort();
    ranks[index] = rank;
  }
  ranks.sort();
  const result = new Array<string>(ranks.length);
  for (let index = 0; index < ranks.length; index++)
    result[index] = sets.ordered[ranks[index] as number] as string;
  return result;
}

/** Options of {@link computeAffected}. */
export interface ComputeAffectedOptions {
  semantics: Semantics;
  tests: TestMatcher;
  /**
   * package.json fields a change may touch without affecting any test (see
   * `FileChange.manifestFields`); without it every package.json change selects its package.
   */
  inertManifestFields?: ReadonlySet<string>;
}

/**
 * Computes the files and tests a set of changes can affect: the reverse import closure of the
 * changed files, plus the safety rules (configs, deleted files, files with unknown imports), each
 * visible in `reasons`.
 */
export function computeAffected(
  graph: DependencyGraph,
  changes: readonly FileChange[],
  options: ComputeAffectedOptions,
): AffectedResult {
  const importers = graph.importers(options.semantics);
  // A file's parent in the breadth-first walk is its reason's `via`, and the change it traces back
  // to its reason's `changed` (imports rule) or the file itself: no separate maps.
  const reasons = new Map<string, AffectedReason>();
  const queue: string[] = [];
  const changedPaths = [...new Set(changes.map((change) => change.path))].sort();
  const changedSet = new Set(changedPaths);
  const sets = fileSetsOf(graph);
  const { codeFileSet: fileSet, fileSet: allFileSet } = sets;
  const allFiles = graph.files;

  const enqueue = (file: string, reason: AffectedReason): void => {
    if (reasons.has(file)) return;
    reasons.set(file, reason);
    queue.push(file);
  };

  // Deleted files: whoever imported them now has a missing import pointing at them.
  const deletedStems = new Map<string, string>();
  for (const change of changes)
    if (change.status === 'deleted') deletedStems.set(pathStem(change.path), change.path);

  const touchedScopes = new Set<string>();
  for (const change of changes) {
    const manifest = graph.resolver.packageOf(change.path);
    touchedScopes.add(manifest?.directory ?? '');
  }

  const manifestFieldsOf = new Map<string, string[]>();
  for (const change of changes)
    if (change.manifestFields !== undefined) manifestFieldsOf.set(change.path, change.manifestFields);
  const isInertManifestChange = (path: string): boolean => {
    const fields = manifestFieldsOf.get(path);
    return fields?.every((field) => options.inertManifestFields?.has(field) === true) === true;
  };
  for (const path of changedPaths) {
    if (allFileSet.has(path)) {
      const fields = manifestFieldsOf.get(path);
      reasons.set(
        path,
        fields === undefined ? { rule: 'changed' } : { rule: 'changed', manifestFields: fields },
      );
      queue.push(path);
    }
  }
  for (const entry of graph.unresolved) {
    if (entry.reason !== 'missing-file' || entry.target === undefined) continue;
    const deleted = deletedStems.get(entry.target);
    if (deleted !== undefined)
      enqueue(entry.file, { rule: 'imports-deleted', changed: deleted, specifier: entry.specifier });
  }
  // Configs: every file of the package they govern (the whole repo for root configs).
  for (const path of changedPaths) {
    if (!isGlobalConfig(path) || isInertManifestChange(path)) continue;
    const directory = posix.dirname(path) === '.' ? '' : posix.dirname(path);
    const scope = directory === '' ? '' : (graph.resolver.packageOf(path)?.directory ?? directory);
    const fields = manifestFieldsOf.get(path);
    for (const file of allFiles) {
      if (scope !== '' && !file.startsWith(`${scope}/`)) continue;
      if (!fileSet.has(file) && !options.tests.isTest(file)) continue;
      enqueue(file, {
        rule: 'config',
        changed: path,
        scope: scope === '' ? '.' : scope,
        ...(fields === undefined ? {} : { manifestFields: fields }),
      });
    }
  }
  // Files whose imports cannot all be known: affected by any change in their package.
  if (changes.length > 0) {
    for (const [file, detail] of graph.conservative) {
      const scope = graph.resolver.packageOf(file)?.directory ?? '';
      if (!touchedScopes.has(scope) && !touchedScopes.has('')) continue;
      const changed =
        changedPaths.find((path) => scope === '' || path.startsWith(`${scope}/`)) ?? changedPaths[0] ?? '';
      enqueue(file, { rule: 'unresolved-imports', changed, detail });
    }
  }

  for (let index = 0; index < queue.length; index++) {
    const file = queue[index] as string;
    const list = importers.get(file);
    if (list === undefined) continue;
    const reason = reasons.get(file) as AffectedReason;
    const root = reason.rule === 'imports' ? reason.changed : file;
    for (const importer of list) {
      if (reasons.has(importer)) continue;
      reasons.set(importer, { rule: 'imports', changed: root, via: file });
      queue.push(importer);
    }
  }

  const chainOf = (file: string): string[] => {
    const chain = [file];
    let reason = reasons.get(file);
    while (reason?.rule === 'imports' && chain.length < 10_000) {
      chain.push(reason.via);
      reason = reasons.get(reason.via);
    }
    return chain;
  };
  const affected: string[] = [];
  const tests: string[] = [];
  const reasonObject: Record<string, AffectedReason> = {};
  // Code-unit order (as the default sort and `<`), sorted as numbers: each file's rank is known.
  for (const file of sortFiles([...reasons.keys()], sets)) {
    const reason = reasons.get(file) as AffectedReason;
    const isChanged = changedSet.has(file) && reason.rule === 'changed';
    if (!isChanged) affected.push(file);
    const isTest = options.tests.isTest(file);
    if (isTest) tests.push(file);
    reasonObject[file] = reason.rule === 'imports' && isTest ? { ...reason, chain: chainOf(file) } : reason;
  }
  return {
    semantics: options.semantics,
    changed: changedPaths,
    affected,
    tests,
    reasons: reasonObject,
    unresolved: graph.unresolved.map((entry) => ({
      file: entry.file,
      specifier: entry.specifier,
      ...(entry.line === undefined ? {} : { line: entry.line }),
      reason: entry.reason,
    })),
  };
}
