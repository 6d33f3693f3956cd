import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { onTestFinished } from 'vitest';

/** A package to write into a fixture list or status file. */
export interface FixturePackage {
  name: string;
  version: string;
  description?: string;
  architecture?: string;
  depends?: string;
  provides?: string;
  extra?: Record<string, string>;
}

/** One repository list in a fixture root. */
export interface FixtureList {
  suite: string;
  component?: string;
  compression?: 'none' | 'gz' | 'xz' | 'lz4' | 'zst' | 'bz2';
  packages: FixturePackage[];
}

/** Renders packages as a deb822 Packages (or, with status, dpkg status) file. */
export function renderStanzas(packages: readonly FixturePackage[], status?: string): string {
  return packages
    .map((item) => {
      const lines = [`Package: ${item.name}`];
      if (status !== undefined) lines.push(`Status: ${status}`);
      lines.push(
        `Version: ${item.version}`,
        `Architecture: ${item.architecture ?? 'amd64'}`,
        'Installed-Size: 100',
      );
      if (item.depends !== undefined) lines.push(`Depends: ${item.depends}`);
      if (item.provides !== undefined) lines.push(`Provides: ${item.provides}`);
      for (const [key, value] of Object.entries(item.extra ?? {})) lines.push(`${key}: ${value}`);
      lines.push(`Description: ${item.description ?? `the ${item.name} package`}`);
      return `${lines.join('\n')}\n`;
    })
    .join('\n');
}

/** Compresses text with the named compression (system tools for all but gzip). */
export function compress(text: string, compression: FixtureList['compression']): Buffer {
  const data = Buffer.from(text, 'utf8');
  switch (compression) {
    case undefined:
    case 'none':
      return data;
    case 'gz':
      return gzipSync(data);
    case 'xz':
      return execFileSync('xz', ['-c'], { input: data });
    case 'lz4':
      return execFileSync('lz4', ['-c'], { input: data });
    case 'zst':
      return execFileSync('zstd', ['-c', '-q'], { input: data });
    case 'bz2':
      return execFileSync('bzip2', ['-c'], { input: data });
  }
}

/** The path of a list file for a suite/component, named as apt names it. */
export function listPath(
  root: string,
  suite: string,
  component: string,
  compression: FixtureList['compression'],
): string {
  const suffix = compression === undefined || compression === 'none' ? '' : `.${compression}`;
  return join(
    root,
    'var/lib/apt/lists',
    `deb.example.org_debian_dists_${suite}_${component}_binary-amd64_Packages${suffix}`,
  );
}

/** Writes an apt/dpkg root: lists with InRelease files, dpkg status. Removed when the test ends. */
export function createAptRoot(
  lists: readonly FixtureList[],
  installed: readonly FixturePackage[] = [],
  automatic: readonly string[] = [],
): string {
  const root = mkdtempSync(join(tmpdir(), 'omg-root-'));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  writeAptRoot(root, lists, installed, automatic);
  return root;
}

/** Writes (or rewrites) the apt/dpkg state under an existing root. */
export function writeAptRoot(
  root: string,
  lists: readonly FixtureList[],
  installed: readonly FixturePackage[] = [],
  automatic: readonly string[] = [],
): void {
  mkdirSync(join(root, 'var/lib/apt/lists'), { recursive: true });
  mkdirSync(join(root, 'var/lib/dpkg/info'), { recursive: true });
  for (const list of lists) {
    const component = list.component ?? 'main';
    writeFileSync(
      listPath(root, list.suite, component, list.compression),
      compress(renderStanzas(list.packages), list.compression),
    );
    writeFileSync(
      join(root, 'var/lib/apt/lists', `deb.example.org_debian_dists_${list.suite}_InRelease`),
      `-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nOrigin: Example\nSuite: stable\nCodename: ${list.suite}\nComponents: ${component}\n-----BEGIN PGP SIGNATURE-----\n\nAAAA\n-----END PGP SIGNATURE-----\n`,
    );
  }
  writeFileSync(join(root, 'var/lib/dpkg/status'), renderStanzas(installed, 'install ok installed'));
  writeFileSync(
    join(root, 'var/lib/apt/extended_states'),
    automatic.map((name) => `Package: ${name}\nArchitecture: amd64\nAuto-Installed: 1\n`).join('\n'),
  );
}
