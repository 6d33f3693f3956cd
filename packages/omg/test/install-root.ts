import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { createAptBackend } from '../src/backends/apt/create-apt-backend.js';
import { openPackageIndex } from '../src/index/open-package-index.js';
import type { TransactionResolver } from '../src/plan/transaction-plan.js';
import { createAptResolver } from '../src/resolve/apt/create-apt-resolver.js';

/** A package stanza for a synthetic apt root: name, version and any other deb822 fields. */
export interface StanzaSpec {
  name: string;
  version: string;
  architecture?: string;
  [field: string]: string | undefined;
}

/** One suite of the synthetic repository, with its Release flags. */
export interface SuiteSpec {
  codename: string;
  /** The archive name (`Suite:`); defaults to the codename. */
  suite?: string;
  notAutomatic?: boolean;
  butAutomaticUpgrades?: boolean;
  packages: StanzaSpec[];
}

/** A whole synthetic root: suites, installed packages (dpkg status), automatic ones, preferences. */
export interface RootSpec {
  suites: SuiteSpec[];
  installed?: StanzaSpec[];
  automatic?: string[];
  /** The text of etc/apt/preferences. */
  preferences?: string;
}

const fieldOrder = ['name', 'version', 'architecture'];

function fieldName(key: string): string {
  return key
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('-');
}

function renderStanza(spec: StanzaSpec, status?: string): string {
  const lines = [`Package: ${spec.name}`];
  if (status !== undefined) lines.push(`Status: ${status}`);
  lines.push(`Version: ${spec.version}`, `Architecture: ${spec.architecture ?? 'amd64'}`);
  if (spec.Priority === undefined) lines.push('Priority: optional');
  lines.push(`Installed-Size: ${spec['Installed-Size'] ?? '100'}`);
  for (const [key, value] of Object.entries(spec)) {
    if (fieldOrder.includes(key) || key === 'Installed-Size' || value === undefined) continue;
    lines.push(`${fieldName(key)}: ${value}`);
  }
  if (status === undefined) {
    lines.push(`Filename: pool/main/${spec.name}_${spec.version}_amd64.deb`, 'Size: 2048');
  }
  lines.push(`Description: the ${spec.name} package`);
  return `${lines.join('\n')}\n`;
}

/** Writes the root (apt lists matching an etc/apt/sources.list, dpkg status, extended_states). */
export function writeInstallRoot(root: string, spec: RootSpec): void {
  const lists = join(root, 'var/lib/apt/lists');
  mkdirSync(join(lists, 'partial'), { recursive: true });
  mkdirSync(join(root, 'var/lib/dpkg/info'), { recursive: true });
  mkdirSync(join(root, 'var/cache/apt/archives/partial'), { recursive: true });
  mkdirSync(join(root, 'etc/apt/preferences.d'), { recursive: true });
  mkdirSync(join(root, 'etc/apt/apt.conf.d'), { recursive: true });
  const sources: string[] = [];
  for (const suite of spec.suites) {
    sources.push(`deb http://deb.example.org/debian ${suite.codename} main`);
    const prefix = `deb.example.org_debian_dists_${suite.codename}`;
    writeFileSync(
      join(lists, `${prefix}_main_binary-amd64_Packages`),
      suite.packages.map((item) => renderStanza(item)).join('\n'),
    );
    const release = [
      'Origin: Example',
      'Label: Example',
      `Suite: ${suite.suite ?? suite.codename}`,
      `Codename: ${suite.codename}`,
      'Architectures: amd64',
      'Components: main',
    ];
    if (suite.notAutomatic === true) release.push('NotAutomatic: yes');
    if (suite.butAutomaticUpgrades === true) release.push('ButAutomaticUpgrades: yes');
    writeFileSync(join(lists, `${prefix}_InRelease`), `${release.join('\n')}\n`);
  }
  writeFileSync(join(root, 'etc/apt/sources.list'), `${sources.join('\n')}\n`);
  writeFileSync(join(root, 'etc/apt/preferences'), spec.preferences ?? '');
  writeFileSync(
    join(root, 'var/lib/dpkg/status'),
    (spec.installed ?? []).map((item) => renderStanza(item, 'install ok installed')).join('\n'),
  );
  writeFileSync(
    join(root, 'var/lib/apt/extended_states'),
    (spec.automatic ?? [])
      .map((name) => `Package: ${name}\nArchitecture: amd64\nAuto-Installed: 1\n`)
      .join('\n'),
  );
}

/** A temporary root, removed when the test ends. */
export function createInstallRoot(spec: RootSpec): string {
  const root = mkdtempSync(join(tmpdir(), 'omg-install-'));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  writeInstallRoot(root, spec);
  return root;
}

/** The `-o` options that point apt-get at a root (as omg's hand-over passes them). */
export function aptRootOptions(root: string): string[] {
  return [
    '-o',
    `Dir=${root}/`,
    '-o',
    `Dir::State::status=${root}/var/lib/dpkg/status`,
    '-o',
    'Debug::NoLocking=1',
    '-o',
    'APT::Architecture=amd64',
    '-o',
    'Dir::Cache::pkgcache=',
    '-o',
    'Dir::Cache::srcpkgcache=',
  ];
}

/** What `apt-get -s` printed, reduced to the transaction. */
export interface AptSimulation {
  exitCode: number;
  /** `name version` of each Inst line. */
  installs: string[];
  /** Names of Remv lines. */
  removals: string[];
  autoremovable: string[];
  keptBack: string[];
  output: string;
}

function listAfter(lines: readonly string[], heading: RegExp): string[] {
  const start = lines.findIndex((line) => heading.test(line));
  if (start < 0) return [];
  const names: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('  ')) break;
    names.push(...line.trim().split(/\s+/));
  }
  return names.sort();
}

/** Parses apt-get -s output. */
export function parseAptSimulation(output: string, exitCode: number): AptSimulation {
  const lines = output.split('\n');
  const installs: string[] = [];
  const removals: string[] = [];
  for (const line of lines) {
    const install = /^Inst (\S+)(?: \[[^\]]*\])? \((\S+) /.exec(line);
    if (install !== null) installs.push(`${install[1]} ${install[2]}`);
    const removal = /^Remv (\S+)/.exec(line);
    if (removal?.[1] !== undefined) removals.push(removal[1]);
  }
  return {
    exitCode,
    installs: installs.sort(),
    removals: removals.sort(),
    autoremovable: listAfter(lines, /automatically installed and (is|are) no longer required/),
    keptBack: listAfter(lines, /have been kept back|has been kept back/),
    output,
  };
}

/** Runs real `apt-get -s <args>` against the root. */
export function simulateApt(root: string, args: readonly string[]): Promise<AptSimulation> {
  return new Promise((resolve, reject) => {
    execFile(
      'apt-get',
      ['-s', ...aptRootOptions(root), ...args],
      { env: { PATH: process.env.PATH, LANG: 'C', LC_ALL: 'C' } },
      (error, stdout, stderr) => {
        if (error !== null && typeof error.code !== 'number') {
          reject(error);
          return;
        }
        resolve(parseAptSimulation(`${stdout}\n${stderr}`, typeof error?.code === 'number' ? error.code : 0));
      },
    );
  });
}

/** Opens omg's index over the root and returns the apt resolver. */
export async function openResolver(root: string): Promise<TransactionResolver> {
  const index = await openPackageIndex({
    backend: createAptBackend({ root }),
    path: join(root, 'omg-index', 'apt.lmdb'),
  });
  onTestFinished(() => index.close());
  await index.refresh();
  return createAptResolver(index);
}

export { summarizePlan } from '../src/plan/hand-over-command.js';
