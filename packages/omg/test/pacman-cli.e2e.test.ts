import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createPacmanRoot } from './pacman-root.js';
import { createOmgHome, runOmg } from './run-omg.js';

function archRoot(): string {
  return createPacmanRoot(
    [
      {
        name: 'core',
        packages: [
          { name: 'glibc', version: '2.39+r52-1', description: 'GNU C Library' },
          {
            name: 'vim',
            version: '9.1.0-1',
            description: 'Vi Improved, a highly configurable text editor',
            depends: 'glibc>=2.39',
            provides: 'xxd=9.1',
          },
        ],
      },
      {
        name: 'extra',
        compression: 'zst',
        packages: [
          {
            name: 'neovim',
            version: '0.10.0-1',
            description: 'Fork of Vim aiming to improve user experience',
            provides: 'vi',
          },
        ],
      },
    ],
    [{ name: 'glibc', version: '2.39+r5-1' }],
  );
}

describe('omg on an Arch-format root', () => {
  it('detects pacman under --root and answers search, info and list', async () => {
    const { env } = createOmgHome();
    const root = archRoot();
    const search = await runOmg(['search', 'vim', '--root', root, '--json'], env);
    expect(search.stderr).toBe('');
    expect(JSON.parse(search.stdout)).toEqual([
      {
        name: 'vim',
        version: '9.1.0-1',
        repository: 'core',
        installed: false,
        description: 'Vi Improved, a highly configurable text editor',
      },
      {
        name: 'neovim',
        version: '0.10.0-1',
        repository: 'extra',
        installed: false,
        description: 'Fork of Vim aiming to improve user experience',
      },
    ]);
    const info = JSON.parse((await runOmg(['info', 'glibc', '--root', root, '--json'], env)).stdout);
    expect(info).toMatchObject({
      candidate: '2.39+r52-1',
      installed: '2.39+r5-1',
      reverseDependencies: ['vim'],
      files: ['/usr/', '/usr/bin/', '/usr/bin/glibc'],
    });
    const upgradable = JSON.parse(
      (await runOmg(['list', '--upgradable', '--root', root, '--json'], env)).stdout,
    );
    expect(upgradable).toEqual([expect.objectContaining({ name: 'glibc', candidate: '2.39+r52-1' })]);
  });

  it('takes pacman --dbpath, also for the daemon', async () => {
    const { env } = createOmgHome();
    const root = archRoot();
    const dbpath = join(root, 'var/lib/pacman');
    const result = await runOmg(['search', 'xxd', '--dbpath', dbpath, '--json'], env);
    expect(JSON.parse(result.stdout).map((entry: { name: string }) => entry.name)).toEqual(['vim']);
    const started = await runOmg(['daemon', 'start', '--dbpath', dbpath, '--json'], env);
    expect(started.exitCode, started.stderr).toBe(0);
    const status = JSON.parse(started.stdout);
    onTestFinished(() => {
      try {
        process.kill(status.pid, 'SIGKILL');
      } catch {
        // stopped by the test
      }
    });
    expect(status).toMatchObject({ running: true, packages: 4 });
    expect(status.socket).not.toContain('omgd-system');
    const viaDaemon = await runOmg(['info', 'vim', '--dbpath', dbpath, '--json'], env);
    expect(JSON.parse(viaDaemon.stdout)).toMatchObject({ candidate: '9.1.0-1', installed: null });
    expect((await runOmg(['daemon', 'stop', '--dbpath', dbpath], env)).exitCode).toBe(0);
  });
});
