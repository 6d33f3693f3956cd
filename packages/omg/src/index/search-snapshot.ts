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
 * from, its problems and error, and the byte length of each segment's text), then the segments' UTF-8
 * text back to back. The header lets a reader check, with one `stat` per file, that the snapshot
 * still describes the sources on disk; when it does not, the reader falls back to the index.
 */

/** Bumped when the layout changes; a snapshot of another format is ignored. */
const snapshotFormat = 1;

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

interface SnapshotHeader {
  format: number;
  sources: SnapshotSource[];
  /** Installed packages that a repository also offers (search shows those from the repository). */
  installedAndAvailable: string[];
  segments: Array<{ repository: string; kind: 'available' | 'installed'; bytes: number }>;
}

/** A snapshot read back: the sources it was built from and the search text. */
export interface SearchSnapshot {
  sources: SnapshotSource[];
  segments: SearchSegment[];
}

/** A snapshot as read back, with what the search needs to tell installed-only packages apart. */
export interface ReadSearchSnapshot extends SearchSnapshot {
  installedAndAvailable: ReadonlySet<string>;
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

/** Writes the snapshot atomically (a reader sees the old one or the new one, never half). */
export function writeSearchSnapshot(path: string, snapshot: SearchSnapshot): void {
  const texts = snapshot.segments.map((segment) => Buffer.from(segment.text, 'utf8'));
  const available = new Set(
    snapshot.segments
      .filter((segment) => segment.kind === 'available')
      .flatMap((segment) => namesOf(segment.text)),
  );
  const installedAndAvailable = snapshot.segments
    .filter((segment) => segment.kind === 'installed')
    .flatMap((segment) => namesOf(segment.text))
    .filter((name) => available.has(name));
  const header: SnapshotHeader = {
    format: snapshotFormat,
    sources: snapshot.sources,
    installedAndAvailable,
    segments: snapshot.segments.map((segment, index) => ({
      repository: segment.repository,
      kind: segment.kind,
      bytes: texts[index]?.length ?? 0,
    })),
  };
  writeFileAtomic(path, Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`, 'utf8'), ...texts]));
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
  const segments: SearchSegment[] = [];
  let offset = headerEnd + 1;
  for (const segment of header.segments) {
    const end = offset + segment.bytes;
    if (end > data.length) return undefined;
    segments.push({
      repository: segment.repository,
      kind: segment.kind,
      text: data.subarray(offset, end).toString('utf8'),
    });
    offset = end;
  }
  if (offset !== data.length) return undefined;
  return { sources: header.sources, segments, installedAndAvailable: new Set(header.installedAndAvailable) };
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
