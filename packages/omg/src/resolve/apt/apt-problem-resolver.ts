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

/** A version's dependencies in apt's cache order: Pre-Depends, Depends, Conflicts, Breaks, Recommends. */
function dependenciesOf(version: AptVersion): Dependency[] {
  const relations = version.record.relations;
  const list: Dependency[] = [];
  for (const group of parseAptRelations(relations.preDepends)) list.push({ type: 'pre-depends', group });
  for (const group of parseAptRelations(relations.depends)) list.push({ type: 'depends', group });
  for (const group of parseAptRelations(relations.conflicts))
    for (const relation of group) list.push({ type: 'conflicts', group: [relation] });
  for (const group of parseAptRelations(relations.breaks))
    for (const relation of group) list.push({ type: 'breaks', group: [relation] });
  for (const group of parseAptRelations(relations.recommends)) list.push({ type: 'recommends', group });
  return list;
}

function isCritical(type: DependencyType): boolean {
  return type !== 'recommends';
}

function satisfiesVersion(version: string | undefined, relation: AptRelation): boolean {
  if (relation.operator === undefined || relation.version === undefined) return true;
  return version !== undefined && satisfiesDebianRelation(version, relation.operator, relation.version);
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
  const markInstall = (name: string): boolean => {
    const candidate = candidateOf(name);
    if (candidate === undefined) return false;
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
  const markDelete = (name: string): boolean => {
    // depcache refuses to remove an essential or protected package the user did not name.
    if (isImportant(name) && !protectedNames.has(name) && currentOf(name) !== undefined) return false;
    if (currentOf(name) === undefined) install.delete(name);
    else install.set(name, null);
    return true;
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
        const weight = negativeTypes.has(dependency.type) ? -1 : 1;
        for (const relation of dependency.group) {
          const target = keyOf(relation);
          if (relation.operator !== undefined) {
            const targetVersion = installOf(target);
            if (targetVersion === undefined || !satisfiesVersion(targetVersion.version, relation)) continue;
          }
          add(target, weight);
          const providers = new Set<string>();
          for (const provider of universe.providers.get(relation.name) ?? []) {
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
    for (const name of installedNames) if (isImportant(name)) add(name, 5000);
    return score;
  }
  const scoreOf = (name: string): number => scores.get(name) ?? 0;

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

  const order = [...names]
    .map((name, position) => ({ name, position }))
    .sort((left, right) => scoreOf(right.name) - scoreOf(left.name) || left.position - right.position)
    .map((item) => item.name);

  let change = true;
  for (let counter = 0; counter < 20 && change; counter++) {
    change = false;
    for (const name of order) {
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
            // A conflict with a version that is not the one to be installed needs nothing.
            if (negative && installOf(target) !== targetVersion) continue;
            const nowHolds = relationHolds(relation, currentOf);
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
                  markDelete(name);
                  if (counter > 1 && scoreOf(target) > scoreOf(name)) scores.set(name, scoreOf(target));
                } else {
                  // FixByInstall: install the group member that is not installed, if that breaks nothing.
                  const targetName = keyOf(relation);
                  if (
                    currentOf(targetName) === undefined &&
                    install.get(targetName) !== null &&
                    candidateOf(targetName) !== undefined
                  ) {
                    const oldBroken = brokenCount();
                    markInstall(targetName);
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
