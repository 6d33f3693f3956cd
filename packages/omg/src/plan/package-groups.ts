import { didYouMean, VenomError } from '@venom/core';
import type { PackageIndex } from '../index/open-package-index.js';

/** One group `omg install @name` accepts. */
export interface PackageGroup {
  name: string;
  /** `config` (omg's config file) or the backend (`apt` for Debian tasks, `pacman` for %GROUPS%). */
  origin: string;
  /** Package names, sorted. */
  packages: string[];
}

/**
 * The groups of an index: the backend's own (Debian `Task:` fields, pacman `%GROUPS%`) merged with
 * those of omg's config, which win on a name clash. Sorted by name.
 */
export function listPackageGroups(
  index: PackageIndex,
  configured: Readonly<Record<string, readonly string[]>>,
): PackageGroup[] {
  const byName = new Map<string, PackageGroup>();
  const kind = index.backend.kind;
  for (const record of index.records('available')) {
    // The pacman backend records %GROUPS% as the section (space-separated) when it has no groups field.
    const groups =
      record.groups ?? (kind === 'pacman' && record.section !== undefined ? record.section.split(' ') : []);
    for (const group of groups) {
      if (group === '') continue;
      let entry = byName.get(group);
      if (entry === undefined) {
        entry = { name: group, origin: kind, packages: [] };
        byName.set(group, entry);
      }
      if (!entry.packages.includes(record.name)) entry.packages.push(record.name);
    }
  }
  for (const [name, packages] of Object.entries(configured))
    byName.set(name, { name, origin: 'config', packages: [...new Set(packages)] });
  return [...byName.values()]
    .map((group) => ({ ...group, packages: [...group.packages].sort() }))
    .sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
}

/**
 * Replaces each `@group` argument by the group's packages (order kept, duplicates dropped). An
 * unknown group is a usage error (exit 2) naming close group names.
 */
export function expandGroupArguments(names: readonly string[], groups: readonly PackageGroup[]): string[] {
  const expanded: string[] = [];
  for (const name of names) {
    if (!name.startsWith('@')) {
      if (!expanded.includes(name)) expanded.push(name);
      continue;
    }
    const groupName = name.slice(1);
    const group = groups.find((candidate) => candidate.name === groupName);
    if (group === undefined) {
      const suggestion = didYouMean(
        groupName,
        groups.map((candidate) => candidate.name),
      );
      throw new VenomError({
        code: 'GROUP_NOT_FOUND',
        category: 'usage',
        message: `no group named '${groupName}'`,
        hint:
          suggestion === undefined
            ? "Run 'omg groups' to list the groups, or define one under 'groups:' in omg's config.yaml."
            : `Did you mean '@${suggestion}'? Run 'omg groups' to list the groups.`,
        details: { group: groupName, ...(suggestion === undefined ? {} : { suggestion }) },
      });
    }
    for (const member of group.packages) if (!expanded.includes(member)) expanded.push(member);
  }
  return expanded;
}
