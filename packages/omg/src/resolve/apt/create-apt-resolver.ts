import { didYouMean } from '@venom/core';
import {
  type AptConfig,
  aptConfigBoolean,
  aptConfigList,
  readAptConfig,
} from '../../backends/apt/read-apt-config.js';
import { type AptPreferences, readAptPreferences } from '../../backends/apt/read-apt-preferences.js';
import type { PackageIndex } from '../../index/open-package-index.js';
import type {
  PlannedAction,
  PlannedPackage,
  PlannedReason,
  PlanProblem,
  ResolveOptions,
  TransactionPlan,
  TransactionResolver,
} from '../../plan/transaction-plan.js';
import { compareDebianVersions, satisfiesDebianRelation } from '../../versions/compare-debian-versions.js';
import { resolveRemovalLikeApt, sourceOf } from './apt-problem-resolver.js';
import {
  type AptPackage,
  type AptUniverse,
  type AptVersion,
  buildAptUniverse,
} from './build-apt-universe.js';
import { type AptPolicy, createAptPolicy } from './create-apt-policy.js';
import { type AptRelation, formatAptRelation, parseAptRelations } from './parse-apt-relations.js';

/** Options for {@link createAptResolver}. */
export interface AptResolverOptions {
  /** The pins to apply; read from `<root>/etc/apt/preferences` and `preferences.d` when omitted. */
  preferences?: AptPreferences;
  /**
   * apt's configuration (Install-Recommends, AutoRemove settings). Read from `/etc/apt/apt.conf(.d)`
   * when omitted, whatever the root: apt-get reads its configuration files before `-o Dir=<root>`
   * applies, so that is the configuration the hand-over to apt-get follows.
   */
  config?: AptConfig;
  /** Keep the grouped package universe in this file between processes (see buildAptUniverse). */
  cacheFile?: string;
}

/** apt's recursion limit for MarkInstall. */
const maximumDepth = 100;

const priorityRank: Record<string, number> = {
  required: 1,
  important: 2,
  standard: 3,
  optional: 4,
  extra: 5,
};

/** The apt settings the resolver follows. */
interface AptSettings {
  /** APT::Install-Recommends (default true). */
  installRecommends: boolean;
  /** APT::AutoRemove::RecommendsImportant (default true): Recommends keep packages from autoremoval. */
  recommendsImportant: boolean;
  /** APT::AutoRemove::SuggestsImportant (default true). */
  suggestsImportant: boolean;
  /** APT::NeverAutoRemove: names matching one are never autoremovable. */
  neverAutoRemove: RegExp[];
}

function settingsFrom(config: AptConfig): AptSettings {
  const neverAutoRemove: RegExp[] = [];
  for (const pattern of aptConfigList(config, 'APT::NeverAutoRemove')) {
    try {
      neverAutoRemove.push(new RegExp(pattern));
    } catch {
      // apt ignores a pattern it cannot compile too
    }
  }
  return {
    installRecommends: aptConfigBoolean(config, 'APT::Install-Recommends', true),
    recommendsImportant: aptConfigBoolean(config, 'APT::AutoRemove::RecommendsImportant', true),
    suggestsImportant: aptConfigBoolean(config, 'APT::AutoRemove::SuggestsImportant', true),
    neverAutoRemove,
  };
}

interface ConflictEntry {
  declarer: AptVersion;
  relation: AptRelation;
}

function versionSatisfies(version: string | undefined, relation: AptRelation): boolean {
  if (relation.operator === undefined || relation.version === undefined) return true;
  return version !== undefined && satisfiesDebianRelation(version, relation.operator, relation.version);
}

function formatGroup(group: readonly AptRelation[]): string {
  return group.map(formatAptRelation).join(' | ');
}

function providedRelations(version: AptVersion): AptRelation[] {
  return parseAptRelations(version.record.relations.provides).flat();
}

function criticalGroups(version: AptVersion): AptRelation[][] {
  const relations = version.record.relations;
  const depends = parseAptRelations(relations.depends);
  const preDepends = parseAptRelations(relations.preDepends);
  return preDepends.length === 0 ? depends : [...depends, ...preDepends];
}

function conflictRelations(version: AptVersion): AptRelation[] {
  const relations = version.record.relations;
  const conflicts = parseAptRelations(relations.conflicts).flat();
  const breaks = parseAptRelations(relations.breaks).flat();
  return breaks.length === 0 ? conflicts : [...conflicts, ...breaks];
}

interface BaseIndexes {
  /** Conflicts/Breaks target name -> the versions declaring them. */
  conflictIndex: Map<string, ConflictEntry[]>;
  /** Depends/Pre-Depends target name -> the packages depending on it. */
  reverseDepends: Map<string, Set<string>>;
}

/** The indexes over the installed versions, shared by every transaction on one universe. */
const baseIndexes = new WeakMap<AptUniverse, BaseIndexes>();

function addToIndexes(indexes: BaseIndexes, version: AptVersion): void {
  for (const relation of conflictRelations(version)) {
    const list = indexes.conflictIndex.get(relation.name);
    const entry = { declarer: version, relation };
    if (list === undefined) indexes.conflictIndex.set(relation.name, [entry]);
    else list.push(entry);
  }
  for (const group of criticalGroups(version)) {
    for (const relation of group) {
      let set = indexes.reverseDepends.get(relation.name);
      if (set === undefined) {
        set = new Set();
        indexes.reverseDepends.set(relation.name, set);
      }
      set.add(version.name);
    }
  }
}

