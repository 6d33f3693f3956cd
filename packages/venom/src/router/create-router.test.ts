import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '@venom/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createRouter } from './create-router.js';
import { routerMigrations } from './router-migrations.js';
import { createSeededRandom } from './sample-beta.js';
import type { Candidate, TaskClass } from './types.js';

const stores: Store[] = [];
const directories: string[] = [];

afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function memoryStore(): Store {
  const store = openStore({ path: ':memory:', migrations: { router: routerMigrations } });
  stores.push(store);
  return store;
}

function candidate(id: string, fields: Partial<Candidate> = {}): Candidate {
  const [provider = id, model = id] = id.split('/');
  return {
    id,
    provider,
    model,
    local: false,
    inputPerMillionUsd: 1,
    outputPerMillionUsd: 5,
    qualityPrior: { simple: 0.9, moderate: 0.8, complex: 0.6 },
    latencyMs: 2000,
    capabilities: ['tools'],
    ...fields,
  };
}

const request = { estimatedInputTokens: 2000, maxOutputTokens: 1000 };

describe('createRouter: eligibility', () => {
  it('says why each excluded candidate was excluded and routes among the rest', () => {
    const router = createRouter({
      store: memoryStore(),
      random: createSeededRandom(1),
      candidates: [
        candidate('cloud/big', { inputPerMillionUsd: 15, outputPerMillionUsd: 75 }),
        candidate('ollama/small', { local: true, inputPerMillionUsd: 0, outputPerMillionUsd: 0 }),
        candidate('ollama/no-tools', {
          local: true,
          inputPerMillionUsd: 0,
          outputPerMillionUsd: 0,
          capabilities: [],
        }),
        candidate('ollama/tiny-context', {
          local: true,
          inputPerMillionUsd: 0,
          outputPerMillionUsd: 0,
          contextWindow: 2048,
        }),
      ],
    });
    const decision = router.route('moderate', {
      ...request,
      localOnly: true,
      requiredCapabilities: ['tools'],
    });
    const reasons = Object.fromEntries(
      decision.eligible.map((entry) => [entry.candidate.id, entry.excludedBecause]),
    );
    expect(reasons['cloud/big']).toMatch(/local-only/);
    expect(reasons['ollama/no-tools']).toMatch(/lacks required capability 'tools'/);
    expect(reasons['ollama/tiny-context']).toMatch(/context window of 2048 tokens is smaller than the 3000/);
    expect(reasons['ollama/small']).toBeUndefined();
    expect(decision.winner?.id).toBe('ollama/small');
    expect(decision.ranked.map((entry) => entry.id)).toEqual(['ollama/small']);
    expect(decision.reason).toMatch(/only eligible candidate/);
  });

  it('excludes candidates over the cost cap and those whose price is unknown', () => {
    const router = createRouter({
      store: memoryStore(),
      candidates: [
        candidate('a/expensive', { inputPerMillionUsd: 15, outputPerMillionUsd: 75 }),
        candidate('a/unknown', { inputPerMillionUsd: null, outputPerMillionUsd: null }),
        candidate('a/cheap', { inputPerMillionUsd: 0.1, outputPerMillionUsd: 0.4 }),
      ],
    });
    const decision = router.route('simple', { ...request, maxCostUsd: 0.01 });
    // 2000 × $15/M + 1000 × $75/M = $0.105 worst case.
    expect(decision.expectedCostUsd['a/expensive']).toBeCloseTo(0.105, 10);
    expect(decision.expectedCostUsd['a/unknown']).toBeNull();
    expect(decision.expectedCostUsd['a/cheap']).toBeCloseTo(0.0006, 10);
    const reasons = Object.fromEntries(
      decision.eligible.map((entry) => [entry.candidate.id, entry.excludedBecause]),
    );
    expect(reasons['a/expensive']).toMatch(/worst-case cost \$0\.1050 exceeds the \$0\.0100 cost cap/);
    expect(reasons['a/unknown']).toMatch(/price unknown/);
    expect(decision.winner?.id).toBe('a/cheap');
  });

  it('returns no winner, and says why, when nothing is eligible', () => {
    const router = createRouter({ store: memoryStore(), candidates: [candidate('a/x'), candidate('b/y')] });
    const decision = router.route('complex', { ...request, localOnly: true });
    expect(decision.winner).toBeUndefined();
    expect(decision.ranked).toEqual([]);
    expect(decision.front).toEqual([]);
    expect(decision.reason).toBe('No candidate is eligible for this request: 2 not local.');
  });
});

