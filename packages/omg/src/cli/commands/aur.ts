import { defineCommand } from '@venom/core';
import type { AurPackageInfo, AurSearchField } from '../../backends/aur/create-aur-client.js';
import type { SearchResult } from '../../index/search-table.js';
import { renderSearchText } from '../../query/render-search-text.js';

const searchFields = [
  'name',
  'name-desc',
  'maintainer',
  'depends',
  'makedepends',
  'optdepends',
  'checkdepends',
] as const;

export const aurSearchCommand = defineCommand({
  name: 'aur search',
  summary: 'Search the AUR (RPC v5): the longest term is sent, every term must match, ranked like omg search',
  description:
    'OMG_AUR_URL sets the AUR base URL (default https://aur.archlinux.org). Exits 1 when nothing matches, 4 when the AUR fails or rate-limits.',
  examples: ['omg aur search yay', 'omg aur search --by maintainer jguer --json'],
  positionals: [{ name: 'terms', description: 'words to find', required: true, variadic: true }],
  options: {
    by: {
      type: 'string',
      valueName: 'field',
      description: 'what the AUR matches the term against',
      choices: searchFields,
      default: 'name-desc',
    },
  },
  async run(input: { terms: string[]; by: AurSearchField }, context): Promise<SearchResult[]> {
    const { createAurClient } = await import('../../backends/aur/create-aur-client.js');
    const { createSearchTable } = await import('../../index/search-table.js');
    const { encodeSearchText } = await import('../../index/search-text.js');
    const { comparePacmanVersions } = await import('../../versions/compare-pacman-versions.js');
    const client = createAurClient(
      context.env.OMG_AUR_URL === undefined ? {} : { baseUrl: context.env.OMG_AUR_URL },
    );
    const longest = [...input.terms].sort((left, right) => right.length - left.length)[0] ?? '';
    const found = await client.search(longest, input.by);
    if (input.by !== 'name' && input.by !== 'name-desc') {
      return found.map((item) => ({
        name: item.Name,
        version: item.Version,
        repository: 'aur',
        installed: false,
        description: item.Description ?? '',
      }));
    }
    const records = found.map((item) => ({
      name: item.Name,
      version: item.Version,
      architecture: 'any',
      repository: 'aur',
      description: item.Description ?? '',
      longDescription: '',
      relations: {},
    }));
    const table = createSearchTable(
      [{ repository: 'aur', kind: 'available', text: encodeSearchText(records) }],
      comparePacmanVersions,
    );
    return table.search(input.terms, { namesOnly: input.by === 'name' });
  },
  render(results, output) {
    const text = renderSearchText(results);
    if (text !== '') output.line(text.slice(0, -1));
  },
  exitCode: (results) => (results.length === 0 ? 1 : 0),
});

export const aurInfoCommand = defineCommand({
  name: 'aur info',
  summary: 'Show AUR packages (one RPC request for many names)',
  description: 'Exits 1 when a name is not in the AUR.',
  positionals: [{ name: 'names', description: 'package names', required: true, variadic: true }],
  async run(input: { names: string[] }, context): Promise<{ packages: AurPackageInfo[]; missing: string[] }> {
    const { createAurClient } = await import('../../backends/aur/create-aur-client.js');
    const client = createAurClient(
      context.env.OMG_AUR_URL === undefined ? {} : { baseUrl: context.env.OMG_AUR_URL },
    );
    const packages = await client.info(input.names);
    const known = new Set(packages.map((item) => item.Name));
    return { packages, missing: input.names.filter((name) => !known.has(name)) };
  },
  render(result, output) {
    for (const item of result.packages) {
      output.line(
        `${output.style.bold(item.Name)} ${item.Version} (aur)${item.OutOfDate === null ? '' : ' [out of date]'}`,
      );
      output.line(`    ${item.Description ?? ''}`);
      output.line(
        `    maintainer ${item.Maintainer ?? '(orphan)'}, ${item.NumVotes} votes, popularity ${item.Popularity}`,
      );
      if ((item.Depends ?? []).length > 0) output.line(`    depends ${(item.Depends ?? []).join(', ')}`);
    }
    for (const name of result.missing) output.line(`${name}: not in the AUR`);
  },
  exitCode: (result) => (result.missing.length > 0 ? 1 : 0),
});
