import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gnuSort } from './gnu-introsort.js';

/** Sorts the indices 0..n-1 of `keys` (descending like apt's ScoreSort, or ascending). */
function sortIndices(keys: readonly number[], descending: boolean): number[] {
  const items = keys.map((_, index) => index);
  const key = (index: number): number => keys[index] as number;
  gnuSort(items, descending ? (a, b) => key(a) > key(b) : (a, b) => key(a) < key(b));
  return items;
}

/** A deterministic pseudo-random generator (xorshift32), so failures reproduce. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x1_0000_0000;
  };
}

/**
 * McIlroy's "killer adversary for quicksort": keys that drive this quicksort to its worst case, so
 * libstdc++'s introsort falls back to its heap sort (the keys are found by running our port; g++
 * then proves the port and the real sort agree on them too).
 */
function adversaryKeys(length: number): number[] {
  const gas = length - 1;
  const values = new Array<number>(length).fill(gas);
  let solid = 0;
  let candidate = 0;
  const items = values.map((_, index) => index);
  gnuSort(items, (x, y) => {
    if (values[x] === gas && values[y] === gas) {
      if (x === candidate) values[x] = solid++;
      else values[y] = solid++;
    }
    if (values[x] === gas) candidate = x;
    else if (values[y] === gas) candidate = y;
    return (values[x] as number) < (values[y] as number);
  });
  return values;
}

describe('gnuSort', () => {
  it('sorts, keeping the permutation libstdc++ gives equal keys (fixed expectation from g++ 12.2)', () => {
    // Computed once with g++ 12.2.0 (Debian 12) and the program in the g++ test below (mode 0).
    const keys = [1, 0, 0, 2, 1, 0, 0, 0, 3, 0, 1, 0, 0, 0, 2, 0, 0, 1, 0, 0];
    expect(sortIndices(keys, true)).toEqual([
      8, 3, 14, 0, 4, 17, 10, 19, 18, 16, 15, 13, 12, 11, 9, 7, 6, 5, 2, 1,
    ]);
    expect(sortIndices([], true)).toEqual([]);
    expect(sortIndices([5], true)).toEqual([0]);
  });

  it('orders any input (many sizes and duplicate densities)', () => {
    const next = random(7);
    for (const length of [2, 3, 16, 17, 33, 100, 1000, 5000]) {
      const keys = Array.from({ length }, () => Math.floor(next() * 10));
      const sorted = sortIndices(keys, false).map((index) => keys[index]);
      expect(sorted).toEqual([...keys].sort((a, b) => a - b));
    }
  });

  describe('against g++ (std::sort compiled at test time)', () => {
    let directory = '';
    let binary: string | undefined;
    beforeAll(() => {
      directory = mkdtempSync(join(tmpdir(), 'omg-introsort-'));
      const source = join(directory, 'sort.cc');
      writeFileSync(
        source,
        `#include <algorithm>
#include <cstdio>
#include <vector>
int main() {
  int mode, n;
  if (std::scanf("%d %d", &mode, &n) != 2) return 1;
  std::vector<long> keys(n);
  for (int i = 0; i < n; i++) if (std::scanf("%ld", &keys[i]) != 1) return 1;
  std::vector<int> items(n);
  for (int i = 0; i < n; i++) items[i] = i;
  if (mode == 0) std::sort(items.begin(), items.end(), [&](int a, int b) { return keys[a] > keys[b]; });
  else std::sort(items.begin(), items.end(), [&](int a, int b) { return keys[a] < keys[b]; });
  for (int i = 0; i < n; i++) std::printf(i ? " %d" : "%d", items[i]);
  std::printf("\\n");
  return 0;
}
`,
      );
      const output = join(directory, 'sort');
      const compiled = spawnSync('g++', ['-O2', '-o', output, source], { encoding: 'utf8' });
      if (compiled.status === 0) binary = output;
    });
    afterAll(() => {
      if (directory !== '') rmSync(directory, { recursive: true, force: true });
    });
    const gxx = (keys: readonly number[], descending: boolean): number[] => {
      const run = spawnSync(binary as string, [], {
        input: `${descending ? 0 : 1} ${keys.length} ${keys.join(' ')}\n`,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
      expect(run.status).toBe(0);
      const text = run.stdout.trim();
      return text === '' ? [] : text.split(' ').map(Number);
    };

    it('gives the same permutation for inputs full of ties', (context) => {
      if (binary === undefined) context.skip();
      const next = random(42);
      for (const [length, distinct] of [
        [5, 2],
        [16, 3],
        [17, 3],
        [40, 4],
        [257, 5],
        [3000, 7],
        [120_000, 12],
      ] as const) {
        // Mostly zeros with a few other scores, like apt's package scores.
        const keys = Array.from({ length }, () =>
          next() < 0.7 ? 0 : Math.floor(next() * distinct) - Math.floor(distinct / 3),
        );
        expect(sortIndices(keys, true)).toEqual(gxx(keys, true));
      }
    });

    it('gives the same permutation when the introsort falls back to its heap sort', (context) => {
      if (binary === undefined) context.skip();
      for (const length of [64, 500, 2000]) {
        const keys = adversaryKeys(length);
        expect(sortIndices(keys, false)).toEqual(gxx(keys, false));
        expect(sortIndices(keys, true)).toEqual(gxx(keys, true));
      }
    });
  });
});