/** One resolver run: apt's depcache marks (install, upgrade, remove) over the universe. */
class AptTransaction {
  readonly changes = new Map<string, AptVersion | null>();
  readonly reasons = new Map<string, { reason: PlannedReason; requiredBy: Set<string> }>();
  readonly problems: PlanProblem[] = [];
  readonly notes: string[] = [];
  readonly manual = new Set<string>();
  private readonly conflictIndex = new Map<string, ConflictEntry[]>();
  private readonly reverseDepends = new Map<string, Set<string>>();
  private readonly installedEntries: readonly AptPackage[];
  private binariesBySource: Map<string, AptPackage[]> | undefined;
  /** Packages apt's resolver already tried to upgrade (DoUpgrade), in this transaction. */
  private readonly upgradeTried = new Set<string>();

  private readonly base: BaseIndexes;

  constructor(
    readonly universe: AptUniverse,
    readonly policy: AptPolicy,
    readonly options: ResolveOptions,
    readonly settings: AptSettings,
  ) {
    this.installedEntries = universe.installed;
    let base = baseIndexes.get(universe);
    if (base === undefined) {
      base = { conflictIndex: new Map(), reverseDepends: new Map() };
      for (const entry of universe.installed)
        if (entry.current !== undefined) addToIndexes(base, entry.current);
      baseIndexes.set(universe, base);
    }
    this.base = base;
  }

  private indexVersion(version: AptVersion): void {
    addToIndexes({ conflictIndex: this.conflictIndex, reverseDepends: this.reverseDepends }, version);
  }

  private conflictEntries(name: string): ConflictEntry[] {
    const base = this.base.conflictIndex.get(name);
    const added = this.conflictIndex.get(name);
    if (added === undefined) return base ?? [];
    return base === undefined ? added : [...base, ...added];
  }

  private dependentsOf(name: string): string[] {
    const base = this.base.reverseDepends.get(name);
    const added = this.reverseDepends.get(name);
    if (added === undefined) return base === undefined ? [] : [...base];
    return [...new Set([...(base ?? []), ...added])];
  }

  /** The package a relation names: `name`, or `name:arch` for a foreign architecture. */
  private packageKey(relation: AptRelation): string {
    const architecture = relation.architecture;
    if (
      architecture === undefined ||
      architecture === 'any' ||
      architecture === 'native' ||
      architecture === 'all' ||
      architecture === this.universe.nativeArchitecture
    )
      return relation.name;
    return `${relation.name}:${architecture}`;
  }

  /** The version a package has after the transaction so far (undefined: not installed). */
  stateOf(name: string): AptVersion | undefined {
    if (this.changes.has(name)) return this.changes.get(name) ?? undefined;
    return this.universe.packages.get(name)?.current;
  }

  private isChanged(name: string): boolean {
    return this.changes.has(name);
  }

  /** The name of an installed-or-planned package satisfying the relation, if any. */
  private satisfierOf(relation: AptRelation): string | undefined {
    const key = this.packageKey(relation);
    const direct = this.stateOf(key);
    if (direct !== undefined && versionSatisfies(direct.version, relation)) return key;
    for (const provider of this.universe.providers.get(relation.name) ?? []) {
      if (this.stateOf(provider.version.name) !== provider.version) continue;
      if (relation.operator === undefined || versionSatisfies(provider.providedVersion, relation))
        return provider.version.name;
    }
    return undefined;
  }

  groupSatisfied(group: readonly AptRelation[]): string | undefined {
    for (const relation of group) {
      const name = this.satisfierOf(relation);
      if (name !== undefined) return name;
    }
    return undefined;
  }

  /** Whether `relation` (a Conflicts/Breaks) hits `version`, directly or through what it provides. */
  private hits(relation: AptRelation, version: AptVersion): boolean {
    if (this.packageKey(relation) === version.name && versionSatisfies(version.version, relation))
      return true;
    for (const provided of providedRelations(version)) {
      if (provided.name !== relation.name) continue;
      if (relation.operator === undefined || versionSatisfies(provided.version, relation)) return true;
    }
    return false;
  }

  /** Versions in the current state that conflict with `version` (either side declaring it). */
  private conflictingInState(version: AptVersion): AptVersion[] {
    const found = new Set<AptVersion>();
    for (const relation of conflictRelations(version)) {
      const direct = this.stateOf(this.packageKey(relation));
      if (direct !== undefined && direct.name !== version.name && this.hits(relation, direct))
        found.add(direct);
      for (const provider of this.universe.providers.get(relation.name) ?? []) {
        const other = provider.version;
        if (other.name !== version.name && this.stateOf(other.name) === other && this.hits(relation, other))
          found.add(other);
      }
    }
    const names = [version.name, ...providedRelations(version).map((relation) => relation.name)];
    for (const name of names) {
      for (const { declarer, relation } of this.conflictEntries(name)) {
        if (declarer.name === version.name || this.stateOf(declarer.name) !== declarer) continue;
        if (this.hits(relation, version)) found.add(declarer);
      }
    }
    return [...found];
  }

