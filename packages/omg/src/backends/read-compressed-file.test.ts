import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readCompressedFile } from './read-compressed-file.js';

const directory = mkdtempSync(join(tmpdir(), 'omg-compressed-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
const text = 'Package: a\nVersion: 1\n'.repeat(100);
const has = (program: string): boolean => spawnSync(program, ['--version']).error === undefined;

describe('readCompressedFile', () => {
  it('reads plain and gzip files', async () => {
    writeFileSync(join(directory, 'x_Packages'), text);
    writeFileSync(join(directory, 'x_Packages.gz'), gzipSync(text));
    expect((await readCompressedFile(join(directory, 'x_Packages'))).toString()).toBe(text);
    expect((await readCompressedFile(join(directory, 'x_Packages.gz'))).toString()).toBe(text);
  });

  for (const [extension, program, args] of [
    ['xz', 'xz', ['-c']],
    ['lz4', 'lz4', ['-c']],
    ['zst', 'zstd', ['-c', '-q']],
    ['bz2', 'bzip2', ['-c']],
  ] as const) {
    it.runIf(has(program))(`reads .${extension} through ${program} -dc`, async () => {
      const path = join(directory, `y_Packages.${extension}`);
      writeFileSync(path, execFileSync(program, args, { input: text }));
      expect((await readCompressedFile(path)).toString()).toBe(text);
    });
  }

  it('names the file when it is truncated', async () => {
    const path = join(directory, 'z_Packages.gz');
    writeFileSync(path, gzipSync(text).subarray(0, 30));
    await expect(readCompressedFile(path)).rejects.toMatchObject({
      code: 'SOURCE_CORRUPT',
      message: expect.stringContaining(path),
    });
  });

  it.runIf(has('lz4'))('names the file when an lz4 stream is cut short', async () => {
    const path = join(directory, 't_Packages.lz4');
    writeFileSync(path, execFileSync('lz4', ['-c'], { input: 'x'.repeat(100_000) + text }).subarray(0, 40));
    await expect(readCompressedFile(path)).rejects.toMatchObject({
      code: 'SOURCE_CORRUPT',
      message: expect.stringContaining(path),
    });
  });

  it('rejects content that does not match the extension', async () => {
    const path = join(directory, 'w_Packages.xz');
    writeFileSync(path, text);
    await expect(readCompressedFile(path)).rejects.toMatchObject({ code: 'SOURCE_CORRUPT' });
  });

  it('rejects an unknown compression by name', async () => {
    const path = join(directory, 'v_Packages.br');
    writeFileSync(path, text);
    await expect(readCompressedFile(path)).rejects.toMatchObject({
      code: 'UNKNOWN_COMPRESSION',
      message: expect.stringContaining("'.br'"),
    });
  });

  it('says which file is missing', async () => {
    await expect(readCompressedFile(join(directory, 'missing_Packages'))).rejects.toMatchObject({
      code: 'SOURCE_UNREADABLE',
    });
  });
});
