import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  compareDebianVersions,
  parseDebianVersion,
  satisfiesDebianRelation,
} from './compare-debian-versions.js';

// [left, right, expected sign]: dpkg's documented rules, plus cases from dpkg's own test suite (t/dpkg_version.t).
const table: Array<[string, string, -1 | 0 | 1]> = [
  ['1.0', '1.0', 0],
  ['1.0', '1.1', -1],
  ['1.10', '1.9', 1],
  ['1.0-1', '1.0-2', -1],
  ['1:0.1', '2.0', 1],
  ['0:1.0', '1.0', 0],
  ['1.0~rc1', '1.0', -1],
  ['1.0~rc1', '1.0~rc2', -1],
  ['1.0~~', '1.0~', -1],
  ['1.0~', '1.0', -1],
  ['1.0', '1.0+b1', -1],
  ['1.0a', '1.0+', -1],
  ['1.0a', '1.0', 1],
  ['1.0a', '1.0.', -1],
  ['1.0-0', '1.0', 0],
  ['001', '1', 0],
  ['1.2.3', '1.2.3.0', -1],
  ['2.30-1', '2.4-1', 1],
  ['7.6p2-4', '7.6-0', 1],
  ['1.0.3-3', '1.0-1', 1],
  ['1.3', '1.2.2-2', 1],
  ['1.3', '1.2.2', 1],
  ['0-pre', '0-pre', 0],
  ['0-pre', '0-pree', -1],
  ['1.1.6r2-2', '1.1.6r-1', 1],
  ['2.6b2-1', '2.6b-2', 1],
  ['98.1p5-1', '98.1-pre2-b6-2', -1],
  ['0.4a6-2', '0.4-1', 1],
  ['1:3.0.5-2', '1:3.0.5.1', -1],
  ['10.11.1.3-2', '10.11.1.3-2', 0],
  ['4.4.3-2', '4.4.3-2', 0],
  ['1:2.14.2-1', '1:2.14.2-1+b1', -1],
  ['2:1.0', '1:9.9', 1],
  ['1.0-1~bpo1', '1.0-1', -1],
];

describe('compareDebianVersions', () => {
  it.each(table)('%s vs %s -> %i', (left, right, expected) => {
    expect(Math.sign(compareDebianVersions(left, right))).toBe(expected);
    expect(Math.sign(compareDebianVersions(right, left))).toBe(-expected || 0);
  });

  it('splits epoch, upstream and revision at the first colon and last dash', () => {
    expect(parseDebianVersion('2:1.0-rc-3')).toEqual({ epoch: 2, upstream: '1.0-rc', revision: '3' });
    expect(parseDebianVersion('1.0')).toEqual({ epoch: 0, upstream: '1.0', revision: '' });
  });

  it('evaluates dependency relations', () => {
    expect(satisfiesDebianRelation('1.0', '>=', '1.0~')).toBe(true);
    expect(satisfiesDebianRelation('1.0', '<<', '1.0')).toBe(false);
    expect(satisfiesDebianRelation('1.0-2', '>>', '1.0-1')).toBe(true);
    expect(satisfiesDebianRelation('1:1.0', '=', '1:1.0-0')).toBe(true);
  });

  const dpkg = spawnSync('dpkg', ['--version']).status === 0;
  it.runIf(dpkg)('agrees with dpkg --compare-versions on the whole table', () => {
    for (const [left, right, expected] of table) {
      const relation = expected < 0 ? 'lt' : expected > 0 ? 'gt' : 'eq';
      const result = spawnSync('dpkg', ['--compare-versions', left, relation, right]);
      expect(result.status, `${left} ${relation} ${right}`).toBe(0);
    }
  });
});
