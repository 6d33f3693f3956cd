import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from './write-file-atomic.js';

describe('writeFileAtomic', () => {
  it('replaces the content, applies the mode, and leaves no temporary file', () => {
    const directory = mkdtempSync(join(tmpdir(), 'venom-atomic-'));
    const path = join(directory, 'nested', 'credentials.json');
    writeFileAtomic(path, 'first', { mode: 0o600 });
    writeFileAtomic(path, 'second', { mode: 0o600 });
    expect(readFileSync(path, 'utf8')).toBe('second');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(directory, 'nested')).mode & 0o777).toBe(0o700);
    expect(readdirSync(join(directory, 'nested'))).toEqual(['credentials.json']);
  });

  it('narrows the mode of an existing, more open file', () => {
    const directory = mkdtempSync(join(tmpdir(), 'venom-atomic-'));
    const path = join(directory, 'secret');
    writeFileSync(path, 'old', { mode: 0o644 });
    writeFileAtomic(path, 'new', { mode: 0o600 });
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });
});
