import { describe, expect, it } from 'vitest';
import { handOverCommand, parseAptSimulation, summarizePlan } from './hand-over-command.js';
import type { TransactionPlan } from './transaction-plan.js';

function plan(operation: TransactionPlan['operation'], backend = 'apt'): TransactionPlan {
  return {
    backend,
    operation,
    packages: [
      {
        name: 'app',
        action: 'install',
        version: '1:2.0-1',
        repository: 'bookworm/main',
        architecture: 'amd64',
        reason: 'requested',
        requiredBy: [],
      },
      {
        name: 'lib',
        action: 'upgrade',
        version: '3',
        previousVersion: '2',
        repository: 'bookworm/main',
        architecture: 'amd64',
        reason: 'dependency',
        requiredBy: ['app'],
      },
      {
        name: 'old',
        action: 'remove',
        version: '1',
        repository: 'installed',
        architecture: 'amd64',
        reason: 'conflict',
        requiredBy: ['app'],
      },
    ],
    orphans: [],
    problems: [],
    totals: { downloadSize: 0, installedSizeChange: 0 },
  };
}

describe('handOverCommand', () => {
  it('names the requested packages with exact versions for apt-get, with -o Dir options for another root', () => {
    expect(
      handOverCommand(plan('install'), { root: '/', assumeYes: true, installRecommends: false }),
    ).toEqual(['apt-get', '-y', 'install', '--no-install-recommends', 'app=1:2.0-1']);
    expect(handOverCommand(plan('install'), { root: '/srv/chroot', simulate: true })).toEqual([
      'apt-get',
      '-s',
      '-o',
      'Dir=/srv/chroot/',
      '-o',
      'Dir::State::status=/srv/chroot/var/lib/dpkg/status',
      '-o',
      'Debug::NoLocking=1',
      '-o',
      'Dir::Cache::pkgcache=',
      '-o',
      'Dir::Cache::srcpkgcache=',
      'install',
      'app=1:2.0-1',
    ]);
    expect(handOverCommand(plan('remove'), { root: '/', autoremove: true })).toEqual([
      'apt-get',
      '--autoremove',
      'remove',
      'app',
    ]);
    expect(handOverCommand(plan('update'), { root: '/' })).toEqual(['apt-get', 'upgrade']);
    expect(handOverCommand({ ...plan('install'), packages: [] }, { root: '/' })).toEqual([]);
  });

  it('builds pacman command lines', () => {
    expect(handOverCommand(plan('install', 'pacman'), { root: '/', assumeYes: true })).toEqual([
      'pacman',
      '-S',
      '--needed',
      'app',
      '--noconfirm',
    ]);
    expect(
      handOverCommand(plan('remove', 'pacman'), { root: '/r', databasePath: '/db', autoremove: true }),
    ).toEqual(['pacman', '--config', '/r/etc/pacman.conf', '--root', '/r', '--dbpath', '/db', '-Rs', 'app']);
  });
});

describe('parseAptSimulation', () => {
  it('reads Inst and Remv lines like summarizePlan reduces a plan', () => {
    const output = [
      'Remv old [1]',
      'Inst lib [2] (3 Debian:12/stable [amd64])',
      'Inst app (1:2.0-1 Debian:12/stable [amd64]) []',
      'Conf app (1:2.0-1 Debian:12/stable [amd64])',
    ].join('\n');
    expect(parseAptSimulation(output)).toEqual(summarizePlan(plan('install')));
  });
});