  private note(name: string, reason: PlannedReason, requiredBy: string | undefined): void {
    const existing = this.reasons.get(name);
    if (existing === undefined)
      this.reasons.set(name, { reason, requiredBy: new Set(requiredBy === undefined ? [] : [requiredBy]) });
    else if (requiredBy !== undefined && requiredBy !== name) existing.requiredBy.add(requiredBy);
  }

  /** The versions that could satisfy a relation, best first (apt's CompareProviders, roughly). */
  private solutions(relation: AptRelation): AptVersion[] {
    const found: AptVersion[] = [];
    const key = this.packageKey(relation);
    const entry = this.universe.packages.get(key);
    if (entry !== undefined) {
      const candidate = this.policy.candidate(entry);
      if (candidate !== undefined && versionSatisfies(candidate.version, relation)) found.push(candidate);
    }
    for (const provider of this.universe.providers.get(relation.name) ?? []) {
      const owner = this.universe.packages.get(provider.version.name);
      if (owner === undefined || this.policy.candidate(owner) !== provider.version) continue;
      if (relation.operator !== undefined && !versionSatisfies(provider.providedVersion, relation)) continue;
      if (!found.includes(provider.version)) found.push(provider.version);
    }
    if (found.length < 2) return found;
    const rank = (version: AptVersion): number[] => [
      version.name === key ? 0 : 1,
      version.record.essential === true ? 0 : 1,
      this.universe.packages.get(version.name)?.current !== undefined ? 0 : 1,
      this.isChanged(version.name) ? 0 : 1,
      priorityRank[version.record.priority ?? ''] ?? 4,
    ];
    return found
      .map((version) => ({ version, rank: rank(version) }))
      .sort((left, right) => {
        for (let position = 0; position < left.rank.length; position++) {
          const difference = (left.rank[position] ?? 0) - (right.rank[position] ?? 0);
          if (difference !== 0) return difference;
        }
        // apt's last resort is the cache's package order, which lists later providers first.
        return left.version.name < right.version.name ? 1 : left.version.name > right.version.name ? -1 : 0;
      })
      .map((item) => item.version);
  }

  /**
   * Marks `version` for installation (apt's MarkInstall). Returns false when it cannot be: it
   * conflicts with another planned package, or its package is planned otherwise.
   */
  markInstall(
    version: AptVersion,
    reason: PlannedReason,
    requiredBy: string | undefined,
    depth: number,
    autoInstall = true,
  ): boolean {
    const name = version.name;
    if (this.stateOf(name) === version) {
      if (this.isChanged(name)) this.note(name, reason, requiredBy);
      return true;
    }
    if (this.isChanged(name) || depth > maximumDepth) return false;
    const conflicting = this.conflictingInState(version);
    // A conflict with a requested package cannot be resolved; one with a package planned as a
    // dependency is resolved as apt does: that package is unmarked (MarkDelete of a new install keeps it out).
    if (conflicting.some((other) => this.isChanged(other.name) && this.manual.has(other.name))) return false;
    this.changes.set(name, version);
    this.note(name, reason, requiredBy);
    this.indexVersion(version);
    for (const other of conflicting) {
      if (this.isChanged(other.name)) this.unmark(other.name, version);
      else this.resolveInstalledConflict(other, version, depth);
    }
    if (autoInstall) this.expand(version, depth);
    return true;
  }

  /** The second half of MarkInstall: same-source binaries in step, then the dependencies. */
  expand(version: AptVersion, depth: number): void {
    this.upgradeOtherBinaries(version, depth);
    this.installDependencies(version, depth);
  }

  /** Takes a planned (not requested) package out of the plan because a later choice conflicts with it. */
  private unmark(name: string, replacement: AptVersion): void {
    const current = this.universe.packages.get(name)?.current;
    if (current === undefined) {
      this.changes.delete(name);
      this.reasons.delete(name);
      return;
    }
    if (conflictRelations(current).some((relation) => this.hits(relation, replacement))) {
      this.changes.delete(name);
      this.markRemove(name, 'conflict', replacement.name);
    } else {
      this.changes.delete(name);
      this.reasons.delete(name);
    }
  }

  /**
   * apt keeps binaries of one source in step (MarkInstall_UpgradeOtherBinaries): installing or
   * upgrading a package upgrades the installed binaries of the same source whose candidate was built
   * from the same source version.
   */
  private upgradeOtherBinaries(version: AptVersion, depth: number): void {
    if (this.binariesBySource === undefined) {
      this.binariesBySource = new Map();
      for (const entry of this.installedEntries) {
        if (entry.current === undefined) continue;
        const key = sourceOf(entry.current).name;
        const list = this.binariesBySource.get(key);
        if (list === undefined) this.binariesBySource.set(key, [entry]);
        else list.push(entry);
      }
    }
    const source = sourceOf(version);
    for (const other of this.binariesBySource.get(source.name) ?? []) {
      if (other.name === version.name || this.isChanged(other.name)) continue;
      const candidate = this.policy.candidate(other);
      if (candidate === undefined || candidate === other.current) continue;
      const candidateSource = sourceOf(candidate);
      if (candidateSource.name !== source.name || candidateSource.version !== source.version) continue;
      this.markInstall(candidate, 'dependency', version.name, depth + 1);
    }
  }

