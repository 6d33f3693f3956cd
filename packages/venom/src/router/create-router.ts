import type { Store } from '@venom/core';
import { estimateCostUsd } from './estimate-cost.js';
import { paretoFront } from './pareto-front.js';
import { sampleBeta } from './sample-beta.js';
import {
  type Candidate,
  type CandidateScore,
  type PosteriorStats,
  type RouteConstraints,
  type RouteDecision,
  type Router,
  type TaskClass,
  taskClasses,
} from './types.js';

/** Options of {@link createRouter}. */
export interface CreateRouterOptions {
  /** A store opened with `{ router: routerMigrations }`; shared by every venom process. */
  store: Store;
  candidates: Candidate[];
  /** Uniform [0, 1) source for Thompson sampling; seed it in tests (see createSeededRandom). */
  random?: () => number;
  /**
   * How many observed outcomes a quality prior is worth, at least. Default 5. With
   * `adaptPriorStrength` the router raises it as outcomes show how accurate the priors are.
   */
  priorStrength?: number;
  /**
   * Empirical Bayes: estimate from the outcomes so far how far true success rates lie from the
   * configured priors, and weigh the priors accordingly (never below `priorStrength`, never above the
   * number of outcomes observed). Accurate priors then cost little exploration; wrong ones keep the
   * minimum weight. Default true.
   */
  adaptPriorStrength?: boolean;
  /**
   * Success-rate points the most expensive eligible candidate's price is worth: the utility is
   * sample − costWeight × cost / (highest eligible cost). 0 = always the best sample. Default 0.1.
   */
  costWeight?: number;
  /** The same for latency, relative to the slowest eligible candidate. Default 0. */
  latencyWeight?: number;
  /** Source of `updated_at`. Default: the system clock. */
  clock?: () => Date;
}

const DEFAULT_PRIOR_STRENGTH = 5;
const DEFAULT_COST_WEIGHT = 0.1;
/** Priors are clamped away from 0 and 1 so that both Beta parameters stay positive. */
const PRIOR_FLOOR = 0.01;

/** One stored posterior: observed outcomes of a candidate on a task class. */
export interface CountsRow {
  candidate_id: string;
  task_class: string;
  successes: number;
  failures: number;
}

interface Scored {
  candidate: Candidate;
  costUsd: number | null;
  alpha: number;
  beta: number;
  expectedQuality: number;
  upperQuality: number;
  sample?: number;
  utility: number;
}

/**
 * Posterior mean + 2 standard deviations: a candidate leaves the front only when another one's
 * expected quality reaches this, i.e. when it is dominated with confidence.
 */
function upperCredibleQuality(alpha: number, beta: number): number {
  const total = alpha + beta;
  const deviation = Math.sqrt((alpha * beta) / (total * total * (total + 1)));
  return Math.min(1, alpha / total + 2 * deviation);
}

/**
 * How many outcomes the configured priors are worth, judged by the outcomes so far (empirical Bayes,
 * method of moments): τ², the variance of true success rates around their priors, is the mean squared
 * gap between observed rate and prior minus the binomial noise of the observed rate, weighted by
 * trials; a Beta prior with mean μ and variance τ² is worth μ(1 − μ)/τ² − 1 observations. Clamped to
 * [`minimum`, outcomes observed]: priors never weigh less than configured, nor more than the evidence
 * they were checked against. Until 50 outcomes over 3 (model, class) pairs, the minimum.
 */
export function earnedPriorStrength(
  rows: readonly CountsRow[],
  candidates: ReadonlyMap<string, Candidate>,
  minimum: number,
): number {
  let total = 0;
  let squaredGap = 0;
  let spread = 0;
  let pairs = 0;
  for (const row of rows) {
    const candidate = candidates.get(row.candidate_id);
    const trials = row.successes + row.failures;
    if (candidate === undefined || trials < 2) continue;
    const prior = priorFor(candidate, row.task_class as TaskClass);
    const observed = row.successes / trials;
    squaredGap += trials * ((observed - prior) ** 2 - (observed * (1 - observed)) / (trials - 1));
    spread += trials * prior * (1 - prior);
    total += trials;
    pairs += 1;
  }
  if (pairs < 3 || total < 50) return minimum;
  const variance = Math.max(squaredGap / total, 1e-9);
  return Math.max(minimum, Math.min(total, spread / total / variance - 1));
}

/** The prior success rate of `candidate` for `taskClass`: its own, else the mean of its others, else 0.5. */
function priorFor(candidate: Candidate, taskClass: TaskClass): number {
  const own = candidate.qualityPrior[taskClass];
  const known =
    own !== undefined ? [own] : Object.values(candidate.qualityPrior).filter((value) => value !== undefined);
  const prior = known.length === 0 ? 0.5 : known.reduce((sum, value) => sum + value, 0) / known.length;
  return Math.min(1 - PRIOR_FLOOR, Math.max(PRIOR_FLOOR, prior));
}

