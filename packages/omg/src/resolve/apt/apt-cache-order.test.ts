import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDeb822 } from '../../backends/apt/parse-deb822.js';
import {
  type AptCacheStanza,
  aptCacheHash,
  aptPackageBeginOrder,
  collectAptCachePackages,
  computeAptCacheOrder,
  decodeAptCacheOrder,
  encodeAptCacheOrder,
} from './apt-cache-order.js';

/** A dpkg status exercising apt's package-creating rules (relations of every kind, qualifiers, provides). */
const status = `Package: alpha
Status: install ok installed
Architecture: amd64
Version: 1.0
Multi-Arch: allowed
Depends: libc6 (>= 2.36), perl:any, gcc:arm64
Recommends: beta | gamma
Conflicts: delta, Alpha-Old
Provides: virtual-alpha (= 1.0), foo:i386

Package: beta
Status: install ok installed
Architecture: all
Version: 2.0
Multi-Arch: foreign
Provides: beta-virtual
Enhances: epsilon
Replaces: zeta
Suggests: eta

Package: linux-image-6.1.0-1-amd64
Status: install ok installed
Architecture: amd64
Version: 6.1
Breaks: gcc
Pre-Depends: libc6

Package: libc6
Status: install ok installed
Architecture: amd64
Version: 2.36
Multi-Arch: same
Essential: yes
Conflicts: libc6
`;

/**
 * `apt-cache dump | grep '^Package: '` for that status alone with APT::Cache-HashTableSize=7, as apt
 * 2.6.1 (Debian 12) printed it: buckets in order, each sorted by group name (shorter first), a
 * group's packages in creation order (`foo:i386` twice: the group `foo:i386` of architecture any,
 * and `foo` of i386). Names print as FullName(true): no architecture for native and `any` ones.
 */
const aptDumpWithSevenBuckets = [
  'gcc:arm64',
  'alpha:any',
  'foo:i386',
  'beta',
  'gcc:arm64',
  'libc6',
  'epsilon',
  'Alpha-Old',
  'alpha',
  'virtual-alpha:any',
  'eta',
  'foo:i386',
  'delta',
  'gamma',
  'perl:any',
  'virtual-alpha',
  'linux-image-6.1.0-1-amd64',
  'zeta',
  '$kernel',
  '$kernel:$kernel',
  'beta-virtual',
];

function stanzasOf(text: string): AptCacheStanza[] {
  return parseDeb822(text, 'status').stanzas.map(({ fields }) => {
    const stanza: AptCacheStanza = {
      name: fields.Package ?? '',
      architecture: fields.Architecture ?? '',
      relations: {
        preDepends: fields['Pre-Depends'],
        depends: fields.Depends,
        conflicts: fields.Conflicts,
        breaks: fields.Breaks,
        recommends: fields.Recommends,
        suggests: fields.Suggests,
        replaces: fields.Replaces,
        enhances: fields.Enhances,
        provides: fields.Provides,
      },
    };
    if (fields['Multi-Arch'] !== undefined) stanza.multiArch = fields['Multi-Arch'];
    if (fields.Essential === 'yes') stanza.essential = true;
    return stanza;
  });
}

function prettyNames(order: ReturnType<typeof computeAptCacheOrder>): string[] {
  return order.map(({ group, architecture }) =>
    architecture === 'amd64' || architecture === 'any' ? group : `${group}:${architecture}`,
  );
}

describe('aptCacheHash', () => {
  it("is apt's sHash: djb2 over the lower-cased bytes modulo the table size", () => {
    // Values from an independent implementation of pkgCache::sHash.
    expect(aptCacheHash('apt')).toBe(19250);
    expect(aptCacheHash('libc6')).toBe(97736);
    expect(aptCacheHash('Alpha-Old')).toBe(aptCacheHash('alpha-old'));
    expect(aptCacheHash('alpha-old')).toBe(94151);
    // The first package of `apt-cache dump` on a Debian 12 system sits in bucket 0.
    expect(aptCacheHash('librust-glib-sys-0.14+default-dev')).toBe(0);
    expect(aptCacheHash('été')).toBe(14535);
    expect(aptCacheHash('libc6', 7)).toBe(3);
  });
});

describe('computeAptCacheOrder', () => {
  it("gives apt's PkgBegin order for a fixture status (recorded from apt 2.6.1)", () => {
    const order = aptPackageBeginOrder(collectAptCachePackages(stanzasOf(status), 'amd64'), 7);
    expect(prettyNames(order)).toEqual(aptDumpWithSevenBuckets);
    // The default table size orders the same packages differently.
    expect(prettyNames(computeAptCacheOrder(stanzasOf(status), 'amd64'))).not.toEqual(
      aptDumpWithSevenBuckets,
    );
  });

  it('equals what the apt-cache on this machine dumps for the fixture, when apt-cache exists', (context) => {
    const probe = spawnSync('apt-cache', ['--version'], { encoding: 'utf8' });
    if (probe.status !== 0 || !/^apt 2\.6\./.test(probe.stdout)) context.skip();
    const directory = mkdtempSync(join(tmpdir(), 'omg-apt-order-'));
    try {
      writeFileSync(join(directory, 'status'), status);
      const run = spawnSync(
        'apt-cache',
        [
          '-o',
          `Dir::State::status=${join(directory, 'status')}`,
          '-o',
          `Dir::State::Lists=${join(directory, 'lists')}`,
          '-o',
          `Dir::Etc::SourceList=${join(directory, 'sources.list')}`,
          '-o',
          `Dir::Etc::SourceParts=${join(directory, 'sources.list.d')}`,
          '-o',
          'Dir::Cache::pkgcache=',
          '-o',
          'Dir::Cache::srcpkgcache=',
          '-o',
          'APT::Cache-HashTableSize=7',
          '-o',
          'APT::Architecture=amd64',
          '-o',
          'APT::Architectures::=amd64',
          'dump',
        ],
        { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } },
      );
      const dumped = run.stdout
        .split('\n')
        .filter((line) => line.startsWith('Package: '))
        .map((line) => line.slice('Package: '.length));
      expect(dumped).toEqual(aptDumpWithSevenBuckets);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('keeps lists before the status, flags Essential packages and `apt`, and round-trips through its encoding', () => {
    const order = computeAptCacheOrder(
      [
        { name: 'apt', architecture: 'amd64', relations: { depends: 'libc6' } },
        { name: 'libc6', architecture: 'amd64', essential: true, relations: {} },
        { name: 'tool', architecture: 'i386', relations: { depends: 'libc6' } },
      ],
      'amd64',
      ['amd64', 'i386'],
    );
    const names = order.map((item) => `${item.group}/${item.architecture}${item.essential ? '!' : ''}`);
    expect(names.sort()).toEqual(['apt/amd64!', 'libc6/amd64!', 'libc6/i386', 'tool/i386']);
    expect(decodeAptCacheOrder(encodeAptCacheOrder(order, 'amd64'), 'amd64')).toEqual(order);
  });
});
