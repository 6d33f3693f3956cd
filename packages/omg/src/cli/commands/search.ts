import { defineCommand, VenomError } from '@venom/core';
import type { SearchResult } from '../../index/search-table.js';
import { renderSearchText } from '../../query/render-search-text.js';
import { positiveIntegerOption, stringOption } from '../command-input.js';
import { databasePathOption, omgPaths, query, rootOption } from '../open-service.js';

export const searchCommand = defineCommand({
  name: 'search',
  summary: 'Search package names and descriptions (ranked: exact name, prefix, substring, description)',
  description:
    'Every term must match (case-insensitive), in the name or the description. Answers from omgd when it runs, else from the on-disk index. Exits 1 when nothing matches.',
  examples: [
    'omg search ripgrep',
    'omg search text editor --json',
    "omg search --regex '^python3-.*yaml$' --names-only",
  ],
  positionals: [
    {
      name: 'terms',
      description: 'words to find (regular expressions with --regex)',
      required: true,
      variadic: true,
    },
  ],
  options: {
    'names-only': { type: 'boolean', short: 'n', description: 'match package names only' },
    regex: { type: 'boolean', short: 'r', description: 'terms are regular expressions (JavaScript syntax)' },
    limit: { type: 'string', valueName: 'n', description: 'at most n results' },
    root: rootOption,
    dbpath: databasePathOption,
  },
  async run(
    raw: {
      terms?: string[];
      namesOnly?: boolean;
      regex?: boolean;
      limit?: string;
      root?: string;
      dbpath?: string;
    },
    context,
  ): Promise<SearchResult[]> {
    const limit = positiveIntegerOption(raw.limit, 'limit');
    const input = {
      terms: (raw.terms ?? []).filter((term) => term !== ''),
      namesOnly: raw.namesOnly === true,
      regex: raw.regex === true,
      limit,
      root: stringOption(raw.root),
    };
    if (input.terms.length === 0) {
      throw new VenomError({
        code: 'USAGE',
        category: 'usage',
        message: 'search needs at least one non-empty term',
        hint: 'omg search <term>...',
      });
    }
    if (input.regex) {
      for (const term of input.terms) {
        try {
          new RegExp(term, 'i');
        } catch (error) {
          throw new VenomError({
            code: 'INVALID_REGEX',
            category: 'usage',
            message: `invalid regular expression '${term}': ${(error as Error).message}`,
            hint: 'Escape special characters, or drop --regex to search for the literal text.',
          });
        }
      }
    }
    const paths = omgPaths(context, input.root, raw.dbpath);
    const params = {
      terms: input.terms,
      namesOnly: input.namesOnly,
      regex: input.regex,
      ...(input.limit === undefined ? {} : { limit: input.limit }),
    };
    return query(context, paths, 'search', params, (service) =>
      service.search(input.terms, {
        namesOnly: input.namesOnly,
        regex: input.regex,
        ...(input.limit === undefined ? {} : { limit: input.limit }),
      }),
    );
  },
  render(results, output) {
    const text = renderSearchText(results);
    if (text !== '') output.line(text.slice(0, -1));
  },
  exitCode: (results) => (results.length === 0 ? 1 : 0),
});
