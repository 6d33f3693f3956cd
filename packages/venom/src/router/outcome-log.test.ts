import { openStore } from '@venom/core';
import { describe, expect, it } from 'vitest';
import { createRouter } from './create-router.js';
import { createOutcomeLog, requestKey } from './outcome-log.js';
import { routerMigrations } from './router-migrations.js';
import { createSeededRandom } from './sample-beta.js';
import type { Candidate } from './types.js';

function candidate(id: string, quality: number, price: number): Candidate {
  return {
    id,
    provider: id.split('/')[0] as string,
    model: id.split('/')[1] as string,
    local: false,
    inputPerMillionUsd: price,
    outputPerMillionUsd: price,
    qualityPrior: { simple: quality, moderate: quality, complex: quality },
    latencyMs: 1000,
    capabilities: [],
  };
}

function setUp() {
  const store = openStore({ path: ':memory:', migrations: { router: routerMigrations } });
  const candidates = [candidate('a/best', 0.99, 1), candidate('b/other', 0.5, 1)];
  const router = createRouter({ store, candidates, random: createSeededRandom(3), priorStrength: 1e6 });
  return { store, router, outcomes: createOutcomeLog(store) };
}

describe('outcome log', () => {
  it('keys requests by their text with case and spacing normalised, and nothing else', () => {
    expect(requestKey('  Why  does\tit fail? ')).toBe(requestKey('why does it fail?'));
    expect(requestKey('why does it fail?')).not.toBe(requestKey('why does it pass?'));
    expect(requestKey('secret sk-123')).not.toContain('secret');
  });

  it('turns a success into a failure once, and finds outcomes by request, run and session', () => {
    const { router, outcomes } = setUp();
    router.recordOutcome('a/best', 'simple', true, { requestId: 'r1', sessionId: 's1', requestKey: 'k1' });
    router.recordOutcome('a/best', 'simple', true, { requestId: 'r2', sessionId: 's1', requestKey: 'k2' });
    expect(outcomes.last('s1')?.requestId).toBe('r2');
    expect(outcomes.last('other')).toBeUndefined();
    outcomes.linkRun('r1', 'run-1');

    const corrected = outcomes.correct({ runId: 'run-1' }, 'rejected');
    expect(corrected).toMatchObject({ changed: true, outcome: { requestId: 'r1', success: false } });
    const counts = () =>
      router.stats().find((entry) => entry.candidateId === 'a/best' && entry.taskClass === 'simple');
    expect(counts()?.trials).toBe(2);
    const alphaAfterOne = counts()?.alpha ?? 0;

    // A second correction of the same outcome changes nothing.
    expect(outcomes.correct({ requestId: 'r1' }, 'retried')).toMatchObject({ changed: false });
    expect(counts()?.alpha).toBe(alphaAfterOne);
    expect(outcomes.correct({ requestId: 'r2' }, 'retried')).toMatchObject({ changed: true });
    expect(outcomes.corrections()).toEqual({ retried: 1, rejected: 1 });
    expect(outcomes.correct({ requestId: 'missing' }, 'retried')).toBeUndefined();
  });

  it('leaves an outcome that was already a failure as it is', () => {
    const { router, outcomes } = setUp();
    router.recordOutcome('a/best', 'complex', false, { requestId: 'r1', sessionId: 's1' });
    const before = router
      .stats()
      .find((entry) => entry.candidateId === 'a/best' && entry.taskClass === 'complex');
    expect(outcomes.correct({ requestId: 'r1' }, 'retried')).toMatchObject({ changed: false });
    const after = router
      .stats()
      .find((entry) => entry.candidateId === 'a/best' && entry.taskClass === 'complex');
    expect(after).toEqual(before);
  });

  it('lets the router pass over the retried model, unless it is the only one', () => {
    const { router } = setUp();
    const constraints = { estimatedInputTokens: 100, maxOutputTokens: 100 };
    expect(router.route('simple', constraints).winner?.id).toBe('a/best');
    const avoiding = router.route('simple', { ...constraints, avoid: ['a/best'] });
    expect(avoiding.winner?.id).toBe('b/other');
    expect(avoiding.eligible.find((entry) => entry.candidate.id === 'a/best')?.excludedBecause).toContain(
      'retried',
    );
    const alone = router.route('simple', { ...constraints, avoid: ['a/best', 'b/other'] });
    expect(alone.winner).toBeDefined();
  });
});
