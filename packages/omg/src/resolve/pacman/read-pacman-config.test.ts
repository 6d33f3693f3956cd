import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { matchesGlob, readPacmanConfig } from './read-pacman-config.js';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('pacman.conf', () => {
  it('reads repositories in section order, ignore lists, and follows Include under the root', () => {
    const root = mkdtempSync(join(tmpdir(), 'omg-pacman-conf-'));
    roots.push(root);
    mkdirSync(join(root, 'etc/pacman.d'), { recursive: true });
    writeFileSync(join(root, 'etc/pacman.d/extra.conf'), '[extra-testing]\nServer = x\n');
    writeFileSync(
      join(root, 'etc/pacman.conf'),
      [
        '# comment',
        '[options]',
        'IgnorePkg = linux  nvidia* # held',
        'IgnorePkg = mesa',
        'IgnoreGroup = gnome',
        'HoldPkg = pacman glibc',
        '[core]',
        'Include = /etc/pacman.d/mirrorlist',
        '[extra]',
        'Include = /etc/pacman.d/extra.conf',
      ].join('\n'),
    );
    expect(readPacmanConfig(join(root, 'etc/pacman.conf'), root)).toEqual({
      repositories: ['core', 'extra', 'extra-testing'],
      ignorePackages: ['linux', 'nvidia*', 'mesa'],
      ignoreGroups: ['gnome'],
      holdPackages: ['pacman', 'glibc'],
    });
    expect(readPacmanConfig(join(root, 'missing.conf'), root)).toBeUndefined();
  });

  it('matches IgnorePkg globs as fnmatch does', () => {
    expect(matchesGlob('nvidia*', 'nvidia-utils')).toBe(true);
    expect(matchesGlob('lib?', 'libx')).toBe(true);
    expect(matchesGlob('lib[ab]', 'libc')).toBe(false);
    expect(matchesGlob('lib[!ab]', 'libc')).toBe(true);
    expect(matchesGlob('a.b', 'axb')).toBe(false);
  });
});
