import { describe, expect, it } from 'vitest';
import type { ResolveOptions } from '../src/plan/transaction-plan.js';
import {
  createInstallRoot,
  openResolver,
  type RootSpec,
  type StanzaSpec,
  simulateApt,
  summarizePlan,
} from './install-root.js';

// Each case builds a small root, asks omg's resolver for a plan and real `apt-get -s` for its
// transaction on the same root, and requires the same Inst (name and version) and Remv lines.

function stable(packages: StanzaSpec[]): RootSpec['suites'] {
  return [{ codename: 'bookworm', suite: 'stable', packages }];
}

async function expectInstallParity(
  spec: RootSpec,
  names: string[],
  options: ResolveOptions = {},
): Promise<ReturnType<typeof summarizePlan>> {
  const root = createInstallRoot(spec);
  const resolver = await openResolver(root);
  const plan = resolver.planInstall(names, options);
  const apt = await simulateApt(root, [
    ...(options.installRecommends === false ? ['--no-install-recommends'] : []),
    'install',
    ...names,
  ]);
  expect(apt.exitCode, apt.output).toBe(0);
  expect(plan.problems).toEqual([]);
  const summary = summarizePlan(plan);
  expect(summary).toEqual({ installs: apt.installs, removals: apt.removals });
  return summary;
}

