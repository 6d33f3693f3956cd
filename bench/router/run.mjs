#!/usr/bin/env node
/**
 * The router on a simulated workload, side by side with three fixed policies in one run: always the
 * strongest model, always the cheapest, and a uniformly random pick. 1,000 requests of mixed
 * difficulty per run; simulated models with a given price and per-class success rate; a noisy task
 * classifier; outcomes fed back to the router as `venom ask` does. Several seeds, averaged.
 *
 *   npm run build && node bench/router/run.mjs [--requests N] [--seeds N] [--prior-strength N] [--json]
 *
 * Goal (issue 4): the router's success rate within 2 points of always-strongest, at no more than 30%
 * of its cost. Exit code 0 whether the goal passes or fails (this is a report); 2 on a usage error;
 * 3 when the build output is missing.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const GOAL_POINTS = 2;
const GOAL_COST_SHARE = 0.3;
const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const routerModule = join(repositoryRoot, 'packages', 'venom', 'dist', 'router', 'index.js');
const coreModule = join(repositoryRoot, 'packages', 'core', 'dist', 'index.js');

const USAGE = `Usage: node bench/router/run.mjs [options]

Simulates routing 1,000 requests: our router vs always-strongest vs always-cheapest vs random.

Options:
  --requests N   requests per run (default 1000)
  --seeds N      runs with different seeds, averaged (default 10)
  --prior-strength N   the router's priorStrength (default: the router's own default, 5)
  --json         print the figures as one JSON document on stdout
  --help         this text`;

/** The workload: share of requests per true class and their token sizes (uniform ±50% around these). */
const WORKLOAD = {
  simple: { share: 0.5, inputTokens: 800, outputTokens: 300, maxOutputTokens: 1000 },
  moderate: { share: 0.3, inputTokens: 3000, outputTokens: 1000, maxOutputTokens: 4000 },
  complex: { share: 0.2, inputTokens: 10000, outputTokens: 3000, maxOutputTokens: 8000 },
};
const CLASSES = /** @type {const} */ (['simple', 'moderate', 'complex']);
/** The classifier the router gets its task class from: right 80% of the time, else an adjacent class. */
const CLASSIFIER_ACCURACY = 0.8;
/** Other cost weights run with the tier priors, to show the cost/success trade-off the knob moves along. */
const SWEEP_COST_WEIGHTS = [0.02, 0.05, 0.2];

/**
 * Simulated models: true success rate per class (what the simulation draws outcomes from) and the
 * prior the router is configured with (the rough tier guesses of defaultCandidates()).
 */
const MODELS = [
  { id: 'sim/local-8b', local: true, truth: [0.85, 0.6, 0.3], prior: [0.85, 0.6, 0.3], latencyMs: 15000 },
  { id: 'sim/lite', local: false, truth: [0.92, 0.75, 0.45], prior: [0.9, 0.72, 0.42], latencyMs: 2000 },
  { id: 'sim/small', local: false, truth: [0.95, 0.87, 0.65], prior: [0.94, 0.84, 0.62], latencyMs: 3000 },
  { id: 'sim/mid', local: false, truth: [0.96, 0.93, 0.85], prior: [0.96, 0.92, 0.82], latencyMs: 6000 },
  {
    id: 'sim/strongest',
    local: false,
    truth: [0.97, 0.94, 0.88],
    prior: [0.97, 0.94, 0.88],
    latencyMs: 9000,
  },
];

/** Price ladders (USD per million input / output tokens), same order as MODELS. */
const PRICE_LADDERS = {
  'legacy ladder (strongest $15/$75, Opus 4.1 pricing)': [
    [0, 0],
    [0.1, 0.4],
    [1, 5],
    [3, 15],
    [15, 75],
  ],
  'current ladder (strongest $5/$25, Opus 5 pricing)': [
    [0, 0],
    [0.1, 0.4],
    [1, 5],
    [2, 10],
    [5, 25],
  ],
};

