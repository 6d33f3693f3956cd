import { searchResultJson, searchResultText } from './render-search-result.js';
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

/** The rendered forms of a search: `omg search`'s text, or the `--json` array (with a final newline). */
export type SearchFormat = 'text' | 'json';

/** Match quality of one term against one package, best first. */
const Tier = {
  Exact: 0,
  Prefix: 1,
  NameSubstring: 2,
  /** A name the package provides (a virtual package such as `editor`), as apt-cache search matches. */
  Provides: 3,
  Description: 4,
  None: 5,
} as const;

interface PreparedSegment extends SearchSegment {
  /** The lower-cased text; a byte segment's UTF-8 bytes (positions are then byte offsets). */
  lower: string | Buffer;
  /** Start offset of each line in `text` and in `lower` (lower-casing can change lengths outside ASCII). */
  starts: Int32Array;
  lowerStarts: Int32Array;
  /** Per line, offsets in `lower`: end of the name, end of the description, start of the provided names. */
  nameEnds: Int32Array;
  descriptionEnds: Int32Array;
  providesStarts: Int32Array;
  /** Number of the segment's first line among all lines of the table (its "entries"). */
  base: number;
  available: boolean;
  trigrams?: TrigramIndex;
}

/** Lines of one segment a term (or all terms) matched, ascending, with the match tier (or summed tiers). */
class LineMatches {
  lines: Int32Array;
  tiers: Int32Array;
  length = 0;
  constructor(capacity: number) {
    this.lines = new Int32Array(Math.max(16, capacity));
    this.tiers = new Int32Array(this.lines.length);
  }
  add(line: number, tier: number): void {
    if (this.length === this.lines.length) {
      const lines = new Int32Array(this.length * 2);
      const tiers = new Int32Array(this.length * 2);
      lines.set(this.lines);
      tiers.set(this.tiers);
      this.lines = lines;
      this.tiers = tiers;
    }
    this.lines[this.length] = line;
    this.tiers[this.length] = tier;
    this.length += 1;
  }
}