describe('install parity with apt-get -s install', () => {
  it('follows a chain of Depends and Pre-Depends', async () => {
    const summary = await expectInstallParity(
      {
        suites: stable([
          { name: 'app', version: '1.0', Depends: 'libapp (>= 1.2)' },
          { name: 'libapp', version: '1.3', 'Pre-Depends': 'libbase' },
          { name: 'libbase', version: '2.0-1', Depends: 'libc' },
          { name: 'libc', version: '2.36' },
          { name: 'unrelated', version: '1.0' },
        ]),
        installed: [{ name: 'libc', version: '2.36' }],
      },
      ['app'],
    );
    expect(summary.installs).toEqual(['app 1.0', 'libapp 1.3', 'libbase 2.0-1']);
  });

  it('takes the first installable alternative, or one already installed', async () => {
    await expectInstallParity(
      {
        suites: stable([
          { name: 'app', version: '1', Depends: 'missing | second | third, fourth | fifth' },
          { name: 'second', version: '1' },
          { name: 'third', version: '1' },
          { name: 'fourth', version: '1' },
          { name: 'fifth', version: '1' },
        ]),
        installed: [{ name: 'fifth', version: '1' }],
      },
      ['app'],
    );
  });

  it('installs virtual packages through Provides, versioned provides included', async () => {
    const summary = await expectInstallParity(
      {
        suites: stable([
          { name: 'mailer', version: '1', Depends: 'mail-agent, awk-impl (>= 2)' },
          { name: 'postbox', version: '3', Provides: 'mail-agent' },
          { name: 'old-awk', version: '1', Provides: 'awk-impl (= 1)' },
          { name: 'new-awk', version: '1', Provides: 'awk-impl (= 2.5)' },
        ]),
      },
      ['mailer'],
    );
    expect(summary.installs).toContain('new-awk 1');
  });

  it('upgrades an installed dependency when a versioned relation needs it, and its dependents', async () => {
    await expectInstallParity(
      {
        suites: stable([
          { name: 'app', version: '2', Depends: 'libfoo (>= 2)' },
          { name: 'libfoo', version: '2.1' },
          { name: 'foo-tools', version: '2.1', Depends: 'libfoo (= 2.1)' },
          { name: 'bar', version: '5' },
        ]),
        installed: [
          { name: 'libfoo', version: '1.0' },
          { name: 'foo-tools', version: '1.0', Depends: 'libfoo (= 1.0)' },
          { name: 'bar', version: '4' },
        ],
      },
      ['app'],
    );
  });

  it('installs Recommends by default and not with installRecommends false', async () => {
    const spec: RootSpec = {
      suites: stable([
        {
          name: 'editor',
          version: '1',
          Depends: 'core',
          Recommends: 'spell | grammar, docs',
          Suggests: 'extras',
        },
        { name: 'core', version: '1', Recommends: 'core-data' },
        { name: 'core-data', version: '1' },
        { name: 'spell', version: '1' },
        { name: 'grammar', version: '1' },
        { name: 'docs', version: '1' },
        { name: 'extras', version: '1' },
      ]),
    };
    const withRecommends = await expectInstallParity(spec, ['editor']);
    expect(withRecommends.installs).toContain('docs 1');
    const without = await expectInstallParity(spec, ['editor'], { installRecommends: false });
    expect(without.installs).toEqual(['core 1', 'editor 1']);
  });

  it('removes an installed package that conflicts, and upgrades one a Breaks is fixed by', async () => {
    const summary = await expectInstallParity(
      {
        suites: stable([
          { name: 'new-mta', version: '1', Conflicts: 'old-mta', Breaks: 'plugin (<< 2)' },
          { name: 'plugin', version: '2' },
        ]),
        installed: [
          { name: 'old-mta', version: '1' },
          { name: 'plugin', version: '1' },
        ],
      },
      ['new-mta'],
    );
    expect(summary.removals).toEqual(['old-mta']);
    expect(summary.installs).toContain('plugin 2');
  });

  it('picks candidates by pin priority: NotAutomatic, ButAutomaticUpgrades and preferences', async () => {
    const summary = await expectInstallParity(
      {
        suites: [
          {
            codename: 'bookworm',
            suite: 'stable',
            packages: [
              { name: 'tool', version: '1.0' },
              { name: 'pinned', version: '1.0' },
              { name: 'held', version: '1.0' },
              { name: 'lib', version: '1.0' },
            ],
          },
          {
            codename: 'experimental',
            notAutomatic: true,
            packages: [
              { name: 'tool', version: '9.0' },
              { name: 'pinned', version: '9.0' },
            ],
          },
          {
            codename: 'bookworm-backports',
            suite: 'stable-backports',
            notAutomatic: true,
            butAutomaticUpgrades: true,
            packages: [{ name: 'lib', version: '2.0' }],
          },
        ],
        installed: [{ name: 'lib', version: '1.5' }],
        preferences: [
          'Package: pinned',
          'Pin: release n=experimental',
          'Pin-Priority: 600',
          '',
          'Package: held*',
          'Pin: version 0.*',
          'Pin-Priority: 1001',
          '',
        ].join('\n'),
      },
      ['tool', 'pinned', 'held', 'lib'],
    );
    expect(summary.installs).toEqual(['held 1.0', 'lib 2.0', 'pinned 9.0', 'tool 1.0']);
  });

  it('downgrades to a version pinned at 1001 or more, and never installs one pinned below 0', async () => {
    const summary = await expectInstallParity(
      {
        suites: stable([
          { name: 'tool', version: '1.5' },
          { name: 'tool', version: '2.0' },
          { name: 'blocked', version: '2.0' },
          { name: 'blocked', version: '1.0' },
        ]),
        installed: [{ name: 'tool', version: '2.0' }],
        preferences:
          'Package: tool\nPin: version 1.5\nPin-Priority: 1001\n\nPackage: blocked\nPin: version 2.*\nPin-Priority: -1\n',
      },
      ['tool', 'blocked'],
    );
    expect(summary.installs).toEqual(['blocked 1.0', 'tool 1.5']);
  });

  it('keeps the installed binaries of one source in step with a new binary of it', async () => {
    const summary = await expectInstallParity(
      {
        suites: stable([
          { name: 'libx1', version: '2.0-1', Source: 'x' },
          { name: 'x-bin', version: '2.0-1+b1', Source: 'x (2.0-1)' },
          { name: 'x-extra', version: '2.0-1', Source: 'x' },
          { name: 'y-lib', version: '3', Source: 'y' },
        ]),
        installed: [
          { name: 'libx1', version: '1.0-1', Source: 'x' },
          { name: 'x-bin', version: '1.0-1', Source: 'x' },
          { name: 'y-lib', version: '2', Source: 'y' },
        ],
      },
      ['x-extra'],
    );
    expect(summary.installs).toEqual(['libx1 2.0-1', 'x-bin 2.0-1+b1', 'x-extra 2.0-1']);
  });

  it('drops an alternative chosen earlier when a later dependency conflicts with it', async () => {
    const summary = await expectInstallParity(
      {
        suites: stable([
          { name: 'suite', version: '1', Depends: 'viewer, writer' },
          { name: 'viewer', version: '1', Depends: 'core-lite | core' },
          { name: 'writer', version: '1', Depends: 'core' },
          { name: 'core', version: '1', Conflicts: 'core-lite', Depends: 'core-data' },
          { name: 'core-lite', version: '1', Conflicts: 'core', Depends: 'core-data' },
          { name: 'core-data', version: '1' },
        ]),
      },
      ['suite'],
    );
    expect(summary.installs).not.toContain('core-lite 1');
  });

  it('chooses among uninstalled providers of a virtual package as apt does', async () => {
    await expectInstallParity(
      {
        suites: stable([
          { name: 'session', version: '1', Depends: 'terminal-emulator' },
          { name: 'aterm', version: '1', Provides: 'terminal-emulator' },
          { name: 'mterm', version: '1', Provides: 'terminal-emulator' },
          { name: 'zterm', version: '1', Provides: 'terminal-emulator' },
        ]),
      },
      ['session'],
    );
  });

  it('resolves :any qualifiers', async () => {
    await expectInstallParity(
      {
        suites: stable([
          { name: 'script', version: '1', Depends: 'interp:any (>= 3)' },
          { name: 'interp', version: '3.11', 'Multi-Arch': 'allowed' },
        ]),
      },
      ['script'],
    );
  });
});