  /** An installed package conflicts with a planned one: upgrade it when that helps, else remove it. */
  private resolveInstalledConflict(installed: AptVersion, planned: AptVersion, depth: number): void {
    if (this.isChanged(installed.name)) return;
    const entry = this.universe.packages.get(installed.name);
    const candidate = entry === undefined ? undefined : this.policy.candidate(entry);
    if (
      candidate !== undefined &&
      candidate !== installed &&
      !conflictRelations(candidate).some((relation) => this.hits(relation, planned)) &&
      !conflictRelations(planned).some((relation) => this.hits(relation, candidate)) &&
      this.markInstall(candidate, 'dependency', planned.name, depth + 1)
    )
      return;
    this.markRemove(installed.name, 'conflict', planned.name);
  }

  /** apt's MarkInstall dependency pass: each unsatisfied Depends/Pre-Depends (and Recommends) group. */
  installDependencies(version: AptVersion, depth: number): void {
    const relations = version.record.relations;
    const entry = this.universe.packages.get(version.name);
    const previous = entry?.current !== version ? entry?.current : undefined;
    const fields: Array<[AptRelation[][], boolean]> = [
      [parseAptRelations(relations.depends), true],
      [parseAptRelations(relations.preDepends), true],
    ];
    if (this.options.installRecommends ?? this.settings.installRecommends)
      fields.push([parseAptRelations(relations.recommends), false]);
    for (const [groups, critical] of fields) {
      for (const group of groups) {
        const satisfier = this.groupSatisfied(group);
        if (satisfier !== undefined) {
          if (this.isChanged(satisfier))
            this.note(satisfier, critical ? 'dependency' : 'recommended', version.name);
          continue;
        }
        if (!critical && previous !== undefined && this.recommendedBefore(previous, group)) continue;
        let solved = false;
        for (const relation of group) {
          for (const solution of this.solutions(relation)) {
            if (
              this.markInstall(solution, critical ? 'dependency' : 'recommended', version.name, depth + 1)
            ) {
              solved = true;
              break;
            }
          }
          if (solved) break;
        }
        if (!solved && critical) {
          const known = group.some(
            (relation) =>
              this.universe.packages.has(this.packageKey(relation)) ||
              this.universe.providers.has(relation.name),
          );
          this.problems.push({
            name: version.name,
            message: `${version.name} ${version.version} depends on ${formatGroup(group)}, but it ${
              known ? 'is not going to be installed' : 'is not installable'
            }`,
          });
        }
      }
    }
  }

  /** apt does not install, on upgrade, a Recommends the installed version already had unsatisfied. */
  private recommendedBefore(previous: AptVersion, group: readonly AptRelation[]): boolean {
    const names = group.map((relation) => relation.name).join('|');
    return parseAptRelations(previous.record.relations.recommends).some(
      (old) => old.map((relation) => relation.name).join('|') === names,
    );
  }

  /** Marks an installed package for removal, and (apt's problem resolver) the installed packages it breaks. */
  markRemove(name: string, reason: PlannedReason, requiredBy: string | undefined): void {
    const entry = this.universe.packages.get(name);
    const current = entry?.current;
    if (current === undefined) return;
    if (this.changes.has(name) && this.changes.get(name) === null) {
      this.note(name, reason, requiredBy);
      return;
    }
    const before = this.stateOf(name);
    if (current.record.essential === true)
      this.problems.push({
        name,
        message: `${name} is an essential package; removing it would break the system (apt refuses without 'Yes, do as I say!')`,
      });
    this.changes.set(name, null);
    this.reasons.set(name, { reason, requiredBy: new Set(requiredBy === undefined ? [] : [requiredBy]) });
    this.fixDependents(name, current, before);
  }

  /**
   * After `name` was removed or changed: installed packages whose Depends/Pre-Depends on it (or on
   * what its old version provided) no longer hold are repaired or removed ({@link repairOrRemove});
   * planned ones that break are problems.
   */
  private fixDependents(name: string, ...previous: Array<AptVersion | undefined>): void {
    const targets = new Set([name]);
    for (const version of previous)
      if (version !== undefined)
        for (const relation of providedRelations(version)) targets.add(relation.name);
    for (const target of targets) {
      for (const dependent of this.dependentsOf(target)) {
        const version = this.stateOf(dependent);
        if (version === undefined) continue;
        const broken = criticalGroups(version).find((group) => this.groupSatisfied(group) === undefined);
        if (broken === undefined) continue;
        const upgraded =
          this.isChanged(dependent) &&
          !this.manual.has(dependent) &&
          this.universe.packages.get(dependent)?.current !== undefined;
        if (upgraded) this.repairOrRemove(dependent, version, name);
        else if (this.isChanged(dependent)) {
          this.problems.push({
            name: dependent,
            message: `${dependent} ${version.version} depends on ${formatGroup(broken)}, which is not going to be installed`,
          });
        } else this.repairOrRemove(dependent, version, name);
      }
    }
  }

