import { join } from 'node:path';
import { didYouMean } from '@venom/core';
import type { IndexedRecord, PackageIndex } from '../../index/open-package-index.js';
import type {
  PlannedPackage,
  PlanProblem,
  TransactionPlan,
  TransactionResolver,
} from '../../plan/transaction-plan.js';
import { comparePacmanVersions } from '../../versions/compare-pacman-versions.js';
import {
  createPackageSet,
  findSatisfier,
  formatPacmanDependency,
  type PacmanDependency,
  type PacmanPackage,
  parsePacmanDependency,
  satisfies,
  satisfiesByProvision,
  satisfiesLiterally,
  toPacmanPackage,
} from './pacman-dependency.js';
import { matchesGlob, readPacmanConfig } from './read-pacman-config.js';

/** Options for {@link createPacmanResolver}; by default everything comes from `<root>/etc/pacman.conf`. */
export interface PacmanResolverOptions {
  /** pacman.conf to read; default `<root>/etc/pacman.conf` of the index's backend. */
  configFile?: string;
  /**
   * Sync repositories in pacman's order. Default: the `[sections]` of pacman.conf (repositories it
   * does not list are not used, as pacman ignores them); without a pacman.conf, or one listing no
   * repository, every repository of the index in the backend's order.
   */
  repositories?: readonly string[];
  /** IgnorePkg globs; default pacman.conf's. */
  ignorePackages?: readonly string[];
  /** IgnoreGroup globs; default pacman.conf's. */
  ignoreGroups?: readonly string[];
  /** HoldPkg globs (removing one is refused, as `pacman -R --noconfirm` does); default pacman.conf's. */
  holdPackages?: readonly string[];
  /**
   * An installed package a new one conflicts with: `remove` (default) plans its removal, as pacman
   * does when its `Remove X? [y/N]` question is answered yes; `problem` reports the conflict, as
   * `pacman --noconfirm` aborts with "X and Y are in conflict".
   */
  conflicts?: 'remove' | 'problem';
}

/** Where a dependency would come from. */
export interface DependencySource {
  name: string;
  version: string;
  /** The sync repository, or `installed`. */
  repository: string;
}

/** The pacman resolver: the shared interface plus the queries an AUR build needs. */
export interface PacmanResolver extends TransactionResolver {
  /** The sync repositories in the order candidates are taken from. */
  readonly repositories: readonly string[];
  /** Of `pacman -T` style dependency strings (`foo>=1.2`), those no installed package satisfies. */
  missingDependencies(dependencies: readonly string[]): string[];
  /** The sync package pacman would pick for a dependency (literal name first, then providers), or undefined. */
  repositorySatisfier(dependency: string): DependencySource | undefined;
  /** The installed package satisfying a dependency, or undefined. */
  installedSatisfier(dependency: string): DependencySource | undefined;
  /** Installed packages no sync repository has (`pacman -Qm`: AUR and hand-built ones), by name. */
  foreignPackages(): Array<{ name: string; version: string }>;
}

interface SyncRepository {
  name: string;
  byName: Map<string, PacmanPackage>;
  /** By name, as libalpm's package cache (providers are tried in this order). */
  sorted: PacmanPackage[];
  /** Provision name -> packages providing it, in name order. */
  providers: Map<string, PacmanPackage[]>;
}

interface PacmanState {
  repositories: SyncRepository[];
  local: Map<string, PacmanPackage>;
  localSorted: PacmanPackage[];
  isIgnored(item: PacmanPackage): boolean;
  /** HoldPkg globs. */
  holdPackages: readonly string[];
}

const byName = (left: PacmanPackage, right: PacmanPackage): number =>
  left.name < right.name ? -1 : left.name > right.name ? 1 : 0;

