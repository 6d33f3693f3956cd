import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { VenomError } from '@venom/core';

/** A compression omg can read. */
export type Compression = 'none' | 'gzip' | 'xz' | 'lz4' | 'zstd' | 'bzip2';

const signatures: Array<{ compression: Exclude<Compression, 'none'>; bytes: number[] }> = [
  { compression: 'gzip', bytes: [0x1f, 0x8b] },
  { compression: 'xz', bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00] },
  { compression: 'lz4', bytes: [0x04, 0x22, 0x4d, 0x18] },
  { compression: 'zstd', bytes: [0x28, 0xb5, 0x2f, 0xfd] },
  { compression: 'bzip2', bytes: [0x42, 0x5a, 0x68] },
];

const byExtension: Record<string, Compression> = {
  '': 'none',
  '.gz': 'gzip',
  '.xz': 'xz',
  '.lz4': 'lz4',
  '.zst': 'zstd',
  '.bz2': 'bzip2',
};

/** The external decoder for each compression Node's zlib lacks, and the Debian package that ships it. */
const decoders: Record<'xz' | 'lz4' | 'zstd' | 'bzip2', { program: string; debianPackage: string }> = {
  xz: { program: 'xz', debianPackage: 'xz-utils' },
  lz4: { program: 'lz4', debianPackage: 'lz4' },
  zstd: { program: 'zstd', debianPackage: 'zstd' },
  bzip2: { program: 'bzip2', debianPackage: 'bzip2' },
};

/** The compression announced by the file's first bytes, or undefined for none known. */
export function detectCompression(head: Uint8Array): Compression | undefined {
  for (const { compression, bytes } of signatures) {
    if (bytes.every((byte, index) => head[index] === byte)) return compression;
  }
  return undefined;
}

/**
 * The compression a file name announces: `.gz .xz .lz4 .zst .bz2` or none. Package lists and
 * databases with other suffixes are an UNKNOWN_COMPRESSION error; `.db`/`.files` are decided by content.
 */
export function compressionForName(path: string): Compression | 'by-content' | undefined {
  const extension = extname(basename(path));
  if (extension === '.db' || extension === '.files') return 'by-content';
  if (/_Packages$|^status$|_Release$|_InRelease$/.test(basename(path))) return 'none';
  return byExtension[extension];
}

function corrupt(path: string, detail: string, cause?: unknown): VenomError {
  return new VenomError({
    code: 'SOURCE_CORRUPT',
    category: 'environment',
    message: `${path}: cannot be decompressed (${detail})`,
    hint: 'The file is truncated or damaged; refresh it with the package manager (apt-get update, pacman -Sy).',
    details: { file: path },
    cause,
  });
}

async function runDecoder(
  path: string,
  program: string,
  debianPackage: string,
  data: Buffer,
): Promise<Buffer> {
  const { spawn } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    const child = spawn(program, ['-dc'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.stdin.on('error', () => {
      // The decoder stopped reading (corrupt input); its exit status reports why.
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') {
        reject(
          new VenomError({
            code: 'DECOMPRESSOR_MISSING',
            category: 'environment',
            message: `${path}: reading it needs '${program}', which is not on PATH`,
            hint: `Install it: apt-get install ${debianPackage} (or your system's ${program} package).`,
            details: { file: path, program },
            cause: error,
          }),
        );
      } else reject(corrupt(path, error.message, error));
    });
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(chunks));
      else reject(corrupt(path, `${program} -dc exited with ${code}: ${stderr.trim()}`));
    });
    child.stdin.end(data);
  });
}

/**
 * Reads a file and undoes its compression, chosen by its content (and checked against its name):
 * gzip with Node's zlib; xz, lz4, zstd and bzip2 through the system's `xz`/`lz4`/`zstd`/`bzip2 -dc`
 * (see docs/decisions/2026-11-21-omg-decompression.md). Throws SOURCE_UNREADABLE, SOURCE_CORRUPT,
 * UNKNOWN_COMPRESSION or DECOMPRESSOR_MISSING (all environment errors naming the file).
 */
export async function readCompressedFile(path: string): Promise<Buffer> {
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (error) {
    throw new VenomError({
      code: 'SOURCE_UNREADABLE',
      category: 'environment',
      message: `${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      hint: 'Check that the file exists and is readable by this user.',
      details: { file: path },
      cause: error,
    });
  }
  const named = compressionForName(path);
  const detected = detectCompression(data.subarray(0, 8));
  if (named === undefined) {
    throw new VenomError({
      code: 'UNKNOWN_COMPRESSION',
      category: 'environment',
      message: `${path}: unknown compression '${extname(path)}'`,
      hint: 'omg reads plain, .gz, .xz, .lz4, .zst and .bz2 files; remove the file or convert it.',
      details: { file: path },
    });
  }
  const compression = named === 'by-content' ? (detected ?? 'none') : named;
  if (compression !== 'none' && detected !== compression) {
    throw corrupt(path, `expected ${compression} data, found ${detected ?? 'no known signature'}`);
  }
  if (compression === 'none') return data;
  if (compression === 'gzip') {
    const { gunzip } = await import('node:zlib');
    return new Promise((resolve, reject) => {
      gunzip(data, (error, result) =>
        error ? reject(corrupt(path, error.message, error)) : resolve(result),
      );
    });
  }
  const decoder = decoders[compression];
  return runDecoder(path, decoder.program, decoder.debianPackage, data);
}
