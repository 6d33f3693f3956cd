import { editDistance } from '@venom/core';
import type { AurClient, AurPackageInfo } from '../backends/aur/create-aur-client.js';
import type { PlanProblem, TransactionPlan } from '../plan/transaction-plan.js';
import type { PacmanResolver } from '../resolve/pacman/create-pacman-resolver.js';
import {
  formatPacmanDependency,
  parsePacmanDependency,
  versionSatisfies,
} from '../resolve/pacman/pacman-dependency.js';

/** One AUR package base to build, with the packages of it omg installs. */
export interface AurBuild {
  /** The package base (the snapshot and the build directory are named after it). */
  packageBase: string;
  version: string;
  /** The packages of this base that are needed (targets or dependencies). */
  packages: string[];
  /** Named on the command line (else pulled in as a dependency). */
  requested: boolean;
  /** Other AUR package bases that must be built and installed first. */
  after: string[];
  /** AUR packages that need this one. */
  requiredBy: string[];
  /** Depends, MakeDepends and CheckDepends as the AUR lists them. */
  dependencies: string[];
}

/** What `omg aur install` would do. */
export interface AurInstallPlan {
  targets: string[];
  /** AUR package bases in build order (each after everything it needs). */
  builds: AurBuild[];
  /** The repository packages to install first, as a pacman plan (reasons `dependency`). */
  repositoryPlan: TransactionPlan;
  /** The repository dependencies as the AUR packages state them (`foo>=1`), with the AUR packages needing each. */
  repositoryDependencies: Record<string, string[]>;
  /** Dependencies already satisfied by installed packages. */
  satisfied: string[];
  /**
   * Dependencies no package is named after, by the AUR package chosen to provide them (`provides`
   * search): one already in the plan first, else the most voted, then by name.
   */
  providers: Record<string, string>;
  /** Non-empty means nothing is built. */
  problems: PlanProblem[];
}

/** Options for {@link resolveAurPlan}. */
export interface ResolveAurPlanOptions {
  client: AurClient;
  resolver: PacmanResolver;
  /** Also count check dependencies (makepkg builds run check() unless --nocheck). Default true. */
  checkDependencies?: boolean;
}

async function suggestionsFor(client: AurClient, name: string): Promise<string[]> {
  // The AUR only searches substrings: ask for the name's words and its first half (a few requests,
  // on the error path only; a term matching too much is an RPC error, ignored).
  const words = name
    .split(/[-_.+]/)
    .filter((word) => word.length >= 3 && !['git', 'bin', 'svn'].includes(word));
  const terms = [...new Set([name.slice(0, Math.max(3, Math.ceil(name.length / 2))), ...words])].slice(0, 3);
  const found = new Set<string>();
  for (const term of terms) {
    if (term.length < 2) continue;
    try {
      for (const item of await client.search(term, 'name')) found.add(item.Name);
    } catch {
      // A failed suggestion search leaves the suggestions out.
    }
  }
  const limit = Math.max(2, Math.floor(name.length / 3));
  return [...found]
    .map((candidate) => ({ candidate, distance: editDistance(name, candidate) }))
    .filter((entry) => entry.distance <= limit)
    .sort((left, right) => left.distance - right.distance || (left.candidate < right.candidate ? -1 : 1))
    .slice(0, 3)
    .map((entry) => entry.candidate);
}

/** A cycle among package bases as `a -> b -> a`, or undefined. */
function findCycle(edges: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'done') return undefined;
    if (state.get(node) === 'open') return [...path.slice(path.indexOf(node)), node];
    state.set(node, 'open');
    path.push(node);
    for (const next of edges.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle !== undefined) return cycle;
    }
    path.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of [...edges.keys()].sort()) {
    const cycle = visit(node);
    if (cycle !== undefined) return cycle;
  }
  return undefined;
}

/**
 * Resolves AUR targets the way an AUR helper must: every Depends/MakeDepends/CheckDepends that no
 * installed package satisfies is taken from the sync repositories when they have it (through the
 * pacman resolver, pacman's choice), else from the AUR (looked up with one `info` request per round
 * for all new names). AUR package bases come out in build order; a cycle, an unknown target (with
 * close AUR names) or a dependency found nowhere is a problem.
 */
