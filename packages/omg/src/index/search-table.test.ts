import { describe, expect, it } from 'vitest';
import type { PackageRecord } from '../backends/package-record.js';
import { renderSearchText } from '../query/render-search-text.js';
import { compareDebianVersions } from '../versions/compare-debian-versions.js';
import { createSearchTable, type SearchSegment } from './search-table.js';
import { encodeSearchText } from './search-text.js';

function record(
  name: string,
  version: string,
  description: string,
  longDescription = '',
  provides?: string,
): PackageRecord {
  return {
    name,
    version,
    architecture: 'amd64',
    repository: 'x',
    description,
    longDescription,
    relations: provides === undefined ? {} : { provides },
  };
}

function segment(repository: string, kind: SearchSegment['kind'], records: PackageRecord[]): SearchSegment {
  return { repository, kind, text: encodeSearchText(records) };
}

const main = segment('stable/main', 'available', [
  record('python3-yaml', '6.0-3', 'YAML parser and emitter for Python3'),
  record('python3', '3.11.2-1', 'interactive high-level object-oriented language'),
  record('libpython3-dev', '3.11.2-1', 'header files (default python3 version)'),
  record('python3-dev', '3.11.2-1', 'header files and a static library for Python'),
  record('yamllint', '1.29-1', 'Linter for YAML files', 'checks syntax and cosmetic problems\n\nmore text'),
  record('editor-unicode', '1-1', 'Ünïcode ÉDITOR İstanbul'),
  record('Vim', '9.0-1', 'Vi IMproved - enhanced vi editor'),
  record('levee', '3.5a-5', 'very small vi clone', '', 'editor, text-viewer (= 1.0)'),
]);
const updates = segment('stable-updates/main', 'available', [
  record('python3', '3.11.4-1', 'interactive high-level object-oriented language'),
]);
const installed = segment('installed', 'installed', [
  record('python3', '3.11.2-1', 'interactive', 'an installed description mentioning zebras'),
  record('local-only', '0.1', 'not in any repository'),
]);
const names = (results: { name: string }[]): string[] => results.map((result) => result.name);

// The same behaviour with a scan (direct CLI) and with the trigram index (daemon).
describe.each([false, true])('search table (trigram index: %s)', (trigramIndex) => {
  const table = createSearchTable([main, updates, installed], compareDebianVersions, { trigramIndex });

  it('ranks exact name, then name prefix, then name substring, then description', () => {
    expect(names(table.search(['python3']))).toEqual([
      'python3',
      'python3-dev',
      'python3-yaml',
      'libpython3-dev',
    ]);
  });

  it('ANDs terms, each may match name or description, case-insensitively', () => {
    expect(names(table.search(['YAML', 'python3']))).toEqual(['python3-yaml']);
    expect(names(table.search(['header', 'PYTHON']))).toEqual(['python3-dev', 'libpython3-dev']);
  });

  it('searches the extended description but shows the summary', () => {
    const [result] = table.search(['cosmetic']);
    expect(result).toEqual({
      name: 'yamllint',
      version: '1.29-1',
      repository: 'stable/main',
      installed: false,
      description: 'Linter for YAML files',
    });
  });

  it('restricts to names with namesOnly', () => {
    expect(names(table.search(['yaml'], { namesOnly: true }))).toEqual(['yamllint', 'python3-yaml']);
  });

  it('matches regular expressions against names and descriptions', () => {
    expect(names(table.search(['^python3-.*'], { regex: true }))).toEqual(['python3-dev', 'python3-yaml']);
    expect(names(table.search(['improved$|^zzz'], { regex: true }))).toEqual([]);
    expect(names(table.search(['vi improved'], { regex: true }))).toEqual(['Vim']);
    expect(() => table.search(['('], { regex: true })).toThrow(SyntaxError);
  });

  it('shows the highest version with its repository and marks installed packages', () => {
    const [python] = table.search(['python3'], { limit: 1 });
    expect(python).toEqual({
      name: 'python3',
      version: '3.11.4-1',
      repository: 'stable-updates/main',
      installed: true,
      description: 'interactive high-level object-oriented language',
    });
    expect(table.search(['local-only'])[0]).toMatchObject({
      repository: 'installed',
      installed: true,
      version: '0.1',
    });
  });

  it('folds case beyond ASCII without shifting matches', () => {
    expect(names(table.search(['ünïcode', 'éditor']))).toEqual(['editor-unicode']);
    expect(table.search(['İSTANBUL'])[0]?.description).toBe('Ünïcode ÉDITOR İstanbul');
    // Lower-casing 'İ' adds a code unit: the lines after it must still map back correctly.
    expect(table.search(['enhanced vi'])[0]).toMatchObject({
      name: 'Vim',
      description: 'Vi IMproved - enhanced vi editor',
    });
  });

  it('lists names for completion and reports installed versions', () => {
    expect(table.names()).toContain('local-only');
    expect(table.installed.get('python3')).toBe('3.11.2-1');
  });

  it('matches names a package provides, as apt-cache search does, ranked after real names', () => {
    expect(names(table.search(['editor']))).toEqual(['editor-unicode', 'levee', 'Vim']);
    expect(names(table.search(['text-viewer'], { namesOnly: true }))).toEqual(['levee']);
    expect(names(table.search(['^editor$'], { regex: true, namesOnly: true }))).toEqual(['levee']);
  });

  it("matches an available package on its candidate's description, not the installed one's", () => {
    expect(table.search(['zebras'])).toEqual([]);
  });

  it('finds nothing for a term that only appears in versions', () => {
    expect(table.search(['3.11.4'])).toEqual([]);
  });
});

