import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { writeFileAtomic } from '@venom/core';
import type { PackageBackend } from '../backends/package-record.js';
import {
  type ByteSegment,
  createSearchTable,
  createStoredSearchTable,
  lineStarts,
  type RenderedForm,
  type RenderedSearch,
  type ResidentData,
  type SearchSegment,
  toByteSegment,
} from './search-table.js';
import { fieldSeparator } from './search-text.js';

/**
 * The search snapshot: the index's search text in one flat file beside the LMDB index, so that a
 * search without the daemon reads one file instead of loading lmdb and decoding every source.
 *
 * Layout: one line of JSON (the header: format, byte order, every source with the file identities it
 * was built from, its problems and error, per segment its line count and byte lengths, and the
 * resident data's sizes), then per segment: its search text (UTF-8), the same text lower-cased, and
 * int32 tables: the line starts in each, then per line where the name, the description and the
 * provided names are in the lower-cased text. Then the resident data of the search table over all
 * segments (see ResidentData in search-table.ts): per entry its name number and version order, per
 * name its rank and flags, and every entry's two output forms, pre-rendered. A literal search reads
 * the lower-cased text and the tables, ranks as omgd does, and copies the rendered bytes of the hits;
 * the header lets a reader check, with one `stat` per file, that the snapshot still describes the
 * sources on disk.
 */

/** Bumped when the layout changes; a snapshot of another format is ignored. */
const snapshotFormat = 3;

/** Typed arrays are stored in the writer's byte order; a reader of the other order ignores the file. */
const byteOrder = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 'le' : 'be';

type Identity =
  | { path: string; size: number; mtimeMs: number; inode: number }
  | { path: string; missing: true };

/** What the snapshot records of one source. */
export interface SnapshotSource {
  id: string;
  kind: 'available' | 'installed';
  repository: string;
  identities: Identity[];
  problems: Array<{ file: string; line?: number; message: string }>;
  error?: { code: string; message: string; hint?: string };
}

interface SegmentHeader {
  repository: string;
  kind: 'available' | 'installed';
  lines: number;
  textBytes: number;
  lowerBytes: number;
}

interface ResidentHeader {
  nameCount: number;
  textBytes: number;
  jsonBytes: number;
}

interface SnapshotHeader {
  format: number;
  byteOrder: string;
  sources: SnapshotSource[];
  /** Installed packages that a repository also offers (search shows those from the repository). */
  installedAndAvailable: string[];
  segments: SegmentHeader[];
  resident: ResidentHeader;
}

/** What is written: the sources and their search text. */
export interface SearchSnapshot {
  sources: SnapshotSource[];
  segments: SearchSegment[];
}

/** A snapshot as read back. */
export interface ReadSearchSnapshot {
  sources: SnapshotSource[];
  installedAndAvailable: ReadonlySet<string>;
  /**
   * The segments to search for `terms`: with literal terms, each available segment cut down to the
   * lines that contain every term (case-insensitive), which are all a search can return; installed
   * segments whole (they also say which packages are installed). With `regex`, every line.
   */
  segmentsFor(terms: readonly string[], options: { regex: boolean }): SearchSegment[];
  /** The stored table: literal queries ranked and rendered as omgd does, from the stored data. */
  storedTable(): RenderedSearch;
  /** Releases the open file. */
  close(): void;
}

/** The package names of a segment's search text (the first field of each line). */
function namesOf(text: string): string[] {
  const names: string[] = [];
  let start = 0;
  while (start < text.length) {
    const lineEnd = text.indexOf('\n', start);
    const end = lineEnd < 0 ? text.length : lineEnd;
    const nameEnd = text.indexOf(fieldSeparator, start);
    names.push(text.slice(start, nameEnd < 0 || nameEnd > end ? end : nameEnd));
    start = end + 1;
  }
  return names;
}

/** The snapshot's path for an index file. */
export function searchSnapshotPath(indexFile: string): string {
  return `${indexFile}.search`;
}

function bytesOf(array: Int32Array | Uint8Array): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

/**
 * Writes the snapshot atomically (a reader sees the old one or the new one, never half).
 * `compareVersions` orders the versions of a name, as the search table does.
 */
