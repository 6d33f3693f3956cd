#!/usr/bin/env node
/**
 * Precision, recall and latency of venom's local intent tier on the labelled sets, side by side with a
 * naive keyword baseline (first keyword wins, always confident) in the same run.
 *
 *   node bench/intent/run.mjs [--json] [--runs N] [--file PATH] [--show-failures]
 *
 * Runs against the built code (packages/venom/dist/intent/index.js): build first with `npx tsc --build`.
 * Exit code 0 whatever the figures (this is a report); 2 usage error; 3 when the build is missing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

// Labels resolve relative dates against this instant in UTC.
process.env.TZ = 'UTC';
const NOW = new Date('2026-11-21T12:00:00Z');

/** The labelled sets, in the order they were written (see README: only the first was tuned on from the start). */
const DEFAULT_SETS = ['utterances.jsonl', 'holdout.jsonl', 'adversarial.jsonl', 'blind.jsonl'];

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const USAGE = `Usage: node bench/intent/run.mjs [--json] [--runs N] [--file PATH] [--show-failures]

  --json            one JSON document on stdout
  --runs N          timed passes over the set for latency (default 30, after 5 warm-up passes)
  --file PATH       one labelled set (default: utterances, holdout, adversarial and blind .jsonl here)
  --show-failures   list every utterance the local tier got wrong or escalated`;

function parseArguments(argv) {
  const options = {
    json: false,
    runs: 30,
    file: undefined,
    showFailures: false,
  };
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (argument === '--json') options.json = true;
    else if (argument === '--show-failures') options.showFailures = true;
    else if (argument === '--runs') options.runs = Number(argv[++index]);
    else if (argument === '--file') options.file = resolve(argv[++index] ?? '');
    else if (argument === '--help') {
      console.log(USAGE);
      process.exit(0);
    } else {
      console.error(`Unknown option ${argument}\n${USAGE}`);
      process.exit(2);
    }
  }
  if (!Number.isInteger(options.runs) || options.runs < 1) {
    console.error('--runs expects a positive integer');
    process.exit(2);
  }
  return options;
}

/** Whether a plan equals the expected steps (skill, action, params; dependsOn/condition when labelled). */
function planMatches(steps, expected) {
  if (steps.length !== expected.length) return false;
  return expected.every((want, index) => {
    const got = steps[index];
    if (got.skill !== want.skill || got.action !== want.action) return false;
    if (!isDeepStrictEqual(got.params, want.params)) return false;
    if (want.dependsOn !== undefined && !isDeepStrictEqual(got.dependsOn, want.dependsOn)) return false;
    if (want.dependsOn !== undefined && got.condition !== want.condition) return false;
    return true;
  });
}

function actionsMatch(steps, expected) {
  return (
    steps.length === expected.length &&
    expected.every((want, index) => steps[index].skill === want.skill && steps[index].action === want.action)
  );
}

/**
 * The baseline: the first keyword decides the intent, no parameters, always confident. This is what a
 * grep-style router does; it shows how much of the precision comes from the scoring.
 */
const BASELINE_KEYWORDS = [
  ['status', 'git', 'status'],
  ['diff', 'git', 'diff'],
  ['log', 'git', 'log'],
  ['commits', 'git', 'log'],
  ['branch', 'git', 'branch'],
  ['switch', 'git', 'switch'],
  ['checkout', 'git', 'switch'],
  ['commit', 'git', 'commit'],
  ['blame', 'git', 'blame'],
  ['find', 'files', 'find'],
  ['search', 'files', 'search'],
  ['grep', 'files', 'search'],
  ['ls', 'files', 'list'],
  ['list', 'files', 'list'],
  ['read', 'files', 'read'],
  ['cat', 'files', 'read'],
  ['lines', 'files', 'count-lines'],
  ['largest', 'files', 'largest'],
  ['biggest', 'files', 'largest'],
  ['affected', 'tests', 'affected'],
  ['test', 'tests', 'run'],
  ['tests', 'tests', 'run'],
  ['use', 'runtime', 'use'],
  ['version', 'runtime', 'current'],
  ['versions', 'runtime', 'list'],
  ['package', 'packages', 'info'],
  ['packages', 'packages', 'search'],
  ['cost', 'venom', 'costs'],
  ['costs', 'venom', 'costs'],
  ['spend', 'venom', 'costs'],
  ['budget', 'venom', 'budget'],
  ['requests', 'venom', 'history'],
  ['snapshots', 'venom', 'snapshots'],
  ['snapshot', 'venom', 'snapshot'],
  ['run', 'shell', 'run'],
];