describe('remove parity with apt-get -s remove', () => {
  const spec: RootSpec = {
    suites: stable([]),
    installed: [
      { name: 'lib', version: '1' },
      { name: 'app', version: '1', Depends: 'lib, helper' },
      { name: 'app-plugin', version: '1', Depends: 'app' },
      { name: 'viewer', version: '1', Recommends: 'lib' },
      { name: 'either', version: '1', Depends: 'lib | other' },
      { name: 'other', version: '1' },
      { name: 'helper', version: '1', Depends: 'helper-data', Suggests: 'helper-doc' },
      { name: 'helper-data', version: '1' },
      { name: 'helper-doc', version: '1' },
      { name: 'kept', version: '1', Depends: 'shared' },
      { name: 'shared', version: '1' },
    ],
    automatic: ['lib', 'helper', 'helper-data', 'helper-doc', 'shared', 'other'],
  };

  it('removes the named package and the installed packages left without a dependency', async () => {
    const root = createInstallRoot(spec);
    const resolver = await openResolver(root);
    const plan = resolver.planRemove(['lib']);
    const apt = await simulateApt(root, ['remove', 'lib']);
    expect(apt.exitCode, apt.output).toBe(0);
    expect(summarizePlan(plan)).toEqual({ installs: apt.installs, removals: apt.removals });
    expect(summarizePlan(plan).removals).toEqual(['app', 'app-plugin', 'lib']);
    expect(plan.orphans).toEqual(apt.autoremovable);
  });

  it('reports the orphans a removal leaves, and removes them with autoremove', async () => {
    const root = createInstallRoot(spec);
    const resolver = await openResolver(root);
    const plan = resolver.planRemove(['app-plugin', 'app']);
    const apt = await simulateApt(root, ['remove', 'app-plugin', 'app']);
    expect(summarizePlan(plan).removals).toEqual(apt.removals);
    expect(plan.orphans).toEqual(apt.autoremovable);
    expect(plan.orphans).toEqual(['helper', 'helper-data', 'helper-doc']);
    const autoremove = resolver.planRemove(['app-plugin', 'app'], { autoremove: true });
    const aptAutoremove = await simulateApt(root, ['--autoremove', 'remove', 'app-plugin', 'app']);
    expect(summarizePlan(autoremove).removals).toEqual(aptAutoremove.removals);
    expect(autoremove.orphans).toEqual([]);
  });
});

