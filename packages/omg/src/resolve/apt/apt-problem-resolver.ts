import { satisfiesDebianRelation } from '../../versions/compare-debian-versions.js';
import type { AptCachePackage } from './apt-cache-order.js';
import type { AptPackage, AptUniverse, AptVersion } from './build-apt-universe.js';
import type { AptPolicy } from './create-apt-policy.js';
import { gnuSort } from './gnu-introsort.js';
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
 * Packages are visited in apt's order: its whole cache (virtual packages too) in PkgBegin order
 * (apt-cache-order.ts), scored as MakeScores scores it, sorted with libstdc++'s unstable std::sort
 * (gnu-introsort.ts), so equal scores come out exactly as in apt.
 *
 * Differences from apt that remain: multi-arch implicit provides are not modelled.
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

/** apt's cache as the resolver walks it: per package of the PkgBegin order, its resolver name and flags. */
interface CacheList {
  /** The resolver's package name (`name`, or `name:arch` for a foreign one); undefined for `foo:any`-style ones. */
  names: Array<string | undefined>;
  architectures: string[];
  /** Positions of each group's packages. */
  groups: Map<string, number[]>;
  /** Position by resolver name. */
  positions: Map<string, number>;
  order: readonly AptCachePackage[];
  /** 5000 at the Essential packages, 0 elsewhere: the sort keys before the per-plan scores. */
  baseKeys: Int32Array;
  essentialPositions: number[];
}

const cacheLists = new WeakMap<AptUniverse, CacheList>();

