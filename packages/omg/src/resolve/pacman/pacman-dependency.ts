import type { PackageRecord } from '../../backends/package-record.js';
import { parseRelationField } from '../../query/relations.js';
import { comparePacmanVersions } from '../../versions/compare-pacman-versions.js';

/** A pacman version operator (`foo>=1.2`). */
export type PacmanOperator = '<' | '<=' | '=' | '>=' | '>';

/** One pacman dependency, provision, conflict or replacement: `name[op version]`. */
export interface PacmanDependency {
  name: string;
  operator?: PacmanOperator;
  version?: string;
}

/** A package with its relations parsed the way libalpm holds them. */
export interface PacmanPackage {
  name: string;
  version: string;
  /** The sync repository (`core`), or `local` for an installed package. */
  repository: string;
  record: PackageRecord;
  depends: PacmanDependency[];
  optionalDepends: PacmanDependency[];
  provides: PacmanDependency[];
  conflicts: PacmanDependency[];
  replaces: PacmanDependency[];
  groups: string[];
  /** Installed as a dependency (%REASON% 1); local packages only. */
  automatic: boolean;
}

const operatorPattern = /^([^<>=]+)(<=|>=|=|<|>)(.+)$/;

/** Parses pacman's `name>=1.2` (a `: description` suffix, as in optdepends, is dropped). */
export function parsePacmanDependency(text: string): PacmanDependency {
  const spec = text.replace(/:\s.*$/, '').trim();
  const match = operatorPattern.exec(spec);
  if (match === null || match[1] === undefined || match[3] === undefined) return { name: spec };
  return { name: match[1], operator: match[2] as PacmanOperator, version: match[3] };
}

/** The dependency as pacman prints it: `name>=1.2`. */
export function formatPacmanDependency(dependency: PacmanDependency): string {
  return dependency.operator === undefined
    ? dependency.name
    : `${dependency.name}${dependency.operator}${dependency.version}`;
}

const debianToPacman: Record<string, PacmanOperator> = {
  '<<': '<',
  '<': '<',
  '<=': '<=',
  '=': '=',
  '>=': '>=',
  '>>': '>',
  '>': '>',
};

/** Reads a relation field the pacman backend stored in Debian form (`glibc (>= 2.39), gpm`). */
export function relationFieldToDependencies(field: string | undefined): PacmanDependency[] {
  const dependencies: PacmanDependency[] = [];
  for (const group of parseRelationField(field)) {
    for (const alternative of group) {
      const operator = alternative.relation === undefined ? undefined : debianToPacman[alternative.relation];
      dependencies.push(
        operator === undefined || alternative.version === undefined
          ? { name: alternative.name }
          : { name: alternative.name, operator, version: alternative.version },
      );
    }
  }
  return dependencies;
}

/** Builds the parsed form of a record (the backend's relation fields; groups from `section`). */
export function toPacmanPackage(
  record: PackageRecord & { automatic?: boolean },
  repository: string,
): PacmanPackage {
  return {
    name: record.name,
    version: record.version,
    repository,
    record,
    depends: relationFieldToDependencies(record.relations.depends),
    optionalDepends: relationFieldToDependencies(record.relations.suggests),
    provides: relationFieldToDependencies(record.relations.provides),
    conflicts: relationFieldToDependencies(record.relations.conflicts),
    replaces: relationFieldToDependencies(record.relations.replaces),
    groups: record.section === undefined || record.section === '' ? [] : record.section.split(' '),
    automatic: record.automatic === true,
  };
}

/** libalpm's dep_vercmp: does `version` satisfy `operator wanted`? */
export function versionSatisfies(version: string, operator: PacmanOperator, wanted: string): boolean {
  const order = comparePacmanVersions(version, wanted);
  switch (operator) {
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '=':
      return order === 0;
    case '>=':
      return order >= 0;
    case '>':
      return order > 0;
  }
}