/** Start of each line of `text` (lines end with \n), then its length + 1. */
export function lineStarts(text: string): Int32Array {
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

/** The end of the field starting at `from` in a line ending at `lineEnd`. */
function fieldEnd(text: string, from: number, lineEnd: number): number {
  const end = text.indexOf(fieldSeparator, from);
  return end < 0 || end > lineEnd ? lineEnd : end;
}

/** Where the name, the description and the provided names are in each line of the lower-cased text. */
function fieldBounds(
  lower: string,
  lowerStarts: Int32Array,
): { nameEnds: Int32Array; descriptionEnds: Int32Array; providesStarts: Int32Array } {
  const lineCount = lowerStarts.length - 1;
  const nameEnds = new Int32Array(lineCount);
  const descriptionEnds = new Int32Array(lineCount);
  const providesStarts = new Int32Array(lineCount);
  for (let line = 0; line < lineCount; line += 1) {
    const start = lowerStarts[line] as number;
    const end = (lowerStarts[line + 1] as number) - 1;
    const nameEnd = fieldEnd(lower, start, end);
    const descriptionEnd = nameEnd < end ? fieldEnd(lower, nameEnd + 1, end) : end;
    const versionEnd = descriptionEnd < end ? fieldEnd(lower, descriptionEnd + 1, end) : end;
    const architectureEnd = versionEnd < end ? fieldEnd(lower, versionEnd + 1, end) : end;
    nameEnds[line] = nameEnd;
    descriptionEnds[line] = descriptionEnd;
    // No provided-names field: a start past the line, which no match reaches.
    providesStarts[line] = architectureEnd < end ? architectureEnd + 1 : end + 1;
  }
  return { nameEnds, descriptionEnds, providesStarts };
}

/** The tier of a match of `length` characters at `position` (in `lower`) on `line`, or Tier.None. */
function tierAt(
  segment: PreparedSegment,
  line: number,
  position: number,
  length: number,
  namesOnly: boolean,
): number {
  const start = segment.lowerStarts[line] as number;
  const nameEnd = segment.nameEnds[line] as number;
  if (position + length <= nameEnd) {
    if (position === start) return nameEnd - start === length ? Tier.Exact : Tier.Prefix;
    return Tier.NameSubstring;
  }
  if (position <= nameEnd) return Tier.None;
  if (position + length <= (segment.descriptionEnds[line] as number))
    return namesOnly ? Tier.None : Tier.Description;
  return position >= (segment.providesStarts[line] as number) ? Tier.Provides : Tier.None;
}

/**
 * The lines of a segment a literal lower-case term occurs in, with the best tier per line: the
 * trigram index narrows the lines to check when the segment has one, else the text is scanned.
 * A line's first name match is its best (matches come in order; a later one is a substring).
 */
function matchLiteral(segment: PreparedSegment, term: string, namesOnly: boolean): LineMatches {
  const { lower, lowerStarts } = segment;
  const candidates = segment.trigrams?.candidates(term);
  if (candidates !== undefined && typeof lower === 'string') {
    const length = term.length;
    const matches = new LineMatches(candidates.length);
    for (let index = 0; index < candidates.length; index += 1) {
      const line = candidates[index] as number;
      const start = lowerStarts[line] as number;
      const text = lower.slice(start, (lowerStarts[line + 1] as number) - 1);
      let best: number = Tier.None;
      for (let offset = text.indexOf(term); offset >= 0; offset = text.indexOf(term, offset + 1)) {
        const tier = tierAt(segment, line, start + offset, length, namesOnly);
        if (tier < best) best = tier;
        if (best <= Tier.NameSubstring) break;
      }
      if (best !== Tier.None) matches.add(line, best);
    }
    return matches;
  }
  const matches = new LineMatches(1024);
  let line = -1;
  let lineEnd = -1;
  let best: number = Tier.None;
  let find: (from: number) => number;
  let length: number;
  if (typeof lower === 'string') {
    find = (from) => lower.indexOf(term, from);
    length = term.length;
  } else {
    const needle = Buffer.from(term, 'utf8');
    find = (from) => lower.indexOf(needle, from);
    length = needle.length;
  }
  for (let position = find(0); position >= 0; position = find(position + 1)) {
    if (position > lineEnd) {
      if (best !== Tier.None) matches.add(line, best);
      line = lineAt(lowerStarts, position);
      lineEnd = (lowerStarts[line + 1] as number) - 1;
      best = Tier.None;
    }
    // A term holding a newline never matches inside one line.
    if (position + length > lineEnd) continue;
    const tier = tierAt(segment, line, position, length, namesOnly);
    if (tier < best) best = tier;
    if (best <= Tier.NameSubstring) position = lineEnd;
    // Past the name only the provided names can do better: skip the rest of the description.
    else position = Math.max(position, (segment.providesStarts[line] as number) - 1);
  }
  if (best !== Tier.None) matches.add(line, best);
  return matches;
}

function matchRegex(segment: PreparedSegment, pattern: RegExp, namesOnly: boolean): LineMatches {
  const matches = new LineMatches(1024);
  const lineCount = segment.starts.length - 1;
  for (let line = 0; line < lineCount; line += 1) {
    const text = lineText(segment, line);
    const nameEnd = text.indexOf(fieldSeparator);
    const name = text.slice(0, nameEnd);
    const found = pattern.exec(name);
    const descriptionEnd = text.indexOf(fieldSeparator, nameEnd + 1);
    let tier: number = Tier.None;
    if (found !== null) {
      tier =
        found.index === 0 ? (found[0].length === name.length ? Tier.Exact : Tier.Prefix) : Tier.NameSubstring;
    } else if (
      text
        .split(fieldSeparator)[4]
        ?.split(' ')
        .some((provided) => provided !== '' && pattern.test(provided))
    ) {
      tier = Tier.Provides;
    } else if (!namesOnly && pattern.test(text.slice(nameEnd + 1, descriptionEnd))) {
      tier = Tier.Description;
    }
    if (tier !== Tier.None) matches.add(line, tier);
  }
  return matches;
}

/** Lines in both (ascending) lists, with their tiers summed. */
function intersectMatches(left: LineMatches, right: LineMatches): LineMatches {
  const result = new LineMatches(Math.min(left.length, right.length));
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    const a = left.lines[i] as number;
    const b = right.lines[j] as number;
    if (a === b) {
      result.add(a, (left.tiers[i] as number) + (right.tiers[j] as number));
      i += 1;
      j += 1;
    } else if (a < b) i += 1;
    else j += 1;
  }
  return result;
}