function parseArguments(argv) {
  const options = { requests: 1000, seeds: 10, json: false, priorStrength: undefined };
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    const number = () => {
      const value = Number(argv[++index]);
      if (!Number.isInteger(value) || value <= 0) throw new Error(`${argument} needs a positive integer`);
      return value;
    };
    if (argument === '--requests') options.requests = number();
    else if (argument === '--seeds') options.seeds = number();
    else if (argument === '--prior-strength') options.priorStrength = number();
    else if (argument === '--json') options.json = true;
    else if (argument === '--help') return undefined;
    else throw new Error(`unknown option '${argument}'`);
  }
  return options;
}

function candidatesFor(prices, priors) {
  return MODELS.map((model, index) => ({
    id: model.id,
    provider: 'sim',
    model: model.id.slice(4),
    local: model.local,
    inputPerMillionUsd: prices[index][0],
    outputPerMillionUsd: prices[index][1],
    qualityPrior: Object.fromEntries(
      CLASSES.map((taskClass, classIndex) => [taskClass, priors(model)[classIndex]]),
    ),
    latencyMs: model.latencyMs,
    capabilities: ['tools'],
  }));
}

/** The same 1,000 requests for every policy of a seed: true class, classified class, tokens, outcome draw. */
function makeWorkload(random, count) {
  const requests = [];
  for (let index = 0; index < count; index += 1) {
    const draw = random();
    const trueClass =
      draw < WORKLOAD.simple.share
        ? 'simple'
        : draw < WORKLOAD.simple.share + WORKLOAD.moderate.share
          ? 'moderate'
          : 'complex';
    const trueIndex = CLASSES.indexOf(trueClass);
    let classifiedIndex = trueIndex;
    if (random() >= CLASSIFIER_ACCURACY) {
      classifiedIndex = trueIndex === 0 ? 1 : trueIndex === 2 ? 1 : random() < 0.5 ? 0 : 2;
    }
    const size = WORKLOAD[trueClass];
    const jitter = () => 0.5 + random();
    requests.push({
      trueClass,
      trueIndex,
      classified: CLASSES[classifiedIndex],
      inputTokens: Math.round(size.inputTokens * jitter()),
      outputTokens: Math.round(size.outputTokens * jitter()),
      maxOutputTokens: WORKLOAD[CLASSES[classifiedIndex]].maxOutputTokens,
      outcomeDraw: random(),
      randomPick: Math.floor(random() * MODELS.length),
    });
  }
  return requests;
}

function costOf(candidate, request) {
  return (
    (request.inputTokens * candidate.inputPerMillionUsd +
      request.outputTokens * candidate.outputPerMillionUsd) /
    1e6
  );
}

const DEFAULT_COST_WEIGHT = 0.1;

/**
 * Policies that know each request's true class and every model's true success rate (impossible in
 * practice; they bound what routing can reach). `oracle` maximises the router's own utility (success
 * − cost weight × cost / strongest's cost); `goal-oracle` takes the cheapest model within the goal's
 * 2 points of the strongest on that class.
 */
function oracleChoice(policy, request, candidates) {
  const strongest = candidates[candidates.length - 1];
  const highest = costOf(strongest, request);
  const truth = (candidate) => MODELS.find((model) => model.id === candidate.id).truth[request.trueIndex];
  if (policy === 'goal-oracle') {
    const target = truth(strongest) - GOAL_POINTS / 100;
    return candidates
      .filter((candidate) => truth(candidate) >= target - 1e-9)
      .reduce((best, candidate) => (costOf(candidate, request) < costOf(best, request) ? candidate : best));
  }
  return candidates.reduce((best, candidate) => {
    const utility = (entry) =>
      truth(entry) - DEFAULT_COST_WEIGHT * (highest > 0 ? costOf(entry, request) / highest : 0);
    return utility(candidate) > utility(best) ? candidate : best;
  });
}