function baseline(utterance) {
  const words = utterance.toLowerCase().split(/[^a-z0-9*./-]+/);
  for (const word of words) {
    const hit = BASELINE_KEYWORDS.find(([keyword]) => keyword === word);
    if (hit !== undefined)
      return { confidence: 1, steps: [{ skill: hit[1], action: hit[2], params: {}, dependsOn: [] }] };
  }
  return { confidence: 0, steps: [] };
}

function evaluate(items, parse, threshold) {
  let claimed = 0;
  let correct = 0;
  let correctAction = 0;
  let wrongHigh = 0;
  let escalateTotal = 0;
  let escalateHeld = 0;
  const failures = [];
  for (const item of items) {
    const result = parse(item.utterance);
    const claims = result.confidence >= threshold;
    if (claims) claimed++;
    if (item.expect === 'escalate') {
      escalateTotal++;
      if (claims) {
        wrongHigh++;
        failures.push({ utterance: item.utterance, kind: 'claimed-escalate', got: result });
      } else {
        escalateHeld++;
      }
      continue;
    }
    if (!claims) {
      failures.push({ utterance: item.utterance, kind: 'escalated', expect: item.expect, got: result });
      continue;
    }
    if (actionsMatch(result.steps, item.expect)) correctAction++;
    if (planMatches(result.steps, item.expect)) {
      correct++;
    } else {
      wrongHigh++;
      failures.push({ utterance: item.utterance, kind: 'wrong', expect: item.expect, got: result });
    }
  }
  const answerable = items.length - escalateTotal;
  return {
    items: items.length,
    answerable,
    escalateItems: escalateTotal,
    claimed,
    correct,
    precision: claimed === 0 ? 0 : correct / claimed,
    recall: answerable === 0 ? 0 : correct / answerable,
    actionPrecision:
      claimed === 0
        ? 0
        : (correctAction + escalateTotal - escalateHeld === 0 ? correctAction : correctAction) / claimed,
    wrongHighConfidence: wrongHigh,
    escalationsHeld: escalateHeld,
    failures,
  };
}

function percentile(sorted, fraction) {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[rank];
}

function measure(items, parse, runs) {
  for (let warm = 0; warm < 5; warm++) for (const item of items) parse(item.utterance);
  const samples = [];
  for (let run = 0; run < runs; run++) {
    for (const item of items) {
      const start = process.hrtime.bigint();
      parse(item.utterance);
      samples.push(Number(process.hrtime.bigint() - start) / 1000);
    }
  }
  samples.sort((left, right) => left - right);
  return {
    samples: samples.length,
    p50Microseconds: percentile(samples, 0.5),
    p99Microseconds: percentile(samples, 0.99),
  };
}

const options = parseArguments(process.argv.slice(2));
const entry = join(repositoryRoot, 'packages/venom/dist/intent/index.js');
if (!existsSync(entry)) {
  console.error(`${entry} is missing: build first with 'npx tsc --build'.`);
  process.exit(3);
}
const { parseLocalIntent, LOCAL_CONFIDENCE_THRESHOLD } = await import(pathToFileURL(entry).href);

function readSet(file) {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
}

const files =
  options.file === undefined
    ? DEFAULT_SETS.map((name) => join(repositoryRoot, 'bench/intent', name))
    : [options.file];
