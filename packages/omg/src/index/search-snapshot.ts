import { readFile, stat } from 'node:fs/promises';
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
  text: Buffer;
  lower: Buffer;
  textStarts: Buffer;
  lowerStarts: Buffer;
}

/** The line of `segment` holding byte `position` of its lower-cased text (binary search). */
function lineOfLowerPosition(segment: StoredSegment, position: number): number {
  let low = 0;
  let high = segment.lines - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (segment.lowerStarts.readUInt32LE(middle * 4) <= position) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** Start and end (exclusive, before the \n) of a line in the text or its lower-cased copy. */
function lineBounds(bytes: Buffer, starts: Buffer, lines: number, line: number): [number, number] {
  const start = starts.readUInt32LE(line * 4);
  const end = line + 1 < lines ? starts.readUInt32LE((line + 1) * 4) - 1 : bytes.length;
  return [start, end];
}

/** Lines of one segment whose lower-cased text contains every needle. */
function linesWithAll(segment: StoredSegment, needles: readonly Buffer[]): number[] {
  const [first, ...rest] = needles;
  if (first === undefined) return [];
  const lines: number[] = [];
  let position = segment.lower.indexOf(first);
  while (position >= 0) {
    const line = lineOfLowerPosition(segment, position);
    const [start, end] = lineBounds(segment.lower, segment.lowerStarts, segment.lines, line);
    const text = segment.lower.subarray(start, end);
    if (rest.every((needle) => text.indexOf(needle) >= 0)) lines.push(line);
    position = segment.lower.indexOf(first, end + 1);
  }
  return lines;
}

function decodeLines(segment: StoredSegment, lines: readonly number[]): string {
  return lines
    .map((line) => {
      const [start, end] = lineBounds(segment.text, segment.textStarts, segment.lines, line);
      return segment.text.toString('utf8', start, end);
    })
    .join('\n');
}

/** Reads a snapshot; undefined when it is missing, of another format, or damaged in any way. */
export async function readSearchSnapshot(path: string): Promise<ReadSearchSnapshot | undefined> {
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch {
    return undefined;
  }
  const headerEnd = data.indexOf(10);
  if (headerEnd < 0) return undefined;
  let header: SnapshotHeader;
  try {
    header = JSON.parse(data.subarray(0, headerEnd).toString('utf8')) as SnapshotHeader;
  } catch {
    return undefined;
  }
  if (
    header.format !== snapshotFormat ||
    !Array.isArray(header.segments) ||
    !Array.isArray(header.sources) ||
    !Array.isArray(header.installedAndAvailable)
  )
    return undefined;
  const stored: StoredSegment[] = [];
  let offset = headerEnd + 1;
  const take = (length: number): Buffer | undefined => {
    if (!Number.isInteger(length) || length < 0 || offset + length > data.length) return undefined;
    const part = data.subarray(offset, offset + length);
    offset += length;
    return part;
  };
  for (const segment of header.segments) {
    const text = take(segment.textBytes);
    const lower = take(segment.lowerBytes);
    const textStarts = take(segment.lines * 4);
    const lowerStarts = take(segment.lines * 4);
    if (text === undefined || lower === undefined || textStarts === undefined || lowerStarts === undefined)
      return undefined;
    stored.push({
      repository: segment.repository,
      kind: segment.kind,
      lines: segment.lines,
      text,
      lower,
      textStarts,
      lowerStarts,
    });
  }
  if (offset !== data.length) return undefined;
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
          ? segment.text.toString('utf8')
          : decodeLines(segment, linesWithAll(segment, needles));
        if (text !== '') segments.push({ repository: segment.repository, kind: segment.kind, text });
      }
      return segments;
    },
  };
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
