import { defineCommand, VenomError } from '@venom/core';
import type { SearchResult } from '../../index/search-table.js';
import { renderSearchText } from '../../query/render-search-text.js';
import { positiveIntegerOption, stringOption } from '../command-input.js';
import {
  databasePathOption,
  omgPaths,
  query,
  rootOption,
  searchRenderedFromSnapshot,
  warnIfDaemonOutdated,
} from '../open-service.js';

export const searchCommand = defineCommand({
  name: 'search',
  summary: 'Search package names and descriptions (ranked: exact name, prefix, substring, description)',
  description:
    'Every term must match (case-insensitive), in the name or the description. Answers from omgd when it runs (writing the output omgd renders), else from the on-disk index. Exits 1 when nothing matches.',
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
  // The command writes its output itself: from omgd, the bytes omgd rendered (no JSON to parse and
  // render again for thousands of results); otherwise the results rendered here.
  streams: true,
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
  ): Promise<{ count: number }> {
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
    const json = context.globals.json;
    if (context.env.OMG_NO_DAEMON !== '1') {
      const { callDaemonRaw } = await import('../../daemon/call-daemon.js');
      const answer = await callDaemonRaw(
        paths.socketFile,
        'search',
        { ...params, format: json ? 'json' : 'text' },
        { owner: process.getuid?.() },
      );
      // An error answer goes through the JSON path below, which reports it in full.
      if (answer.available && answer.head.startsWith('ok ')) {
        await writeOut(context.stdout, answer.body);
        return { count: Number(answer.head.slice(3)) };
      }
      warnIfDaemonOutdated(context, answer);
    }
    const direct = await searchRenderedFromSnapshot(context, paths, params, json ? 'json' : 'text');
    if (direct !== undefined) {
      await writeOut(context.stdout, direct.body);
      return { count: direct.count };
    }
    const results = await query<SearchResult[]>(context, paths, 'search', params, (service) =>
      service.search(input.terms, {
        namesOnly: input.namesOnly,
        regex: input.regex,
        ...(input.limit === undefined ? {} : { limit: input.limit }),
      }),
    );
    await writeOut(context.stdout, json ? `${JSON.stringify(results)}\n` : renderSearchText(results));
    return { count: results.length };
  },
  exitCode: (result) => (result.count === 0 ? 1 : 0),
});

/** Writes to a stream and waits until it took the data (a pipe may be slower than the search). */
function writeOut(stream: NodeJS.WritableStream, data: string | Buffer): Promise<void> {
  if (data.length === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    stream.write(data, (error) => (error ? reject(error) : resolve()));
  });
}
