import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PackageRecord } from '../backends/package-record.js';
import { compareDebianVersions } from '../versions/compare-debian-versions.js';
import { readSearchSnapshot, writeSearchSnapshot } from './search-snapshot.js';
import { createSearchTable, type SearchSegment } from './search-table.js';
import { encodeSearchText } from './search-text.js';

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function record(
  name: string,
  version: string,
  description: string,
  extra: Partial<PackageRecord> = {},
): PackageRecord {
  return {
    name,
    version,
    architecture: 'amd64',
    repository: 'main',
    description,
    longDescription: '',
    relations: {},
    ...extra,
  };
}

const segments: SearchSegment[] = [
  {
    repository: 'bookworm/main',
    kind: 'available',
    text: encodeSearchText([
      record('python3', '3.11.2-1', 'Interactive high-level object-oriented language'),
      record('python3-yaml', '6.0-3', 'YAML parser and emitter for Python3'),
      record('libyaml-0-2', '0.2.5-1', 'Fast YAML 1.1 parser', {
        longDescription: 'A C library. Ünïcode Strasse İstanbul',
      }),
      record('nano', '7.2-1', 'small, friendly text editor', { relations: { provides: 'editor' } }),
      record('vim', '9.0-1', 'Vi IMproved - enhanced vi editor', { relations: { provides: 'editor' } }),
      record('ÆTHER-tools', '1.0-1', 'Ärger with non-ASCII NAMES'),
    ]),
  },
  {
    repository: 'bookworm-security/main',
    kind: 'available',
    text: encodeSearchText([
      record('python3', '3.11.2-1+deb12u1', 'Interactive high-level object-oriented language'),
    ]),
  },
  {
    repository: 'installed',
    kind: 'installed',
    text: encodeSearchText([
      record('python3', '3.11.2-1', 'Interactive high-level object-oriented language'),
      record('local-only', '0.1', 'a package no repository offers, about python'),
    ]),
  },
];

const queries: Array<{ terms: string[]; namesOnly?: boolean; regex?: boolean; limit?: number }> = [
  { terms: ['python3'] },
  { terms: ['PYTHON'] },
  { terms: ['yaml', 'python'] },
  { terms: ['parser', 'yaml'], namesOnly: true },
  { terms: ['editor'] },
  { terms: ['ünïcode'] },
  { terms: ['istanbul'] },
  { terms: ['äRGER'] },
  { terms: ['æther'] },
  { terms: ['nothing-matches'] },
  { terms: ['^py.*3$'], regex: true },
  { terms: ['python'], limit: 2 },
];

describe('search snapshot', () => {
  it('answers every query exactly as the full search table does', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'omg-snapshot-'));
    directories.push(directory);
    const path = join(directory, 'index.search');
    writeSearchSnapshot(path, { sources: [], segments }, compareDebianVersions);
    const snapshot = await readSearchSnapshot(path);
    if (snapshot === undefined) throw new Error('snapshot not read back');
    expect([...snapshot.installedAndAvailable]).toEqual(['python3']);
    const full = createSearchTable(segments, compareDebianVersions);
    for (const query of queries) {
      const options = {
        namesOnly: query.namesOnly ?? false,
        regex: query.regex ?? false,
        ...(query.limit === undefined ? {} : { limit: query.limit }),
      };
      const reduced = createSearchTable(
        snapshot.segmentsFor(query.terms, { regex: options.regex }),
        compareDebianVersions,
        {
          isAvailable: (name) => snapshot.installedAndAvailable.has(name),
        },
      );
      expect({ query, results: reduced.search(query.terms, options) }).toEqual({
        query,
        results: full.search(query.terms, options),
      });
    }
    // The stored table ranks and renders literal queries byte for byte as omgd's resident table does.
    const stored = snapshot.storedTable();
    const resident = createSearchTable(segments, compareDebianVersions, { trigramIndex: true });
    for (const query of queries.filter((query) => query.regex !== true)) {
      const options = {
        namesOnly: query.namesOnly ?? false,
        ...(query.limit === undefined ? {} : { limit: query.limit }),
      };
      for (const format of ['json', 'text'] as const) {
        const head = (count: number) => `ok ${count}\n`;
        const expected = resident.searchRendered(query.terms, options, format, head).toString('utf8');
        expect({
          query,
          format,
          reply: stored.searchRendered(query.terms, options, format, head).toString('utf8'),
        }).toEqual({ query, format, reply: expected });
      }
      // And the JSON is the full table's results.
      const json = stored.searchRendered(query.terms, options, 'json', () => '').toString('utf8');
      expect(JSON.parse(json)).toEqual(full.search(query.terms, options));
    }
    expect(() => stored.searchRendered(['^py'], { regex: true }, 'json', () => '')).toThrow(/literal/);
    // The cut-down segments hold only lines with every term (installed segments stay whole).
    const cut = snapshot.segmentsFor(['yaml', 'python'], { regex: false });
    expect(cut.map((segment) => segment.text.split('\n').length)).toEqual([1, 2]);
    snapshot.close();
  });

  it('reads nothing from a truncated, foreign or empty file', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'omg-snapshot-'));
    directories.push(directory);
    const path = join(directory, 'index.search');
    writeSearchSnapshot(path, { sources: [], segments }, compareDebianVersions);
    const { readFileSync } = await import('node:fs');
    const whole = readFileSync(path);
    writeFileSync(path, whole.subarray(0, whole.length - 3));
    expect(await readSearchSnapshot(path)).toBeUndefined();
    writeFileSync(path, '{"format":1,"sources":[],"segments":[]}\n');
    expect(await readSearchSnapshot(path)).toBeUndefined();
    writeFileSync(path, '');
    expect(await readSearchSnapshot(path)).toBeUndefined();
    expect(await readSearchSnapshot(join(directory, 'missing'))).toBeUndefined();
  });
});
