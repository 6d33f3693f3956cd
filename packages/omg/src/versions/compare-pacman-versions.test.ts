import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { comparePacmanVersions } from './compare-pacman-versions.js';

// pacman's test/util/vercmptest.sh
const table: Array<[string, string, -1 | 0 | 1]> = [
  ['1.5.0', '1.5.0', 0],
  ['1.5.1', '1.5.0', 1],
  ['1.5.1', '1.5', 1],
  ['1.5.0-1', '1.5.0-1', 0],
  ['1.5.0-1', '1.5.0-2', -1],
  ['1.5.0-1', '1.5.1-1', -1],
  ['1.5.0-2', '1.5.1-1', -1],
  ['1.5-1', '1.5.1-1', -1],
  ['1.5-2', '1.5.1-1', -1],
  ['1.5-2', '1.5.1-2', -1],
  ['1.5', '1.5-1', 0],
  ['1.5-1', '1.5', 0],
  ['1.1-1', '1.1', 0],
  ['1.0-1', '1.1', -1],
  ['1.1-1', '1.0', 1],
  ['1.5b-1', '1.5-1', -1],
  ['1.5b', '1.5', -1],
  ['1.5b-1', '1.5', -1],
  ['1.5b', '1.5.1', -1],
  ['1.0a', '1.0alpha', -1],
  ['1.0alpha', '1.0b', -1],
  ['1.0b', '1.0beta', -1],
  ['1.0beta', '1.0rc', -1],
  ['1.0rc', '1.0', -1],
  ['1.5.a', '1.5', 1],
  ['1.5.b', '1.5.a', 1],
  ['1.5.1', '1.5.b', 1],
  ['1.5.b-1', '1.5.b', 0],
  ['1.5-1', '1.5.b', -1],
  ['2.0', '2_0', 0],
  ['2.0_a', '2_0.a', 0],
  ['2.0a', '2.0.a', -1],
  ['2___a', '2_a', 1],
  ['0:1.0', '0:1.0', 0],
  ['0:1.0', '0:1.1', -1],
  ['1:1.0', '0:1.0', 1],
  ['1:1.0', '0:1.1', 1],
  ['1:1.0', '2:1.1', -1],
  ['1:1.0', '0:1.0-1', 1],
  ['1:1.0-1', '0:1.1-1', 1],
  ['0:1.0', '1.0', 0],
  ['0:1.1', '1.0', 1],
  ['0:1.1', '1.1', 0],
  ['1:1.0', '1.0', 1],
  ['1:1.1', '1.1', 1],
  ['1:1.1', '1.11', 1],
];

describe('comparePacmanVersions', () => {
  it.each(table)('%s vs %s -> %i', (left, right, expected) => {
    expect(Math.sign(comparePacmanVersions(left, right))).toBe(expected);
    expect(Math.sign(comparePacmanVersions(right, left))).toBe(-expected || 0);
  });

  const vercmp = spawnSync('vercmp', ['1', '2']).status === 0;
  it.runIf(vercmp)("agrees with pacman's vercmp on the whole table", () => {
    for (const [left, right, expected] of table) {
      expect(Number(spawnSync('vercmp', [left, right]).stdout.toString().trim()), `${left} ${right}`).toBe(
        expected,
      );
    }
  });
});