/** A search over every package of the index, held in memory. */
export interface SearchTable {
  /** Ranked results: exact name, then name prefix, then name substring, then description; every term must match. */
  search(terms: readonly string[], options?: SearchOptions): SearchResult[];
  /**
   * The same results rendered as `omg search` prints them (`text`) or as the `--json` array plus a
   * newline, after `head(result count)`: one buffer, ready to write to a socket.
   */
  searchRendered(
    terms: readonly string[],
    options: SearchOptions,
    format: SearchFormat,
    head: (count: number) => string,
    /** Where to write: a buffer of at least `size` bytes (default: a new one). The reply is its start. */
    allocate?: (size: number) => Buffer,
  ): Buffer;
  /** The installed version of each installed package. */
  readonly installed: ReadonlyMap<string, string>;
  /** Every package name, for completion and suggestions. */
  names(): string[];
}

/** Results of one query: entries (global line numbers) in rank order. */
interface RankedEntries {
  entries: Int32Array;
  /** The segment of each entry. */
  segments: Int32Array;
}

/**
 * Builds the in-memory search over the segments. With `trigramIndex` (the daemon, which answers many
 * queries) the table is made resident: each segment gets a trigram index, so a query checks only
 * candidate lines instead of scanning the text, and every package's name rank (shorter name, then
 * name), installed and available flags and its two output forms (text line and JSON object) are
 * computed once, so a query ranks by score buckets and name ranks and copies pre-rendered bytes.
 * `compareVersions` picks the candidate among several versions of a name (the highest, as apt and
 * pacman do without pins; an installed version counts).
 * Throws a SyntaxError for an invalid regular expression in regex mode.
 */
export function createSearchTable(
  segments: readonly SearchSegment[],
  compareVersions: (left: string, right: string) => number,
  tableOptions: {
    trigramIndex?: boolean;
    /** Precompute the resident data (ranks, flags, rendered forms) without the trigram index. */
    resident?: boolean;
    /** Whether a repository offers a name; by default answered from the segments (a set built on first use). */
    isAvailable?: (name: string) => boolean;
  } = {},
): SearchTable & { readonly resident: ResidentData | undefined } {
  let entryCount = 0;
  const prepared: PreparedSegment[] = segments.map((segment) => {
    const lower = segment.text.toLowerCase();
    const starts = lineStarts(segment.text);
    const lowerStarts = lower.length === segment.text.length ? starts : lineStarts(lower);
    const result: PreparedSegment = {
      ...segment,
      lower,
      starts,
      lowerStarts,
      ...fieldBounds(lower, lowerStarts),
      base: entryCount,
      available: segment.kind === 'available',
    };
    entryCount += starts.length - 1;
    if (tableOptions.trigramIndex === true) result.trigrams = buildTrigramIndex(lower, lowerStarts);
    return result;
  });
  return assembleTable(prepared, entryCount, compareVersions, {
    resident: tableOptions.trigramIndex === true || tableOptions.resident === true,
    ...(tableOptions.isAvailable === undefined ? {} : { isAvailable: tableOptions.isAvailable }),
  });
}

/**
 * One segment in byte form, as the search snapshot stores it: `lower` is the lower-cased text's
 * UTF-8 bytes (a term matches as its UTF-8 bytes do), with its line starts and field bounds in bytes.
 */
export interface ByteSegment {
  repository: string;
  kind: 'available' | 'installed';
  lower: Buffer;
  /** Start of each line, then the text's length + 1. */
  lowerStarts: Int32Array;
  nameEnds: Int32Array;
  descriptionEnds: Int32Array;
  providesStarts: Int32Array;
}

/** A segment's byte form (see {@link ByteSegment}). */
export function toByteSegment(segment: SearchSegment): ByteSegment {
  const lower = Buffer.from(segment.text.toLowerCase(), 'utf8');
  // Read as latin1 (a character per byte), positions in the string are byte offsets.
  const bytewise = lower.toString('latin1');
  const lowerStarts = lineStarts(bytewise);
  return {
    repository: segment.repository,
    kind: segment.kind,
    lower,
    lowerStarts,
    ...fieldBounds(bytewise, lowerStarts),
  };
}

/** One output form of every entry: entry `e` takes `offsets[e + 1] - offsets[e]` bytes. */
export interface RenderedForm {
  offsets: Int32Array;
  /** Called with a query's entries before their bytes are asked for (a stored form reads them then). */
  prepare?(entries: Int32Array): void;
  /** An entry's bytes (a view; a stored form's are valid until the next `prepare`). */
  bytes(entry: number): Uint8Array;
}

/**
 * What a resident table precomputes over all entries (lines of all segments, in order) and names
 * (numbered as `entryNames` gives them): everything a literal query needs besides the lower-cased
 * text, so the search snapshot can store it and a search without the daemon rank and render as omgd does.
 */