/** `_alpm_depcmp_literal`: the package itself (by name and version) satisfies the dependency. */
export function satisfiesLiterally(item: PacmanPackage, dependency: PacmanDependency): boolean {
  if (item.name !== dependency.name) return false;
  if (dependency.operator === undefined || dependency.version === undefined) return true;
  return versionSatisfies(item.version, dependency.operator, dependency.version);
}

/**
 * `_alpm_depcmp_provides`: a provision satisfies an unversioned dependency by name; a versioned
 * dependency only through a versioned (`=`) provision whose version satisfies it.
 */
export function satisfiesByProvision(item: PacmanPackage, dependency: PacmanDependency): boolean {
  for (const provision of item.provides) {
    if (provision.name !== dependency.name) continue;
    if (dependency.operator === undefined || dependency.version === undefined) return true;
    if (
      provision.operator === '=' &&
      provision.version !== undefined &&
      versionSatisfies(provision.version, dependency.operator, dependency.version)
    )
      return true;
  }
  return false;
}

/** `_alpm_depcmp`: literally or through a provision. */
export function satisfies(item: PacmanPackage, dependency: PacmanDependency): boolean {
  return satisfiesLiterally(item, dependency) || satisfiesByProvision(item, dependency);
}

/** The first package of `packages` that satisfies the dependency (`_alpm_find_dep_satisfier`). */
export function findSatisfier(
  packages: Iterable<PacmanPackage>,
  dependency: PacmanDependency,
): PacmanPackage | undefined {
  for (const item of packages) if (satisfies(item, dependency)) return item;
  return undefined;
}

/** Packages indexed by name and provided names, for satisfier lookups without scanning. */
export interface PackageSet {
  /** In insertion order. */
  readonly items: readonly PacmanPackage[];
  add(item: PacmanPackage): void;
  /** Drops every package added after the first `length`. */
  truncate(length: number): void;
  has(name: string): boolean;
  /** The earliest added package that satisfies the dependency (as `_alpm_find_dep_satisfier` on the list). */
  first(dependency: PacmanDependency): PacmanPackage | undefined;
  /** Every package that satisfies the dependency, in insertion order. */
  all(dependency: PacmanDependency): PacmanPackage[];
}

/** Creates a {@link PackageSet}. */
export function createPackageSet(initial: Iterable<PacmanPackage> = []): PackageSet {
  const items: PacmanPackage[] = [];
  const position = new Map<PacmanPackage, number>();
  const byName = new Map<string, PacmanPackage[]>();
  const key = (name: string): PacmanPackage[] => {
    let list = byName.get(name);
    if (list === undefined) {
      list = [];
      byName.set(name, list);
    }
    return list;
  };
  const names = (item: PacmanPackage): Set<string> =>
    new Set([item.name, ...item.provides.map((provision) => provision.name)]);
  const set: PackageSet = {
    items,
    add(item) {
      position.set(item, items.length);
      items.push(item);
      for (const name of names(item)) key(name).push(item);
    },
    truncate(length) {
      for (const item of items.splice(length)) {
        position.delete(item);
        for (const name of names(item)) {
          const list = byName.get(name);
          if (list !== undefined) list.splice(list.indexOf(item), 1);
        }
      }
    },
    has(name) {
      return byName.get(name)?.some((item) => item.name === name) === true;
    },
    first(dependency) {
      let best: PacmanPackage | undefined;
      for (const item of byName.get(dependency.name) ?? []) {
        if (!satisfies(item, dependency)) continue;
        if (best === undefined || (position.get(item) ?? 0) < (position.get(best) ?? 0)) best = item;
      }
      return best;
    },
    all(dependency) {
      return (byName.get(dependency.name) ?? [])
        .filter((item) => satisfies(item, dependency))
        .sort((left, right) => (position.get(left) ?? 0) - (position.get(right) ?? 0));
    },
  };
  for (const item of initial) set.add(item);
  return set;
}
