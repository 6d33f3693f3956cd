/** One regular file of a tar archive. */
export interface TarEntry {
  path: string;
  data: Buffer;
}

function readOctal(block: Buffer, offset: number, length: number): number {
  const text = block
    .toString('latin1', offset, offset + length)
    .replace(/\0.*$/s, '')
    .trim();
  return text === '' ? 0 : Number.parseInt(text, 8);
}

function readString(block: Buffer, offset: number, length: number): string {
  const end = block.indexOf(0, offset);
  return block.toString('utf8', offset, end < 0 || end > offset + length ? offset + length : end);
}

/** Thrown for a truncated or malformed archive; the caller names the file. */
export class TarFormatError extends Error {}

/**
 * The regular files of an uncompressed tar archive (ustar, GNU long names, pax `path`), in order.
 * Throws TarFormatError for a bad header checksum, an entry cut short or a missing end marker.
 */
export function readTarEntries(archive: Buffer): TarEntry[] {
  const entries: TarEntry[] = [];
  let offset = 0;
  let longName: string | undefined;
  let ended = archive.length === 0;
  while (offset + 512 <= archive.length) {
    const header = archive.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) {
      ended = true;
      break;
    }
    const stored = readOctal(header, 148, 8);
    let sum = 0;
    for (let index = 0; index < 512; index += 1)
      sum += index >= 148 && index < 156 ? 32 : (header[index] as number);
    if (sum !== stored) throw new TarFormatError(`bad tar header checksum at byte ${offset}`);
    const size = readOctal(header, 124, 12);
    const type = String.fromCharCode(header[156] as number);
    const prefix = readString(header, 345, 155);
    const name = readString(header, 0, 100);
    const dataStart = offset + 512;
    if (dataStart + size > archive.length)
      throw new TarFormatError(`tar entry '${prefix === '' ? name : `${prefix}/${name}`}' is cut short`);
    const data = archive.subarray(dataStart, dataStart + size);
    offset = dataStart + Math.ceil(size / 512) * 512;
    if (type === 'L') {
      longName = data.toString('utf8').replace(/\0+$/, '');
      continue;
    }
    if (type === 'x') {
      const path = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(data.toString('utf8'));
      if (path?.[1] !== undefined) longName = path[1];
      continue;
    }
    const path = longName ?? (prefix === '' ? name : `${prefix}/${name}`);
    longName = undefined;
    if (type === '0' || type === '\0' || type === '7') entries.push({ path, data });
  }
  if (!ended)
    throw new TarFormatError(`archive ends at byte ${archive.length} without its end marker (truncated)`);
  return entries;
}
