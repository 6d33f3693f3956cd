import { defineCommand, VenomError } from '@venom/core';
import type { ListEntry, ListFilter } from '../../query/create-package-service.js';
import { stringOption } from '../command-input.js';
import { databasePathOption, omgPaths, query, rootOption } from '../open-service.js';

export const listCommand = defineCommand({
  name: 'list',
  summary: 'List packages: all available, --installed, --upgradable or --orphans',
  description:
    "Orphans are what the system tool would remove as no longer needed: apt's autoremovable packages (automatic ones not reachable from manual, essential or required ones through Depends, Pre-Depends, Recommends and Suggests) or pacman -Qdtq.",
  examples: ['omg list --installed', 'omg list --upgradable --json'],
  options: {
    installed: { type: 'boolean', description: 'installed packages' },
    upgradable: { type: 'boolean', description: 'installed packages with a newer candidate' },
    orphans: { type: 'boolean', description: 'automatically installed packages nothing depends on' },
    root: rootOption,
    dbpath: databasePathOption,
  },
  async run(
    raw: { installed?: boolean; upgradable?: boolean; orphans?: boolean; root?: string; dbpath?: string },
    context,
  ): Promise<ListEntry[]> {
    const input = {
      installed: raw.installed === true,
      upgradable: raw.upgradable === true,
      orphans: raw.orphans === true,
      root: stringOption(raw.root),
    };
    const chosen = (['installed', 'upgradable', 'orphans'] as const).filter((flag) => input[flag]);
    if (chosen.length > 1) {
      throw new VenomError({
        code: 'USAGE',
        category: 'usage',
        message: `--${chosen.join(' and --')} cannot be combined`,
        hint: 'Pick one of --installed, --upgradable, --orphans.',
      });
    }
    const filter: ListFilter = chosen[0] ?? 'all';
    const paths = omgPaths(context, input.root, raw.dbpath);
    if (filter === 'orphans') {
      // The system tool's own rules (apt's autoremove mark-and-sweep, `pacman -Qdtq`), as the
      // resolver applies them to an empty removal: omgd answers it when it runs.
      const { computePlan } = await import('./install.js');
      const plan = await computePlan(context, paths, { operation: 'remove', names: [], options: {} });
      const orphans = new Set(plan.orphans);
      const installed = await query(context, paths, 'list', { filter: 'installed' }, (service) =>
        service.list('installed'),
      );
      return installed
        .filter((entry) => orphans.has(entry.name))
        .map((entry) => ({ ...entry, automatic: true }));
    }
    return query(context, paths, 'list', { filter }, (service) => service.list(filter));
  },
  render(entries, output) {
    const { style } = output;
    for (const entry of entries) {
      const upgrade = entry.candidate === undefined ? '' : ` -> ${style.green(entry.candidate)}`;
      const marker =
        entry.installed && entry.candidate === undefined && entry.repository !== 'installed'
          ? ' [installed]'
          : '';
      output.line(
        `${entry.name} ${entry.version}${upgrade} (${entry.repository})${marker}${entry.automatic === true ? ' [auto]' : ''}`,
      );
    }
  },
});
