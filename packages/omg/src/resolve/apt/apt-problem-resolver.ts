import { satisfiesDebianRelation } from '../../versions/compare-debian-versions.js';
import type { AptPackage, AptUniverse, AptVersion } from './build-apt-universe.js';
import type { AptPolicy } from './create-apt-policy.js';
import { type AptRelation, parseAptRelations } from './parse-apt-relations.js';

/**
 * apt's scored problem resolver (apt-pkg/algorithms.cc, pkgProblemResolver::ResolveInternal with
 * BrokenFix, as `apt-get remove` runs it in apt 2.6), over a model of apt's depcache: each package
 * has an install version (its current one, its candidate, or none), and a package is broken when a
 * critical dependency (Pre-Depends, Depends, Conflicts, Breaks) of its install version does not hold.
 *
 * Packages are scored (MakeScores: priority, Essential, how much depends on them, one level of
 * inheritance, provides), broken ones are fixed from the highest score down: a package scoring at
 * most its dependency's target is held back, upgraded (DoUpgrade) or removed; a higher one makes
 * the target go on a kill list (kept at its current version, or removed for a conflict).
 *
 * Differences from apt that remain: apt orders equal scores by its cache's package IDs (the order
 * packages were first seen while building the cache, then std::sort), this uses the universe's
 * order; and multi-arch implicit provides are not modelled.
 */

type DependencyType = 'pre-depends' | 'depends' | 'conflicts' | 'breaks' | 'recommends';

interface Dependency {
  type: DependencyType;
  /** One OR group for positive types; a single relation for conflicts and breaks. */
  group: AptRelation[];
}

const negativeTypes = new Set<DependencyType>(['conflicts', 'breaks']);

const dependencyLists = new WeakMap<AptVersion, Dependency[]>();

/** A version's dependencies in apt's cache order: Pre-Depends, Depends, Conflicts, Breaks, Recommends. */
function dependenciesOf(version: AptVersion): Dependency[] {
  const known = dependencyLists.get(version);
  if (known !== undefined) return known;
  const relations = version.record.relations;
  const list: Dependency[] = [];
  for (const group of parseAptRelations(relations.preDepends)) list.push({ type: 'pre-depends', group });
  for (const group of parseAptRelations(relations.depends)) list.push({ type: 'depends', group });
  for (const group of parseAptRelations(relations.conflicts))
    for (const relation of group) list.push({ type: 'conflicts', group: [relation] });
  for (const group of parseAptRelations(relations.breaks))
    for (const relation of group) list.push({ type: 'breaks', group: [relation] });
  for (const group of parseAptRelations(relations.recommends)) list.push({ type: 'recommends', group });
  dependencyLists.set(version, list);
  return list;
}

function isCritical(type: DependencyType): boolean {
  return type !== 'recommends';
}

function satisfiesVersion(version: string | undefined, relation: AptRelation): boolean {
  if (relation.operator === undefined || relation.version === undefined) return true;
  return version !== undefined && satisfiesDebianRelation(version, relation.operator, relation.version);
}

/** A version's source package and its version (`Source: name (version)`, defaulting to its own). */
export function sourceOf(version: AptVersion): { name: string; version: string } {
  const source = version.record.source;
  if (source === undefined || source === '')
    return { name: version.name.replace(/:.*$/, ''), version: version.version };
  const match = /^(\S+)(?:\s*\(([^)]+)\))?/.exec(source);
  return { name: match?.[1] ?? source, version: match?.[2] ?? version.version };
}

const priorityScore: Record<string, number> = {
  required: 3,
  important: 2,
  standard: 1,
  optional: -1,
  extra: -2,
};

/** What the resolver decided: the install version of every package it changed (null: removed). */
export interface ProblemResolverResult {
  changes: Map<string, AptVersion | null>;
  /** Packages still broken at the end (apt: "pkgProblemResolver::Resolve generated breaks"). */
  broken: string[];
}