describe('createRouter: front, samples and ranking', () => {
  it('samples only front members, ranks every eligible candidate, and puts the winner first', () => {
    const router = createRouter({
      store: memoryStore(),
      random: createSeededRandom(3),
      priorStrength: 50,
      candidates: [
        candidate('a/cheap', {
          inputPerMillionUsd: 0.1,
          outputPerMillionUsd: 0.4,
          qualityPrior: { simple: 0.9 },
        }),
        candidate('a/strong', {
          inputPerMillionUsd: 5,
          outputPerMillionUsd: 25,
          qualityPrior: { simple: 0.97 },
        }),
        // Costlier, worse and slower than a/strong: dominated.
        candidate('a/dominated', {
          inputPerMillionUsd: 6,
          outputPerMillionUsd: 30,
          qualityPrior: { simple: 0.8 },
          latencyMs: 5000,
        }),
      ],
    });
    const decision = router.route('simple', request);
    expect(decision.front).toEqual(['a/cheap', 'a/strong']);
    expect(Object.keys(decision.samples).sort()).toEqual(['a/cheap', 'a/strong']);
    expect(decision.ranked).toHaveLength(3);
    expect(decision.ranked[0]).toBe(decision.winner);
    expect(decision.ranked[2]?.id).toBe('a/dominated');
    expect(decision.scores[0]?.candidateId).toBe(decision.winner?.id);
    expect(decision.reason).toContain(decision.winner?.id);
    expect(decision.reason).toMatch(/2 of 3 eligible on the Pareto front/);
  });

  it('never treats an unknown price as free: it is charged like the most expensive', () => {
    const router = createRouter({
      store: memoryStore(),
      random: createSeededRandom(5),
      costWeight: 0.5,
      candidates: [
        candidate('a/unknown', {
          inputPerMillionUsd: null,
          outputPerMillionUsd: null,
          qualityPrior: { simple: 0.9 },
        }),
        candidate('a/known', { qualityPrior: { simple: 0.9 } }),
        candidate('a/pricey', {
          inputPerMillionUsd: 10,
          outputPerMillionUsd: 50,
          qualityPrior: { simple: 0.9 },
        }),
      ],
    });
    const wins = Array.from({ length: 200 }, () => router.route('simple', request).winner?.id);
    expect(wins.filter((id) => id === 'a/known').length).toBeGreaterThan(180);
  });
});

describe('createRouter: posteriors', () => {
  it('keeps outcomes in the store across router instances and processes sharing the file', () => {
    const directory = mkdtempSync(join(tmpdir(), 'venom-router-'));
    directories.push(directory);
    const path = join(directory, 'venom.db');
    const candidates = [candidate('a/x', { qualityPrior: { complex: 0.5 } })];
    const first = openStore({ path, migrations: { router: routerMigrations } });
    stores.push(first);
    const second = openStore({ path, migrations: { router: routerMigrations } });
    stores.push(second);
    createRouter({ store: first, candidates, priorStrength: 4 }).recordOutcome('a/x', 'complex', true);
    createRouter({ store: second, candidates, priorStrength: 4 }).recordOutcome('a/x', 'complex', false);
    createRouter({ store: first, candidates, priorStrength: 4 }).recordOutcome('a/x', 'complex', true);
    first.close();
    stores.shift();
    const reopened = openStore({ path, migrations: { router: routerMigrations } });
    stores.push(reopened);
    const stats = createRouter({ store: reopened, candidates, priorStrength: 4 }).stats();
    const complex = stats.find((row) => row.candidateId === 'a/x' && row.taskClass === 'complex');
    // Prior 0.5 × 4 = Beta(2, 2), plus 2 successes and 1 failure.
    expect(complex).toEqual({
      candidateId: 'a/x',
      taskClass: 'complex',
      alpha: 4,
      beta: 3,
      mean: 4 / 7,
      trials: 3,
      configured: true,
    });
    expect(stats.filter((row) => row.candidateId === 'a/x')).toHaveLength(3);
  });

  it('lists stored posteriors of a candidate no longer configured', () => {
    const store = memoryStore();
    createRouter({ store, candidates: [candidate('old/model')] }).recordOutcome('old/model', 'simple', true);
    const stats = createRouter({ store, candidates: [] }).stats();
    expect(stats).toEqual([
      {
        candidateId: 'old/model',
        taskClass: 'simple',
        alpha: 2,
        beta: 1,
        mean: 2 / 3,
        trials: 1,
        configured: false,
      },
    ]);
  });
});