  /**
   * apt's pkgProblemResolver::DoUpgrade: upgrade an installed package to its candidate without
   * installing anything new. Each unmet Depends/Pre-Depends group of the new version is met by
   * upgrading (recursively, the same way) an installed package whose candidate satisfies it; the
   * first group that cannot be met fails the upgrade, which is taken back, while the upgrades done
   * for earlier groups stay (apt leaves them: libsystemd0 when systemd cannot follow). A package is
   * tried at most once per transaction, as apt clears its Upgradable flag.
   */
  private doUpgrade(name: string, requiredBy: string): boolean {
    if (this.upgradeTried.has(name) || this.isChanged(name)) return false;
    this.upgradeTried.add(name);
    const entry = this.universe.packages.get(name);
    const installed = entry?.current;
    const candidate = entry === undefined ? undefined : this.policy.candidate(entry);
    if (installed === undefined || candidate === undefined || candidate === installed) return false;
    if (compareDebianVersions(candidate.version, installed.version) <= 0) return false;
    if (this.conflictingInState(candidate).length > 0) return false;
    this.changes.set(name, candidate);
    this.note(name, 'dependency', requiredBy);
    let failed = false;
    for (const group of criticalGroups(candidate)) {
      if (this.groupSatisfied(group) !== undefined) continue;
      const met = group.some((relation) => {
        const target = this.universe.packages.get(this.packageKey(relation));
        if (target?.current === undefined) return false;
        const targetCandidate = this.policy.candidate(target);
        return (
          targetCandidate !== undefined &&
          versionSatisfies(targetCandidate.version, relation) &&
          this.doUpgrade(target.name, name)
        );
      });
      if (!met) {
        failed = true;
        break;
      }
    }
    if (failed) {
      this.changes.delete(name);
      this.reasons.delete(name);
      return false;
    }
    this.indexVersion(candidate);
    this.fixDependents(name, installed);
    return true;
  }

  /**
   * An installed package lost a dependency to a removal. As apt's problem resolver does, keep it when
   * its candidate's dependencies already hold (upgrade), else remove it too. apt itself and
   * Essential/Protected packages are not removed: another alternative is installed for them when one
   * fits, else apt stops with "pkgProblemResolver::Resolve generated breaks", a problem here.
   */
  private repairOrRemove(name: string, installed: AptVersion, removed: string): void {
    const entry = this.universe.packages.get(name);
    const candidate = entry === undefined ? undefined : this.policy.candidate(entry);
    // apt's resolver upgrades (DoUpgrade) without pulling in anything new: the new version's
    // dependencies must already hold.
    const fits = (version: AptVersion): boolean =>
      this.changes.get(version.name) !== null &&
      criticalGroups(version).every((group) => this.groupSatisfied(group) !== undefined);
    if (candidate !== undefined && candidate !== installed && this.doUpgrade(name, removed)) return;
    // apt removes an ordinary dependent; only for one it will not remove (apt itself, Essential or
    // Protected packages) does it install another alternative (gpgv1 for apt when gpgv goes).
    const keep = name === 'apt' || installed.record.essential === true;
    let repaired = keep;
    if (keep)
      for (const group of criticalGroups(installed)) {
        if (this.groupSatisfied(group) !== undefined) continue;
        const fixed = group.some((relation) =>
          this.solutions(relation).some(
            (solution) => fits(solution) && this.markInstall(solution, 'dependency', name, 1, false),
          ),
        );
        if (!fixed) {
          repaired = false;
          break;
        }
      }
    if (repaired) return;
    if (keep) {
      this.problems.push({
        name,
        message: `removing ${removed} would remove ${name}, which apt will not do`,
      });
      return;
    }
    this.markRemove(name, 'dependent', removed);
  }

  /**
   * Installed packages the transaction breaks (a dependency on an upgraded package's old version):
   * upgrade them when their candidate fits, else remove them, until nothing is broken.
   */
  repairDependents(): void {
    for (let round = 0; round < 10; round++) {
      let changed = false;
      for (const [name, version] of [...this.changes]) {
        if (version === null) continue;
        const current = this.universe.packages.get(name)?.current;
        if (current === undefined) continue;
        const targets = new Set([name, ...providedRelations(current).map((relation) => relation.name)]);
        for (const target of targets) {
          for (const dependent of this.dependentsOf(target)) {
            if (this.isChanged(dependent)) continue;
            const installed = this.stateOf(dependent);
            if (installed === undefined) continue;
            if (criticalGroups(installed).every((group) => this.groupSatisfied(group) !== undefined))
              continue;
            const entry = this.universe.packages.get(dependent);
            const candidate = entry === undefined ? undefined : this.policy.candidate(entry);
            if (
              candidate !== undefined &&
              candidate !== installed &&
              this.markInstall(candidate, 'dependency', name, 1)
            )
              changed = true;
            else {
              this.markRemove(dependent, 'dependent', name);
              changed = true;
            }
          }
        }
      }
      if (!changed) return;
    }
  }

  /** Planned packages whose Depends/Pre-Depends are still unmet (reported once each). */
  checkPlanned(): void {
    const reported = new Set(this.problems.map((problem) => problem.name));
    for (const [name, version] of this.changes) {
      if (version === null || reported.has(name)) continue;
      const broken = criticalGroups(version).find((group) => this.groupSatisfied(group) === undefined);
      if (broken !== undefined)
        this.problems.push({
          name,
          message: `${name} ${version.version} depends on ${formatGroup(broken)}, but it is not going to be installed`,
        });
    }
  }

