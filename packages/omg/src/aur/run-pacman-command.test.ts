import { describe, expect, it } from 'vitest';
import { pacmanCommandLine } from './run-pacman-command.js';

describe('pacman command line', () => {
  it('puts sudo in front when not root, and passes root, dbpath, config and --noconfirm', () => {
    expect(pacmanCommandLine(['-U', 'a.pkg.tar.zst'], { uid: 1000, env: {}, noConfirm: false })).toEqual([
      'sudo',
      'pacman',
      '-U',
      'a.pkg.tar.zst',
    ]);
    expect(
      pacmanCommandLine(['-S', '--asdeps', 'b'], {
        uid: 0,
        env: {},
        noConfirm: true,
        root: '/mnt',
        databasePath: '/mnt/var/lib/pacman',
        config: '/mnt/etc/pacman.conf',
      }),
    ).toEqual([
      'pacman',
      '--config',
      '/mnt/etc/pacman.conf',
      '--root',
      '/mnt',
      '--dbpath',
      '/mnt/var/lib/pacman',
      '--noconfirm',
      '-S',
      '--asdeps',
      'b',
    ]);
  });
});
