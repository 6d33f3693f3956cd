import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PacmanResolverOptions } from '../src/resolve/pacman/create-pacman-resolver.js';
import {
  type ArchSystem,
  createArchRoot,
  openPacmanResolver,
  planLines,
  problemMessages,
  removalLines,
  runPacman,
} from './pacman-plan-fixture.js';

type Check =
  | { install: string[] }
  | { remove: string[] }
  | { update: true }
  | { orphans: true }
  /** Real `pacman -S --noconfirm` (no -p: print mode skips the conflict check); it aborts at prepare. */
  | { conflicts: string[] };

/**
 * Every case builds real databases, asks the real pacman (Debian's pacman-package-manager) and omg's
 * resolver the same question, and requires the same answer: the same packages, versions and
 * repositories, or the same failure with pacman's wording.
 */
async function expectParity(
  system: ArchSystem,
  checks: Check[],
  options: PacmanResolverOptions = {},
): Promise<void> {
  const fixture = createArchRoot(system);
  const resolver = await openPacmanResolver(fixture, options);
  for (const check of checks) {
    if ('install' in check) {
      const pacman = runPacman(fixture, ['-Sp', ...check.install]);
      const plan = resolver.planInstall(check.install);
      const label = `-Sp ${check.install.join(' ')}\n${pacman.output}`;
      expect(problemMessages(plan), label).toEqual(pacman.problems);
      expect(plan.problems.length === 0, label).toBe(pacman.exitCode === 0);
      if (pacman.exitCode === 0) {
        expect(pacman.lines.length, label).toBeGreaterThan(0);
        expect(planLines(plan), label).toEqual(pacman.lines);
      }
    } else if ('update' in check) {
      const pacman = runPacman(fixture, ['-Sup']);
      const plan = resolver.planUpdate();
      const label = `-Sup\n${pacman.output}`;
      expect(problemMessages(plan), label).toEqual(pacman.problems);
      expect(plan.problems.length === 0, label).toBe(pacman.exitCode === 0);
      if (pacman.exitCode === 0) expect(planLines(plan), label).toEqual(pacman.lines);
    } else if ('remove' in check) {
      const pacman = runPacman(fixture, ['-Rsp', ...check.remove]);
      const plan = resolver.planRemove(check.remove);
      const label = `-Rsp ${check.remove.join(' ')}\n${pacman.output}`;
      expect(problemMessages(plan), label).toEqual(pacman.problems);
      expect(plan.problems.length === 0, label).toBe(pacman.exitCode === 0);
      if (pacman.exitCode === 0) expect(removalLines(plan), label).toEqual(pacman.lines);
    } else if ('orphans' in check) {
      const pacman = runPacman(fixture, ['-Qdtq'], false);
      const plan = resolver.planRemove([]);
      const orphans = pacman.output.split('\n').filter((line) => /^\S+$/.test(line));
      expect(plan.orphans, pacman.output).toEqual(orphans.sort());
    } else {
      const pacman = runPacman(fixture, ['-S', ...check.conflicts], false);
      const plan = resolver.planInstall(check.conflicts);
      const label = `-S ${check.conflicts.join(' ')}\n${pacman.output}`;
      expect(pacman.output, label).toContain('unresolvable package conflicts detected');
      expect(problemMessages(plan), label).toEqual(pacman.problems);
    }
  }
}