export function writeSearchSnapshot(
  path: string,
  snapshot: SearchSnapshot,
  compareVersions: (left: string, right: string) => number,
): void {
  const available = new Set(
    snapshot.segments
      .filter((segment) => segment.kind === 'available')
      .flatMap((segment) => namesOf(segment.text)),
  );
  const installedAndAvailable = snapshot.segments
    .filter((segment) => segment.kind === 'installed')
    .flatMap((segment) => namesOf(segment.text))
    .filter((name) => available.has(name));
  const parts: Buffer[] = [];
  const segments: SegmentHeader[] = [];
  for (const segment of snapshot.segments) {
    const text = Buffer.from(segment.text, 'utf8');
    const bytes = toByteSegment(segment);
    const { lower } = bytes;
    const textStarts = lineStarts(text.toString('latin1'));
    const lines = bytes.lowerStarts.length - 1;
    if (textStarts.length !== lines + 1) throw new Error('lower-casing changed the line count');
    parts.push(
      text,
      lower,
      bytesOf(textStarts),
      bytesOf(bytes.lowerStarts),
      bytesOf(bytes.nameEnds),
      bytesOf(bytes.descriptionEnds),
      bytesOf(bytes.providesStarts),
    );
    segments.push({
      repository: segment.repository,
      kind: segment.kind,
      lines,
      textBytes: text.length,
      lowerBytes: lower.length,
    });
  }
  const resident = createSearchTable(snapshot.segments, compareVersions, { resident: true }).resident;
  if (resident === undefined) throw new Error('the search table kept no resident data');
  const every = Int32Array.from(resident.entryNames.keys());
  const whole = (form: RenderedForm): Buffer => {
    form.prepare?.(every);
    return Buffer.concat([...every].map((entry) => form.bytes(entry)));
  };
  const textData = whole(resident.text);
  const jsonData = whole(resident.json);
  parts.push(
    bytesOf(resident.entryNames),
    bytesOf(resident.versionOrder),
    bytesOf(resident.nameRank),
    bytesOf(resident.nameAvailable),
    bytesOf(resident.nameInstalled),
    bytesOf(resident.text.offsets),
    bytesOf(resident.json.offsets),
    bytesOf(textData),
    bytesOf(jsonData),
  );
  const header: SnapshotHeader = {
    format: snapshotFormat,
    byteOrder,
    sources: snapshot.sources,
    installedAndAvailable,
    segments,
    resident: { nameCount: resident.nameCount, textBytes: textData.length, jsonBytes: jsonData.length },
  };
  writeFileAtomic(path, Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`, 'utf8'), ...parts]));
}

interface StoredSegment {
  header: SegmentHeader;
  /** Where the segment's text, lower-cased text and tables start in the file. */
  textOffset: number;
  lowerOffset: number;
  tablesOffset: number;
  loaded?: {
    textStarts: Int32Array;
    byteSegment: ByteSegment;
  };
}

/** The line of a table of line starts holding byte `position` (binary search). */
function lineOfPosition(starts: Int32Array, position: number): number {
  let low = 0;
  let high = starts.length - 2;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((starts[middle] as number) <= position) low = middle;
    else high = middle - 1;
  }
  return low;
}

function readAt(descriptor: number, position: number, length: number, into?: Uint8Array): Uint8Array {
  const buffer = into ?? Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const count = readSync(descriptor, buffer, done, length - done, position + done);
    if (count === 0) throw new Error('search snapshot shorter than its header says');
    done += count;
  }
  return buffer;
}

function readBuffer(descriptor: number, position: number, length: number): Buffer {
  return readAt(descriptor, position, length) as Buffer;
}

function readInt32(descriptor: number, position: number, count: number): Int32Array {
  const array = new Int32Array(count);
  readAt(descriptor, position, count * 4, new Uint8Array(array.buffer));
  return array;
}

function readUint8(descriptor: number, position: number, count: number): Uint8Array {
  const array = new Uint8Array(count);
  readAt(descriptor, position, count, array);
  return array;
}

/** The header line: read in chunks until its newline. */
function readHeader(descriptor: number, size: number): { header: string; end: number } | undefined {
  const chunks: Buffer[] = [];
  let position = 0;
  while (position < size) {
    const chunk = readBuffer(descriptor, position, Math.min(64 * 1024, size - position));
    const newline = chunk.indexOf(10);
    if (newline >= 0) {
      chunks.push(chunk.subarray(0, newline));
      return { header: Buffer.concat(chunks).toString('utf8'), end: position + newline + 1 };
    }
    chunks.push(chunk);
    position += chunk.length;
  }
  return undefined;
}

const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;

/**
 * Reads a snapshot's header and layout; undefined when it is missing, of another format, or damaged
 * in any way. The rest is read only as a query needs it. Call `close()` when done.
 */
export async function readSearchSnapshot(path: string): Promise<ReadSearchSnapshot | undefined> {
  let descriptor: number;
  try {
    descriptor = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const size = fstatSync(descriptor).size;
    const read = readHeader(descriptor, size);
    if (read === undefined) throw new Error('no header');
    const header = JSON.parse(read.header) as SnapshotHeader;
    if (
      header.format !== snapshotFormat ||
      header.byteOrder !== byteOrder ||
      !Array.isArray(header.segments) ||
      !Array.isArray(header.sources) ||
      !Array.isArray(header.installedAndAvailable) ||
      typeof header.resident !== 'object' ||
      header.resident === null
    )
      throw new Error('another format');
    const stored: StoredSegment[] = [];
    let offset = read.end;
    let entries = 0;
    for (const segment of header.segments) {
      if (![segment.textBytes, segment.lowerBytes, segment.lines].every(isCount))
        throw new Error('bad sizes');
      const textOffset = offset;
      const lowerOffset = textOffset + segment.textBytes;
      const tablesOffset = lowerOffset + segment.lowerBytes;
      stored.push({ header: segment, textOffset, lowerOffset, tablesOffset });
      // Two line-start tables (lines + 1 each) and three per-line field tables.
      offset = tablesOffset + (2 * (segment.lines + 1) + 3 * segment.lines) * 4;
      entries += segment.lines;
    }
    const { nameCount, textBytes, jsonBytes } = header.resident;
    if (![nameCount, textBytes, jsonBytes].every(isCount)) throw new Error('bad sizes');
    const residentOffset = offset;
    offset += entries * 8 + nameCount * 4 + nameCount * 2 + (entries + 1) * 8 + textBytes + jsonBytes;
    if (offset !== size) throw new Error('size mismatch');

    const load = (segment: StoredSegment) => {
      if (segment.loaded === undefined) {
        const { lines, lowerBytes, repository, kind } = segment.header;
        const lower = readBuffer(descriptor, segment.lowerOffset, lowerBytes);
        const tables = readInt32(descriptor, segment.tablesOffset, 2 * (lines + 1) + 3 * lines);
        const lowerStarts = tables.subarray(lines + 1, 2 * (lines + 1));
        const fieldsAt = 2 * (lines + 1);
        segment.loaded = {
          textStarts: tables.subarray(0, lines + 1),
          byteSegment: {
            repository,
            kind,
            lower,
            lowerStarts,
            nameEnds: tables.subarray(fieldsAt, fieldsAt + lines),
            descriptionEnds: tables.subarray(fieldsAt + lines, fieldsAt + 2 * lines),
            providesStarts: tables.subarray(fieldsAt + 2 * lines),
          },
        };
      }
      return segment.loaded;
    };
    /** Lines of one segment whose lower-cased text contains every needle. */
    const linesWithAll = (segment: StoredSegment, needles: readonly Buffer[]): number[] => {
      const [first, ...rest] = needles;
      if (first === undefined) return [];
      const { lower, lowerStarts: starts } = load(segment).byteSegment;
      const lines: number[] = [];
      let position = lower.indexOf(first);
      while (position >= 0) {
        const line = lineOfPosition(starts, position);
        const end = (starts[line + 1] as number) - 1;
        const text = lower.subarray(starts[line] as number, end);
        if (rest.every((needle) => text.indexOf(needle) >= 0)) lines.push(line);
        position = lower.indexOf(first, end + 1);
      }
      return lines;
    };
    const decodeLines = (segment: StoredSegment, lines: readonly number[]): string => {
      const { textStarts } = load(segment);
      return lines
        .map((line) => {
          const start = textStarts[line] as number;
          const end = (textStarts[line + 1] as number) - 1;
          return readBuffer(descriptor, segment.textOffset + start, end - start).toString('utf8');
        })
        .join('\n');
    };
    let table: RenderedSearch | undefined;
    /**
     * A rendered form that reads only a query's entries, in runs of neighbouring entries (package
     * lists are sorted, so `python3-*` is one run) into one buffer.
     */
    const renderedForm = (offsets: Int32Array, at: number, total: number): RenderedForm => {
      /** A plain Uint8Array: its subarray() is cheaper than a Buffer's, and a query takes thousands. */
      let arena = new Uint8Array(0);
      /** Per entry of the last query, where its bytes start in the arena. */
      const positions = new Int32Array(entries);
      return {
        offsets,
        prepare(wanted) {
          const sorted = Int32Array.from(wanted).sort();
          const runs: number[] = [];
          let size = 0;
          for (let index = 0; index < sorted.length; ) {
            const first = sorted[index] as number;
            let last = first;
            let next = index + 1;
            // Gaps up to 8 KB are read through: cheaper than another read.
            while (
              next < sorted.length &&
              (offsets[sorted[next] as number] as number) - (offsets[last + 1] as number) <= 8192
            )
              last = sorted[next++] as number;
            const start = offsets[first] as number;
            const end = offsets[last + 1] as number;
            if (start < 0 || end > total || end < start) throw new Error('rendered offsets out of range');
            for (let entry = index; entry < next; entry += 1) {
              const wantedEntry = sorted[entry] as number;
              positions[wantedEntry] = size + (offsets[wantedEntry] as number) - start;
            }
            runs.push(start, end);
            size += end - start;
            index = next;
          }
          if (arena.length < size) {
            const fresh = Buffer.allocUnsafe(size);
            arena = new Uint8Array(fresh.buffer, fresh.byteOffset, size);
          }
          let position = 0;
          for (let run = 0; run < runs.length; run += 2) {
            const start = runs[run] as number;
            const length = (runs[run + 1] as number) - start;
            readAt(descriptor, at + start, length, arena.subarray(position, position + length));
            position += length;
          }
        },
        bytes(entry) {
          const start = positions[entry] as number;
          return arena.subarray(start, start + (offsets[entry + 1] as number) - (offsets[entry] as number));
        },
      };
    };
    return {
      sources: header.sources,
      installedAndAvailable: new Set(header.installedAndAvailable),
      segmentsFor(terms, options) {
        const needles = terms
          .map((term) => term.toLowerCase())
          .filter((term) => term !== '')
          .map((term) => Buffer.from(term, 'utf8'));
        const segments: SearchSegment[] = [];
        for (const segment of stored) {
          const whole = options.regex || segment.header.kind === 'installed' || needles.length === 0;
          const text = whole
            ? readBuffer(descriptor, segment.textOffset, segment.header.textBytes).toString('utf8')
            : decodeLines(segment, linesWithAll(segment, needles));
          if (text !== '')
            segments.push({ repository: segment.header.repository, kind: segment.header.kind, text });
        }
        return segments;
      },
      storedTable() {
        if (table !== undefined) return table;
        let at = residentOffset;
        const next = (bytes: number): number => {
          const position = at;
          at += bytes;
          return position;
        };
        const entryNames = readInt32(descriptor, next(entries * 4), entries);
        const versionOrder = readInt32(descriptor, next(entries * 4), entries);
        const nameRank = readInt32(descriptor, next(nameCount * 4), nameCount);
        const nameAvailable = readUint8(descriptor, next(nameCount), nameCount);
        const nameInstalled = readUint8(descriptor, next(nameCount), nameCount);
        const textOffsets = readInt32(descriptor, next((entries + 1) * 4), entries + 1);
        const jsonOffsets = readInt32(descriptor, next((entries + 1) * 4), entries + 1);
        const resident: ResidentData = {
          nameCount,
          entryNames,
          versionOrder,
          nameRank,
          nameAvailable,
          nameInstalled,
          text: renderedForm(textOffsets, next(textBytes), textBytes),
          json: renderedForm(jsonOffsets, next(jsonBytes), jsonBytes),
        };
        table = createStoredSearchTable(
          stored.map((segment) => load(segment).byteSegment),
          resident,
        );
        return table;
      },
      close() {
        closeSync(descriptor);
      },
    };
  } catch {
    closeSync(descriptor);
    return undefined;
  }
}

async function identityOf(path: string): Promise<Identity> {
  try {
    const info = await stat(path);
    return { path, size: info.size, mtimeMs: info.mtimeMs, inode: info.ino };
  } catch {
    return { path, missing: true };
  }
}

/**
 * Whether the snapshot still describes the backend's sources: the same sources, each with the same
 * repository and the same identity (size, mtime, inode) of every file it was read from — the rule the
 * index's own refresh uses to skip a source.
 */
export async function snapshotIsCurrent(
  snapshot: Pick<SearchSnapshot, 'sources'>,
  backend: PackageBackend,
): Promise<boolean> {
  const current = await backend.listSources();
  if (current.length !== snapshot.sources.length) return false;
  const recorded = new Map(snapshot.sources.map((source) => [source.id, source]));
  const checks = current.map(async (source) => {
    const known = recorded.get(source.id);
    if (known === undefined || known.repository !== source.repository || known.kind !== source.kind)
      return false;
    const identities = await Promise.all([source.path, ...source.companions].map(identityOf));
    return JSON.stringify(identities) === JSON.stringify(known.identities);
  });
  return (await Promise.all(checks)).every(Boolean);
}
