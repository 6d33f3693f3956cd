import { describe, expect, it } from 'vitest';
import { paretoFront } from './pareto-front.js';

describe('paretoFront', () => {
  it('keeps the cheap, the good and the fast, and drops what is worse on every axis', () => {
    const front = paretoFront([
      { id: 'cheap', costUsd: 0.001, quality: 0.7, latencyMs: 900 },
      { id: 'strong', costUsd: 0.1, quality: 0.95, latencyMs: 3000 },
      { id: 'fast', costUsd: 0.05, quality: 0.8, latencyMs: 200 },
      { id: 'dominated', costUsd: 0.2, quality: 0.9, latencyMs: 4000 },
    ]);
    expect(front).toEqual(['cheap', 'strong', 'fast']);
  });

  it('treats an unknown price as never cheaper, but keeps it when it is better on another axis', () => {
    expect(
      paretoFront([
        { id: 'known', costUsd: 0.01, quality: 0.9, latencyMs: 1000 },
        { id: 'unknown-worse', costUsd: null, quality: 0.8, latencyMs: 1000 },
        { id: 'unknown-better', costUsd: null, quality: 0.95, latencyMs: 1000 },
      ]),
    ).toEqual(['known', 'unknown-better']);
  });

  it('keeps identical points (neither dominates the other)', () => {
    const point = { costUsd: 0.01, quality: 0.9, latencyMs: 1000 };
    expect(
      paretoFront([
        { id: 'a', ...point },
        { id: 'b', ...point },
      ]),
    ).toEqual(['a', 'b']);
  });
});

describe('paretoFront with uncertain quality', () => {
  it('keeps a point whose optimistic quality the dominating candidate does not reach', () => {
    const cheapKnown = { id: 'cheap-known', costUsd: 0.001, quality: 0.8, latencyMs: 1000 };
    const uncertain = { id: 'uncertain', costUsd: 0.01, quality: 0.6, qualityUpper: 0.9, latencyMs: 1000 };
    const settled = { id: 'settled-worse', costUsd: 0.01, quality: 0.6, qualityUpper: 0.7, latencyMs: 1000 };
    expect(paretoFront([cheapKnown, uncertain, settled])).toEqual(['cheap-known', 'uncertain']);
  });
});
