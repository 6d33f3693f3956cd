import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { VenomError } from '../errors/index.js';
import { withFileLock } from './with-file-lock.js';

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});
function temporaryFile(): string {
  const directory = mkdtempSync(join(tmpdir(), 'venom-lock-'));
  directories.push(directory);
  return join(directory, 'counter');
}

/** A child process that adds one to the counter file under the lock, slowly (read, wait, write). */
function incrementInChild(file: string): Promise<number> {
  // The built module (`npm test` builds first): Node 20 cannot import TypeScript.
  const moduleUrl = pathToFileURL(join(import.meta.dirname, '../../dist/fs/with-file-lock.js')).href;
  const script = `
    const { withFileLock } = await import(${JSON.stringify(moduleUrl)});
    const { readFileSync, writeFileSync } = await import('node:fs');
    await withFileLock(${JSON.stringify(file)}, async () => {
      const value = Number(readFileSync(${JSON.stringify(file)}, 'utf8'));
      await new Promise((resolve) => setTimeout(resolve, 20));
      writeFileSync(${JSON.stringify(file)}, String(value + 1));
    });`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? -1));
  });
}

describe('withFileLock', () => {
  it('serialises read-modify-write cycles of several processes: no update is lost', async () => {
    const file = temporaryFile();
    writeFileSync(file, '0');
    const codes = await Promise.all(Array.from({ length: 6 }, () => incrementInChild(file)));
    expect(codes).toEqual([0, 0, 0, 0, 0, 0]);
    expect(readFileSync(file, 'utf8')).toBe('6');
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('takes over a lock whose holder died, and releases it after a failing action', async () => {
    const file = temporaryFile();
    // A pid far above pid_max on Linux: no such process.
    writeFileSync(`${file}.lock`, '99999999');
    await expect(
      withFileLock(file, () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('gives up with FILE_LOCKED naming the holder while a live process holds it', async () => {
    const file = temporaryFile();
    writeFileSync(`${file}.lock`, String(process.pid));
    const error = await withFileLock(file, () => 'never', { timeoutMs: 50 }).catch(
      (caught: unknown) => caught,
    );
    expect(VenomError.isInstance(error) && error.code).toBe('FILE_LOCKED');
    expect((error as VenomError).message).toContain(`process ${process.pid}`);
    expect(readFileSync(`${file}.lock`, 'utf8')).toBe(String(process.pid));
  });
});