describe('pacman plans equal the real pacman on the same databases', () => {
  it('follows dependency chains with versioned constraints, upgrading an installed dependency that is too old', async () => {
    await expectParity(
      {
        repositories: [
          {
            name: 'core',
            packages: [
              { name: 'app', version: '1.0-1', depends: ['libfoo>=2.0', 'tool'] },
              { name: 'libfoo', version: '2.1-1', depends: ['libbase=1:3.0-2'] },
              { name: 'libbase', version: '1:3.0-2' },
              { name: 'tool', version: '0.9-1', depends: ['libbase<2:0'] },
              { name: 'strict', version: '1-1', depends: ['libfoo<2.0'] },
              { name: 'epochs', version: '1-1', depends: ['libbase>3.0'] },
            ],
          },
        ],
        installed: [{ name: 'libfoo', version: '1.5-1' }],
      },
      [
        { install: ['app'] },
        { install: ['tool'] },
        { install: ['strict'] },
        { install: ['epochs'] },
        { install: ['app', 'tool'] },
        { install: ['libfoo>=2'] },
      ],
    );
  });

  it('takes the package of the first repository in pacman.conf order, not the highest version', async () => {
    await expectParity(
      {
        repositories: [
          {
            name: 'zeta',
            compression: 'zst',
            packages: [
              { name: 'editor', version: '1.0-1', depends: ['runtime'] },
              { name: 'runtime', version: '1.0-1' },
            ],
          },
          {
            name: 'alpha',
            packages: [
              { name: 'editor', version: '2.0-1', depends: ['runtime>=2'] },
              { name: 'runtime', version: '2.0-1' },
              { name: 'only-alpha', version: '1-1', depends: ['runtime>=2'] },
            ],
          },
        ],
      },
      [
        { install: ['editor'] },
        { install: ['alpha/editor'] },
        { install: ['only-alpha'] },
        { install: ['only-alpha', 'editor'] },
      ],
    );
  });

  it('satisfies virtual dependencies through provides, with pacman choice among providers', async () => {
    await expectParity(
      {
        repositories: [
          {
            name: 'core',
            packages: [
              { name: 'needs-sh', version: '1-1', depends: ['sh'] },
              { name: 'needs-java', version: '1-1', depends: ['java-runtime>=17'] },
              { name: 'needs-java-21', version: '1-1', depends: ['java-runtime>=21'] },
              { name: 'zsh-as-sh', version: '1-1', provides: ['sh'] },
              { name: 'dash', version: '1-1', provides: ['sh'] },
              { name: 'jre-any', version: '1-1', provides: ['java-runtime'] },
            ],
          },
          {
            name: 'extra',
            packages: [
              { name: 'jre17', version: '17-1', provides: ['java-runtime=17'] },
              { name: 'bash', version: '5.2-1', provides: ['sh'] },
              { name: 'sh', version: '1-1' },
            ],
          },
        ],
      },
      [
        { install: ['needs-sh'] },
        { install: ['needs-java'] },
        { install: ['needs-java-21'] },
        { install: ['java-runtime'] },
        { install: ['needs-java', 'jre-any'] },
      ],
    );
  });

  it('keeps installed dependencies and prefers an installed provider', async () => {
    await expectParity(
      {
        repositories: [
          {
            name: 'core',
            packages: [
              { name: 'client', version: '1-1', depends: ['libssl', 'mailer', 'db>=2'] },
              { name: 'libssl', version: '3-1' },
              { name: 'a-mailer', version: '1-1', provides: ['mailer'] },
              { name: 'z-mailer', version: '1-1', provides: ['mailer'] },
              { name: 'db', version: '2-1' },
              { name: 'viewer', version: '1-1', depends: ['mailer'] },
            ],
          },
        ],
        installed: [
          { name: 'libssl', version: '1-1' },
          { name: 'db', version: '2-1' },
          { name: 'z-mailer', version: '0.5-1', provides: ['other'] },
        ],
      },
      [{ install: ['client'] }, { install: ['viewer'] }, { install: ['db'] }, { install: ['libssl'] }],
    );
  });

  it('fails like pacman: unknown targets, unsatisfiable and ignored dependencies', async () => {
    await expectParity(
      {
        repositories: [
          {
            name: 'core',
            packages: [
              { name: 'broken', version: '1-1', depends: ['missing-lib>=1'] },
              { name: 'deep', version: '1-1', depends: ['broken'] },
              { name: 'wants-held', version: '1-1', depends: ['held'] },
              { name: 'held', version: '2-1' },
              { name: 'grouped', version: '1-1', groups: ['frozen'] },
              { name: 'wants-grouped', version: '1-1', depends: ['grouped'] },
              { name: 'fine', version: '1-1' },
            ],
          },
        ],
        options: ['IgnorePkg = hel*', 'IgnoreGroup = frozen'],
      },
      [
        { install: ['broken'] },
        { install: ['deep'] },
        { install: ['wants-held'] },
        { install: ['held'] },
        { install: ['wants-grouped'] },
        { install: ['nope'] },
        { install: ['fine', 'nope', 'neither'] },
      ],
    );
  });

  it('reports the conflicts pacman --noconfirm aborts on', async () => {
    await expectParity(
      {
        repositories: [
          {
            name: 'core',
            packages: [
              { name: 'new-tool', version: '1-1', conflicts: ['old-tool'] },
              { name: 'virt-user', version: '1-1', conflicts: ['virt'] },
              { name: 'victim', version: '1-1' },
              { name: 'pulls-victim', version: '1-1', depends: ['victim'] },
            ],
          },
        ],
        installed: [
          { name: 'old-tool', version: '1-1' },
          { name: 'virt-provider', version: '1-1', provides: ['virt'] },
          { name: 'hater', version: '1-1', conflicts: ['victim'] },
        ],
      },
      [{ conflicts: ['new-tool'] }, { conflicts: ['virt-user'] }, { conflicts: ['pulls-victim'] }],
      { conflicts: 'problem' },
    );
  });

  it('by default plans the removal of a conflicting installed package (pacman asks, -Sp prints the same list)', async () => {
    const fixture = createArchRoot({
      repositories: [
        { name: 'core', packages: [{ name: 'new-tool', version: '1-1', conflicts: ['old-tool'] }] },
      ],
      installed: [{ name: 'old-tool', version: '1-1' }],
    });
    const resolver = await openPacmanResolver(fixture);
    const plan = resolver.planInstall(['new-tool']);
    expect(planLines(plan)).toEqual(runPacman(fixture, ['-Sp', 'new-tool']).lines);
    expect(plan.problems).toEqual([]);
    expect(plan.packages.find((item) => item.action === 'remove')).toMatchObject({
      name: 'old-tool',
      reason: 'conflict',
      requiredBy: ['new-tool'],
    });
  });

  it('removes like pacman -Rs, and refuses when another package still depends on a named one', async () => {
    await expectParity(
      {
        repositories: [{ name: 'core', packages: [{ name: 'unused', version: '1-1' }] }],
        installed: [
          { name: 'app', version: '1-1', depends: ['liba', 'libb>=1', 'virt'], optdepends: ['opt: extras'] },
          { name: 'liba', version: '1-1', depends: ['libc'], dependency: true },
          { name: 'libc', version: '1-1', dependency: true },
          { name: 'libb', version: '2-1', dependency: true },
          { name: 'libexplicit', version: '1-1' },
          { name: 'prov', version: '1-1', provides: ['virt'], dependency: true },
          { name: 'shared', version: '1-1', dependency: true },
          { name: 'other', version: '1-1', depends: ['shared', 'libc'] },
          { name: 'app2', version: '1-1', depends: ['shared', 'libexplicit'] },
          { name: 'opt', version: '1-1', dependency: true },
          { name: 'orphan', version: '1-1', dependency: true },
        ],
      },
      [
        { remove: ['app'] },
        { remove: ['app2'] },
        { remove: ['liba'] },
        { remove: ['app', 'liba'] },
        { remove: ['shared'] },
        { remove: ['app2', 'other', 'shared'] },
        { remove: ['nope'] },
        { orphans: true },
      ],
    );
  });

  it('refuses to remove a HoldPkg, named or pulled in by -s, as pacman --noconfirm does', async () => {
    await expectParity(
      {
        repositories: [{ name: 'core', packages: [{ name: 'unused', version: '1-1' }] }],
        installed: [
          { name: 'glibc', version: '2.40-1' },
          { name: 'app', version: '1-1', depends: ['held-lib'] },
          { name: 'held-lib', version: '1-1', dependency: true },
          { name: 'free', version: '1-1' },
        ],
        options: ['HoldPkg = glibc held-*'],
      },
      [{ remove: ['glibc'] }, { remove: ['app'] }, { remove: ['free'] }, { remove: ['free', 'glibc'] }],
    );
  });

  it('updates like pacman -Su: newer versions, new dependencies, IgnorePkg, replacements', async () => {
    await expectParity(
      {
        repositories: [
          {
            name: 'core',
            packages: [
              { name: 'editor', version: '2-1', depends: ['newlib'] },
              { name: 'newlib', version: '1-1' },
              { name: 'pinned', version: '9-1' },
              { name: 'older', version: '1-1' },
              {
                name: 'successor',
                version: '3-1',
                replaces: ['legacy'],
                conflicts: ['legacy'],
                provides: ['legacy'],
              },
              { name: 'same', version: '1-1' },
            ],
          },
          {
            name: 'extra',
            packages: [
              { name: 'same', version: '5-1' },
              { name: 'extra-only', version: '2-1' },
            ],
          },
        ],
        installed: [
          { name: 'editor', version: '1-1' },
          { name: 'pinned', version: '1-1' },
          { name: 'older', version: '2-1' },
          { name: 'legacy', version: '1-1' },
          { name: 'keeps-legacy', version: '1-1', depends: ['legacy'] },
          { name: 'same', version: '1-1' },
          { name: 'extra-only', version: '1-1' },
        ],
        options: ['IgnorePkg = pinned'],
      },
      [{ update: true }],
    );
  });

  it('notes what pacman only warns about: ignored upgrades, newer local versions, reinstalls, downgrades', async () => {
    const fixture = createArchRoot({
      repositories: [
        {
          name: 'core',
          packages: [
            { name: 'pinned', version: '9-1' },
            { name: 'older', version: '1-1' },
            { name: 'same', version: '1-1' },
          ],
        },
      ],
      installed: [
        { name: 'pinned', version: '1-1' },
        { name: 'older', version: '2-1' },
        { name: 'same', version: '1-1' },
      ],
      options: ['IgnorePkg = pinned'],
    });
    const resolver = await openPacmanResolver(fixture);
    expect(resolver.planUpdate()).toMatchObject({
      packages: [],
      notes: ['older: local (2-1) is newer than core (1-1)', 'pinned: ignoring package upgrade (1-1 => 9-1)'],
    });
    const install = resolver.planInstall(['same', 'older']);
    expect(planLines(install)).toEqual(runPacman(fixture, ['-Sp', 'same', 'older']).lines);
    expect(install.packages.map((item) => `${item.name} ${item.action} ${item.previousVersion}`)).toEqual([
      'older downgrade 2-1',
      'same reinstall 1-1',
    ]);
    expect(install.notes).toEqual([
      'same-1-1 is up to date -- reinstalling',
      'downgrading package older (2-1 => 1-1)',
    ]);
  });

  it('uses the index order when pacman.conf lists no repository, and an explicit order when given', async () => {
    const fixture = createArchRoot({
      repositories: [
        { name: 'zeta', packages: [{ name: 'tool', version: '1-1' }] },
        { name: 'alpha', packages: [{ name: 'tool', version: '2-1' }] },
      ],
    });
    writeFileSync(fixture.config, '[options]\nArchitecture = x86_64\n');
    const fallback = await openPacmanResolver(fixture);
    expect(fallback.repositories).toEqual(['alpha', 'zeta']);
    expect(planLines(fallback.planInstall(['tool']))).toEqual(['tool 2-1 alpha']);
    const explicit = await openPacmanResolver(fixture, { repositories: ['zeta', 'alpha'] });
    expect(planLines(explicit.planInstall(['tool']))).toEqual(['tool 1-1 zeta']);
  });

  it('refuses an update that breaks an installed dependent, as pacman does', async () => {
    await expectParity(
      {
        repositories: [{ name: 'core', packages: [{ name: 'lib', version: '2-1' }] }],
        installed: [
          { name: 'lib', version: '1-1' },
          { name: 'user', version: '1-1', depends: ['lib<2'] },
        ],
      },
      [{ update: true }, { install: ['lib'] }],
    );
  });
});
