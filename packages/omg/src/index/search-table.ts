import { fieldSeparator, summarySeparator } from './search-text.js';
import { buildTrigramIndex, type TrigramIndex } from './trigram-index.js';

/** One source's search text and where its packages come from. */
export interface SearchSegment {
  repository: string;
  kind: 'available' | 'installed';
  text: string;
}

/** How to match: terms are literal substrings (default) or regular expressions; names only or descriptions too. */
export interface SearchOptions {
  namesOnly?: boolean;
  regex?: boolean;
  /** Stop after this many results (after ranking). */
  limit?: number;
}

/** One search result, the JSON contract of `omg search --json`. */
export interface SearchResult {
  name: string;
  version: string;
  repository: string;
  installed: boolean;
  description: string;
}

interface PreparedSegment extends SearchSegment {
  lower: string;
  /** Start offset of each line in `text` and in `lower` (lower-casing can change lengths outside ASCII). */
  starts: Int32Array;
  lowerStarts: Int32Array;
  trigrams?: TrigramIndex;
}

/** Match quality of one term against one package, best first. */
enum Tier {
  Exact = 0,
  Prefix = 1,
  NameSubstring = 2,
  /** A name the package provides (a virtual package such as `editor`), as apt-cache search matches. */
  Provides = 3,
  Description = 4,
}

function lineStarts(text: string): Int32Array {
  let count = text.length === 0 ? 0 : 1;
  for (let position = text.indexOf('\n'); position >= 0; position = text.indexOf('\n', position + 1))
    count += 1;
  const starts = new Int32Array(count + 1);
  let index = 0;
  if (count > 0) starts[index++] = 0;
  for (let position = text.indexOf('\n'); position >= 0; position = text.indexOf('\n', position + 1)) {
    starts[index++] = position + 1;
  }
  starts[count] = text.length + 1;
  return starts;
}

function lineAt(starts: Int32Array, position: number): number {
  let low = 0;
  let high = starts.length - 2;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((starts[middle] ?? 0) <= position) low = middle;
    else high = middle - 1;
  }
  return low;
}

function lineText(segment: { text: string; starts: Int32Array }, line: number): string {
  return segment.text.slice(segment.starts[line] ?? 0, (segment.starts[line + 1] ?? 1) - 1);
}

/** The tier of a match of `length` characters at `position` in the line starting at `start`, if it counts. */
function classifyHit(
  lower: string,
  start: number,
  position: number,
  length: number,
  namesOnly: boolean,
): Tier | undefined {
  const nameEnd = lower.indexOf(fieldSeparator, start);
  if (position + length <= nameEnd) {
    if (position === start) return nameEnd - start === length ? Tier.Exact : Tier.Prefix;
    return Tier.NameSubstring;
  }
  if (position <= nameEnd) return undefined;
  const descriptionEnd = lower.indexOf(fieldSeparator, nameEnd + 1);
  if (position + length <= descriptionEnd) return namesOnly ? undefined : Tier.Description;
  const versionEnd = lower.indexOf(fieldSeparator, descriptionEnd + 1);
  const providesStart = lower.indexOf(fieldSeparator, versionEnd + 1) + 1;
  return providesStart > 0 && position >= providesStart ? Tier.Provides : undefined;
}

function record(matches: Map<number, Tier>, line: number, tier: Tier | undefined): void {
  if (tier === undefined) return;
  const previous = matches.get(line);
  if (previous === undefined || tier < previous) matches.set(line, tier);
}

/**
 * Tiers of a literal lower-case term for every line of a segment it occurs in (best tier per line):
 * the trigram index narrows the lines to check when the segment has one, else the text is scanned.
 */
