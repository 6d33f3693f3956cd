import { describe, expect, it } from 'vitest';
import { createSeededRandom, sampleBeta } from './sample-beta.js';

describe('sampleBeta', () => {
  it.each([
    [2, 8],
    [30, 3],
    [0.5, 0.5],
    [200, 200],
  ])('Beta(%d, %d) has the right mean and variance', (alpha, beta) => {
    const random = createSeededRandom(7);
    const draws = Array.from({ length: 20_000 }, () => sampleBeta(alpha, beta, random));
    const mean = draws.reduce((sum, value) => sum + value, 0) / draws.length;
    const variance = draws.reduce((sum, value) => sum + (value - mean) ** 2, 0) / draws.length;
    const expectedMean = alpha / (alpha + beta);
    const expectedVariance = (alpha * beta) / ((alpha + beta) ** 2 * (alpha + beta + 1));
    expect(mean).toBeCloseTo(expectedMean, 2);
    expect(variance / expectedVariance).toBeGreaterThan(0.9);
    expect(variance / expectedVariance).toBeLessThan(1.1);
    expect(draws.every((value) => value >= 0 && value <= 1)).toBe(true);
  });

  it('is reproducible from a seed and differs between seeds', () => {
    const first = Array.from(
      { length: 5 },
      (
        (random) => () =>
          sampleBeta(3, 4, random)
      )(createSeededRandom(1)),
    );
    const again = Array.from(
      { length: 5 },
      (
        (random) => () =>
          sampleBeta(3, 4, random)
      )(createSeededRandom(1)),
    );
    const other = Array.from(
      { length: 5 },
      (
        (random) => () =>
          sampleBeta(3, 4, random)
      )(createSeededRandom(2)),
    );
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
  });

  it('rejects non-positive parameters', () => {
    expect(() => sampleBeta(0, 1, Math.random)).toThrow(RangeError);
  });
});
