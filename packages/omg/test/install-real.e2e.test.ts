import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findExecutable } from '@venom/core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createOmgHome, homeEnvironment, omgBin, runOmg } from './run-omg.js';

// The hand-over carried out for real, not simulated: a root with its own apt sources (a flat file:
// repository of .deb files built here with dpkg-deb), refreshed by `omg update`, then `omg install`
// and `omg remove --autoremove` run apt-get with the root's -o Dir options and dpkg --root. Nothing
// outside the temporary root changes.

interface DebSpec {
  name: string;
  version: string;
  depends?: string;
  /** Files the package installs, path under the root -> content. */
  files: Record<string, string>;
}

/** Builds a .deb with dpkg-deb and returns its Packages stanza (flat repository, `./file`). */
function buildDeb(repository: string, spec: DebSpec): string {
  const staging = mkdtempSync(join(tmpdir(), 'omg-deb-'));
  try {
    mkdirSync(join(staging, 'DEBIAN'));
    const control = [
      `Package: ${spec.name}`,
      `Version: ${spec.version}`,
      'Architecture: all',
      'Maintainer: omg tests <omg@example.org>',
      ...(spec.depends === undefined ? [] : [`Depends: ${spec.depends}`]),
      `Description: the ${spec.name} test package`,
    ];
    writeFileSync(join(staging, 'DEBIAN/control'), `${control.join('\n')}\n`);
    for (const [path, content] of Object.entries(spec.files)) {
      mkdirSync(join(staging, path, '..'), { recursive: true });
      writeFileSync(join(staging, path), content);
    }
    const file = `${spec.name}_${spec.version}_all.deb`;
    execFileSync('dpkg-deb', ['--root-owner-group', '-b', staging, join(repository, file)], {
      stdio: 'ignore',
    });
    const bytes = readFileSync(join(repository, file));
    return [
      ...control.slice(0, -1),
      `Filename: ./${file}`,
      `Size: ${statSync(join(repository, file)).size}`,
      `SHA256: ${createHash('sha256').update(bytes).digest('hex')}`,
      control[control.length - 1],
    ].join('\n');
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** An empty Debian root whose only apt source is a file: repository of `packages`. */
function realRoot(packages: DebSpec[]): string {
  const root = mkdtempSync(join(tmpdir(), 'omg-real-root-'));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  for (const directory of [
    'repo',
    'etc/apt/apt.conf.d',
    'etc/apt/preferences.d',
    'etc/apt/sources.list.d',
    'var/lib/apt/lists/partial',
    'var/cache/apt/archives/partial',
    'var/lib/dpkg/info',
    'var/lib/dpkg/updates',
    'var/lib/dpkg/triggers',
    'var/log/apt',
  ])
    mkdirSync(join(root, directory), { recursive: true });
  writeFileSync(join(root, 'var/lib/dpkg/status'), '');
  writeFileSync(join(root, 'var/lib/dpkg/available'), '');
  const stanzas = packages.map((spec) => buildDeb(join(root, 'repo'), spec));
  writeFileSync(join(root, 'repo/Packages'), `${stanzas.join('\n\n')}\n`);
  writeFileSync(join(root, 'etc/apt/sources.list'), `deb [trusted=yes] file:${root}/repo ./\n`);
  return root;
}

function installedPackages(root: string): string[] {
  const status = readFileSync(join(root, 'var/lib/dpkg/status'), 'utf8');
  return status
    .split('\n\n')
    .filter((stanza) => /^Status: install ok installed$/m.test(stanza))
    .map((stanza) => /^Package: (.+)$/m.exec(stanza)?.[1] ?? '')
    .sort();
}

const canInstall =
  process.getuid?.() === 0 &&
  findExecutable('apt-get', process.env) !== undefined &&
  findExecutable('dpkg-deb', process.env) !== undefined;

describe('omg install and remove for real, into --root', () => {
  it.skipIf(!canInstall)(
    'refreshes the root, installs a package and its dependency with dpkg --root, then removes both [needs root, apt-get, dpkg-deb]',
    async () => {
      const root = realRoot([
        {
          name: 'hello-omg',
          version: '1.0',
          depends: 'hello-omg-data (>= 1.0)',
          files: { 'usr/share/hello-omg/greeting': 'hello from omg\n' },
        },
        { name: 'hello-omg-data', version: '1.0', files: { 'usr/share/hello-omg-data/data': 'data\n' } },
      ]);
      const { env } = createOmgHome();
      const environment = { ...env, OMG_NO_DAEMON: '1' };

      const update = await runOmg(['update', '--root', root, '--yes'], environment);
      expect(update.exitCode, update.stderr).toBe(0);

      const install = await runOmg(['install', 'hello-omg', '--root', root, '--yes', '--json'], environment);
      expect(install.exitCode, install.stderr).toBe(0);
      const plan = JSON.parse(install.stdout) as {
        handedOver: boolean;
        command: string[];
        packages: Array<{ name: string; reason: string }>;
      };
      expect(plan.handedOver).toBe(true);
      expect(plan.command).toContain(`DPkg::Options::=--root=${root}`);
      expect(plan.packages.map((item) => `${item.name} ${item.reason}`)).toEqual([
        'hello-omg requested',
        'hello-omg-data dependency',
      ]);
      expect(readFileSync(join(root, 'usr/share/hello-omg/greeting'), 'utf8')).toBe('hello from omg\n');
      expect(installedPackages(root)).toEqual(['hello-omg', 'hello-omg-data']);
      // apt marked the dependency automatic, so omg sees it as an orphan-to-be.
      const listed = await runOmg(['list', '--installed', '--root', root, '--json'], environment);
      expect(
        (JSON.parse(listed.stdout) as Array<{ name: string; automatic?: boolean }>).map(
          (entry) => `${entry.name}${entry.automatic === true ? ' auto' : ''}`,
        ),
      ).toEqual(['hello-omg', 'hello-omg-data auto']);

      const remove = await runOmg(
        ['remove', 'hello-omg', '--autoremove', '--root', root, '--yes', '--json'],
        environment,
      );
      expect(remove.exitCode, remove.stderr).toBe(0);
      expect(existsSync(join(root, 'usr/share/hello-omg/greeting'))).toBe(false);
      expect(existsSync(join(root, 'usr/share/hello-omg-data/data'))).toBe(false);
      expect(installedPackages(root)).toEqual([]);
    },
  );

  const canDropPrivileges = canInstall && findExecutable('setpriv', process.env) !== undefined;
  it.skipIf(!canDropPrivileges)(
    'not root: hands the exact command to sudo, and without sudo refuses with exit 3 [needs root to drop to nobody, setpriv]',
    async () => {
      const root = realRoot([
        { name: 'hello-omg', version: '1.0', files: { 'usr/share/hello-omg/greeting': 'hi\n' } },
      ]);
      const { env } = createOmgHome();
      const update = await runOmg(['update', '--root', root, '--yes'], { ...env, OMG_NO_DAEMON: '1' });
      expect(update.exitCode, update.stderr).toBe(0);
      // The unprivileged user reads the root and writes only its own home.
      execFileSync('chmod', ['-R', 'a+rX', root]);
      const home = mkdtempSync(join(tmpdir(), 'omg-nobody-'));
      onTestFinished(() => rmSync(home, { recursive: true, force: true }));
      chmodSync(home, 0o777);
      // A sudo that records what it was asked to run (this machine has no real one to use).
      const fakeBin = join(home, 'bin');
      mkdirSync(fakeBin);
      writeFileSync(join(fakeBin, 'sudo'), '#!/bin/sh\nprintf "%s\\n" "$@" > "$HOME/sudo-arguments"\n', {
        mode: 0o755,
      });
      const asNobody = (path: string) =>
        spawnSync(
          // By its path: the PATH given to omg below may have nothing on it.
          findExecutable('setpriv', process.env) ?? 'setpriv',
          [
            '--reuid=65534',
            '--regid=65534',
            '--clear-groups',
            process.execPath,
            omgBin,
            'install',
            'hello-omg',
            '--root',
            root,
            '--yes',
            '--json',
          ],
          {
            encoding: 'utf8',
            env: { ...homeEnvironment(home, path), OMG_NO_DAEMON: '1' },
          },
        );
      const withSudo = asNobody(`${fakeBin}:${process.env.PATH ?? ''}`);
      expect(withSudo.status, withSudo.stderr).toBe(0);
      const handed = readFileSync(join(home, 'sudo-arguments'), 'utf8').trim().split('\n');
      expect(handed[0]).toBe('apt-get');
      expect(handed).toContain('-y');
      expect(handed).toContain(`DPkg::Options::=--root=${root}`);
      expect(handed.slice(-2)).toEqual(['install', 'hello-omg=1.0']);
      // Nothing was installed: the recording sudo ran nothing.
      expect(installedPackages(root)).toEqual([]);

      const withoutSudo = asNobody('/nonexistent');
      expect(withoutSudo.status).toBe(3);
      expect(`${withoutSudo.stdout}${withoutSudo.stderr}`).toContain(
        'changing system packages needs root, and sudo is not installed',
      );
    },
  );
});