describe('rendered search (the daemon raw replies)', () => {
  const resident = createSearchTable([main, updates, installed], compareDebianVersions, {
    trigramIndex: true,
  });
  const oneShot = createSearchTable([main, updates, installed], compareDebianVersions);
  const queries: Array<[string[], { namesOnly?: boolean; regex?: boolean; limit?: number }]> = [
    [['python3'], {}],
    [['editor'], {}],
    [['İSTANBUL'], {}],
    [['e'], { limit: 3 }],
    [['yaml'], { namesOnly: true }],
    [['^python3-.*'], { regex: true }],
    [['nothing-matches'], {}],
  ];

  it.each([
    ['resident', resident],
    ['one-shot', oneShot],
  ])('%s: writes exactly what rendering the search results gives, after the head', (_, table) => {
    for (const [terms, options] of queries) {
      const results = table.search(terms, options);
      const text = table.searchRendered(terms, options, 'text', (count) => `ok ${count}\n`);
      expect(text.toString()).toBe(`ok ${results.length}\n${renderSearchText(results)}`);
      const json = table.searchRendered(terms, options, 'json', () => '');
      expect(json.toString()).toBe(`${JSON.stringify(results)}\n`);
    }
  });

  it('ranks the same resident (score buckets, name ranks) as with the comparator, on many random packages', () => {
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return Math.floor(seed / 65536) % n;
    };
    const syllables = ['py', 'thon', 'lib', 'x', 'ed', 'it', 'or', 'yaml', 'Ü', 'dev', '3', '-'];
    const word = (parts: number): string =>
      Array.from({ length: parts }, () => syllables[random(syllables.length)]).join('');
    const records = (count: number): PackageRecord[] =>
      Array.from({ length: count }, () =>
        record(
          word(1 + random(4)).toLowerCase(),
          `${1 + random(3)}.${random(10)}-1`,
          `${word(2)} ${word(3)} ${word(1)}`,
          random(2) === 0 ? `${word(4)} ${word(2)}` : '',
          random(4) === 0 ? `${word(2).toLowerCase()}, ${word(1).toLowerCase()}` : undefined,
        ),
      );
    const segments = [
      segment('a', 'available', records(400)),
      segment('b', 'available', records(150)),
      segment('installed', 'installed', records(80)),
    ];
    const fast = createSearchTable(segments, compareDebianVersions, { trigramIndex: true });
    const slow = createSearchTable(segments, compareDebianVersions);
    let compared = 0;
    for (const terms of [['py'], ['lib'], ['ed'], ['thon', 'x'], ['ü'], ['3'], ['yaml', 'dev'], ['-']]) {
      for (const options of [{}, { namesOnly: true }, { limit: 5 }, { regex: true }]) {
        const expected = slow.search(terms, options);
        compared += expected.length;
        expect(fast.search(terms, options)).toEqual(expected);
        expect(fast.searchRendered(terms, options, 'json', () => '').toString()).toBe(
          `${JSON.stringify(expected)}\n`,
        );
      }
    }
    expect(compared).toBeGreaterThan(200);
  });
});