function buildState(index: PackageIndex, options: PacmanResolverOptions): PacmanState {
  const root = index.backend.root;
  const config = readPacmanConfig(options.configFile ?? join(root, 'etc/pacman.conf'), root);
  const available = new Map<string, IndexedRecord[]>();
  const local = new Map<string, PacmanPackage>();
  for (const record of index.records()) {
    if (record.sourceKind === 'installed') {
      local.set(record.name, toPacmanPackage(record, 'local'));
      continue;
    }
    const list = available.get(record.repository);
    if (list === undefined) available.set(record.repository, [record]);
    else list.push(record);
  }
  const indexOrder = index
    .sources()
    .filter((source) => source.kind === 'available')
    .map((source) => source.repository);
  // A pacman.conf without repository sections (Debian's default one) does not describe these databases.
  const configured = config !== undefined && config.repositories.length > 0 ? config.repositories : undefined;
  const order = options.repositories ?? configured ?? indexOrder;
  const repositories: SyncRepository[] = [];
  for (const name of order) {
    const records = available.get(name);
    if (records === undefined) continue;
    const repository: SyncRepository = { name, byName: new Map(), sorted: [], providers: new Map() };
    for (const record of records) {
      if (repository.byName.has(record.name)) continue;
      const item = toPacmanPackage(record, name);
      repository.byName.set(record.name, item);
      repository.sorted.push(item);
    }
    repository.sorted.sort(byName);
    for (const item of repository.sorted) {
      for (const provision of item.provides) {
        const list = repository.providers.get(provision.name);
        if (list === undefined) repository.providers.set(provision.name, [item]);
        else if (list[list.length - 1] !== item) list.push(item);
      }
    }
    repositories.push(repository);
  }
  const ignorePackages = options.ignorePackages ?? config?.ignorePackages ?? [];
  const ignoreGroups = options.ignoreGroups ?? config?.ignoreGroups ?? [];
  return {
    repositories,
    local,
    localSorted: [...local.values()].sort(byName),
    holdPackages: options.holdPackages ?? config?.holdPackages ?? [],
    isIgnored: (item) =>
      ignorePackages.some((pattern) => matchesGlob(pattern, item.name)) ||
      item.groups.some((group) => ignoreGroups.some((pattern) => matchesGlob(pattern, group))),
  };
}

/** The result of one resolution, before it becomes a plan. */
interface Transaction {
  operation: TransactionPlan['operation'];
  /** Packages to install or upgrade, with why. */
  add: PacmanPackage[];
  /** Installed packages to remove, with why. */
  remove: Array<{ item: PacmanPackage; reason: PlannedPackage['reason']; requiredBy: string[] }>;
  requested: Set<string>;
  requiredBy: Map<string, Set<string>>;
  problems: PlanProblem[];
  /** pacman's warnings that change nothing (reinstalling, ignored upgrades, newer local versions). */
  notes: string[];
}

/**
 * Creates the pacman resolver over an index, with pacman's semantics: the candidate for a name is
 * the package of the FIRST sync repository (pacman.conf order) that has it, not the highest version;
 * a dependency is satisfied by the literal name first, then by the first provider in repository and
 * name order (an installed provider wins), as pacman picks without a prompt; versioned dependencies
 * follow vercmp; IgnorePkg/IgnoreGroup hold back upgrades and dependencies. `planRemove` follows
 * `pacman -Rs`, `planUpdate` `pacman -Su` (replacements included), and `orphans` is what
 * `pacman -Qdtq` would list after the transaction.
 */
