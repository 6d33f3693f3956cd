import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { writeFileAtomic } from '@venom/core';
import type { PackageBackend } from '../backends/package-record.js';
import type { SearchSegment } from './search-table.js';
import { fieldSeparator } from './search-text.js';

/**
 * The search snapshot: the index's search text in one flat file beside the LMDB index, so that a
 * search without the daemon reads one file instead of loading lmdb and decoding every source.
 *
 * Layout: one line of JSON (the header: format, every source with the file identities it was built
 * from, its problems and error, and per segment its line count and byte lengths), then per segment:
 * its search text (UTF-8), the same text lower-cased, and the byte offset of every line start in
 * each (little-endian uint32). A literal search finds the lines holding every term with a byte
 * search of the lower-cased text, and decodes only those lines; the header lets a reader check, with
 * one `stat` per file, that the snapshot still describes the sources on disk.
 */

/** Bumped when the layout changes; a snapshot of another format is ignored. */
const snapshotFormat = 2;

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

interface SnapshotHeader {
  format: number;
  sources: SnapshotSource[];
  /** Installed packages that a repository also offers (search shows those from the repository). */
  installedAndAvailable: string[];
  segments: SegmentHeader[];
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

/** Byte offsets of the starts of `lines` lines of `bytes` (lines separated by \n). */
function lineOffsets(bytes: Buffer, lines: number): Buffer {
  const offsets = Buffer.alloc(lines * 4);
  let line = 0;
  if (lines > 0) offsets.writeUInt32LE(0, 0);
  for (
    let position = bytes.indexOf(10);
    position >= 0 && line + 1 < lines;
    position = bytes.indexOf(10, position + 1)
  ) {
    line += 1;
    offsets.writeUInt32LE(position + 1, line * 4);
  }
  return offsets;
}

function countLines(text: string): number {
  if (text === '') return 0;
  let count = 1;
  for (let position = text.indexOf('\n'); position >= 0; position = text.indexOf('\n', position + 1))
    count += 1;
  return count;
}

/** The snapshot's path for an index file. */
export function searchSnapshotPath(indexFile: string): string {
  return `${indexFile}.search`;
}

/** Writes the snapshot atomically (a reader sees the old one or the new one, never half). */
export function writeSearchSnapshot(path: string, snapshot: SearchSnapshot): void {
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
    const lines = countLines(segment.text);
    const text = Buffer.from(segment.text, 'utf8');
    const lower = Buffer.from(segment.text.toLowerCase(), 'utf8');
    parts.push(text, lower, lineOffsets(text, lines), lineOffsets(lower, lines));
    segments.push({
      repository: segment.repository,
      kind: segment.kind,
      lines,
      textBytes: text.length,
      lowerBytes: lower.length,
    });
  }
  const header: SnapshotHeader = {
    format: snapshotFormat,
    sources: snapshot.sources,
    installedAndAvailable,
    segments,
  };
  writeFileAtomic(path, Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`, 'utf8'), ...parts]));
}

interface StoredSegment {
  repository: string;
  kind: 'available' | 'installed';
  lines: number;
  /** Where the segment's original text starts in the file, and its length. */
  textOffset: number;
  textBytes: number;
  /** The lower-cased text and both line-offset tables, read when first needed. */
  tailOffset: number;
  tailBytes: number;
  lowerBytes: number;
  loaded?: { lower: Buffer; textStarts: Buffer; lowerStarts: Buffer };
}

/** The line of `lower` holding byte `position` (binary search over the line starts). */
function lineOfPosition(starts: Buffer, lines: number, position: number): number {
  let low = 0;
  let high = lines - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts.readUInt32LE(middle * 4) <= position) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** Start and end (exclusive, before the \n) of a line, from a line-start table. */
function lineBounds(starts: Buffer, lines: number, totalBytes: number, line: number): [number, number] {
  const start = starts.readUInt32LE(line * 4);
  const end = line + 1 < lines ? starts.readUInt32LE((line + 1) * 4) - 1 : totalBytes;
  return [start, end];
}

function readAt(descriptor: number, position: number, length: number): Buffer {
  const buffer = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const count = readSync(descriptor, buffer, done, length - done, position + done);
    if (count === 0) throw new Error('search snapshot shorter than its header says');
    done += count;
  }
  return buffer;
}

/** The header line: read in chunks until its newline. */
function readHeader(descriptor: number, size: number): { header: string; end: number } | undefined {
  const chunks: Buffer[] = [];
  let position = 0;
  while (position < size) {
    const chunk = readAt(descriptor, position, Math.min(64 * 1024, size - position));
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

/**
 * Reads a snapshot's header and layout; undefined when it is missing, of another format, or damaged
 * in any way. The search text is read only as `segmentsFor` needs it: the lower-cased copy of each
 * available segment, then just the matching lines of the original. Call `close()` when done.
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
      !Array.isArray(header.segments) ||
      !Array.isArray(header.sources) ||
      !Array.isArray(header.installedAndAvailable)
    )
      throw new Error('another format');
    const stored: StoredSegment[] = [];
    let offset = read.end;
    for (const segment of header.segments) {
      const sizes = [segment.textBytes, segment.lowerBytes, segment.lines];
      if (!sizes.every((value) => Number.isInteger(value) && value >= 0)) throw new Error('bad sizes');
      const tailBytes = segment.lowerBytes + segment.lines * 8;
      stored.push({
        repository: segment.repository,
        kind: segment.kind,
        lines: segment.lines,
        textOffset: offset,
        textBytes: segment.textBytes,
        tailOffset: offset + segment.textBytes,
        tailBytes,
        lowerBytes: segment.lowerBytes,
      });
      offset += segment.textBytes + tailBytes;
    }
    if (offset !== size) throw new Error('size mismatch');
    const tail = (segment: StoredSegment) => {
      if (segment.loaded === undefined) {
        const bytes = readAt(descriptor, segment.tailOffset, segment.tailBytes);
        const tablesAt = segment.lowerBytes;
        segment.loaded = {
          lower: bytes.subarray(0, tablesAt),
          textStarts: bytes.subarray(tablesAt, tablesAt + segment.lines * 4),
          lowerStarts: bytes.subarray(tablesAt + segment.lines * 4),
        };
      }
      return segment.loaded;
    };
    /** Lines of one segment whose lower-cased text contains every needle. */
    const linesWithAll = (segment: StoredSegment, needles: readonly Buffer[]): number[] => {
      const [first, ...rest] = needles;
      if (first === undefined) return [];
      const { lower, lowerStarts } = tail(segment);
      const lines: number[] = [];
      let position = lower.indexOf(first);
      while (position >= 0) {
        const line = lineOfPosition(lowerStarts, segment.lines, position);
        const [start, end] = lineBounds(lowerStarts, segment.lines, lower.length, line);
        const text = lower.subarray(start, end);
        if (rest.every((needle) => text.indexOf(needle) >= 0)) lines.push(line);
        position = lower.indexOf(first, end + 1);
      }
      return lines;
    };
    const decodeLines = (segment: StoredSegment, lines: readonly number[]): string => {
      const { textStarts } = tail(segment);
      return lines
        .map((line) => {
          const [start, end] = lineBounds(textStarts, segment.lines, segment.textBytes, line);
          return readAt(descriptor, segment.textOffset + start, end - start).toString('utf8');
        })
        .join('\n');
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
          const whole = options.regex || segment.kind === 'installed' || needles.length === 0;
          const text = whole
            ? readAt(descriptor, segment.textOffset, segment.textBytes).toString('utf8')
            : decodeLines(segment, linesWithAll(segment, needles));
          if (text !== '') segments.push({ repository: segment.repository, kind: segment.kind, text });
        }
        return segments;
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