function formatUsd(value: number | null): string {
  if (value === null) return 'unknown';
  if (value === 0) return '$0';
  return value >= 0.01 ? `$${value.toFixed(4)}` : `$${value.toPrecision(2)}`;
}

function exclusionFor(
  candidate: Candidate,
  constraints: RouteConstraints,
  costUsd: number | null,
): string | undefined {
  if (constraints.localOnly === true && !candidate.local) return 'cloud model, and the request is local-only';
  const missing = (constraints.requiredCapabilities ?? []).filter(
    (capability) => !candidate.capabilities.includes(capability),
  );
  if (missing.length > 0) return `lacks required capability ${missing.map((name) => `'${name}'`).join(', ')}`;
  const needed = constraints.estimatedInputTokens + constraints.maxOutputTokens;
  if (candidate.contextWindow !== undefined && needed > candidate.contextWindow) {
    return `context window of ${candidate.contextWindow} tokens is smaller than the ${needed} this request may need`;
  }
  if (constraints.maxCostUsd !== undefined) {
    if (costUsd === null)
      return `price unknown, so it cannot be held to the ${formatUsd(constraints.maxCostUsd)} cost cap`;
    if (costUsd > constraints.maxCostUsd) {
      return `worst-case cost ${formatUsd(costUsd)} exceeds the ${formatUsd(constraints.maxCostUsd)} cost cap`;
    }
  }
  return undefined;
}