function simulate(policy, requests, candidates, router) {
  let cost = 0;
  let successes = 0;
  const picks = Object.fromEntries(candidates.map((candidate) => [candidate.id, 0]));
  let routeNanoseconds = 0n;
  for (const request of requests) {
    let candidate;
    if (router !== undefined) {
      const started = process.hrtime.bigint();
      const decision = router.route(request.classified, {
        estimatedInputTokens: request.inputTokens,
        maxOutputTokens: request.maxOutputTokens,
      });
      routeNanoseconds += process.hrtime.bigint() - started;
      candidate = decision.winner;
    } else if (policy === 'oracle' || policy === 'goal-oracle') {
      candidate = oracleChoice(policy, request, candidates);
    } else if (policy === 'strongest') candidate = candidates[candidates.length - 1];
    else if (policy === 'cheapest') candidate = candidates[0];
    else candidate = candidates[request.randomPick];
    const model = MODELS.find((entry) => entry.id === candidate.id);
    const success = request.outcomeDraw < model.truth[request.trueIndex];
    if (router !== undefined) router.recordOutcome(candidate.id, request.classified, success);
    cost += costOf(candidate, request);
    successes += success ? 1 : 0;
    picks[candidate.id] += 1;
  }
  return {
    costUsd: cost,
    successRate: successes / requests.length,
    picks,
    routeMicroseconds: router !== undefined ? Number(routeNanoseconds) / 1000 / requests.length : undefined,
  };
}