export function createPacmanResolver(
  index: PackageIndex,
  options: PacmanResolverOptions = {},
): PacmanResolver {
  let cached: PacmanState | undefined;
  const state = (): PacmanState => {
    cached ??= buildState(index, options);
    return cached;
  };
  const conflictMode = options.conflicts ?? 'remove';

  /** libalpm's resolvedep: literal name in repository order, then providers. */
  function resolveDependency(
    dependency: PacmanDependency,
    repositories: readonly SyncRepository[],
    excluding: ReadonlySet<string>,
    prompt: boolean,
  ): PacmanPackage | undefined {
    const { local, isIgnored } = state();
    for (const repository of repositories) {
      const item = repository.byName.get(dependency.name);
      if (item !== undefined && satisfiesLiterally(item, dependency) && !excluding.has(item.name)) {
        // An ignored package is only taken when pacman may ask (named targets; the answer defaults to yes).
        if (isIgnored(item) && !prompt) continue;
        return item;
      }
    }
    let first: PacmanPackage | undefined;
    for (const repository of repositories) {
      for (const item of repository.providers.get(dependency.name) ?? []) {
        if (item.name === dependency.name || excluding.has(item.name)) continue;
        if (!satisfiesByProvision(item, dependency)) continue;
        if (isIgnored(item) && !prompt) continue;
        // An installed provider is taken at once, without the select-provider question.
        if (local.has(item.name)) return item;
        first ??= item;
      }
    }
    return first;
  }

  function unknownTarget(name: string): PlanProblem {
    const names = new Set<string>();
    for (const repository of state().repositories) for (const key of repository.byName.keys()) names.add(key);
    for (const key of state().local.keys()) names.add(key);
    const suggestion = didYouMean(name, names);
    return {
      name,
      message: `target not found: ${name}`,
      ...(suggestion === undefined ? {} : { suggestions: [suggestion] }),
    };
  }

  /** alpm_sync_prepare: dependencies, conflicts, and what the result would break. */
  function prepare(transaction: Transaction): void {
    const { localSorted, repositories } = state();
    const removedNames = new Set(transaction.remove.map((entry) => entry.item.name));
    const targets = transaction.add;
    const targetNames = new Set(targets.map((item) => item.name));
    // The installed packages as resolvedeps sees them: minus those being upgraded or removed.
    const localPackages = createPackageSet(
      localSorted.filter((item) => !targetNames.has(item.name) && !removedNames.has(item.name)),
    );
    const installedKept = createPackageSet(localSorted.filter((item) => !removedNames.has(item.name)));
    const resolvedSet = createPackageSet();
    const resolved = resolvedSet.items;
    const resolvedNames = new Set<string>();
    const addRequiredBy = (name: string, by: string): void => {
      let set = transaction.requiredBy.get(name);
      if (set === undefined) {
        set = new Set();
        transaction.requiredBy.set(name, set);
      }
      set.add(by);
    };

    const resolveDependencies = (item: PacmanPackage): boolean => {
      if (resolvedNames.has(item.name)) return true;
      const mark = resolved.length;
      resolvedSet.add(item);
      resolvedNames.add(item.name);
      let ok = true;
      const problems: PlanProblem[] = [];
      for (const dependency of item.depends) {
        // alpm_checkdeps: satisfied by the package itself or by an installed package that stays.
        if (satisfies(item, dependency) || localPackages.first(dependency) !== undefined) continue;
        const inList = resolvedSet.first(dependency);
        if (inList !== undefined) {
          addRequiredBy(inList.name, item.name);
          continue;
        }
        const candidate =
          findSatisfier(targets, dependency) ??
          resolveDependency(dependency, repositories, resolvedNames, false);
        if (candidate !== undefined && resolveDependencies(candidate)) {
          addRequiredBy(candidate.name, item.name);
          continue;
        }
        if (installedKept.first(dependency) !== undefined) continue;
        ok = false;
        problems.push({
          name: item.name,
          message: `unable to satisfy dependency '${formatPacmanDependency(dependency)}' required by ${item.name}`,
        });
      }
      if (!ok) {
        for (const dropped of resolved.slice(mark)) resolvedNames.delete(dropped.name);
        resolvedSet.truncate(mark);
        for (const problem of problems)
          if (!transaction.problems.some((known) => known.message === problem.message))
            transaction.problems.push(problem);
      }
      return ok;
    };
    for (const target of targets) resolveDependencies(target);
    transaction.add = [...resolved];

    // Conflicts between the new packages.
    for (const first of resolved) {
      for (const conflict of first.conflicts) {
        for (const second of resolvedSet.all(conflict)) {
          if (second.name === first.name) continue;
          const message = `unresolvable package conflicts detected: ${first.name} and ${second.name} are in conflict`;
          if (
            !transaction.problems.some((known) =>
              known.message.endsWith(`${second.name} and ${first.name} are in conflict`),
            )
          )
            transaction.problems.push({ name: first.name, message });
        }
      }
    }
    // Conflicts between new and installed packages (both directions).
    const stay = localSorted.filter((item) => !resolvedNames.has(item.name) && !removedNames.has(item.name));
    const staySet = createPackageSet(stay);
    const clashes = new Map<PacmanPackage, Set<PacmanPackage>>();
    const clash = (installed: PacmanPackage, incoming: PacmanPackage): void => {
      if (installed.name === incoming.name) return;
      let set = clashes.get(installed);
      if (set === undefined) {
        set = new Set();
        clashes.set(installed, set);
      }
      set.add(incoming);
    };
    for (const incoming of resolved)
      for (const conflict of incoming.conflicts)
        for (const installed of staySet.all(conflict)) clash(installed, incoming);
    for (const installed of stay)
      for (const conflict of installed.conflicts)
        for (const incoming of resolvedSet.all(conflict)) clash(installed, incoming);
    const conflicting = new Map<string, { item: PacmanPackage; with: string }>();
    for (const incoming of resolved) {
      for (const installed of stay) {
        if (clashes.get(installed)?.has(incoming) === true && !conflicting.has(installed.name))
          conflicting.set(installed.name, { item: installed, with: incoming.name });
      }
      if (conflicting.size === clashes.size) break;
    }
    for (const { item, with: incoming } of conflicting.values()) {
      if (conflictMode === 'remove') {
        transaction.remove.push({ item, reason: 'conflict', requiredBy: [incoming] });
        removedNames.add(item.name);
      } else {
        transaction.problems.push({
          name: incoming,
          message: `${incoming} and ${item.name} are in conflict`,
        });
      }
    }
    // What the transaction would break among the installed packages that stay.
    const modified = createPackageSet(
      localSorted.filter((item) => resolvedNames.has(item.name) || removedNames.has(item.name)),
    );
    const remaining = localSorted.filter(
      (item) => !resolvedNames.has(item.name) && !removedNames.has(item.name),
    );
    const remainingSet = createPackageSet(remaining);
    for (const dependent of remaining) {
      for (const dependency of dependent.depends) {
        const causing = modified.first(dependency);
        if (causing === undefined) continue;
        if (resolvedSet.first(dependency) !== undefined || remainingSet.first(dependency) !== undefined)
          continue;
        const incoming = resolved.find((item) => item.name === causing.name);
        const text = formatPacmanDependency(dependency);
        transaction.problems.push({
          name: causing.name,
          message:
            incoming === undefined
              ? `removing ${causing.name} breaks dependency '${text}' required by ${dependent.name}`
              : `installing ${incoming.name} (${incoming.version}) breaks dependency '${text}' required by ${dependent.name}`,
        });
      }
    }
  }

  /** What `pacman -Qdtq` lists once the transaction is done. */
  function orphansAfter(transaction: Transaction): string[] {
    const { local } = state();
    const removed = new Set(transaction.remove.map((entry) => entry.item.name));
    const after = new Map<string, PacmanPackage>();
    for (const [name, item] of local) if (!removed.has(name)) after.set(name, item);
    for (const item of transaction.add) {
      const previous = local.get(item.name);
      // pacman keeps the install reason of an upgraded or reinstalled package.
      const automatic = previous === undefined ? !transaction.requested.has(item.name) : previous.automatic;
      after.set(item.name, { ...item, automatic });
    }
    const all = createPackageSet(after.values());
    const required = new Set<string>();
    for (const item of all.items)
      for (const dependency of [...item.depends, ...item.optionalDepends])
        for (const satisfier of all.all(dependency)) required.add(satisfier.name);
    return all.items
      .filter((item) => item.automatic && !required.has(item.name))
      .map((item) => item.name)
      .sort();
  }

  function toPlan(transaction: Transaction): TransactionPlan {
    const { local } = state();
    const packages: PlannedPackage[] = [];
    let downloadSize = 0;
    let installedSizeChange = 0;
    for (const item of transaction.add) {
      const previous = local.get(item.name);
      const order = previous === undefined ? 1 : comparePacmanVersions(item.version, previous.version);
      const planned: PlannedPackage = {
        name: item.name,
        action:
          previous === undefined ? 'install' : order > 0 ? 'upgrade' : order < 0 ? 'downgrade' : 'reinstall',
        version: item.version,
        repository: item.repository,
        architecture: item.record.architecture,
        reason: transaction.requested.has(item.name)
          ? transaction.operation === 'update'
            ? 'upgradable'
            : 'requested'
          : 'dependency',
        requiredBy: transaction.requested.has(item.name)
          ? []
          : [...(transaction.requiredBy.get(item.name) ?? [])].sort(),
      };
      if (previous !== undefined) planned.previousVersion = previous.version;
      if (planned.action === 'reinstall' && transaction.requested.has(item.name))
        transaction.notes.push(`${item.name}-${item.version} is up to date -- reinstalling`);
      if (planned.action === 'downgrade')
        transaction.notes.push(`downgrading package ${item.name} (${previous?.version} => ${item.version})`);
      if (item.record.downloadSize !== undefined) {
        planned.downloadSize = item.record.downloadSize;
        downloadSize += item.record.downloadSize;
      }
      if (item.record.installedSize !== undefined) {
        planned.installedSize = item.record.installedSize;
        installedSizeChange += item.record.installedSize;
      }
      installedSizeChange -= previous?.record.installedSize ?? 0;
      packages.push(planned);
    }
    for (const { item, reason, requiredBy } of transaction.remove) {
      const planned: PlannedPackage = {
        name: item.name,
        action: 'remove',
        version: item.version,
        repository: 'installed',
        architecture: item.record.architecture,
        reason,
        requiredBy,
      };
      if (item.record.installedSize !== undefined) {
        planned.installedSize = item.record.installedSize;
        installedSizeChange -= item.record.installedSize;
      }
      packages.push(planned);
    }
    packages.sort((left, right) =>
      left.name < right.name ? -1 : left.name > right.name ? 1 : left.action === 'remove' ? 1 : -1,
    );
    return {
      backend: 'pacman',
      operation: transaction.operation,
      packages,
      orphans: transaction.problems.length === 0 ? orphansAfter(transaction) : [],
      problems: transaction.problems,
      totals: { downloadSize, installedSizeChange },
      ...(transaction.notes.length > 0 ? { notes: transaction.notes } : {}),
    };
  }

  function newTransaction(operation: Transaction['operation']): Transaction {
    return {
      operation,
      add: [],
      remove: [],
      requested: new Set(),
      requiredBy: new Map(),
      problems: [],
      notes: [],
    };
  }

  return {
    backend: 'pacman',
    get repositories() {
      return state().repositories.map((repository) => repository.name);
    },

    planInstall(names) {
      const { repositories } = state();
      const transaction = newTransaction('install');
      for (const name of names) {
        const slash = name.indexOf('/');
        const repositoryName = slash > 0 ? name.slice(0, slash) : undefined;
        const within =
          repositoryName === undefined
            ? repositories
            : repositories.filter((repository) => repository.name === repositoryName);
        const dependency = parsePacmanDependency(slash > 0 ? name.slice(slash + 1) : name);
        const item = within.length === 0 ? undefined : resolveDependency(dependency, within, new Set(), true);
        if (item === undefined) {
          transaction.problems.push(unknownTarget(name));
          continue;
        }
        if (transaction.requested.has(item.name)) continue; // "skipping target: duplicate"
        transaction.requested.add(item.name);
        transaction.add.push(item);
      }
      if (transaction.problems.length > 0) return toPlan({ ...transaction, add: [] });
      prepare(transaction);
      return toPlan(transaction);
    },

    planRemove(names) {
      const { local, localSorted, holdPackages } = state();
      const transaction = newTransaction('remove');
      const targets: PacmanPackage[] = [];
      for (const name of names) {
        const item = local.get(name);
        if (item === undefined) transaction.problems.push(unknownTarget(name));
        else if (!targets.includes(item)) targets.push(item);
      }
      if (transaction.problems.length > 0) return toPlan(transaction);
      // _alpm_recursedeps: select the dependencies (installed as dependencies) of what is removed,
      // then give back whatever a kept package still depends on.
      const targetNames = new Set(targets.map((item) => item.name));
      const keep = localSorted.filter((item) => !targetNames.has(item.name));
      const removed: PacmanPackage[] = [];
      const selectDependencies = (
        from: PacmanPackage[],
        to: PacmanPackage[],
        item: PacmanPackage,
        explicit: boolean,
      ): void => {
        if (item.depends.length === 0) return;
        for (let position = 0; position < from.length; ) {
          const candidate = from[position] as PacmanPackage;
          if (
            (explicit || candidate.automatic) &&
            item.depends.some((dependency) => satisfies(candidate, dependency))
          ) {
            to.push(candidate);
            from.splice(position, 1);
          } else position += 1;
        }
      };
      for (const target of targets) selectDependencies(keep, removed, target, false);
      for (let position = 0; position < removed.length; position += 1)
        selectDependencies(keep, removed, removed[position] as PacmanPackage, false);
      for (let position = 0; position < keep.length && removed.length > 0; position += 1)
        selectDependencies(removed, keep, keep[position] as PacmanPackage, true);
      const requiredBy = new Map<string, string[]>();
      for (const item of removed) {
        const by = [...targets, ...removed]
          .filter((other) => other.depends.some((dependency) => satisfies(item, dependency)))
          .map((other) => other.name);
        requiredBy.set(item.name, by);
      }
      for (const item of targets) transaction.remove.push({ item, reason: 'requested', requiredBy: [] });
      for (const item of removed)
        transaction.remove.push({ item, reason: 'dependency', requiredBy: requiredBy.get(item.name) ?? [] });
      // pacman's remove.c: a HoldPkg anywhere in the removal list (named or pulled in by -s) asks
      // a question that defaults to no, so `pacman -R --noconfirm` (omg's hand-over) refuses.
      const held = transaction.remove
        .map((entry) => entry.item.name)
        .filter((name) => holdPackages.some((pattern) => matchesGlob(pattern, name)));
      if (held.length > 0) {
        transaction.problems.push({
          name: held[0] as string,
          message: `HoldPkg was found in target list: ${held.join(', ')} (pacman.conf HoldPkg; remove it with pacman itself if you mean it)`,
        });
      }
      // alpm_checkdeps(reversedeps): an installed package that stays must keep its dependencies.
      const removedNames = new Set(transaction.remove.map((entry) => entry.item.name));
      const modified = localSorted.filter((item) => removedNames.has(item.name));
      const remaining = localSorted.filter((item) => !removedNames.has(item.name));
      for (const dependent of remaining) {
        for (const dependency of dependent.depends) {
          const causing = findSatisfier(modified, dependency);
          if (causing === undefined || findSatisfier(remaining, dependency) !== undefined) continue;
          transaction.problems.push({
            name: causing.name,
            message: `removing ${causing.name} breaks dependency '${formatPacmanDependency(dependency)}' required by ${dependent.name}`,
          });
        }
      }
      return toPlan(transaction);
    },

    planUpdate() {
      const { repositories, localSorted, isIgnored } = state();
      const transaction = newTransaction('update');
      const addNames = new Map<string, PacmanPackage>();
      const replacedBy = new Map<string, string>();
      for (const installed of localSorted) {
        if (addNames.has(installed.name) || replacedBy.has(installed.name)) continue;
        for (const repository of repositories) {
          // check_replacers: a package of this repository whose %REPLACES% names the installed one.
          const replacers: PacmanPackage[] = [];
          for (const candidate of repository.sorted) {
            if (!candidate.replaces.some((replace) => satisfiesLiterally(installed, replace))) continue;
            if (isIgnored(candidate) || isIgnored(installed)) continue;
            const already = addNames.get(candidate.name);
            if (already !== undefined) {
              if (already.repository === repository.name) replacedBy.set(installed.name, candidate.name);
              continue;
            }
            replacers.push(candidate);
            replacedBy.set(installed.name, candidate.name);
          }
          if (replacers.length > 0) {
            for (const replacer of replacers) addNames.set(replacer.name, replacer);
            break;
          }
          const candidate = repository.byName.get(installed.name);
          if (candidate === undefined) continue;
          const order = comparePacmanVersions(candidate.version, installed.version);
          if (order > 0 && (isIgnored(candidate) || isIgnored(installed)))
            transaction.notes.push(
              `${installed.name}: ignoring package upgrade (${installed.version} => ${candidate.version})`,
            );
          else if (order > 0) addNames.set(candidate.name, candidate);
          else if (order < 0)
            transaction.notes.push(
              `${installed.name}: local (${installed.version}) is newer than ${repository.name} (${candidate.version})`,
            );
          break;
        }
      }
      transaction.add = [...addNames.values()];
      for (const item of transaction.add) transaction.requested.add(item.name);
      for (const [name, by] of replacedBy) {
        const item = state().local.get(name);
        if (item !== undefined) transaction.remove.push({ item, reason: 'conflict', requiredBy: [by] });
      }
      prepare(transaction);
      return toPlan(transaction);
    },

    foreignPackages() {
      const { localSorted, repositories } = state();
      return localSorted
        .filter((item) => !repositories.some((repository) => repository.byName.has(item.name)))
        .map((item) => ({ name: item.name, version: item.version }));
    },

    missingDependencies(dependencies) {
      const { localSorted } = state();
      return dependencies.filter(
        (text) => findSatisfier(localSorted, parsePacmanDependency(text)) === undefined,
      );
    },

    repositorySatisfier(dependency) {
      const item = resolveDependency(
        parsePacmanDependency(dependency),
        state().repositories,
        new Set(),
        false,
      );
      return item === undefined
        ? undefined
        : { name: item.name, version: item.version, repository: item.repository };
    },

    installedSatisfier(dependency) {
      const item = findSatisfier(state().localSorted, parsePacmanDependency(dependency));
      return item === undefined
        ? undefined
        : { name: item.name, version: item.version, repository: 'installed' };
    },
  };
}