/** "3 cloud models excluded by local-only; 1 over the cost cap" style summary of exclusions. */
function summarizeExclusions(eligible: RouteDecision['eligible']): string {
  const counts = new Map<string, number>();
  for (const entry of eligible) {
    if (entry.excludedBecause === undefined) continue;
    const kind = entry.excludedBecause.startsWith('cloud model')
      ? 'not local'
      : entry.excludedBecause.startsWith('lacks')
        ? 'missing a required capability'
        : entry.excludedBecause.startsWith('context window')
          ? 'context window too small'
          : entry.excludedBecause.startsWith('price unknown')
            ? 'unknown price under a cost cap'
            : entry.excludedBecause.startsWith('you retried')
              ? 'retried by you'
              : 'over the cost cap';
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return [...counts].map(([kind, count]) => `${count} ${kind}`).join(', ');
}

function explainWinner(
  winner: Scored,
  front: Scored[],
  eligibleCount: number,
  excluded: string,
  options: { costWeight: number },
): string {
  const excludedNote = excluded === '' ? '' : ` (excluded: ${excluded})`;
  if (eligibleCount === 1) return `${winner.candidate.id} is the only eligible candidate${excludedNote}.`;
  const leader = front.reduce((best, entry) => ((entry.sample ?? 0) > (best.sample ?? 0) ? entry : best));
  const sample = (entry: Scored) => (entry.sample ?? 0).toFixed(3);
  const frontNote = `${front.length} of ${eligibleCount} eligible on the Pareto front${excludedNote}`;
  if (leader === winner) {
    const cheapest = front.every(
      (entry) => (entry.costUsd ?? Number.POSITIVE_INFINITY) >= (winner.costUsd ?? Number.POSITIVE_INFINITY),
    );
    return `${winner.candidate.id} won with the highest sampled success (${sample(winner)})${cheapest ? ' and the lowest worst-case cost' : `, worth its ${formatUsd(winner.costUsd)} worst-case cost`}; ${frontNote}.`;
  }
  const gainPoints = (((leader.sample ?? 0) - (winner.sample ?? 0)) * 100).toFixed(1);
  const share =
    winner.costUsd !== null && leader.costUsd !== null && leader.costUsd > 0
      ? `${Math.round((winner.costUsd / leader.costUsd) * 100)}% of its worst-case cost (${formatUsd(winner.costUsd)} vs ${formatUsd(leader.costUsd)})`
      : `a worst-case cost of ${formatUsd(winner.costUsd)} vs ${formatUsd(leader.costUsd)}`;
  return `${winner.candidate.id} won: sampled success ${sample(winner)} vs ${sample(leader)} for ${leader.candidate.id}, at ${share}; at cost weight ${options.costWeight} a ${gainPoints}-point gain is not worth the difference; ${frontNote}.`;
}

/**
 * Creates the router: eligibility (local-only, capabilities, context window, cost cap) -> Pareto
 * front over worst-case cost, quality (a candidate is dominated only when another's posterior mean
 * reaches its mean + 2 sd, so an under-explored candidate is not dropped on a few unlucky outcomes)
 * and latency -> one Thompson sample per front
 * member from its Beta posterior -> the highest utility (sample minus cost and latency penalties)
 * wins. Posterior counts are read from the store on every route, so concurrent processes share them.
 */
export function createRouter(options: CreateRouterOptions): Router {
  const database = options.store.database;
  const random = options.random ?? Math.random;
  const priorStrength = options.priorStrength ?? DEFAULT_PRIOR_STRENGTH;
  const costWeight = options.costWeight ?? DEFAULT_COST_WEIGHT;
  const latencyWeight = options.latencyWeight ?? 0;
  const adaptPriorStrength = options.adaptPriorStrength ?? true;
  const clock = options.clock ?? (() => new Date());
  const candidates = [...options.candidates];
  const byId = new Map(candidates.map((candidate) => [candidate.id, candidate]));

  const allCounts = database.prepare<[], CountsRow>(
    'SELECT candidate_id, task_class, successes, failures FROM router_posteriors ORDER BY candidate_id, task_class',
  );
  const insertOutcome = database.prepare<
    [string, string, string, string | null, string | null, number, string]
  >(
    `INSERT OR REPLACE INTO router_outcomes (request_id, candidate_id, task_class, session_id, request_key, success, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const upsertOutcome = database.prepare<[string, string, number, number, string]>(
    `INSERT INTO router_posteriors (candidate_id, task_class, successes, failures, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (candidate_id, task_class) DO UPDATE SET
       successes = successes + excluded.successes,
       failures = failures + excluded.failures,
       updated_at = excluded.updated_at`,
  );

  function currentPriorStrength(rows: readonly CountsRow[]): number {
    return adaptPriorStrength ? earnedPriorStrength(rows, byId, priorStrength) : priorStrength;
  }

  function posterior(
    candidate: Candidate | undefined,
    taskClass: TaskClass,
    row: CountsRow | undefined,
    strengthOfPriors: number,
  ) {
    const prior = candidate === undefined ? 0.5 : priorFor(candidate, taskClass);
    const strength = candidate === undefined ? 2 : strengthOfPriors;
    const alpha = prior * strength + (row?.successes ?? 0);
    const beta = (1 - prior) * strength + (row?.failures ?? 0);
    return { alpha, beta, trials: (row?.successes ?? 0) + (row?.failures ?? 0) };
  }

  return {
    route(taskClass, constraints) {
      const expectedCostUsd: Record<string, number | null> = {};
      const eligible: RouteDecision['eligible'] = [];
      const eligibleCandidates: Array<{ candidate: Candidate; costUsd: number | null }> = [];
      for (const candidate of candidates) {
        const costUsd = estimateCostUsd(
          candidate,
          constraints.estimatedInputTokens,
          constraints.maxOutputTokens,
        );
        expectedCostUsd[candidate.id] = costUsd;
        const excludedBecause = exclusionFor(candidate, constraints, costUsd);
        if (excludedBecause === undefined) {
          eligible.push({ candidate });
          eligibleCandidates.push({ candidate, costUsd });
        } else {
          eligible.push({ candidate, excludedBecause });
        }
      }
      // The model whose answer the user just retried sits out, as long as another one can answer.
      const avoided = new Set(constraints.avoid ?? []);
      if (avoided.size > 0 && eligibleCandidates.some((entry) => !avoided.has(entry.candidate.id))) {
        for (let index = eligibleCandidates.length - 1; index >= 0; index -= 1) {
          const entry = eligibleCandidates[index] as { candidate: Candidate; costUsd: number | null };
          if (!avoided.has(entry.candidate.id)) continue;
          eligibleCandidates.splice(index, 1);
          const listed = eligible.find((item) => item.candidate === entry.candidate);
          if (listed !== undefined) listed.excludedBecause = 'you retried its answer to this request';
        }
      }
      const excludedSummary = summarizeExclusions(eligible);
      const everyRow = allCounts.all();
      const strengthOfPriors = currentPriorStrength(everyRow);
      const base = {
        eligible,
        expectedCostUsd,
        taskClass,
        costWeight,
        latencyWeight,
        priorStrength: strengthOfPriors,
      };
      if (eligibleCandidates.length === 0) {
        return {
          ...base,
          winner: undefined,
          ranked: [],
          front: [],
          samples: {},
          scores: [],
          reason:
            candidates.length === 0
              ? 'No candidate is configured; add models under router.candidates.'
              : `No candidate is eligible for this request: ${excludedSummary}.`,
        };
      }

      const rows = new Map(
        everyRow.filter((row) => row.task_class === taskClass).map((row) => [row.candidate_id, row]),
      );
      const knownCosts = eligibleCandidates.map((entry) => entry.costUsd).filter((cost) => cost !== null);
      const highestCost = knownCosts.length === 0 ? 0 : Math.max(...knownCosts);
      const slowest = Math.max(...eligibleCandidates.map((entry) => entry.candidate.latencyMs));
      const penalty = (entry: { candidate: Candidate; costUsd: number | null }) => {
        // An unknown price is charged like the most expensive eligible candidate: never assumed cheap.
        const relativeCost = entry.costUsd === null ? 1 : highestCost > 0 ? entry.costUsd / highestCost : 0;
        const relativeLatency = slowest > 0 ? entry.candidate.latencyMs / slowest : 0;
        return costWeight * relativeCost + latencyWeight * relativeLatency;
      };
      const scored: Scored[] = eligibleCandidates.map((entry) => {
        const { alpha, beta } = posterior(
          entry.candidate,
          taskClass,
          rows.get(entry.candidate.id),
          strengthOfPriors,
        );
        const expectedQuality = alpha / (alpha + beta);
        const upperQuality = upperCredibleQuality(alpha, beta);
        return {
          ...entry,
          alpha,
          beta,
          expectedQuality,
          upperQuality,
          utility: expectedQuality - penalty(entry),
        };
      });
      const frontIds = new Set(
        paretoFront(
          scored.map((entry) => ({
            id: entry.candidate.id,
            costUsd: entry.costUsd,
            quality: entry.expectedQuality,
            qualityUpper: entry.upperQuality,
            latencyMs: entry.candidate.latencyMs,
          })),
        ),
      );
      const front = scored.filter((entry) => frontIds.has(entry.candidate.id));
      const samples: Record<string, number> = {};
      for (const entry of front) {
        entry.sample = sampleBeta(entry.alpha, entry.beta, random);
        entry.utility = entry.sample - penalty(entry);
        samples[entry.candidate.id] = entry.sample;
      }
      // Front members by sampled utility, then the rest by expected utility: the fallback chain.
      const byUtility = (a: Scored, b: Scored) => b.utility - a.utility;
      const ordered = [
        ...[...front].sort(byUtility),
        ...scored.filter((entry) => !frontIds.has(entry.candidate.id)).sort(byUtility),
      ];
      const winner = ordered[0] as Scored;
      const scores: CandidateScore[] = ordered.map((entry) => ({
        candidateId: entry.candidate.id,
        expectedQuality: entry.expectedQuality,
        upperQuality: entry.upperQuality,
        ...(entry.sample === undefined ? {} : { sample: entry.sample }),
        utility: entry.utility,
      }));
      return {
        ...base,
        winner: winner.candidate,
        ranked: ordered.map((entry) => entry.candidate),
        front: front.map((entry) => entry.candidate.id),
        samples,
        scores,
        reason: explainWinner(winner, front, scored.length, excludedSummary, { costWeight }),
      };
    },

    recordOutcome(candidateId, taskClass, success, context) {
      const now = clock().toISOString();
      database.transaction(() => {
        upsertOutcome.run(candidateId, taskClass, success ? 1 : 0, success ? 0 : 1, now);
        if (context !== undefined) {
          insertOutcome.run(
            context.requestId,
            candidateId,
            taskClass,
            context.sessionId ?? null,
            context.requestKey ?? null,
            success ? 1 : 0,
            now,
          );
        }
      })();
    },

    priorStrength() {
      return currentPriorStrength(allCounts.all());
    },

    stats() {
      const rows = allCounts.all();
      const strengthOfPriors = currentPriorStrength(rows);
      const key = (candidateId: string, taskClass: string) => `${candidateId}\u0000${taskClass}`;
      const stored = new Map(rows.map((row) => [key(row.candidate_id, row.task_class), row]));
      const result: PosteriorStats[] = [];
      const seen = new Set<string>();
      const add = (candidateId: string, taskClass: TaskClass, row: CountsRow | undefined) => {
        seen.add(key(candidateId, taskClass));
        const candidate = byId.get(candidateId);
        const { alpha, beta, trials } = posterior(candidate, taskClass, row, strengthOfPriors);
        result.push({
          candidateId,
          taskClass,
          alpha,
          beta,
          mean: alpha / (alpha + beta),
          trials,
          configured: candidate !== undefined,
        });
      };
      for (const candidate of candidates) {
        for (const taskClass of taskClasses)
          add(candidate.id, taskClass, stored.get(key(candidate.id, taskClass)));
      }
      for (const row of rows) {
        if (!seen.has(key(row.candidate_id, row.task_class)))
          add(row.candidate_id, row.task_class as TaskClass, row);
      }
      return result;
    },
  };
}