  /** Whether a package counts as installed automatically after the transaction. */
  private isAutomatic(entry: AptPackage): boolean {
    if (this.manual.has(entry.name)) return false;
    if (entry.current === undefined) return true;
    return entry.automatic;
  }

  /**
   * apt's autoremover (mark and sweep): packages installed after the transaction, automatic, and not
   * reachable from a manual or essential one through Depends, Pre-Depends, Recommends or Suggests.
   */
  orphans(): string[] {
    const reached = new Set<string>();
    const stack: AptVersion[] = [];
    const installed: AptPackage[] = [...this.installedEntries];
    for (const name of this.changes.keys()) {
      const entry = this.universe.packages.get(name);
      if (entry !== undefined && entry.current === undefined) installed.push(entry);
    }
    for (const entry of installed) {
      const version = this.stateOf(entry.name);
      if (version === undefined) continue;
      if (
        !this.isAutomatic(entry) ||
        version.record.essential === true ||
        version.record.priority === 'required' ||
        this.settings.neverAutoRemove.some((pattern) => pattern.test(entry.name))
      ) {
        reached.add(entry.name);
        stack.push(version);
      }
    }
    const visit = (version: AptVersion | undefined): void => {
      if (version === undefined || reached.has(version.name)) return;
      reached.add(version.name);
      stack.push(version);
    };
    while (stack.length > 0) {
      const version = stack.pop();
      if (version === undefined) break;
      const relations = version.record.relations;
      const fields = [relations.depends, relations.preDepends];
      if (this.settings.recommendsImportant) fields.push(relations.recommends);
      if (this.settings.suggestsImportant) fields.push(relations.suggests);
      for (const field of fields) {
        for (const group of parseAptRelations(field)) {
          for (const relation of group) {
            const direct = this.stateOf(this.packageKey(relation));
            if (direct !== undefined && versionSatisfies(direct.version, relation)) visit(direct);
            for (const provider of this.universe.providers.get(relation.name) ?? []) {
              if (this.stateOf(provider.version.name) !== provider.version) continue;
              if (relation.operator === undefined || versionSatisfies(provider.providedVersion, relation))
                visit(provider.version);
            }
          }
        }
      }
    }
    const orphans: string[] = [];
    for (const entry of installed)
      if (this.stateOf(entry.name) !== undefined && !reached.has(entry.name)) orphans.push(entry.name);
    return orphans.sort();
  }

  /** Close names for an unknown package: did-you-mean first, then names starting with it. */
  suggestionsFor(name: string): string[] {
    const names = this.universe.packages.keys();
    const suggestions: string[] = [];
    const closest = didYouMean(name, names);
    if (closest !== undefined) suggestions.push(closest);
    for (const candidate of this.universe.packages.keys()) {
      if (suggestions.length >= 5) break;
      if (
        candidate !== closest &&
        candidate.startsWith(name) &&
        this.universe.packages.get(candidate)?.versions.length
      )
        suggestions.push(candidate);
    }
    return suggestions;
  }

  toPlan(operation: TransactionPlan['operation'], orphans: string[], heldBack?: string[]): TransactionPlan {
    const packages: PlannedPackage[] = [];
    let downloadSize = 0;
    let installedSizeChange = 0;
    for (const [name, version] of this.changes) {
      const entry = this.universe.packages.get(name);
      const current = entry?.current;
      const reason = this.reasons.get(name);
      const shown = version ?? current;
      if (shown === undefined) continue;
      let action: PlannedAction;
      if (version === null) action = 'remove';
      else if (current === undefined) action = 'install';
      else {
        const order = compareDebianVersions(version.version, current.version);
        action = order > 0 ? 'upgrade' : order < 0 ? 'downgrade' : 'reinstall';
      }
      const planned: PlannedPackage = {
        name,
        action,
        version: shown.version,
        repository: version === null ? 'installed' : (version.repositories[0] ?? 'installed'),
        architecture: shown.architecture,
        reason: reason?.reason ?? 'dependency',
        requiredBy: [...(reason?.requiredBy ?? [])].filter((other) => other !== name).sort(),
      };
      if (current !== undefined && action !== 'remove' && action !== 'install')
        planned.previousVersion = current.version;
      if (version !== null && shown.record.downloadSize !== undefined) {
        planned.downloadSize = shown.record.downloadSize;
        downloadSize += shown.record.downloadSize;
      }
      if (shown.record.installedSize !== undefined) planned.installedSize = shown.record.installedSize;
      installedSizeChange += (version?.record.installedSize ?? 0) - (current?.record.installedSize ?? 0);
      packages.push(planned);
    }
    packages.sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
    const plan: TransactionPlan = {
      backend: 'apt',
      operation,
      packages,
      orphans,
      problems: this.problems,
      totals: { downloadSize, installedSizeChange },
    };
    if (this.notes.length > 0) plan.notes = this.notes;
    if (heldBack !== undefined) plan.heldBack = heldBack;
    return plan;
  }
}

/** A requested name: `name`, `name=version`, or `name/release` (archive or codename). */
function parseRequest(text: string): { name: string; version?: string; release?: string } {
  const equals = text.indexOf('=');
  if (equals > 0) return { name: text.slice(0, equals), version: text.slice(equals + 1) };
  const slash = text.indexOf('/');
  if (slash > 0) return { name: text.slice(0, slash), release: text.slice(slash + 1) };
  return { name: text };
}