describe('createRouter: convergence with simulated providers', () => {
  /** True success rates per class; the priors below are deliberately wrong. */
  const truth: Record<string, Record<TaskClass, number>> = {
    'sim/local': { simple: 0.9, moderate: 0.55, complex: 0.2 },
    'sim/small': { simple: 0.95, moderate: 0.75, complex: 0.4 },
    'sim/mid': { simple: 0.94, moderate: 0.93, complex: 0.8 },
    'sim/strong': { simple: 0.96, moderate: 0.94, complex: 0.95 },
  };
  const candidates = [
    candidate('sim/local', {
      local: true,
      inputPerMillionUsd: 0,
      outputPerMillionUsd: 0,
      latencyMs: 8000,
      qualityPrior: { simple: 0.5, moderate: 0.5, complex: 0.5 },
    }),
    candidate('sim/small', {
      inputPerMillionUsd: 0.1,
      outputPerMillionUsd: 0.4,
      qualityPrior: { simple: 0.6, moderate: 0.6, complex: 0.6 },
    }),
    candidate('sim/mid', {
      inputPerMillionUsd: 1,
      outputPerMillionUsd: 5,
      qualityPrior: { simple: 0.7, moderate: 0.7, complex: 0.7 },
    }),
    candidate('sim/strong', {
      inputPerMillionUsd: 5,
      outputPerMillionUsd: 25,
      latencyMs: 6000,
      qualityPrior: { simple: 0.9, moderate: 0.9, complex: 0.9 },
    }),
  ];
  const costWeight = 0.1;

  /** The candidate with the highest true utility: success rate − costWeight × cost / highest cost. */
  function bestValue(taskClass: TaskClass): string {
    const costs = candidates.map(
      (entry) =>
        (request.estimatedInputTokens * (entry.inputPerMillionUsd ?? 0) +
          request.maxOutputTokens * (entry.outputPerMillionUsd ?? 0)) /
        1e6,
    );
    const highest = Math.max(...costs);
    let best = '';
    let bestUtility = Number.NEGATIVE_INFINITY;
    candidates.forEach((entry, index) => {
      const utility = (truth[entry.id]?.[taskClass] ?? 0) - costWeight * ((costs[index] ?? 0) / highest);
      if (utility > bestUtility) {
        bestUtility = utility;
        best = entry.id;
      }
    });
    return best;
  }

  it.each(['simple', 'moderate', 'complex'] as const)(
    'converges to the best-value model for %s tasks',
    (taskClass) => {
      const router = createRouter({
        store: memoryStore(),
        candidates,
        random: createSeededRandom(42),
        costWeight,
      });
      const outcomes = createSeededRandom(99);
      const picks: string[] = [];
      for (let round = 0; round < 3000; round += 1) {
        const winner = router.route(taskClass, request).winner;
        if (winner === undefined) throw new Error('no winner');
        picks.push(winner.id);
        router.recordOutcome(winner.id, taskClass, outcomes() < (truth[winner.id]?.[taskClass] ?? 0));
      }
      const expected = bestValue(taskClass);
      const lastRounds = picks.slice(-300);
      const share = lastRounds.filter((id) => id === expected).length / lastRounds.length;
      expect({ taskClass, expected, share: share >= 0.8 }).toEqual({ taskClass, expected, share: true });
    },
  );

  it('the expected best-value models differ by class (so the test above can fail)', () => {
    expect([bestValue('simple'), bestValue('moderate'), bestValue('complex')]).toEqual([
      'sim/small',
      'sim/mid',
      'sim/strong',
    ]);
  });
});