describe('remove repairs what it can, as apt-get -s remove does', () => {
  async function expectRemoveParity(
    spec: RootSpec,
    names: string[],
  ): Promise<ReturnType<typeof summarizePlan>> {
    const root = createInstallRoot(spec);
    const resolver = await openResolver(root);
    const plan = resolver.planRemove(names);
    const apt = await simulateApt(root, ['remove', ...names]);
    expect(apt.exitCode, apt.output).toBe(0);
    expect(plan.problems).toEqual([]);
    const summary = summarizePlan(plan);
    expect(summary).toEqual({ installs: apt.installs, removals: apt.removals });
    expect(plan.orphans).toEqual(apt.autoremovable);
    return summary;
  }

  it('upgrades a dependent whose new version no longer needs the removed package', async () => {
    const summary = await expectRemoveParity(
      {
        suites: stable([{ name: 'libgbm', version: '2' }]),
        installed: [
          { name: 'sensors', version: '1' },
          { name: 'libgbm', version: '1', Depends: 'sensors' },
          { name: 'egl', version: '1', Depends: 'libgbm (= 1)' },
        ],
      },
      ['sensors'],
    );
    expect(summary.installs).toEqual(['libgbm 2']);
    expect(summary.removals).toEqual(['egl', 'sensors']);
  });

  it('installs another alternative for apt itself, which it never removes', async () => {
    const summary = await expectRemoveParity(
      {
        suites: stable([{ name: 'verifier-alt', version: '1' }]),
        installed: [
          { name: 'verifier', version: '1' },
          { name: 'apt', version: '2.6', Depends: 'verifier | verifier-alt', Priority: 'required' },
        ],
      },
      ['verifier'],
    );
    expect(summary).toEqual({ installs: ['verifier-alt 1'], removals: ['verifier'] });
  });

  it('upgrades apt itself to keep it when its verifier goes, installing another alternative on the way (DoUpgrade)', async () => {
    // As on Debian 12 with a pending apt update: removing gpgv breaks apt, which apt never removes;
    // the resolver upgrades apt (which pulls in the newer libapt-pkg) and installs gpgv1.
    const summary = await expectRemoveParity(
      {
        suites: stable([
          {
            name: 'apt',
            version: '2.6.2',
            Depends: 'gpgv | gpgv2 | gpgv1, libapt-pkg (>= 2.6.2)',
            Priority: 'required',
          },
          { name: 'libapt-pkg', version: '2.6.2' },
          { name: 'gpgv', version: '2.2', Provides: 'gpgv2' },
          { name: 'gpgv1', version: '1.4' },
        ]),
        installed: [
          {
            name: 'apt',
            version: '2.6.1',
            Depends: 'gpgv | gpgv2 | gpgv1, libapt-pkg (>= 2.6.1)',
            Priority: 'required',
          },
          { name: 'libapt-pkg', version: '2.6.1' },
          { name: 'gpgv', version: '2.2', Provides: 'gpgv2' },
        ],
      },
      ['gpgv'],
    );
    expect(summary).toEqual({ installs: ['apt 2.6.2', 'gpgv1 1.4', 'libapt-pkg 2.6.2'], removals: ['gpgv'] });
  });

  it('removes a dependent rather than install another alternative for it', async () => {
    await expectRemoveParity(
      {
        suites: stable([{ name: 'verifier-alt', version: '1' }]),
        installed: [
          { name: 'verifier', version: '1' },
          { name: 'tool', version: '1', Depends: 'verifier | verifier-alt' },
        ],
      },
      ['verifier'],
    );
  });
});