function planInstall(
  universe: AptUniverse,
  policy: AptPolicy,
  settings: AptSettings,
  names: readonly string[],
  options: ResolveOptions,
): TransactionPlan {
  const transaction = new AptTransaction(universe, policy, options, settings);
  const requested: AptVersion[] = [];
  for (const text of names) {
    const request = parseRequest(text);
    let entry = universe.packages.get(request.name);
    if (entry === undefined || entry.versions.length === 0) {
      const providers = [
        ...new Set(
          (universe.providers.get(request.name) ?? [])
            .filter((provider) => {
              const owner = universe.packages.get(provider.version.name);
              return owner !== undefined && policy.candidate(owner) === provider.version;
            })
            .map((provider) => provider.version.name),
        ),
      ].sort();
      if (providers.length === 1 && providers[0] !== undefined) {
        transaction.notes.push(`Note, selecting '${providers[0]}' instead of '${request.name}'`);
        entry = universe.packages.get(providers[0]);
      } else if (providers.length > 1) {
        transaction.problems.push({
          name: request.name,
          message: `${request.name} is a virtual package provided by ${providers.length} packages; name one of them`,
          suggestions: providers.slice(0, 20),
        });
        continue;
      } else if ((universe.providers.get(request.name) ?? []).length > 0 || entry !== undefined) {
        transaction.problems.push({
          name: request.name,
          message: `package '${request.name}' has no installation candidate`,
        });
        continue;
      } else {
        transaction.problems.push({
          name: request.name,
          message: `unable to locate package '${request.name}'`,
          suggestions: transaction.suggestionsFor(request.name),
        });
        continue;
      }
    }
    if (entry === undefined) continue;
    let version: AptVersion | undefined;
    if (request.version !== undefined) {
      version = entry.versions.find(
        (candidate) =>
          candidate.version === request.version && (candidate.repositories.length > 0 || candidate.installed),
      );
      if (version === undefined) {
        transaction.problems.push({
          name: entry.name,
          message: `version '${request.version}' for '${entry.name}' was not found`,
          suggestions: entry.versions.map((candidate) => `${entry?.name}=${candidate.version}`),
        });
        continue;
      }
    } else if (request.release !== undefined) {
      const release = request.release;
      version = entry.versions.find((candidate) =>
        candidate.repositories.some((repository) => {
          const source = policy.sources.get(repository);
          return (
            source?.release.suite === release ||
            source?.release.codename === release ||
            repository.split('/')[0] === release
          );
        }),
      );
      if (version === undefined) {
        transaction.problems.push({
          name: entry.name,
          message: `release '${release}' for '${entry.name}' was not found`,
        });
        continue;
      }
    } else version = policy.candidate(entry);
    if (version === undefined || (version.repositories.length === 0 && !version.installed)) {
      transaction.problems.push({
        name: entry.name,
        message: `package '${entry.name}' has no installation candidate`,
      });
      continue;
    }
    transaction.manual.add(entry.name);
    if (version === entry.current) {
      transaction.notes.push(`${entry.name} is already the newest version (${version.version})`);
      if (entry.automatic) transaction.notes.push(`${entry.name} set to manually installed`);
      continue;
    }
    requested.push(version);
  }
  for (const version of requested) {
    if (!transaction.markInstall(version, 'requested', undefined, 0, false)) {
      const other = transaction.stateOf(version.name);
      transaction.problems.push({
        name: version.name,
        message:
          other !== undefined && other !== version
            ? `${version.name} is requested twice with different versions`
            : `${version.name} ${version.version} conflicts with another requested package`,
      });
    }
  }
  for (const version of requested)
    if (transaction.stateOf(version.name) === version) transaction.expand(version, 0);
  transaction.repairDependents();
  transaction.checkPlanned();
  return transaction.toPlan('install', transaction.orphans());
}

function planRemove(
  universe: AptUniverse,
  policy: AptPolicy,
  settings: AptSettings,
  names: readonly string[],
  options: ResolveOptions,
): TransactionPlan {
  const transaction = new AptTransaction(universe, policy, options, settings);
  const targets: string[] = [];
  for (const text of names) {
    const name = parseRequest(text).name;
    const entry = universe.packages.get(name);
    if (entry === undefined) {
      transaction.problems.push({
        name,
        message: `unable to locate package '${name}'`,
        suggestions: transaction.suggestionsFor(name),
      });
      continue;
    }
    if (entry.current === undefined) {
      transaction.notes.push(`Package '${name}' is not installed, so not removed`);
      continue;
    }
    targets.push(name);
  }
  // What the removals break is fixed as apt-get remove fixes it: apt's scored problem resolver.
  const { changes, broken } = resolveRemovalLikeApt(universe, policy, targets);
  const removed = new Set([...changes].filter(([, version]) => version === null).map(([name]) => name));
  for (const [name, version] of changes) {
    transaction.changes.set(name, version);
    const requested = targets.includes(name);
    const current = universe.packages.get(name)?.current;
    // Which removed package it needed (for "required by"): the first one its dependencies name.
    const cause =
      requested || current === undefined
        ? undefined
        : criticalGroups(current)
            .flat()
            .map((relation) => relation.name)
            .find((target) => removed.has(target));
    transaction.reasons.set(name, {
      reason: requested ? 'requested' : version === null ? 'dependent' : 'dependency',
      requiredBy: new Set(cause === undefined ? [] : [cause]),
    });
    if (version === null && current?.record.essential === true)
      transaction.problems.push({
        name,
        message: `${name} is an essential package; removing it would break the system (apt refuses without 'Yes, do as I say!')`,
      });
  }
  for (const name of broken)
    transaction.problems.push({
      name,
      message: `apt cannot fix ${name} after this removal (pkgProblemResolver::Resolve generated breaks)`,
    });
  // apt-get's DoAutomaticRemove: a new install that is already garbage is not installed at all.
  for (const name of transaction.orphans()) {
    if (universe.packages.get(name)?.current === undefined) {
      transaction.changes.delete(name);
      transaction.reasons.delete(name);
    }
  }
  let orphans = transaction.orphans();
  if (options.autoremove === true) {
    for (const name of orphans) transaction.markRemove(name, 'orphan', undefined);
    orphans = [];
  }
  return transaction.toPlan('remove', orphans);
}