describe('createRouter: priors earn weight from the outcomes (empirical Bayes)', () => {
  const truth: Record<string, Record<TaskClass, number>> = {
    'sim/a': { simple: 0.9, moderate: 0.7, complex: 0.4 },
    'sim/b': { simple: 0.95, moderate: 0.85, complex: 0.6 },
    'sim/c': { simple: 0.97, moderate: 0.93, complex: 0.85 },
  };
  const withPriors = (priors: (id: string) => Record<TaskClass, number>) =>
    Object.keys(truth).map((id, index) =>
      candidate(id, { inputPerMillionUsd: index, outputPerMillionUsd: index * 5, qualityPrior: priors(id) }),
    );

  /** Routes `rounds` requests of every class and feeds back outcomes drawn from `rates`. */
  function drive(
    router: ReturnType<typeof createRouter>,
    rounds: number,
    rates: Record<string, Record<TaskClass, number>>,
  ): string[] {
    const outcomes = createSeededRandom(7);
    const picks: string[] = [];
    for (let round = 0; round < rounds; round += 1) {
      const taskClass = (['simple', 'moderate', 'complex'] as const)[round % 3] as TaskClass;
      const winner = router.route(taskClass, request).winner;
      if (winner === undefined) throw new Error('no winner');
      picks.push(winner.id);
      router.recordOutcome(winner.id, taskClass, outcomes() < (rates[winner.id]?.[taskClass] ?? 0));
    }
    return picks;
  }

  it('gives accurate priors more weight than configured, never more than the outcomes seen', () => {
    const router = createRouter({
      store: memoryStore(),
      candidates: withPriors((id) => truth[id] as Record<TaskClass, number>),
      random: createSeededRandom(1),
    });
    expect(router.priorStrength()).toBe(5);
    drive(router, 30, truth);
    // Too little evidence yet to judge the priors.
    expect(router.priorStrength()).toBe(5);
    drive(router, 600, truth);
    const earned = router.priorStrength();
    expect(earned).toBeGreaterThan(50);
    expect(earned).toBeLessThanOrEqual(630);
    expect(router.route('simple', request).priorStrength).toBe(earned);
  });

  it('keeps the configured weight for priors the outcomes contradict, and can be switched off', () => {
    const wrong = createRouter({
      store: memoryStore(),
      candidates: withPriors(() => ({ simple: 0.5, moderate: 0.5, complex: 0.5 })),
      random: createSeededRandom(1),
    });
    drive(wrong, 600, truth);
    expect(wrong.priorStrength()).toBe(5);

    const fixed = createRouter({
      store: memoryStore(),
      candidates: withPriors((id) => truth[id] as Record<TaskClass, number>),
      random: createSeededRandom(1),
      adaptPriorStrength: false,
      priorStrength: 8,
    });
    drive(fixed, 600, truth);
    expect(fixed.priorStrength()).toBe(8);
  });

  it('still moves away from a model whose quality drops after its prior earned weight', () => {
    const router = createRouter({
      store: memoryStore(),
      candidates: withPriors((id) => truth[id] as Record<TaskClass, number>),
      random: createSeededRandom(3),
      costWeight: 0.02,
    });
    const before = drive(router, 900, truth).slice(-300);
    const share = (picks: string[], id: string) => picks.filter((pick) => pick === id).length / picks.length;
    expect(share(before, 'sim/c')).toBeGreaterThan(0.5);
    const degraded = { ...truth, 'sim/c': { simple: 0.5, moderate: 0.4, complex: 0.3 } };
    const after = drive(router, 1500, degraded).slice(-300);
    expect(share(after, 'sim/c')).toBeLessThan(0.1);
  });
});