export interface ResidentData {
  nameCount: number;
  entryNames: Int32Array;
  /** Per entry, its version's order among the entries of the same name (equal versions alike). */
  versionOrder: Int32Array;
  /** Per name, its place in the tie order: shorter names first, then by code units. */
  nameRank: Int32Array;
  nameAvailable: Uint8Array;
  nameInstalled: Uint8Array;
  text: RenderedForm;
  json: RenderedForm;
}

/** The part of a {@link SearchTable} a stored table offers: literal queries, rendered. */
export type RenderedSearch = Pick<SearchTable, 'searchRendered'> & {
  /** The precomputed data, to store. */
  readonly resident: ResidentData;
};

/**
 * A table over stored byte segments and their resident data (see the search snapshot): answers
 * literal queries exactly as {@link createSearchTable}'s table over the same segments, without
 * decoding any text. Regular expressions are not supported (they need the decoded text).
 */
export function createStoredSearchTable(
  segments: readonly ByteSegment[],
  resident: ResidentData,
): RenderedSearch {
  let entryCount = 0;
  const prepared: PreparedSegment[] = segments.map((segment) => {
    const result: PreparedSegment = {
      ...segment,
      // Never read: every name, version and output comes from the resident data.
      text: '',
      starts: segment.lowerStarts,
      base: entryCount,
      available: segment.kind === 'available',
    };
    entryCount += segment.lowerStarts.length - 1;
    return result;
  });
  if (entryCount !== resident.entryNames.length) throw new Error('resident data does not match the segments');
  const table = assembleTable(prepared, entryCount, () => 0, { resident: true, stored: resident });
  return {
    resident,
    searchRendered(terms, options, format, head, allocate) {
      if (options.regex === true) throw new Error('a stored search table answers literal queries only');
      return table.searchRendered(terms, options, format, head, allocate);
    },
  };
}