function planUpdate(
  universe: AptUniverse,
  policy: AptPolicy,
  settings: AptSettings,
  options: ResolveOptions,
): TransactionPlan {
  const upgradable = new Map<string, AptVersion>();
  for (const entry of universe.installed) {
    if (entry.current === undefined) continue;
    const candidate = policy.candidate(entry);
    if (candidate !== undefined && compareDebianVersions(candidate.version, entry.current.version) > 0)
      upgradable.set(entry.name, candidate);
  }
  const heldBack: string[] = [];
  // apt-get upgrade: every upgrade at once, then keep back (ResolveByKeep) those that would need a
  // new package or a removal, until what remains is consistent.
  for (;;) {
    const transaction = new AptTransaction(universe, policy, options, settings);
    for (const [name, version] of upgradable) {
      transaction.changes.set(name, version);
      transaction.reasons.set(name, { reason: 'upgradable', requiredBy: new Set() });
    }
    const broken = new Set<string>();
    for (const [name, version] of upgradable) {
      if (criticalGroups(version).some((group) => transaction.groupSatisfied(group) === undefined))
        broken.add(name);
    }
    for (const entry of universe.installed) {
      const version = transaction.stateOf(entry.name);
      if (version === undefined || broken.has(entry.name)) continue;
      for (const relation of conflictRelations(version)) {
        const target = transaction.stateOf(relation.name);
        if (target !== undefined && target.name !== version.name && relationHits(relation, target)) {
          if (upgradable.has(version.name)) broken.add(version.name);
          if (upgradable.has(target.name)) broken.add(target.name);
        }
      }
      if (entry.current !== undefined && !upgradable.has(entry.name)) {
        for (const group of criticalGroups(version)) {
          if (transaction.groupSatisfied(group) !== undefined) continue;
          // An installed package would break: keep back the upgrades it depends on.
          for (const relation of group) if (upgradable.has(relation.name)) broken.add(relation.name);
        }
      }
    }
    if (broken.size === 0) {
      heldBack.sort();
      return transaction.toPlan('update', transaction.orphans(), heldBack);
    }
    for (const name of broken) {
      upgradable.delete(name);
      heldBack.push(name);
    }
  }
}

function relationHits(relation: AptRelation, version: AptVersion): boolean {
  if (relation.name === version.name && versionSatisfies(version.version, relation)) return true;
  return providedRelations(version).some(
    (provided) =>
      provided.name === relation.name &&
      (relation.operator === undefined || versionSatisfies(provided.version, relation)),
  );
}

/**
 * The apt resolver: computes what `apt-get install`, `apt-get remove` and `apt-get upgrade` would do
 * on the index's state (pins from the root's preferences, candidates, Depends/Pre-Depends/Recommends
 * closure, alternatives, virtual packages, conflicts, autoremovable packages).
 */
export function createAptResolver(
  index: PackageIndex,
  options: AptResolverOptions = {},
): TransactionResolver {
  let prepared: { universe: AptUniverse; policy: AptPolicy; settings: AptSettings } | undefined;
  function prepare(): { universe: AptUniverse; policy: AptPolicy; settings: AptSettings } {
    const universe = buildAptUniverse(
      index,
      options.cacheFile === undefined ? {} : { cacheFile: options.cacheFile },
    );
    if (prepared?.universe !== universe) {
      const root = index.backend.root;
      const preferences = options.preferences ?? readAptPreferences(root);
      prepared = {
        universe,
        policy: createAptPolicy(universe.sources, preferences),
        settings: settingsFrom(options.config ?? readAptConfig('/')),
      };
    }
    return prepared;
  }
  return {
    backend: 'apt',
    planInstall(names, resolveOptions = {}) {
      const { universe, policy, settings } = prepare();
      return planInstall(universe, policy, settings, names, resolveOptions);
    },
    planRemove(names, resolveOptions = {}) {
      const { universe, policy, settings } = prepare();
      return planRemove(universe, policy, settings, names, resolveOptions);
    },
    planUpdate(resolveOptions = {}) {
      const { universe, policy, settings } = prepare();
      return planUpdate(universe, policy, settings, resolveOptions);
    },
  };
}