describe('autoremove parity follows the apt configuration apt-get reads', () => {
  it('keeps (or not) what an installed package suggests, as APT::AutoRemove::SuggestsImportant says', async () => {
    const root = createInstallRoot({
      suites: stable([]),
      installed: [
        { name: 'gz', version: '1', Suggests: 'pager-x', Recommends: 'helper-y' },
        { name: 'pager-x', version: '1' },
        { name: 'helper-y', version: '1' },
        { name: 'victim', version: '1' },
        { name: 'linux-image-amd64', version: '1' },
        { name: 'required-tool', version: '1', Priority: 'required' },
        { name: 'important-tool', version: '1', Priority: 'important' },
        { name: 'protected-tool', version: '1', Protected: 'yes' },
        { name: 'standard-tool', version: '1', Priority: 'standard' },
      ],
      automatic: [
        'pager-x',
        'helper-y',
        'linux-image-amd64',
        'required-tool',
        'important-tool',
        'protected-tool',
        'standard-tool',
      ],
    });
    const resolver = await openResolver(root);
    const plan = resolver.planRemove(['victim']);
    const apt = await simulateApt(root, ['remove', 'victim']);
    expect(plan.orphans).toEqual(apt.autoremovable);
    expect(plan.orphans).not.toContain('helper-y');
    expect(plan.orphans).toContain('standard-tool');
  });
});

describe('upgrade parity with apt-get -s upgrade', () => {
  it('upgrades what it can and keeps back what needs new packages or would break others', async () => {
    const root = createInstallRoot({
      suites: stable([
        { name: 'simple', version: '2' },
        { name: 'needs-new', version: '2', Depends: 'brand-new' },
        { name: 'brand-new', version: '1' },
        { name: 'pair-lib', version: '2' },
        { name: 'pair-tool', version: '2', Depends: 'pair-lib (= 2)' },
        { name: 'pinned-dependent', version: '1', Depends: 'stuck-lib (= 1)' },
        { name: 'stuck-lib', version: '2' },
        { name: 'same', version: '1' },
      ]),
      installed: [
        { name: 'simple', version: '1' },
        { name: 'needs-new', version: '1' },
        { name: 'pair-lib', version: '1' },
        { name: 'pair-tool', version: '1', Depends: 'pair-lib (= 1)' },
        { name: 'pinned-dependent', version: '1', Depends: 'stuck-lib (= 1)' },
        { name: 'stuck-lib', version: '1' },
        { name: 'same', version: '1' },
      ],
    });
    const resolver = await openResolver(root);
    const plan = resolver.planUpdate();
    const apt = await simulateApt(root, ['upgrade']);
    expect(apt.exitCode, apt.output).toBe(0);
    expect(summarizePlan(plan)).toEqual({ installs: apt.installs, removals: apt.removals });
    expect(plan.heldBack).toEqual(apt.keptBack);
    expect(plan.heldBack).toEqual(['needs-new', 'stuck-lib']);
  });
});

describe('problems', () => {
  it('reports an unknown name with close names, as apt-get fails', async () => {
    const root = createInstallRoot({ suites: stable([{ name: 'ripgrep', version: '13' }]) });
    const resolver = await openResolver(root);
    const plan = resolver.planInstall(['ripgrpe']);
    expect(plan.packages).toEqual([]);
    expect(plan.problems).toEqual([
      { name: 'ripgrpe', message: "unable to locate package 'ripgrpe'", suggestions: ['ripgrep'] },
    ]);
    const apt = await simulateApt(root, ['install', 'ripgrpe']);
    expect(apt.exitCode).toBe(100);
  });

  it('reports a dependency nothing can satisfy, as apt-get fails', async () => {
    const root = createInstallRoot({
      suites: stable([{ name: 'broken', version: '1', Depends: 'ghost (>= 2)' }]),
    });
    const resolver = await openResolver(root);
    const plan = resolver.planInstall(['broken']);
    expect(plan.problems.map((problem) => problem.name)).toEqual(['broken']);
    expect(plan.problems[0]?.message).toContain('ghost (>= 2)');
    const apt = await simulateApt(root, ['install', 'broken']);
    expect(apt.exitCode).toBe(100);
  });

  it('asks to choose among several providers of a virtual package', async () => {
    const root = createInstallRoot({
      suites: stable([
        { name: 'one', version: '1', Provides: 'virtual-thing' },
        { name: 'two', version: '1', Provides: 'virtual-thing' },
      ]),
    });
    const resolver = await openResolver(root);
    const plan = resolver.planInstall(['virtual-thing']);
    expect(plan.problems[0]?.suggestions).toEqual(['one', 'two']);
    const apt = await simulateApt(root, ['install', 'virtual-thing']);
    expect(apt.exitCode).toBe(100);
  });
});