const sets = files.map((file) => ({ name: basename(file, '.jsonl'), items: readSet(file) }));
const everything = sets.flatMap((set) => set.items);

const local = (utterance) => parseLocalIntent(utterance, { now: NOW });
const results = sets.map((set) => ({
  name: set.name,
  local: evaluate(set.items, local, LOCAL_CONFIDENCE_THRESHOLD),
  baseline: evaluate(set.items, baseline, 0.5),
}));
const localLatency = measure(everything, local, options.runs);
const baselineLatency = measure(everything, baseline, options.runs);

const strip = (quality) => ({ ...quality, failures: undefined });
const figures = {
  node: process.version,
  cpu: `${cpus().length} x ${cpus()[0]?.model ?? 'unknown'}`,
  threshold: LOCAL_CONFIDENCE_THRESHOLD,
  sets: Object.fromEntries(
    results.map((result) => [result.name, { local: strip(result.local), baseline: strip(result.baseline) }]),
  ),
  latency: {
    local: localLatency,
    baseline: baselineLatency,
    p50Ratio: localLatency.p50Microseconds / (baselineLatency.p50Microseconds || 1),
  },
  failures: results.flatMap((result) =>
    result.local.failures.map((failure) => ({
      set: result.name,
      utterance: failure.utterance,
      kind: failure.kind,
      expect: failure.expect,
      got: { confidence: failure.got.confidence, steps: failure.got.steps, matched: failure.got.matched },
    })),
  ),
};

if (options.json) {
  console.log(JSON.stringify(figures, null, 2));
} else {
  const percent = (value) => `${(value * 100).toFixed(1)}%`;
  const row = (label, quality) =>
    `${label.padEnd(30)}${String(quality.items).padStart(6)}${percent(quality.precision).padStart(11)}${percent(quality.recall).padStart(8)}${String(quality.wrongHighConfidence).padStart(12)}${`${quality.escalationsHeld}/${quality.escalateItems}`.padStart(11)}`;
  console.log(
    `intent: local tier vs keyword baseline; node ${process.version}, ${figures.cpu}; threshold ${LOCAL_CONFIDENCE_THRESHOLD}\n`,
  );
  console.log(
    `${'set / parser'.padEnd(30)}${'items'.padStart(6)}${'precision'.padStart(11)}${'recall'.padStart(8)}${'wrong-high'.padStart(12)}${'escalated'.padStart(11)}`,
  );
  for (const result of results) {
    console.log(row(`${result.name} / local`, result.local));
    console.log(row(`${result.name} / baseline`, result.baseline));
  }
  console.log(
    `\nlatency over ${localLatency.samples} parses (${options.runs} passes after 5 warm-up): local p50 ${localLatency.p50Microseconds.toFixed(1)} us, p99 ${localLatency.p99Microseconds.toFixed(1)} us; baseline p50 ${baselineLatency.p50Microseconds.toFixed(1)} us, p99 ${baselineLatency.p99Microseconds.toFixed(1)} us (local/baseline p50 ${figures.latency.p50Ratio.toFixed(1)}x)`,
  );
  for (const result of results) {
    const wrong = result.local.failures.filter((failure) => failure.kind !== 'escalated');
    const shown = options.showFailures ? result.local.failures : wrong;
    if (shown.length === 0) continue;
    console.log(`\n${result.name}:`);
    for (const failure of shown) {
      const got = failure.got.steps
        .map((step) => `${step.skill}.${step.action} ${JSON.stringify(step.params)}`)
        .join(' | ');
      const expect =
        failure.expect === undefined
          ? 'escalate'
          : failure.expect
              .map((step) => `${step.skill}.${step.action} ${JSON.stringify(step.params)}`)
              .join(' | ');
      console.log(
        `  [${failure.kind}] ${JSON.stringify(failure.utterance)} (${failure.got.confidence})\n      want ${expect}\n      got  ${got || '-'}`,
      );
    }
  }
}