function matchLiteral(segment: PreparedSegment, term: string, namesOnly: boolean): Map<number, Tier> {
  const matches = new Map<number, Tier>();
  const { lower, lowerStarts } = segment;
  const candidates = segment.trigrams?.candidates(term);
  if (candidates !== undefined) {
    for (const line of candidates) {
      const start = lowerStarts[line] as number;
      const text = lower.slice(start, (lowerStarts[line + 1] as number) - 1);
      for (let offset = text.indexOf(term); offset >= 0; offset = text.indexOf(term, offset + 1)) {
        record(matches, line, classifyHit(lower, start, start + offset, term.length, namesOnly));
      }
    }
    return matches;
  }
  for (let position = lower.indexOf(term); position >= 0; position = lower.indexOf(term, position + 1)) {
    const line = lineAt(lowerStarts, position);
    record(matches, line, classifyHit(lower, lowerStarts[line] ?? 0, position, term.length, namesOnly));
  }
  return matches;
}

function matchRegex(segment: PreparedSegment, pattern: RegExp, namesOnly: boolean): Map<number, Tier> {
  const matches = new Map<number, Tier>();
  const lineCount = segment.starts.length - 1;
  for (let line = 0; line < lineCount; line += 1) {
    const text = lineText(segment, line);
    const nameEnd = text.indexOf(fieldSeparator);
    const name = text.slice(0, nameEnd);
    const found = pattern.exec(name);
    const descriptionEnd = text.indexOf(fieldSeparator, nameEnd + 1);
    if (found !== null) {
      matches.set(
        line,
        found.index === 0 ? (found[0].length === name.length ? Tier.Exact : Tier.Prefix) : Tier.NameSubstring,
      );
    } else if (
      text
        .split(fieldSeparator)[4]
        ?.split(' ')
        .some((provided) => provided !== '' && pattern.test(provided))
    ) {
      matches.set(line, Tier.Provides);
    } else if (!namesOnly) {
      if (pattern.test(text.slice(nameEnd + 1, descriptionEnd))) matches.set(line, Tier.Description);
    }
  }
  return matches;
}

/** A search over every package of the index, held in memory. */
export interface SearchTable {
  /** Ranked results: exact name, then name prefix, then name substring, then description; every term must match. */
  search(terms: readonly string[], options?: SearchOptions): SearchResult[];
  /** The installed version of each installed package. */
  readonly installed: ReadonlyMap<string, string>;
  /** Every package name, for completion and suggestions. */
  names(): string[];
}

/**
 * Builds the in-memory search over the segments. With `trigramIndex` (the daemon, which answers many
 * queries) each segment also gets a trigram index, so a query checks only candidate lines instead of
 * scanning the text. `compareVersions` picks the candidate among several
 * versions of a name (the highest, as apt and pacman do without pins; an installed version counts).
 * Throws a SyntaxError for an invalid regular expression in regex mode.
 */