function assembleTable(
  prepared: PreparedSegment[],
  entryCount: number,
  compareVersions: (left: string, right: string) => number,
  tableOptions: {
    resident: boolean;
    stored?: ResidentData;
    isAvailable?: (name: string) => boolean;
  },
): SearchTable & { readonly resident: ResidentData | undefined } {
  const resident = tableOptions.resident;
  // Package names interned as numbers, per entry on first need (all at once when resident).
  const nameIds = new Map<string, number>();
  const nameList: string[] = [];
  const stored = tableOptions.stored;
  const entryNames = stored?.entryNames ?? new Int32Array(entryCount).fill(-1);
  /** Per name: its result slot during a query (-1 outside one). Grows with nameList. */
  let slotOfName = new Int32Array(Math.max(1024, stored?.nameCount ?? 0)).fill(-1);

  function nameOf(segment: PreparedSegment, line: number): number {
    const entry = segment.base + line;
    const known = entryNames[entry] as number;
    if (known >= 0) return known;
    const { text, starts } = segment;
    const start = starts[line] as number;
    const name = text.slice(start, fieldEnd(text, start, (starts[line + 1] as number) - 1));
    let id = nameIds.get(name);
    if (id === undefined) {
      id = nameList.length;
      nameIds.set(name, id);
      nameList.push(name);
      if (id >= slotOfName.length) {
        const grown = new Int32Array(slotOfName.length * 2).fill(-1);
        grown.set(slotOfName);
        slotOfName = grown;
      }
    }
    entryNames[entry] = id;
    return id;
  }

  function versionOf(segment: PreparedSegment, line: number): string {
    const { text, starts } = segment;
    const start = starts[line] as number;
    const lineEnd = (starts[line + 1] as number) - 1;
    const nameEnd = fieldEnd(text, start, lineEnd);
    const descriptionEnd = nameEnd < lineEnd ? fieldEnd(text, nameEnd + 1, lineEnd) : lineEnd;
    return descriptionEnd < lineEnd
      ? text.slice(descriptionEnd + 1, fieldEnd(text, descriptionEnd + 1, lineEnd))
      : '';
  }

  /** The result a line shows (its summary, not the extended description). */
  function resultOf(segment: PreparedSegment, line: number, installedFlag: boolean): SearchResult {
    const { text, starts } = segment;
    const start = starts[line] as number;
    const lineEnd = (starts[line + 1] as number) - 1;
    const nameEnd = fieldEnd(text, start, lineEnd);
    const descriptionEnd = nameEnd < lineEnd ? fieldEnd(text, nameEnd + 1, lineEnd) : lineEnd;
    // The summary ends at RS, which comes right after it when there is a long description.
    const description = nameEnd < lineEnd ? text.slice(nameEnd + 1, descriptionEnd) : '';
    const summaryEnd = description.indexOf(summarySeparator);
    return {
      name: text.slice(start, nameEnd),
      version:
        descriptionEnd < lineEnd
          ? text.slice(descriptionEnd + 1, fieldEnd(text, descriptionEnd + 1, lineEnd))
          : '',
      repository: segment.repository,
      installed: installedFlag,
      description: summaryEnd < 0 ? description : description.slice(0, summaryEnd),
    };
  }

  let sortedNames: string[] | undefined;
  let availableNames: Set<string> | undefined;
  /** Whether a repository offers `name`; the set is built on first need (only installed-segment hits ask). */
  function isAvailableByName(name: string): boolean {
    if (availableNames === undefined) {
      availableNames = new Set<string>();
      for (const segment of prepared) {
        if (!segment.available) continue;
        for (let line = 0; line < segment.starts.length - 1; line += 1) {
          const start = segment.starts[line] ?? 0;
          availableNames.add(segment.text.slice(start, segment.text.indexOf(fieldSeparator, start)));
        }
      }
    }
    return availableNames.has(name);
  }
  let installedVersions: Map<string, string> | undefined;
  /** The installed version of each installed package (from the installed segments' text, on first need). */
  function installed(): Map<string, string> {
    if (installedVersions !== undefined) return installedVersions;
    installedVersions = new Map<string, string>();
    for (const segment of prepared) {
      if (segment.kind !== 'installed') continue;
      for (let line = 0; line < segment.starts.length - 1; line += 1) {
        const [name, , version] = lineText(segment, line).split(fieldSeparator);
        if (name !== undefined && version !== undefined) installedVersions.set(name, version);
      }
    }
    return installedVersions;
  }

  // Resident: per name its rank (shorter first, then by code units), available and installed flags;
  // per entry its two output forms, pre-rendered once.
  let nameRank: Int32Array | undefined;
  let versionOrder: Int32Array | undefined;
  /** Resident: scratch from a name's rank to its result slot, and a bitmap over ranks, during a query. */
  let slotOfRank = new Int32Array(0);
  let rankBits = new Uint32Array(0);
  let nameAvailable: Uint8Array | undefined;
  let nameInstalled: Uint8Array | undefined;
  /** Plain Uint8Array views (not Buffers): their subarray() is cheaper, and a query copies thousands. */
  let rendered: { text: RenderedForm; json: RenderedForm } | undefined;
  if (stored !== undefined) {
    ({ nameRank, versionOrder, nameAvailable, nameInstalled } = stored);
    slotOfRank = new Int32Array(stored.nameCount);
    rankBits = new Uint32Array((stored.nameCount + 31) >>> 5);
    rendered = { text: stored.text, json: stored.json };
  } else if (resident) {
    for (const segment of prepared) {
      for (let line = 0; line < segment.starts.length - 1; line += 1) nameOf(segment, line);
    }
    // Code-unit order (the default sort, no comparator), then a stable counting sort by length.
    const byName = [...nameList].sort();
    const perLength: number[] = [];
    for (const name of byName) perLength[name.length] = (perLength[name.length] ?? 0) + 1;
    const nextRank: number[] = [];
    let ranked = 0;
    for (let length = 0; length < perLength.length; length += 1) {
      nextRank[length] = ranked;
      ranked += perLength[length] ?? 0;
    }
    nameRank = new Int32Array(nameList.length);
    for (const name of byName) {
      nameRank[nameIds.get(name) as number] = nextRank[name.length] as number;
      nextRank[name.length] = (nextRank[name.length] as number) + 1;
    }
    slotOfRank = new Int32Array(nameList.length);
    rankBits = new Uint32Array((nameList.length + 31) >>> 5);
    // Per entry, its version's order among the entries of the same name (equal versions alike), so a
    // query compares two candidates' versions as integers.
    versionOrder = new Int32Array(entryCount);
    const firstOfName = new Int32Array(nameList.length).fill(-1);
    const sameName = new Int32Array(entryCount).fill(-1);
    const segmentOf = new Int32Array(entryCount);
    for (const [index, segment] of prepared.entries())
      segmentOf.fill(index, segment.base, segment.base + segment.starts.length - 1);
    for (let entry = entryCount - 1; entry >= 0; entry -= 1) {
      const id = entryNames[entry] as number;
      sameName[entry] = firstOfName[id] as number;
      firstOfName[id] = entry;
    }
    const versionAt = (entry: number): string => {
      const segment = prepared[segmentOf[entry] as number] as PreparedSegment;
      return versionOf(segment, entry - segment.base);
    };
    for (let id = 0; id < nameList.length; id += 1) {
      const first = firstOfName[id] as number;
      if (first < 0 || (sameName[first] as number) < 0) continue;
      const group: Array<{ entry: number; version: string }> = [];
      for (let entry = first; entry >= 0; entry = sameName[entry] as number)
        group.push({ entry, version: versionAt(entry) });
      group.sort((left, right) => compareVersions(left.version, right.version));
      let order = 0;
      for (let index = 0; index < group.length; index += 1) {
        const current = group[index] as { entry: number; version: string };
        if (
          index > 0 &&
          compareVersions((group[index - 1] as { version: string }).version, current.version) !== 0
        )
          order += 1;
        versionOrder[current.entry] = order;
      }
    }
    nameAvailable = new Uint8Array(nameList.length);
    nameInstalled = new Uint8Array(nameList.length);
    for (const segment of prepared) {
      if (!segment.available) continue;
      for (let line = 0; line < segment.starts.length - 1; line += 1)
        nameAvailable[entryNames[segment.base + line] as number] = 1;
    }
    for (const name of installed().keys()) {
      const id = nameIds.get(name);
      if (id !== undefined) nameInstalled[id] = 1;
    }
    // Straight into growing buffers: each line's strings die young instead of piling up in arrays.
    let text: Buffer = Buffer.allocUnsafe(1 << 20);
    let json: Buffer = Buffer.allocUnsafe(1 << 20);
    const textOffsets = new Int32Array(entryCount + 1);
    const jsonOffsets = new Int32Array(entryCount + 1);
    const append = (buffer: Buffer, at: number, value: string): Buffer => {
      const needed = at + Buffer.byteLength(value);
      if (needed <= buffer.length) return buffer;
      const grown = Buffer.allocUnsafe(Math.max(needed, buffer.length * 2));
      buffer.copy(grown, 0, 0, at);
      return grown;
    };
    for (const segment of prepared) {
      for (let line = 0; line < segment.starts.length - 1; line += 1) {
        const entry = segment.base + line;
        const result = resultOf(segment, line, nameInstalled[entryNames[entry] as number] === 1);
        const textLine = searchResultText(result);
        const jsonLine = searchResultJson(result);
        const textAt = textOffsets[entry] as number;
        const jsonAt = jsonOffsets[entry] as number;
        text = append(text, textAt, textLine);
        json = append(json, jsonAt, jsonLine);
        textOffsets[entry + 1] = textAt + text.write(textLine, textAt);
        jsonOffsets[entry + 1] = jsonAt + json.write(jsonLine, jsonAt);
      }
    }
    text = Buffer.from(text.subarray(0, textOffsets[entryCount]));
    json = Buffer.from(json.subarray(0, jsonOffsets[entryCount]));
    const plain = (buffer: Buffer): Uint8Array =>
      new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length);
    const textData = plain(text);
    const jsonData = plain(json);
    rendered = {
      text: {
        offsets: textOffsets,
        bytes: (entry) => textData.subarray(textOffsets[entry], textOffsets[entry + 1]),
      },
      json: {
        offsets: jsonOffsets,
        bytes: (entry) => jsonData.subarray(jsonOffsets[entry], jsonOffsets[entry + 1]),
      },
    };
  }
  const isAvailable = (nameId: number): boolean =>
    tableOptions.isAvailable !== undefined
      ? tableOptions.isAvailable(nameList[nameId] as string)
      : nameAvailable !== undefined
        ? nameAvailable[nameId] === 1
        : isAvailableByName(nameList[nameId] as string);
  const isInstalled = (nameId: number): boolean =>
    nameInstalled !== undefined ? nameInstalled[nameId] === 1 : installed().has(nameList[nameId] as string);

  let slots:
    | {
        entries: Int32Array;
        segments: Int32Array;
        scores: Int32Array;
        names: Int32Array;
        available: Uint8Array;
      }
    | undefined;

  /** Matches, keeps one entry per name (the candidate), and ranks them. */
  function rank(terms: readonly string[], options: SearchOptions): RankedEntries {
    const namesOnly = options.namesOnly === true;
    const patterns = options.regex === true ? terms.map((term) => new RegExp(term, 'i')) : undefined;
    const literals = terms.map((term) => term.toLowerCase()).filter((term) => term !== '');
    // Per result slot (one per name), in scratch arrays the table keeps: a query allocates little.
    if (slots === undefined) {
      const size = Math.max(1, entryCount);
      slots = {
        entries: new Int32Array(size),
        segments: new Int32Array(size),
        scores: new Int32Array(size),
        names: new Int32Array(size),
        available: new Uint8Array(size),
      };
    }
    const {
      entries: slotEntries,
      segments: slotSegments,
      scores: slotScores,
      names: slotNames,
      available: slotAvailable,
    } = slots;
    let count = 0;
    try {
      for (let segmentIndex = 0; segmentIndex < prepared.length; segmentIndex += 1) {
        const segment = prepared[segmentIndex] as PreparedSegment;
        const perTerm =
          patterns === undefined
            ? literals.map((term) => matchLiteral(segment, term, namesOnly))
            : patterns.map((pattern) => matchRegex(segment, pattern, namesOnly));
        if (perTerm.length === 0) continue;
        // Start from the rarest term so the intersection stays small.
        perTerm.sort((left, right) => left.length - right.length);
        let combined = perTerm[0] as LineMatches;
        for (let index = 1; index < perTerm.length && combined.length > 0; index += 1)
          combined = intersectMatches(combined, perTerm[index] as LineMatches);
        const available = segment.available;
        for (let index = 0; index < combined.length; index += 1) {
          const line = combined.lines[index] as number;
          const nameId = nameOf(segment, line);
          // A package some repository offers is matched on its candidate's metadata, as apt does.
          if (!available && isAvailable(nameId)) continue;
          const slot = slotOfName[nameId] as number;
          if (slot >= 0) {
            // An available version wins over an installed-only entry unless it is older than the installed one.
            const previousAvailable = slotAvailable[slot] === 1;
            if (!previousAvailable && !available) continue;
            if (previousAvailable && !available) continue;
            const previous = prepared[slotSegments[slot] as number] as PreparedSegment;
            const newer =
              versionOrder !== undefined
                ? (versionOrder[segment.base + line] as number) -
                  (versionOrder[slotEntries[slot] as number] as number)
                : compareVersions(
                    versionOf(segment, line),
                    versionOf(previous, (slotEntries[slot] as number) - previous.base),
                  );
            if (previousAvailable && newer <= 0) continue;
            if (!previousAvailable && newer < 0) continue;
            slotEntries[slot] = segment.base + line;
            slotSegments[slot] = segmentIndex;
            slotScores[slot] = combined.tiers[index] as number;
            slotAvailable[slot] = available ? 1 : 0;
            continue;
          }
          slotOfName[nameId] = count;
          slotEntries[count] = segment.base + line;
          slotSegments[count] = segmentIndex;
          slotScores[count] = combined.tiers[index] as number;
          slotNames[count] = nameId;
          slotAvailable[count] = available ? 1 : 0;
          count += 1;
        }
      }
    } finally {
      for (let slot = 0; slot < count; slot += 1) slotOfName[slotNames[slot] as number] = -1;
    }
    const order = new Int32Array(count);
    if (nameRank !== undefined) {
      // No comparison sort: slots are bucketed by score, and within a score ordered by the name's
      // precomputed rank through a bitmap over ranks (set the bits, read them back in order).
      const ranks = nameRank;
      let maximumScore = 0;
      for (let slot = 0; slot < count; slot += 1)
        if ((slotScores[slot] as number) > maximumScore) maximumScore = slotScores[slot] as number;
      const perScore = new Int32Array(maximumScore + 2);
      for (let slot = 0; slot < count; slot += 1) {
        const bucket = (slotScores[slot] as number) + 1;
        perScore[bucket] = (perScore[bucket] as number) + 1;
      }
      for (let score = 1; score < perScore.length; score += 1)
        perScore[score] = (perScore[score] as number) + (perScore[score - 1] as number);
      // order[] first holds the slots grouped by score (counting sort), then each group in rank order.
      const byScore = new Int32Array(count);
      const fill = perScore.slice(0, maximumScore + 1);
      for (let slot = 0; slot < count; slot += 1) {
        const score = slotScores[slot] as number;
        byScore[fill[score] as number] = slot;
        fill[score] = (fill[score] as number) + 1;
      }
      for (let score = 0; score <= maximumScore; score += 1) {
        const from = perScore[score] as number;
        const to = perScore[score + 1] as number;
        if (from === to) continue;
        let lowWord = rankBits.length;
        let highWord = -1;
        for (let index = from; index < to; index += 1) {
          const slot = byScore[index] as number;
          const rank = ranks[slotNames[slot] as number] as number;
          const word = rank >>> 5;
          rankBits[word] = (rankBits[word] as number) | (1 << (rank & 31));
          slotOfRank[rank] = slot;
          if (word < lowWord) lowWord = word;
          if (word > highWord) highWord = word;
        }
        let position = from;
        for (let word = lowWord; word <= highWord; word += 1) {
          let bits = rankBits[word] as number;
          if (bits === 0) continue;
          rankBits[word] = 0;
          while (bits !== 0) {
            const lowest = bits & -bits;
            order[position++] = slotOfRank[(word << 5) + 31 - Math.clz32(lowest)] as number;
            bits ^= lowest;
          }
        }
      }
    } else {
      for (let slot = 0; slot < count; slot += 1) order[slot] = slot;
      order.sort((left, right) => {
        const a = nameList[slotNames[left] as number] as string;
        const b = nameList[slotNames[right] as number] as string;
        return (
          (slotScores[left] as number) - (slotScores[right] as number) ||
          a.length - b.length ||
          (a < b ? -1 : a > b ? 1 : 0)
        );
      });
    }
    const kept = options.limit === undefined ? order : order.slice(0, options.limit);
    const entries = new Int32Array(kept.length);
    const entrySegments = new Int32Array(kept.length);
    for (let index = 0; index < kept.length; index += 1) {
      const slot = kept[index] as number;
      entries[index] = slotEntries[slot] as number;
      entrySegments[index] = slotSegments[slot] as number;
    }
    return { entries, segments: entrySegments };
  }

  function results(ranked: RankedEntries): SearchResult[] {
    const found: SearchResult[] = new Array(ranked.entries.length);
    for (let index = 0; index < ranked.entries.length; index += 1) {
      const segment = prepared[ranked.segments[index] as number] as PreparedSegment;
      const entry = ranked.entries[index] as number;
      found[index] = resultOf(segment, entry - segment.base, isInstalled(entryNames[entry] as number));
    }
    return found;
  }

  return {
    get installed(): ReadonlyMap<string, string> {
      return installed();
    },
    get resident(): ResidentData | undefined {
      if (rendered === undefined || nameRank === undefined || versionOrder === undefined) return undefined;
      if (nameAvailable === undefined || nameInstalled === undefined) return undefined;
      return {
        nameCount: stored?.nameCount ?? nameList.length,
        entryNames,
        versionOrder,
        nameRank,
        nameAvailable,
        nameInstalled,
        text: rendered.text,
        json: rendered.json,
      };
    },
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
      return results(rank(terms, options));
    },
    searchRendered(terms, options, format, head, allocate): Buffer {
      const ranked = rank(terms, options);
      const count = ranked.entries.length;
      if (rendered === undefined) {
        const found = results(ranked);
        const body =
          format === 'json'
            ? `[${found.map(searchResultJson).join(',')}]\n`
            : found.map(searchResultText).join('');
        return Buffer.from(`${head(count)}${body}`);
      }
      const form = format === 'json' ? rendered.json : rendered.text;
      const { offsets } = form;
      form.prepare?.(ranked.entries);
      const prefix = head(count);
      let total = Buffer.byteLength(prefix);
      for (let index = 0; index < count; index += 1) {
        const entry = ranked.entries[index] as number;
        total += (offsets[entry + 1] as number) - (offsets[entry] as number);
      }
      // JSON: brackets, commas between elements, final newline.
      if (format === 'json') total += 2 + Math.max(0, count - 1) + 1;
      const reply = allocate === undefined ? Buffer.allocUnsafe(total) : allocate(total).subarray(0, total);
      const view = new Uint8Array(reply.buffer, reply.byteOffset, total);
      let position = reply.write(prefix, 0);
      if (format === 'json') reply[position++] = 0x5b;
      for (let index = 0; index < count; index += 1) {
        const entry = ranked.entries[index] as number;
        if (format === 'json' && index > 0) reply[position++] = 0x2c;
        const from = offsets[entry] as number;
        const to = offsets[entry + 1] as number;
        // TypedArray#set of a plain Uint8Array view: a memory copy, cheaper per call than Buffer#copy.
        view.set(form.bytes(entry), position);
        position += to - from;
      }
      if (format === 'json') {
        reply[position++] = 0x5d;
        reply[position++] = 0x0a;
      }
      return reply;
    },
  };
}
