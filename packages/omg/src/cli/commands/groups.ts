import { type CommandContext, defineCommand } from '@venom/core';
import type { PackageGroup } from '../../plan/package-groups.js';
import type { OmgPaths } from '../../runtime/resolve-omg-paths.js';
import { stringOption } from '../command-input.js';
import { databasePathOption, omgPaths, query, rootOption } from '../open-service.js';

/** omg's config groups merged over the backend's own (from omgd when it runs and knows `groups`). */
export async function listGroups(
  context: CommandContext,
  paths: OmgPaths,
  configured: Readonly<Record<string, readonly string[]>>,
): Promise<PackageGroup[]> {
  let backendGroups: PackageGroup[];
  try {
    const direct = { ...context, env: { ...context.env, OMG_NO_DAEMON: '1' } };
    backendGroups = await query<PackageGroup[]>(direct, paths, 'groups', {}, (service) => service.groups());
  } catch (error) {
    // A daemon without the `groups` method: read the index directly.
    if (!(error instanceof Error && /Method not found/.test(error.message))) throw error;
    const direct = { ...context, env: { ...context.env, OMG_NO_DAEMON: '1' } };
    backendGroups = await query<PackageGroup[]>(direct, paths, 'groups', {}, (service) => service.groups());
  }
  const byName = new Map(backendGroups.map((group) => [group.name, group]));
  for (const [name, packages] of Object.entries(configured))
    byName.set(name, { name, origin: 'config', packages: [...new Set(packages)].sort() });
  return [...byName.values()].sort((left, right) =>
    left.name < right.name ? -1 : left.name > right.name ? 1 : 0,
  );
}

export const groupsCommand = defineCommand({
  name: 'groups',
  summary: "List package groups for 'omg install @group': omg's config and the backend's own",
  description:
    "Groups come from omg's config.yaml ('groups: { web: [nginx, certbot] }', user or project file) and from the backend: Debian's Task: fields, pacman's %GROUPS%. A config group wins over a backend group of the same name.",
  examples: ['omg groups', 'omg groups --json', 'omg install @web'],
  options: { root: rootOption, dbpath: databasePathOption },
  async run(raw: { root?: string; dbpath?: string }, context): Promise<PackageGroup[]> {
    const paths = omgPaths(context, stringOption(raw.root), raw.dbpath);
    const { loadOmgConfig } = await import('../../plan/load-omg-config.js');
    const config = await loadOmgConfig({
      env: context.env,
      cwd: context.cwd,
      flags: context.globals.settings,
    });
    return listGroups(context, paths, config.value.groups);
  },
  render(groups, output) {
    if (groups.length === 0) {
      output.line("No groups. Define some under 'groups:' in omg's config.yaml.");
      return;
    }
    output.table(
      groups.map((group) => [
        `@${group.name}`,
        group.origin,
        `${group.packages.slice(0, 8).join(' ')}${group.packages.length > 8 ? ` … (${group.packages.length})` : ''}`,
      ]),
      { header: ['Group', 'From', 'Packages'] },
    );
  },
});
