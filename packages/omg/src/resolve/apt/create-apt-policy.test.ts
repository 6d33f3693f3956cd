import { describe, expect, it } from 'vitest';
import type { IndexedRecord, SourceState } from '../../index/open-package-index.js';
import type { AptPackage, AptVersion } from './build-apt-universe.js';
import { createAptPolicy } from './create-apt-policy.js';

function source(repository: string): SourceState {
  return {
    id: `/lists/example.org_${repository.replace('/', '_')}_Packages`,
    path: `/lists/example.org_${repository.replace('/', '_')}_Packages`,
    kind: 'available',
    repository,
    identities: [],
    hash: repository,
    packageCount: 1,
    problems: [],
  };
}

function version(name: string, text: string, repositories: string[], installed = false): AptVersion {
  const record = {
    name,
    version: text,
    architecture: 'amd64',
    repository: repositories[0] ?? 'installed',
  } as IndexedRecord;
  return { name, version: text, architecture: 'amd64', repositories, installed, record };
}

function entry(versions: AptVersion[]): AptPackage {
  const current = versions.find((item) => item.installed);
  return {
    name: versions[0]?.name ?? '',
    versions,
    automatic: false,
    ...(current === undefined ? {} : { current }),
  };
}

describe('createAptPolicy', () => {
  const states = [source('stable/main'), source('testing/main')];

  it('picks the highest version at the highest priority, and keeps an installed newer version', () => {
    const policy = createAptPolicy(states, { pins: [], problems: [] });
    const newer = version('a', '2', ['testing/main']);
    expect(policy.candidate(entry([newer, version('a', '1', ['stable/main'])]))).toBe(newer);
    const installed = version('b', '3', [], true);
    expect(policy.candidate(entry([installed, version('b', '2', ['stable/main'])]))).toBe(installed);
    expect(policy.priority(installed)).toBe(100);
  });

  it('follows specific pins: one matching no list changes nothing, 1001 allows a downgrade, negative forbids', () => {
    const pin = (packages: string, conditions: Record<string, string>, priority: number) => ({
      packages: [packages],
      target: { kind: 'release' as const, conditions },
      priority,
      origin: 'test',
    });
    const policy = createAptPolicy(states, {
      pins: [pin('a', { c: 'main', n: 'nonexistent' }, 900), pin('held', { a: 'now' }, 1001)],
      problems: [],
    });
    const stableA = version('a', '1', ['stable/main']);
    expect(policy.candidate(entry([version('a', '2', ['testing/main']), stableA]))?.version).toBe('2');
    const downgradePolicy = createAptPolicy(states, {
      pins: [{ packages: ['c'], target: { kind: 'version', pattern: '1.*' }, priority: 1001, origin: 't' }],
      problems: [],
    });
    const older = version('c', '1.5', ['stable/main']);
    expect(downgradePolicy.candidate(entry([version('c', '2', [], true), older]))).toBe(older);
    const never = createAptPolicy(states, {
      pins: [{ packages: ['d'], target: { kind: 'version', pattern: '*' }, priority: -1, origin: 't' }],
      problems: [],
    });
    expect(never.candidate(entry([version('d', '1', ['stable/main'])]))).toBeUndefined();
  });
});