function cacheListOf(universe: AptUniverse): CacheList {
  const known = cacheLists.get(universe);
  if (known !== undefined) return known;
  const order = universe.cacheOrder();
  const native = universe.nativeArchitecture;
  const list: CacheList = {
    names: [],
    architectures: [],
    groups: new Map(),
    positions: new Map(),
    order,
    baseKeys: new Int32Array(order.length),
    essentialPositions: [],
  };
  for (const [position, item] of order.entries()) {
    const name =
      item.architecture === native
        ? item.group
        : item.architecture === 'any'
          ? undefined
          : `${item.group}:${item.architecture}`;
    list.names.push(name);
    list.architectures.push(item.architecture);
    if (item.essential === true) {
      list.baseKeys[position] = 5000;
      list.essentialPositions.push(position);
    }
    const members = list.groups.get(item.group);
    if (members === undefined) list.groups.set(item.group, [position]);
    else members.push(position);
    if (name !== undefined && !list.positions.has(name)) list.positions.set(name, position);
  }
  cacheLists.set(universe, list);
  return list;
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
  /** Whether a package has an install version (without reading the entry of every package). */
  const hasInstallVersion = (name: string): boolean => {
    const marked = install.get(name);
    if (marked === null) return false;
    return marked !== undefined || seen.has(name);
  };
  /** Called when a package that is not installed gets an install version (see the main loop). */
  let onNewInstall: ((name: string) => void) | undefined;
  const markInstall = (name: string): boolean => {
    const candidate = candidateOf(name);
    if (candidate === undefined) return false;
    if (onNewInstall !== undefined && !seen.has(name)) onNewInstall(name);
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
    // A package that is not installed just loses its install version (depcache: keep mode), so
    // FixByInstall may try it again, unless a failed MarkInstall discarded its candidate.
    if (currentOf(name) === undefined) install.delete(name);
    else install.set(name, null);
    return true;
  };
  /**
   * MarkInstall with AutoInst (as FixByInstall calls it): the candidate, then for each unmet
   * Depends/Pre-Depends group of it the first member whose candidate (or a provider's) can be
   * installed, recursively; a package the resolver marked for removal may come back this way.
   * When a critical dependency cannot be met, apt 2.6 gives the install up (MarkInstall_DiscardInstall):
   * the package keeps its installed version (or none) and that becomes its candidate from then on;
   * what was installed for its other dependencies stays. Returns whether it succeeded.
   */
  let binariesBySource: Map<string, string[]> | undefined;
  const markInstallAuto = (name: string, depth: number): boolean => {
    if (depth > 100 || protectedNames.has(name)) return false;
    const candidate = candidateOf(name);
    if (candidate === undefined) return false;
    if (!instBroken(name)) {
      const current = currentOf(name);
      if (candidate === current) {
        if (installOf(name) === undefined) return markKeep(name);
        return true;
      }
      if (install.get(name) === candidate) return true;
    }
    if (!markInstall(name)) return false;
    trace?.(`    MarkInstall ${name} (depth ${depth})`);
    const version = installOf(name);
    if (version === undefined) return false;
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
    let failed = false;
    const previous = currentOf(name);
    /**
     * Install-Recommends for an upgrade (MarkInstall_InstallDependencies): a Recommends is followed
     * when the installed version had none on that package, or had one its installed state met;
     * one the installed version already left unmet is not.
     */
    const followsRecommends = (dependency: Dependency): boolean => {
      if (previous === undefined) return true;
      const first = dependency.group[0];
      if (first === undefined) return false;
      const target = keyOf(first);
      let known = false;
      for (const old of dependenciesOf(previous)) {
        if (old.type !== 'recommends' || !old.group.some((relation) => keyOf(relation) === target)) continue;
        known = true;
        if (dependencyOk(previous, old, currentOf)) return true;
      }
      return !known;
    };
    for (const dependency of dependenciesOf(version)) {
      if (
        dependency.type !== 'depends' &&
        dependency.type !== 'pre-depends' &&
        dependency.type !== 'recommends'
      )
        continue;
      if (dependencyOk(version, dependency, installOf)) continue;
      if (dependency.type === 'recommends' && !followsRecommends(dependency)) continue;
      let solved = false;
      for (const relation of dependency.group) {
        const target = keyOf(relation);
        const targetCandidate = candidateOf(target);
        // A package the resolver marked for removal, with nothing newer to install, just stays.
        const current = currentOf(target);
        if (
          current !== undefined &&
          install.get(target) === null &&
          (targetCandidate === undefined || targetCandidate === current) &&
          satisfiesVersion(current.version, relation)
        ) {
          if (markKeep(target)) {
            solved = true;
            break;
          }
          continue;
        }
        if (targetCandidate !== undefined && satisfiesVersion(targetCandidate.version, relation)) {
          if (installOf(target) === targetCandidate || markInstallAuto(target, depth + 1)) {
            solved = true;
            break;
          }
        }
        for (const provider of universe.providers.get(relation.name) ?? []) {
          if (
            candidateOf(provider.version.name) !== provider.version ||
            (relation.operator !== undefined && !satisfiesVersion(provider.providedVersion, relation))
          )
            continue;
          if (
            installOf(provider.version.name) === provider.version ||
            markInstallAuto(provider.version.name, depth + 1)
          ) {
            solved = true;
            break;
          }
        }
        if (solved) break;
      }
      if (!solved && dependency.type !== 'recommends') {
        failed = true;
        break;
      }
    }
    if (failed) {
      // MarkInstall_DiscardInstall: back to the installed version (or none), now also the candidate.
      trace?.(`    DiscardInstall ${name} (depth ${depth})`);
      install.delete(name);
      candidates.set(name, currentOf(name));
      return false;
    }
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

  const cacheList = cacheListOf(universe);
  const cachePosition = (name: string): number => cacheList.positions.get(name) ?? Number.MAX_SAFE_INTEGER;
  const namesInCacheOrder = [...names].sort((left, right) => cachePosition(left) - cachePosition(right));

  // Record which packages are marked for install; with BrokenFix, broken ones are first upgraded.
  for (let again = true; again; ) {
    again = false;
    for (const name of namesInCacheOrder) {
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
    // Every Essential/Protected package gets 5000 more (for packages without an install version,
    // see scoreWithoutInstallVersion).
    for (const name of installedNames) if (isImportant(name)) add(name, 5000);
    return score;
  }

  /**
   * The sort keys, by position in the cache order: for packages with an install version their scores
   * above; for the others (not installed, being removed, virtual, `foo:any`) what MakeScores gives
   * them: the unversioned dependencies of the packages with an install version (a versioned one needs
   * an install version to check), 5000 if Essential, 10000 for a target. Those also become their
   * scores for the decisions below.
   */
  function sortKeys(): Int32Array {
    const keys = cacheList.baseKeys.slice();
    const withInstallVersion = new Set<number>();
    const consider = (name: string): void => {
      const position = cacheList.positions.get(name);
      if (position !== undefined && hasInstallVersion(name)) withInstallVersion.add(position);
    };
    for (const name of names) consider(name);
    for (const name of install.keys()) consider(name);
    for (const position of withInstallVersion) {
      const name = cacheList.names[position] as string;
      keys[position] = scores.get(name) ?? 0;
    }
    const touched = new Set<number>(cacheList.essentialPositions);
    const addTo = (position: number, owner: string, ownerSame: boolean, negative: boolean): void => {
      if (withInstallVersion.has(position)) return;
      const name = cacheList.names[position];
      // DepIterator::IsIgnorable: a conflict within the owner's own group (Multi-Arch: same).
      if (
        negative &&
        name !== undefined &&
        (name === owner || (ownerSame && name.replace(/:.*$/, '') === owner.replace(/:.*$/, '')))
      )
        return;
      keys[position] = (keys[position] ?? 0) + (negative ? -1 : 1);
      touched.add(position);
    };
    for (const name of names) {
      const version = installOf(name);
      if (version === undefined) continue;
      const colon = name.indexOf(':');
      const ownerArchitecture = colon < 0 ? universe.nativeArchitecture : name.slice(colon + 1);
      const ownerSame = version.record.multiArch === 'same';
      for (const dependency of dependenciesOf(version)) {
        const negative = negativeTypes.has(dependency.type);
        for (const relation of dependency.group) {
          if (relation.operator !== undefined) continue;
          const qualifier = relation.architecture;
          if (qualifier === undefined) {
            // A negative relation holds against every package of the group.
            for (const position of cacheList.groups.get(relation.name) ?? [])
              if (negative || cacheList.architectures[position] === ownerArchitecture)
                addTo(position, name, ownerSame, negative);
            continue;
          }
          const group =
            qualifier === 'native'
              ? `${relation.name}:${universe.nativeArchitecture}`
              : `${relation.name}:${qualifier}`;
          for (const position of cacheList.groups.get(group) ?? [])
            if (cacheList.architectures[position] === 'any') addTo(position, name, ownerSame, negative);
        }
      }
    }
    for (const name of protectedNames) {
      const position = cacheList.positions.get(name);
      if (position === undefined || withInstallVersion.has(position)) continue;
      keys[position] = (keys[position] ?? 0) + 10000;
      touched.add(position);
    }
    const decide = (position: number): void => {
      const name = cacheList.names[position];
      if (name === undefined || withInstallVersion.has(position)) return;
      const value = keys[position] ?? 0;
      if (value === 0) scores.delete(name);
      else scores.set(name, value);
    };
    for (const name of [...scores.keys()]) {
      const position = cacheList.positions.get(name);
      if (position !== undefined) decide(position);
    }
    for (const position of touched) decide(position);
    return keys;
  }

  const keys = sortKeys();
  const scoreOf = (name: string): number => scores.get(name) ?? 0;
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

  // apt's PList: the whole cache in PkgBegin order, sorted by score with libstdc++'s std::sort.
  // Installed packages missing from the cache order (none when it is complete) go last.
  const plist = new Int32Array(keys.length);
  for (let position = 0; position < plist.length; position++) plist[position] = position;
  gnuSort(plist, (left, right) => (keys[left] as number) > (keys[right] as number));
  if (trace !== undefined)
    for (const position of plist)
      if (keys[position] !== 0) {
        const architecture = cacheList.architectures[position];
        const group = cacheList.order[position]?.group ?? '';
        trace(
          `SHOW ${keys[position]} ${architecture === universe.nativeArchitecture || architecture === 'any' ? group : `${group}:${architecture}`}`,
        );
      }
  // Only packages with an install version are ever looked at: the walk keeps the ranks (places in
  // the sorted list) of the installed packages and of those that got one since, in rank order.
  const rankOf = new Int32Array(keys.length);
  for (const [rank, position] of plist.entries()) rankOf[position] = rank;
  const nameAtRank = new Map<number, string>();
  /** Installed packages missing from the cache order (none when it is complete) rank last. */
  let unranked = keys.length;
  const rankOfName = (name: string): number => {
    const position = cacheList.positions.get(name);
    return position === undefined ? unranked++ : (rankOf[position] as number);
  };
  const active: number[] = [];
  const joined = new Set<string>();
  let walkIndex = -1;
  const join = (name: string): void => {
    if (joined.has(name)) return;
    joined.add(name);
    const rank = rankOfName(name);
    nameAtRank.set(rank, name);
    let low = 0;
    let high = active.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((active[middle] as number) < rank) low = middle + 1;
      else high = middle;
    }
    active.splice(low, 0, rank);
    // Keep the walk on the package it is at when one joins before it.
    if (low <= walkIndex) walkIndex++;
  };
  for (const name of names) join(name);
  for (const [name, version] of install) if (version !== null) join(name);
  onNewInstall = join;

  let change = true;
  for (let counter = 0; counter < 20 && change; counter++) {
    change = false;
    for (walkIndex = 0; walkIndex < active.length; walkIndex++) {
      const name = nameAtRank.get(active[walkIndex] as number) as string;
      if (!hasInstallVersion(name)) continue;
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
                  if (currentOf(targetName) === undefined && candidateOf(targetName) !== undefined) {
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