/**
 * Removes `targets` and fixes what that breaks as `apt-get remove` does (the targets are protected:
 * the resolver never keeps them).
 */
export function resolveRemovalLikeApt(
  universe: AptUniverse,
  policy: AptPolicy,
  targets: readonly string[],
  /** Receives apt's Debug::pkgProblemResolver lines (for comparing with apt). */
  trace?: (line: string) => void,
): ProblemResolverResult {
  const install = new Map<string, AptVersion | null>();
  const protectedNames = new Set(targets);
  /** Packages DoUpgrade already tried (apt clears their Upgradable flag; it starts set on all). */
  const upgradeTried = new Set<string>();
  const reinstateTried = new Set<string>();
  const preInstalled = new Set<string>();
  const candidates = new Map<string, AptVersion | undefined>();

  const entryOf = (name: string): AptPackage | undefined => universe.packages.get(name);
  const currentOf = (name: string): AptVersion | undefined => entryOf(name)?.current;
  const candidateOf = (name: string): AptVersion | undefined => {
    if (candidates.has(name)) return candidates.get(name);
    const entry = entryOf(name);
    const candidate = entry === undefined ? undefined : policy.candidate(entry);
    candidates.set(name, candidate);
    return candidate;
  };
  const installOf = (name: string): AptVersion | undefined => {
    const marked = install.get(name);
    if (marked === null) return undefined;
    return marked ?? currentOf(name);
  };
  const keyOf = (relation: AptRelation): string =>
    relation.architecture === undefined ||
    relation.architecture === 'any' ||
    relation.architecture === 'native' ||
    relation.architecture === 'all' ||
    relation.architecture === universe.nativeArchitecture
      ? relation.name
      : `${relation.name}:${relation.architecture}`;

  /** Whether `relation` is met under `state` (a version per package name). */
  const relationHolds = (relation: AptRelation, state: (name: string) => AptVersion | undefined): boolean => {
    const target = state(keyOf(relation));
    if (target !== undefined && satisfiesVersion(target.version, relation)) return true;
    for (const provider of universe.providers.get(relation.name) ?? []) {
      if (state(provider.version.name) !== provider.version) continue;
      if (relation.operator === undefined || satisfiesVersion(provider.providedVersion, relation))
        return true;
    }
    return false;
  };
  /** A Conflicts/Breaks relation of `declarer` hits a package under `state`. */
  const conflictHits = (
    declarer: AptVersion,
    relation: AptRelation,
    state: (name: string) => AptVersion | undefined,
  ): boolean => {
    const target = state(keyOf(relation));
    if (target !== undefined && target.name !== declarer.name && satisfiesVersion(target.version, relation))
      return true;
    for (const provider of universe.providers.get(relation.name) ?? []) {
      if (provider.version.name === declarer.name || state(provider.version.name) !== provider.version)
        continue;
      // A versioned conflict only hits a versioned provide.
      if (relation.operator === undefined || satisfiesVersion(provider.providedVersion, relation))
        return true;
    }
    return false;
  };
  /** DepGInstall for a dependency of `declarer`: met (positive) or not hitting (negative). */
  const dependencyOk = (
    declarer: AptVersion,
    dependency: Dependency,
    state: (name: string) => AptVersion | undefined,
  ): boolean =>
    negativeTypes.has(dependency.type)
      ? !conflictHits(declarer, dependency.group[0] as AptRelation, state)
      : dependency.group.some((relation) => relationHolds(relation, state));

  const instBroken = (name: string): boolean => {
    const version = installOf(name);
    if (version === undefined) return false;
    return dependenciesOf(version).some(
      (dependency) => isCritical(dependency.type) && !dependencyOk(version, dependency, installOf),
    );
  };
  const names: string[] = [];
  const seen = new Set<string>();
  for (const entry of universe.installed)
    if (!seen.has(entry.name)) {
      seen.add(entry.name);
      names.push(entry.name);
    }
  const brokenCount = (): number => {
    let count = 0;
    for (const name of names) if (instBroken(name)) count++;
    for (const [name, version] of install)
      if (version !== null && !seen.has(name) && instBroken(name)) count++;
    return count;
  };

  const isInstall = (name: string): boolean => {
    const marked = install.get(name);
    return marked !== undefined && marked !== null && marked !== currentOf(name);
  };
  const isKeep = (name: string): boolean => !install.has(name) || install.get(name) === currentOf(name);
  /** A package that was not installed got an install version (it joins the order, see joinNewInstalls). */
  let newInstall = false;
  const markInstall = (name: string): boolean => {
    const candidate = candidateOf(name);
    if (candidate === undefined) return false;
    if (currentOf(name) === undefined) newInstall = true;
    deleteMode.delete(name);
    if (candidate === currentOf(name)) install.delete(name);
    else install.set(name, candidate);
    return true;
  };
  const markKeep = (name: string): boolean => {
    if (protectedNames.has(name)) return false;
    install.delete(name);
    return true;
  };
  /** Essential, Protected/Important, or apt itself (apt's cache forces it Essential). */
  const isImportant = (name: string): boolean =>
    name === 'apt' ||
    currentOf(name)?.record.essential === true ||
    candidateOf(name)?.record.essential === true;
  /** Not-installed packages in depcache's delete mode: FixByInstall does not try them again. */
  const deleteMode = new Set<string>();
  const markDelete = (name: string): boolean => {
    // depcache refuses to remove an essential or protected package the user did not name.
    if (isImportant(name) && !protectedNames.has(name) && currentOf(name) !== undefined) return false;
    if (currentOf(name) === undefined) {
      install.delete(name);
      deleteMode.add(name);
    } else install.set(name, null);
    return true;
  };
  /**
   * MarkInstall with AutoInst (as FixByInstall calls it): the candidate, then for each unmet
   * Depends/Pre-Depends group of it the first member whose candidate (or a provider's) meets it,
   * recursively; a package the resolver marked for removal may come back this way.
   */
  let binariesBySource: Map<string, string[]> | undefined;
  const markInstallAuto = (name: string, depth: number): void => {
    if (depth > 100 || protectedNames.has(name) || !markInstall(name)) return;
    trace?.(`    MarkInstall ${name} (depth ${depth})`);
    const version = installOf(name);
    if (version === undefined) return;
    // MarkInstall_UpgradeOtherBinaries: installed binaries of the same source follow to the
    // candidate built from the same source version.
    if (binariesBySource === undefined) {
      binariesBySource = new Map();
      for (const other of names) {
        const current = currentOf(other);
        if (current === undefined) continue;
        const key = sourceOf(current).name;
        binariesBySource.set(key, [...(binariesBySource.get(key) ?? []), other]);
      }
    }
    const source = sourceOf(version);
    for (const other of binariesBySource.get(source.name) ?? []) {
      if (other === name || isInstall(other)) continue;
      const candidate = candidateOf(other);
      if (candidate === undefined || candidate === currentOf(other)) continue;
      const candidateSource = sourceOf(candidate);
      if (candidateSource.name === source.name && candidateSource.version === source.version)
        markInstallAuto(other, depth + 1);
    }
    const previous = currentOf(name);
    const recommendedBefore = new Set(
      previous === undefined
        ? []
        : parseAptRelations(previous.record.relations.recommends).map((group) =>
            group.map((relation) => relation.name).join('|'),
          ),
    );
    for (const dependency of dependenciesOf(version)) {
      if (dependency.type === 'recommends') {
        // Install-Recommends: what a new install recommends, or what an upgrade newly recommends.
        if (recommendedBefore.has(dependency.group.map((relation) => relation.name).join('|'))) continue;
      } else if (dependency.type !== 'depends' && dependency.type !== 'pre-depends') continue;
      if (dependencyOk(version, dependency, installOf)) continue;
      for (const relation of dependency.group) {
        const target = keyOf(relation);
        const candidate = candidateOf(target);
        // A package the resolver marked for removal, with nothing newer to install, just stays.
        const current = currentOf(target);
        if (
          current !== undefined &&
          install.get(target) === null &&
          (candidate === undefined || candidate === current) &&
          satisfiesVersion(current.version, relation)
        ) {
          markKeep(target);
          break;
        }
        if (candidate !== undefined && satisfiesVersion(candidate.version, relation)) {
          if (installOf(target) !== candidate) markInstallAuto(target, depth + 1);
          break;
        }
        const provider = (universe.providers.get(relation.name) ?? []).find(
          (item) =>
            candidateOf(item.version.name) === item.version &&
            (relation.operator === undefined || satisfiesVersion(item.providedVersion, relation)),
        );
        if (provider !== undefined) {
          if (installOf(provider.version.name) !== provider.version)
            markInstallAuto(provider.version.name, depth + 1);
          break;
        }
      }
    }
  };

  /** depcache's Upgradable(): a candidate newer than the installed version, or any candidate when none is installed. */
  const canUpgrade = (name: string): boolean => {
    const current = currentOf(name);
    const candidate = candidateOf(name);
    if (candidate === undefined) return false;
    if (current === undefined) return true;
    return candidate !== current && satisfiesDebianRelation(candidate.version, '>>', current.version);
  };

  // apt-get remove: the targets marked for deletion and protected.
  for (const name of targets) markDelete(name);

  // Record which packages are marked for install; with BrokenFix, broken ones are first upgraded.
  for (let again = true; again; ) {
    again = false;
    for (const name of names) {
      if (isInstall(name)) preInstalled.add(name);
      else {
        if (instBroken(name)) {
          markInstall(name);
          trace?.(`  Again: MarkInstall ${name} -> ${isInstall(name)}`);
          if (isInstall(name)) again = true;
        }
        preInstalled.delete(name);
      }
    }
  }

  const scores = makeScores();

  /** pkgProblemResolver::MakeScores over the install versions. */
  function makeScores(): Map<string, number> {
    const score = new Map<string, number>();
    const add = (name: string, value: number): void => {
      score.set(name, (score.get(name) ?? 0) + value);
    };
    const downloadable = (version: AptVersion): boolean => version.repositories.length > 0;
    const installedNames = names.filter((name) => installOf(name) !== undefined);
    for (const name of installedNames) {
      const version = installOf(name) as AptVersion;
      if (isImportant(name)) add(name, 100);
      const priority = version.record.priority ?? 'optional';
      add(name, downloadable(version) ? (priorityScore[priority] ?? -1) : -2);
      const candidate = candidateOf(name);
      if (currentOf(name) !== undefined && candidate !== undefined && downloadable(candidate)) add(name, 1);
      for (const dependency of dependenciesOf(version)) {
        const negative = negativeTypes.has(dependency.type);
        const weight = negative ? -1 : 1;
        for (const relation of dependency.group) {
          const target = keyOf(relation);
          // A self-conflict is ignored (DepIterator::IsIgnorable).
          if (negative && target === name) continue;
          // `python3:any (>= 3.11)` names apt's implicit python3:any package, which has no install
          // version to check the constraint against: apt skips it.
          if (relation.architecture === 'any' && relation.operator !== undefined) continue;
          if (relation.operator !== undefined) {
            const targetVersion = installOf(target);
            if (targetVersion === undefined || !satisfiesVersion(targetVersion.version, relation)) continue;
          }
          add(target, weight);
          const providers = new Set<string>();
          for (const provider of universe.providers.get(relation.name) ?? []) {
            if (negative && provider.version.name === name) continue;
            if (installOf(provider.version.name) !== provider.version) continue;
            if (relation.operator !== undefined && !satisfiesVersion(provider.providedVersion, relation))
              continue;
            providers.add(provider.version.name);
          }
          for (const provider of providers) add(provider, weight);
        }
      }
    }
    const old = new Map(score);
    // One level of inheritance: the positive scores of what depends on (or recommends) a package.
    for (const name of installedNames) {
      const version = installOf(name) as AptVersion;
      for (const dependency of dependenciesOf(version)) {
        if (negativeTypes.has(dependency.type)) continue;
        for (const relation of dependency.group) {
          // `perl:any` names apt's implicit perl:any package, which has no version to inherit into.
          if (relation.architecture === 'any') continue;
          const target = keyOf(relation);
          if (installOf(target) === undefined) continue;
          const inherited = old.get(name) ?? 0;
          if (inherited > 0) add(target, inherited);
        }
      }
    }
    // Along provides: providers of a package whose score grew get the growth too.
    for (const name of installedNames) {
      const transfer = Math.abs((score.get(name) ?? 0) - (old.get(name) ?? 0));
      if (transfer === 0) continue;
      const providers = new Set<string>();
      for (const provider of universe.providers.get(name) ?? [])
        if (installOf(provider.version.name) === provider.version) providers.add(provider.version.name);
      for (const provider of providers) add(provider, transfer);
    }
    for (const name of protectedNames) add(name, 10000);
    // Every Essential/Protected package gets 5000 more (apt: over its whole cache; a package that is
    // not installed gets it when first looked at, see scoreOf).
    for (const name of installedNames) if (isImportant(name)) add(name, 5000);
    return score;
  }
  const scored = new Set(names);
  const scoreOf = (name: string): number => {
    if (!scored.has(name)) {
      scored.add(name);
      if (entryOf(name)?.versions.some((version) => version.record.essential === true))
        scores.set(name, (scores.get(name) ?? 0) + 5000);
    }
    return scores.get(name) ?? 0;
  };
  if (trace !== undefined)
    for (const [name, value] of scores) if (value !== 0) trace(`SCORE ${name} ${value}`);

  /**
   * DepIterator::SmartTargetPkg: the target package, or for a purely virtual one the first provider
   * in apt's provides list (other than the dependency's own package). apt links each new provide at
   * the head of that list, so the provider seen last while building the cache comes first.
   */
  const smartTarget = (relation: AptRelation, owner: string): string => {
    const key = keyOf(relation);
    const entry = entryOf(key);
    if (entry !== undefined && entry.versions.length > 0) return key;
    const providers = universe.providers.get(relation.name) ?? [];
    for (let index = providers.length - 1; index >= 0; index--) {
      const provider = (providers[index] as { version: AptVersion }).version.name;
      if (provider !== owner) return provider;
    }
    return key;
  };

  /** pkgProblemResolver::DoUpgrade. */
  const doUpgrade = (name: string): boolean => {
    if (upgradeTried.has(name) || !canUpgrade(name)) return false;
    if (protectedNames.has(name)) return false;
    upgradeTried.add(name);
    const wasKept = isKeep(name);
    if (!markInstall(name)) return false;
    const version = installOf(name);
    if (version === undefined) return false;
    let fail = false;
    for (const dependency of dependenciesOf(version)) {
      if (!isCritical(dependency.type)) continue;
      for (const relation of dependency.group) {
        if (dependencyOk(version, dependency, installOf)) break;
        const target = smartTarget(relation, name);
        if (protectedNames.has(target)) {
          fail = true;
        } else if (!negativeTypes.has(dependency.type) && relationHolds(relation, candidateOf)) {
          if (!doUpgrade(target)) fail = true;
          else {
            fail = false;
            break;
          }
        } else {
          if (negativeTypes.has(dependency.type)) break;
          fail = true;
        }
      }
      if (fail) break;
    }
    if (fail) {
      if (wasKept) markKeep(name);
      else markDelete(name);
      return false;
    }
    return true;
  };

  /** AllTargets: the versions (of the target package, then of providers) that satisfy a relation. */
  const allTargets = (relation: AptRelation): AptVersion[] => {
    const list: AptVersion[] = [];
    for (const version of entryOf(keyOf(relation))?.versions ?? [])
      if (satisfiesVersion(version.version, relation)) list.push(version);
    // Providers in apt's provides-list order: the last seen first (see smartTarget).
    const providers = universe.providers.get(relation.name) ?? [];
    for (let index = providers.length - 1; index >= 0; index--) {
      const provider = providers[index] as { version: AptVersion; providedVersion?: string };
      if (relation.operator === undefined || satisfiesVersion(provider.providedVersion, relation))
        list.push(provider.version);
    }
    return list;
  };

  // apt's PList holds the whole cache, but only packages with an install version are ever looked
  // at: the installed ones, and new ones FixByInstall brings in, which join the order at their score.
  const position = new Map<string, number>();
  for (const [index, name] of names.entries()) position.set(name, index);
  const before = (left: string, right: string): boolean =>
    scoreOf(left) > scoreOf(right) ||
    (scoreOf(left) === scoreOf(right) && (position.get(left) ?? 0) < (position.get(right) ?? 0));
  const order = [...names].sort((left, right) => (before(left, right) ? -1 : before(right, left) ? 1 : 0));
  const inOrder = new Set(order);
  /** Adds packages that gained an install version to the order, after `index` when they sort there. */
  const joinNewInstalls = (index: number): void => {
    newInstall = false;
    for (const [name, version] of install) {
      if (version === null || inOrder.has(name)) continue;
      inOrder.add(name);
      position.set(name, position.size);
      let at = order.length;
      for (let place = index + 1; place < order.length; place++)
        if (before(name, order[place] as string)) {
          at = place;
          break;
        }
      order.splice(Math.max(at, index + 1), 0, name);
    }
  };

  let change = true;
  for (let counter = 0; counter < 20 && change; counter++) {
    change = false;
    joinNewInstalls(-1);
    for (let index = 0; index < order.length; index++) {
      const name = order[index] as string;
      if (newInstall) joinNewInstalls(index);
      const current = currentOf(name);
      // Try to re-instate an upgrade that was undone, when it breaks nothing.
      const installVersion = installOf(name);
      if (
        candidateOf(name) !== installVersion &&
        current !== undefined &&
        installVersion !== undefined &&
        preInstalled.has(name) &&
        !protectedNames.has(name) &&
        !reinstateTried.has(name)
      ) {
        const oldBreaks = brokenCount();
        reinstateTried.add(name);
        markInstall(name);
        if (instBroken(name) || oldBreaks < brokenCount()) markKeep(name);
      }
      const version = installOf(name);
      if (version === undefined || !instBroken(name)) continue;
      trace?.(`Investigating (${counter}) ${name} ${scoreOf(name)}`);

      type Kill = { target: string; dependency: Dependency; declarer: AptVersion };
      const killList: Kill[] = [];
      for (const dependency of dependenciesOf(version)) {
        if (!isCritical(dependency.type)) continue;
        const negative = negativeTypes.has(dependency.type);
        let inOr = dependency.group.length > 1;
        const oldSize = killList.length;
        let orOperation: 'remove' | 'keep' = 'remove';
        let stop = false;
        for (const relation of dependency.group) {
          // The group holds now (another member, or what was done for an earlier one).
          if (dependencyOk(version, dependency, installOf)) {
            inOr = false;
            continue;
          }
          const targetsOf = allTargets(relation);
          if (targetsOf.length === 0 && !protectedNames.has(name) && !negative) {
            if (inOr) continue;
            change = true;
            markKeep(name);
            stop = true;
            break;
          }
          let done = false;
          for (const targetVersion of targetsOf) {
            const target = targetVersion.name;
            if (negative && target === name) continue; // a self-conflict is ignored
            // A conflict with a version that is not the one to be installed needs nothing.
            if (negative && installOf(target) !== targetVersion) continue;
            const nowHolds = relationHolds(relation, currentOf);
            trace?.(`  Considering ${target} ${scoreOf(target)} as a solution to ${name} ${scoreOf(name)}`);
            // Fix the package under consideration rather than fiddle with the target.
            if (scoreOf(name) <= scoreOf(target) || (!nowHolds && !negative)) {
              if (protectedNames.has(name)) {
                if (doUpgrade(target)) {
                  if (scoreOf(target) > scoreOf(name)) scores.set(target, scoreOf(name));
                  break;
                }
                continue;
              }
              const wasInstall = isInstall(name);
              markKeep(name);
              if (!instBroken(name)) {
                // Held back rather than change the target.
                if (orOperation === 'remove') orOperation = 'keep';
                if (inOr && wasInstall) markInstall(name);
              } else if (!doUpgrade(name)) {
                if (!inOr) {
                  trace?.(`  Removing ${name} rather than change ${relation.name}`);
                  markDelete(name);
                  if (counter > 1 && scoreOf(target) > scoreOf(name)) scores.set(name, scoreOf(target));
                } else {
                  // FixByInstall: install the group member that is not installed, if that breaks nothing.
                  const targetName = keyOf(relation);
                  if (
                    currentOf(targetName) === undefined &&
                    !deleteMode.has(targetName) &&
                    candidateOf(targetName) !== undefined
                  ) {
                    trace?.(`  Try Installing ${targetName} before changing ${name}`);
                    const oldBroken = brokenCount();
                    markInstallAuto(targetName, 1);
                    if (instBroken(targetName) || brokenCount() > oldBroken) markDelete(targetName);
                  }
                }
              }
              change = true;
              done = true;
              break;
            }
            if (dependency.type === 'breaks') {
              // Upgrade the target when its candidate is not broken any more.
              const targetCandidate = candidateOf(target);
              if (
                targetCandidate !== undefined &&
                targetCandidate !== installOf(target) &&
                !conflictHits(version, relation, (other) =>
                  other === target ? targetCandidate : installOf(other),
                )
              ) {
                markInstall(target);
                continue;
              }
            }
            if (protectedNames.has(target) && install.get(target) !== null) continue;
            trace?.(`  Added ${target} to the remove list`);
            killList.push({ target, dependency, declarer: version });
            if (!negative) break;
          }
          // Nothing can satisfy it: keep the package if that works, else remove it.
          if (targetsOf.length === 0 && !negative && !protectedNames.has(name)) {
            const wasInstall = isInstall(name);
            markKeep(name);
            if (!instBroken(name)) {
              if (orOperation === 'remove') orOperation = 'keep';
              if (inOr && wasInstall) markInstall(name);
            } else if (!inOr) markDelete(name);
            change = true;
            done = true;
          }
          if (inOr) continue;
          if (done) {
            stop = true;
            break;
          }
        }
        if (stop) break;
        // An OR group none of whose members went on the kill list: remove (or keep) the package.
        if (inOr && killList.length === oldSize) {
          if (orOperation === 'remove') {
            if (!protectedNames.has(name)) {
              markDelete(name);
              change = true;
            }
          } else {
            markKeep(name);
            change = true;
          }
        }
      }
      if (installOf(name) !== undefined) {
        for (const kill of killList) {
          let found = false;
          const holdsNow = dependencyOk(kill.declarer, kill.dependency, currentOf);
          if (!holdsNow) {
            if (negativeTypes.has(kill.dependency.type)) {
              markDelete(kill.target);
              found = true;
            }
          } else if (markKeep(kill.target)) found = true;
          if ((!found || counter > 1) && scoreOf(name) > scoreOf(kill.target)) {
            scores.set(kill.target, scoreOf(name));
            change = true;
          }
          if (found) change = true;
        }
      }
    }
  }

  const broken = names.filter((name) => instBroken(name));
  const changes = new Map<string, AptVersion | null>();
  for (const [name, version] of install) if (version !== currentOf(name)) changes.set(name, version);
  return { changes, broken };
}
