import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unifiedDiff } from './unified-diff.js';

function gnuDiff(before: string, after: string): string {
  const directory = mkdtempSync(join(tmpdir(), 'omg-diff-'));
  try {
    writeFileSync(join(directory, 'a'), before);
    writeFileSync(join(directory, 'b'), after);
    return spawnSync(
      'diff',
      ['-u', '--label', 'old', '--label', 'new', join(directory, 'a'), join(directory, 'b')],
      {
        encoding: 'utf8',
      },
    ).stdout;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

const pkgbuild = `${Array.from({ length: 30 }, (_, index) => `line ${index + 1}`).join('\n')}\n`;

describe('unified diff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('a\n', 'a\n', { before: 'old', after: 'new' })).toBe('');
  });

  it.each([
    ['one changed line', pkgbuild.replace('line 15\n', 'line fifteen\n')],
    ['lines added at the start and removed at the end', `pkgver=2\n${pkgbuild.replace('line 30\n', '')}`],
    ['two far apart changes (two hunks)', pkgbuild.replace('line 2\n', 'two\n').replace('line 28\n', '')],
    [
      'two close changes (one hunk)',
      pkgbuild.replace('line 10\n', 'ten\n').replace('line 14\n', 'fourteen\n'),
    ],
    ['everything new', 'a\nb\n'],
  ])('matches GNU diff -u: %s', (_, after) => {
    expect(unifiedDiff(pkgbuild, after, { before: 'old', after: 'new' })).toBe(gnuDiff(pkgbuild, after));
  });
});