function mean(values) {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

async function main() {
  let options;
  try {
    options = parseArguments(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    return 2;
  }
  if (options === undefined) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!existsSync(routerModule) || !existsSync(coreModule)) {
    process.stderr.write(`build output missing (${routerModule}); run 'npm run build' first\n`);
    return 3;
  }
  const { createRouter, createSeededRandom, routerMigrations } = await import(
    pathToFileURL(routerModule).href
  );
  const { openStore } = await import(pathToFileURL(coreModule).href);

  const priorSets = {
    'tier priors': (model) => model.prior,
    'flat 0.5 priors': () => [0.5, 0.5, 0.5],
  };
  const scenarios = [];
  for (const [ladderName, prices] of Object.entries(PRICE_LADDERS)) {
    for (const [priorName, priors] of Object.entries(priorSets)) {
      const candidates = candidatesFor(prices, priors);
      const runs = { router: [], strongest: [], cheapest: [], random: [], oracle: [], 'goal-oracle': [] };
      const costWeights = priorName === 'tier priors' ? SWEEP_COST_WEIGHTS : [];
      // The router as it was before priors earned weight from outcomes (prior strength fixed at 5).
      runs['router fixed-ps'] = [];
      for (const costWeight of costWeights) runs[`router cw=${costWeight}`] = [];
      for (let seed = 1; seed <= options.seeds; seed += 1) {
        const requests = makeWorkload(createSeededRandom(seed), options.requests);
        for (const policy of Object.keys(runs)) {
          const costWeight =
            policy === 'router' || policy === 'router fixed-ps'
              ? undefined
              : policy.startsWith('router cw=')
                ? Number(policy.slice(10))
                : null;
          if (costWeight === null) {
            runs[policy].push(simulate(policy, requests, candidates, undefined));
            continue;
          }
          const store = openStore({ path: ':memory:', migrations: { router: routerMigrations } });
          const router = createRouter({
            store,
            candidates,
            random: createSeededRandom(seed + 10_000),
            ...(options.priorStrength === undefined ? {} : { priorStrength: options.priorStrength }),
            ...(costWeight === undefined ? {} : { costWeight }),
            ...(policy === 'router fixed-ps' ? { adaptPriorStrength: false } : {}),
          });
          runs[policy].push(simulate('router', requests, candidates, router));
          store.close();
        }
      }
      const summary = Object.fromEntries(
        Object.entries(runs).map(([policy, results]) => [
          policy,
          {
            costUsd: mean(results.map((result) => result.costUsd)),
            successRate: mean(results.map((result) => result.successRate)),
            pickShare: Object.fromEntries(
              candidates.map((candidate) => [
                candidate.id,
                mean(results.map((result) => result.picks[candidate.id] / options.requests)),
              ]),
            ),
            ...(policy.startsWith('router')
              ? {
                  successRateRange: [
                    Math.min(...results.map((result) => result.successRate)),
                    Math.max(...results.map((result) => result.successRate)),
                  ],
                  costShareRange: results.map(
                    (result, index) => result.costUsd / runs.strongest[index].costUsd,
                  ),
                  routeMicroseconds: mean(results.map((result) => result.routeMicroseconds)),
                }
              : {}),
          },
        ]),
      );
      const costShare = summary.router.costUsd / summary.strongest.costUsd;
      const pointsBelow = (summary.strongest.successRate - summary.router.successRate) * 100;
      const shares = summary.router.costShareRange;
      summary.router.costShareRange = [Math.min(...shares), Math.max(...shares)];
      scenarios.push({
        prices: ladderName,
        priors: priorName,
        policies: summary,
        goal: {
          pointsBelowStrongest: pointsBelow,
          costShareOfStrongest: costShare,
          savingsVsStrongest: 1 - costShare,
          passed: pointsBelow <= GOAL_POINTS && costShare <= GOAL_COST_SHARE,
        },
      });
    }
  }

  const report = {
    requests: options.requests,
    priorStrength: options.priorStrength ?? 'default',
    seeds: options.seeds,
    workload: WORKLOAD,
    classifierAccuracy: CLASSIFIER_ACCURACY,
    models: MODELS.map((model) => ({
      id: model.id,
      successRate: Object.fromEntries(CLASSES.map((taskClass, index) => [taskClass, model.truth[index]])),
    })),
    priceLadders: PRICE_LADDERS,
    goal: { maxPointsBelowStrongest: GOAL_POINTS, maxCostShareOfStrongest: GOAL_COST_SHARE },
    scenarios,
  };
  if (options.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return 0;
  }
  const lines = [
    `router bench: ${options.requests} requests x ${options.seeds} seeds (mean), classifier ${CLASSIFIER_ACCURACY * 100}% accurate, prior strength ${options.priorStrength ?? 'default'}`,
  ];
  for (const scenario of scenarios) {
    lines.push('', `${scenario.prices}, ${scenario.priors}`);
    lines.push(
      `  ${'policy'.padEnd(16)} ${'cost USD'.padStart(9)} ${'x strongest'.padStart(12)} ${'success'.padStart(8)}`,
    );
    for (const [policy, figures] of Object.entries(scenario.policies)) {
      const ratio = figures.costUsd / scenario.policies.strongest.costUsd;
      lines.push(
        `  ${policy.padEnd(16)} ${figures.costUsd.toFixed(2).padStart(9)} ${ratio.toFixed(3).padStart(12)} ${(figures.successRate * 100).toFixed(1).padStart(7)}%`,
      );
    }
    const router = scenario.policies.router;
    lines.push(
      `  router picks: ${Object.entries(router.pickShare)
        .map(([id, share]) => `${id.slice(4)} ${(share * 100).toFixed(0)}%`)
        .join(', ')}; ${router.routeMicroseconds.toFixed(0)} us per route`,
    );
    lines.push(
      `  goal (<= ${GOAL_POINTS} points below strongest at <= ${GOAL_COST_SHARE * 100}% of its cost): ${scenario.goal.pointsBelowStrongest.toFixed(1)} points below at ${(scenario.goal.costShareOfStrongest * 100).toFixed(1)}% -> ${scenario.goal.passed ? 'PASS' : 'FAIL'}`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

process.exitCode = await main();
