import type { AurClient } from '../backends/aur/create-aur-client.js';
import type { PlannedPackage, PlanProblem, TransactionPlan } from '../plan/transaction-plan.js';
import type { PacmanResolver } from '../resolve/pacman/create-pacman-resolver.js';
import { comparePacmanVersions } from '../versions/compare-pacman-versions.js';
import { type AurInstallPlan, resolveAurPlan } from './resolve-aur-plan.js';

/** `omg install` on a pacman system: one plan over repository and AUR names. */
export interface PacmanInstallPlan {
  /**
   * The whole transaction as a pacman plan: repository packages (targets and everything they and the
   * AUR packages need) and the AUR packages with repository `aur`.
   */
  plan: TransactionPlan;
  /** Names the sync repositories satisfy (handed to `pacman -S`). */
  repositoryTargets: string[];
  /** Names taken from the AUR (built with `omg aur install`'s steps), when any. */
  aur?: AurInstallPlan;
}

/**
 * Plans `omg install <names>` on a pacman system: names a sync repository satisfies (pacman's choice,
 * `repo/name` and `name>=ver` included) go to the pacman resolver; the others are looked up in the AUR
 * (unless `client` is undefined). A name found nowhere is pacman's "target not found" with close
 * names from the repositories and the AUR.
 */
export async function planPacmanInstall(
  names: readonly string[],
  options: { resolver: PacmanResolver; client?: AurClient | undefined },
): Promise<PacmanInstallPlan> {
  const { resolver, client } = options;
  const repositoryTargets: string[] = [];
  const aurTargets: string[] = [];
  for (const name of names) {
    const inRepository = name.includes('/')
      ? resolver.planInstall([name]).problems.length === 0
      : resolver.repositorySatisfier(name) !== undefined;
    if (inRepository || client === undefined) repositoryTargets.push(name);
    else aurTargets.push(name);
  }
  const aur =
    client === undefined || aurTargets.length === 0
      ? undefined
      : await resolveAurPlan(aurTargets, { client, resolver });
  const dependencies = aur?.repositoryDependencies ?? {};
  const plan = resolver.planInstall([...repositoryTargets, ...Object.keys(dependencies)]);
  const requestedNames = new Set(
    repositoryTargets.length === 0
      ? []
      : resolver
          .planInstall(repositoryTargets)
          .packages.filter((item) => item.reason === 'requested')
          .map((item) => item.name),
  );
  for (const item of plan.packages) {
    if (item.reason !== 'requested' || requestedNames.has(item.name)) continue;
    item.reason = 'dependency';
    const by = new Set<string>();
    for (const [dependency, needing] of Object.entries(dependencies))
      if (resolver.repositorySatisfier(dependency)?.name === item.name)
        for (const name of needing) by.add(name);
    item.requiredBy = [...by].sort();
  }
  const problems: PlanProblem[] = [...plan.problems];
  for (const problem of aur?.problems ?? []) {
    const unknown = /^target not found in the AUR: (.+)$/.exec(problem.message);
    if (unknown?.[1] === undefined) {
      problems.push(problem);
      continue;
    }
    const repositorySuggestions = resolver.planInstall([unknown[1]]).problems[0]?.suggestions ?? [];
    const suggestions = [...new Set([...repositorySuggestions, ...(problem.suggestions ?? [])])];
    problems.push({
      name: unknown[1],
      message: `target not found: ${unknown[1]}`,
      ...(suggestions.length > 0 ? { suggestions } : {}),
    });
  }
  const packages: PlannedPackage[] = [...plan.packages];
  for (const build of aur?.builds ?? []) {
    for (const name of build.packages) {
      const installed = resolver.installedSatisfier(name);
      const previous = installed?.name === name ? installed.version : undefined;
      const order = previous === undefined ? 1 : comparePacmanVersions(build.version, previous);
      const entry: PlannedPackage = {
        name,
        action:
          previous === undefined ? 'install' : order > 0 ? 'upgrade' : order < 0 ? 'downgrade' : 'reinstall',
        version: build.version,
        repository: 'aur',
        architecture: 'any',
        reason: aur?.targets.includes(name) === true ? 'requested' : 'dependency',
        requiredBy: aur?.targets.includes(name) === true ? [] : build.requiredBy,
      };
      if (previous !== undefined) entry.previousVersion = previous;
      packages.push(entry);
    }
  }
  packages.sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
  return {
    plan: { ...plan, packages, problems, orphans: problems.length > 0 ? [] : plan.orphans },
    repositoryTargets,
    ...(aur === undefined ? {} : { aur }),
  };
}