export function createSearchTable(
  segments: readonly SearchSegment[],
  compareVersions: (left: string, right: string) => number,
  tableOptions: {
    trigramIndex?: boolean;
    /** Whether a repository offers a name; by default answered from the segments (a set built on first use). */
    isAvailable?: (name: string) => boolean;
  } = {},
): SearchTable {
  const prepared: PreparedSegment[] = segments.map((segment) => {
    const lower = segment.text.toLowerCase();
    const starts = lineStarts(segment.text);
    const lowerStarts = lower.length === segment.text.length ? starts : lineStarts(lower);
    const result: PreparedSegment = { ...segment, lower, starts, lowerStarts };
    if (tableOptions.trigramIndex === true) result.trigrams = buildTrigramIndex(lower, lowerStarts);
    return result;
  });
  let sortedNames: string[] | undefined;
  let availableNames: Set<string> | undefined;
  /** Whether a repository offers `name`; the set is built on first need (only installed-segment hits ask). */
  function isAvailable(name: string): boolean {
    if (availableNames === undefined) {
      availableNames = new Set<string>();
      for (const segment of prepared) {
        if (segment.kind !== 'available') continue;
        for (let line = 0; line < segment.starts.length - 1; line += 1) {
          const start = segment.starts[line] ?? 0;
          availableNames.add(segment.text.slice(start, segment.text.indexOf(fieldSeparator, start)));
        }
      }
    }
    return availableNames.has(name);
  }
  const installed = new Map<string, string>();
  for (const segment of prepared) {
    if (segment.kind !== 'installed') continue;
    for (let line = 0; line < segment.starts.length - 1; line += 1) {
      const [name, , version] = lineText(segment, line).split(fieldSeparator);
      if (name !== undefined && version !== undefined) installed.set(name, version);
    }
  }

  return {
    installed,
    names(): string[] {
      if (sortedNames !== undefined) return sortedNames;
      const names = new Set<string>();
      for (const segment of prepared) {
        for (let line = 0; line < segment.starts.length - 1; line += 1) {
          const text = lineText(segment, line);
          names.add(text.slice(0, text.indexOf(fieldSeparator)));
        }
      }
      sortedNames = [...names].sort();
      return sortedNames;
    },
    search(terms, options = {}): SearchResult[] {
      const namesOnly = options.namesOnly === true;
      const best = new Map<string, { result: SearchResult; score: number; available: boolean }>();
      const patterns = options.regex === true ? terms.map((term) => new RegExp(term, 'i')) : undefined;
      const literals = terms.map((term) => term.toLowerCase()).filter((term) => term !== '');
      for (const segment of prepared) {
        let combined: Map<number, number> | undefined;
        const perTerm =
          patterns === undefined
            ? literals.map((term) => matchLiteral(segment, term, namesOnly))
            : patterns.map((pattern) => matchRegex(segment, pattern, namesOnly));
        // Start from the rarest term so the intersection stays small.
        perTerm.sort((left, right) => left.size - right.size);
        for (const matches of perTerm) {
          if (combined === undefined) {
            combined = new Map(matches);
            continue;
          }
          const next = new Map<number, number>();
          for (const [line, score] of combined) {
            const tier = matches.get(line);
            if (tier !== undefined) next.set(line, score + tier);
          }
          combined = next;
        }
        if (combined === undefined) continue;
        const available = segment.kind === 'available';
        for (const [line, score] of combined) {
          // The fields by position: splitting the whole line would copy the long description too.
          const text = segment.text;
          const start = segment.starts[line] ?? 0;
          const lineEnd = (segment.starts[line + 1] ?? 1) - 1;
          const fieldEnd = (from: number) => {
            const end = text.indexOf(fieldSeparator, from);
            return end < 0 || end > lineEnd ? lineEnd : end;
          };
          const nameEnd = fieldEnd(start);
          const name = text.slice(start, nameEnd);
          // A package some repository offers is matched on its candidate's metadata, as apt does.
          if (!available && (tableOptions.isAvailable ?? isAvailable)(name)) continue;
          const descriptionEnd = nameEnd < lineEnd ? fieldEnd(nameEnd + 1) : lineEnd;
          const version =
            descriptionEnd < lineEnd ? text.slice(descriptionEnd + 1, fieldEnd(descriptionEnd + 1)) : '';
          const previous = best.get(name);
          if (previous !== undefined) {
            // An available version wins over an installed-only entry unless it is older than the installed one.
            const newer = compareVersions(version, previous.result.version);
            if (previous.available && (!available || newer <= 0)) continue;
            if (!previous.available && available && newer < 0) continue;
            if (!previous.available && !available) continue;
          }
          // The summary ends at RS, which comes right after it when there is a long description.
          const description = nameEnd < lineEnd ? text.slice(nameEnd + 1, descriptionEnd) : '';
          const summaryEnd = description.indexOf(summarySeparator);
          const summary = summaryEnd < 0 ? description : description.slice(0, summaryEnd);
          best.set(name, {
            result: {
              name,
              version,
              repository: segment.repository,
              installed: false,
              description: summary,
            },
            score,
            available,
          });
        }
      }
      const ranked = [...best.values()];
      for (const entry of ranked) entry.result.installed = installed.has(entry.result.name);
      ranked.sort(
        (left, right) =>
          left.score - right.score ||
          left.result.name.length - right.result.name.length ||
          (left.result.name < right.result.name ? -1 : left.result.name > right.result.name ? 1 : 0),
      );
      const limited = options.limit === undefined ? ranked : ranked.slice(0, options.limit);
      return limited.map((entry) => entry.result);
    },
  };
}