export async function resolveAurPlan(
  names: readonly string[],
  options: ResolveAurPlanOptions,
): Promise<AurInstallPlan> {
  const { client, resolver } = options;
  const problems: PlanProblem[] = [];
  const infos = new Map<string, AurPackageInfo>();
  const unknown = new Set<string>();
  const repositoryDependencies = new Map<string, Set<string>>();
  const satisfied = new Set<string>();
  /** AUR package name -> the AUR packages that need it. */
  const neededBy = new Map<string, Set<string>>();
  /** Pending AUR lookups: name -> the dependencies (with who needs them) waiting for it. */
  let pending = new Map<string, Array<{ dependency: string; by: string | undefined }>>();
  for (const name of names) pending.set(name, [{ dependency: name, by: undefined }]);
  const requested = new Set(names);
  /** AUR packages whose dependencies were looked at (each once). */
  const expanded = new Set<string>();
  /** Dependency (as written) -> the AUR package providing it. */
  const providers = new Map<string, string>();

  /**
   * The AUR package to satisfy `dependency` through its `provides`, when no package has the name:
   * one already chosen for the plan, else the most voted, then the first by name. Undefined when
   * none provides it (in a version that satisfies it).
   */
  const findProvider = async (
    dependency: string,
    inPlan: (name: string) => boolean,
  ): Promise<string | undefined> => {
    const wanted = parsePacmanDependency(dependency);
    let candidates: string[];
    try {
      candidates = (await client.search(wanted.name, 'provides'))
        .map((item) => item.Name)
        .filter((name) => name !== wanted.name);
    } catch {
      return undefined; // an aurweb without `by=provides`, or an error: the dependency stays missing
    }
    const missing = candidates.filter((name) => !infos.has(name) && !unknown.has(name));
    if (missing.length > 0) for (const info of await client.info(missing)) infos.set(info.Name, info);
    const providing = candidates.filter((name) =>
      (infos.get(name)?.Provides ?? []).some((entry) => {
        const provided = parsePacmanDependency(entry);
        if (provided.name !== wanted.name) return false;
        if (wanted.operator === undefined || wanted.version === undefined) return true;
        // pacman: an unversioned provide does not satisfy a versioned dependency.
        return (
          provided.version !== undefined &&
          versionSatisfies(provided.version, wanted.operator, wanted.version)
        );
      }),
    );
    const votes = (name: string): number => infos.get(name)?.NumVotes ?? 0;
    providing.sort(
      (left, right) =>
        Number(inPlan(right)) - Number(inPlan(left)) ||
        votes(right) - votes(left) ||
        (left < right ? -1 : left > right ? 1 : 0),
    );
    return providing[0];
  };

  while (pending.size > 0) {
    const batch = pending;
    pending = new Map();
    const lookups = [...batch.keys()].filter((name) => !infos.has(name) && !unknown.has(name));
    if (lookups.length > 0) {
      const results = await client.info(lookups);
      for (const info of results) infos.set(info.Name, info);
      for (const name of lookups) if (!infos.has(name)) unknown.add(name);
    }
    for (const [name, waiting] of batch) {
      const info = infos.get(name);
      let usable = false;
      for (const { dependency, by } of waiting) {
        if (info === undefined) {
          const provider =
            by === undefined
              ? undefined
              : await findProvider(
                  dependency,
                  (candidate) => expanded.has(candidate) || batch.has(candidate) || pending.has(candidate),
                );
          if (provider !== undefined && by !== undefined) {
            // Satisfied through `provides`: the provider takes the dependency's place (its version
            // was checked against what it provides).
            providers.set(dependency, provider);
            const list = pending.get(provider) ?? [];
            list.push({ dependency: provider, by });
            pending.set(provider, list);
            continue;
          }
          if (by === undefined) {
            problems.push({
              name,
              message: `target not found in the AUR: ${name}`,
              suggestions: await suggestionsFor(client, name),
            });
          } else {
            problems.push({
              name: by,
              message: `unable to satisfy dependency '${dependency}' required by ${by} (not in the repositories or the AUR)`,
            });
          }
          continue;
        }
        const wanted = parsePacmanDependency(dependency);
        if (
          wanted.operator !== undefined &&
          wanted.version !== undefined &&
          !versionSatisfies(info.Version, wanted.operator, wanted.version)
        ) {
          problems.push({
            name: by ?? name,
            message: `unable to satisfy dependency '${dependency}' required by ${by ?? name}: the AUR has ${name} ${info.Version}`,
          });
          continue;
        }
        usable = true;
        if (by !== undefined) {
          let set = neededBy.get(name);
          if (set === undefined) {
            set = new Set();
            neededBy.set(name, set);
          }
          set.add(by);
        }
      }
      if (!usable || info === undefined || expanded.has(name)) continue;
      expanded.add(name);
      const dependencies = [
        ...(info.Depends ?? []),
        ...(info.MakeDepends ?? []),
        ...(options.checkDependencies === false ? [] : (info.CheckDepends ?? [])),
      ];
      for (const dependency of dependencies) {
        if (resolver.missingDependencies([dependency]).length === 0) {
          satisfied.add(dependency);
          continue;
        }
        if (resolver.repositorySatisfier(dependency) !== undefined) {
          let set = repositoryDependencies.get(dependency);
          if (set === undefined) {
            set = new Set();
            repositoryDependencies.set(dependency, set);
          }
          set.add(name);
          continue;
        }
        const target = parsePacmanDependency(dependency).name;
        const list = pending.get(target) ?? [];
        list.push({ dependency: formatPacmanDependency(parsePacmanDependency(dependency)), by: name });
        pending.set(target, list);
      }
    }
  }

  // Package bases and their order.
  const bases = new Map<string, AurBuild>();
  for (const name of expanded) {
    const info = infos.get(name);
    if (info === undefined) continue;
    let build = bases.get(info.PackageBase);
    if (build === undefined) {
      build = {
        packageBase: info.PackageBase,
        version: info.Version,
        packages: [],
        requested: false,
        after: [],
        requiredBy: [],
        dependencies: [],
      };
      bases.set(info.PackageBase, build);
    }
    build.packages.push(name);
    if (requested.has(name)) build.requested = true;
    build.dependencies.push(
      ...(info.Depends ?? []),
      ...(info.MakeDepends ?? []),
      ...(options.checkDependencies === false ? [] : (info.CheckDepends ?? [])),
    );
  }
  const baseOf = (name: string): string | undefined => infos.get(name)?.PackageBase;
  for (const [name, by] of neededBy) {
    const base = baseOf(name);
    if (base === undefined) continue;
    for (const dependent of by) {
      const dependentBase = baseOf(dependent);
      if (dependentBase === undefined || dependentBase === base) continue;
      const build = bases.get(dependentBase);
      const needed = bases.get(base);
      if (build !== undefined && !build.after.includes(base)) build.after.push(base);
      if (needed !== undefined && !needed.requiredBy.includes(dependent)) needed.requiredBy.push(dependent);
    }
  }
  const edges = new Map([...bases.values()].map((build) => [build.packageBase, build.after]));
  const cycle = findCycle(edges);
  const builds: AurBuild[] = [];
  if (cycle !== undefined) {
    problems.push({
      name: cycle[0] ?? '',
      message: `dependency cycle among AUR packages: ${cycle.join(' -> ')}`,
    });
  } else {
    const done = new Set<string>();
    const place = (build: AurBuild): void => {
      if (done.has(build.packageBase)) return;
      done.add(build.packageBase);
      for (const before of [...build.after].sort()) {
        const other = bases.get(before);
        if (other !== undefined) place(other);
      }
      builds.push(build);
    };
    for (const build of [...bases.values()].sort((left, right) =>
      left.packageBase < right.packageBase ? -1 : 1,
    ))
      place(build);
  }
  for (const build of builds) {
    build.packages.sort();
    build.after.sort();
    build.requiredBy.sort();
  }

  const repositoryPlan = resolver.planInstall([...repositoryDependencies.keys()]);
  for (const item of repositoryPlan.packages) {
    if (item.reason !== 'requested') continue;
    item.reason = 'dependency';
    const by = new Set<string>();
    for (const [dependency, names] of repositoryDependencies) {
      if (resolver.repositorySatisfier(dependency)?.name === item.name)
        for (const name of names) by.add(name);
    }
    item.requiredBy = [...by].sort();
  }
  return {
    targets: [...names],
    repositoryDependencies: Object.fromEntries(
      [...repositoryDependencies].map(([dependency, by]) => [dependency, [...by].sort()]),
    ),
    builds,
    repositoryPlan,
    satisfied: [...satisfied].sort(),
    providers: Object.fromEntries([...providers].sort(([left], [right]) => (left < right ? -1 : 1))),
    problems: [...problems, ...repositoryPlan.problems],
  };
}
