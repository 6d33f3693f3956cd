#!/usr/bin/env node
// The plan executor's cost per step and its parallel speedup, each next to calling the skill's execute
// function directly in the same run. See README.md.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';

const { values: flags } = parseArgs({
  options: {
    steps: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '7' },
    json: { type: 'boolean', default: false },
  },
});
const stepCount = Number(flags.steps);
const rounds = Number(flags.rounds);
if (!Number.isInteger(stepCount) || stepCount < 1 || !Number.isInteger(rounds) || rounds < 1) {
  process.stderr.write('usage: node bench/executor/run.mjs [--steps 200] [--rounds 7] [--json]\n');
  process.exit(2);
}
const root = new URL('../../', import.meta.url).pathname;
const dist = join(root, 'packages/venom/dist');
if (!existsSync(join(dist, 'plan/execute-plan.js'))) {
  process.stderr.write('packages/venom/dist is missing: run `npm run build` first\n');
  process.exit(3);
}
const core = await import(join(root, 'packages/core/dist/index.js'));
const plan = await import(join(dist, 'plan/index.js'));
const skills = await import(join(dist, 'skills/index.js'));
const sandbox = await import(join(dist, 'sandbox/index.js'));

// --- the skill: a trivial in-process action, and one that waits like an I/O-bound call ------------
const trivial = {
  name: 'trivial',
  description: 'returns its input',
  risk: 'read',
  mutating: false,
  params: (z) => z.object({ value: z.number() }).strict(),
  describe: (params) => ({ summary: `value ${params.value}` }),
  async execute(_context, params) {
    return {
      ok: true,
      output: { value: params.value },
      text: String(params.value),
      exitCode: 0,
      durationMs: 0,
    };
  },
};
const waitFor = {
  name: 'wait',
  description: 'waits like an I/O-bound call',
  risk: 'read',
  mutating: false,
  params: (z) => z.object({ ms: z.number() }).strict(),
  describe: (params) => ({ summary: `wait ${params.ms} ms` }),
  async execute(context, params) {
    await sleep(params.ms, undefined, { signal: context.signal });
    return { ok: true, output: null, text: '', exitCode: 0, durationMs: params.ms };
  },
};
const registry = skills.createSkillRegistry([
  { name: 'bench', description: 'bench', source: 'builtin', actions: [trivial, waitFor] },
]);

const home = mkdtempSync(join(tmpdir(), 'venom-bench-executor-'));
const workspace = join(home, 'workspace');
const { mkdirSync } = await import('node:fs');
mkdirSync(workspace);
const store = core.openStore({
  path: join(home, 'venom.db'),
  migrations: { 'event-log': core.eventLogMigrations, plan: plan.planMigrations },
});
const eventLog = core.createEventLog(store);
const context = {
  workspace,
  fileGuard: sandbox.createFileGuard({ roots: [workspace], home }),
  sandbox: { kind: 'host', check: async () => ({ ok: true }), run: async () => ({}) },
  env: {},
};
const baseOptions = {
  registry,
  context,
  policy: sandbox.defaultPolicy,
  store,
  signal: new AbortController().signal,
};

function median(values) {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

// --- 1. overhead per step ----------------------------------------------------------------------
const trivialSteps = Array.from({ length: stepCount }, (_, index) => ({
  id: `s${index + 1}`,
  skill: 'bench',
  action: 'trivial',
  params: { value: index },
  dependsOn: index === 0 ? [] : [`s${index}`],
}));

async function direct() {
  const started = performance.now();
  const signal = new AbortController().signal;
  for (let index = 0; index < stepCount; index += 1) {
    const result = await trivial.execute({ ...context, signal }, { value: index });
    if (!result.ok) throw new Error('direct call failed');
  }
  return performance.now() - started;
}

async function throughExecutor(withEventLog) {
  const started = performance.now();
  const run = await plan.executePlan(trivialSteps, {
    ...baseOptions,
    ...(withEventLog ? { onEvent: (event) => eventLog.append(event) } : {}),
  });
  if (run.state !== 'succeeded') throw new Error(`the run ended ${run.state}`);
  return performance.now() - started;
}

// Warm-up: JIT, zod, prepared statements.
await direct();
await throughExecutor(true);
const timings = { direct: [], executor: [], executorWithEvents: [] };
for (let round = 0; round < rounds; round += 1) {
  timings.direct.push(await direct());
  timings.executor.push(await throughExecutor(false));
  timings.executorWithEvents.push(await throughExecutor(true));
}
const perStep = (values) => median(values) / stepCount;
const overhead = {
  steps: stepCount,
  directMsPerStep: perStep(timings.direct),
  executorMsPerStep: perStep(timings.executor),
  executorWithEventsMsPerStep: perStep(timings.executorWithEvents),
};
overhead.addedMsPerStep = overhead.executorMsPerStep - overhead.directMsPerStep;
overhead.addedWithEventsMsPerStep = overhead.executorWithEventsMsPerStep - overhead.directMsPerStep;

// --- 2. parallel speedup on independent I/O-bound steps -----------------------------------------
const parallelSteps = Array.from({ length: 8 }, (_, index) => ({
  id: `w${index + 1}`,
  skill: 'bench',
  action: 'wait',
  params: { ms: 50 },
  dependsOn: [],
}));

async function directPool(limit) {
  const started = performance.now();
  const signal = new AbortController().signal;
  let next = 0;
  const worker = async () => {
    while (next < parallelSteps.length) {
      next += 1;
      await waitFor.execute({ ...context, signal }, { ms: 50 });
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return performance.now() - started;
}

async function executorPool(limit) {
  const started = performance.now();
  const run = await plan.executePlan(parallelSteps, {
    ...baseOptions,
    parallelism: limit,
    onEvent: (event) => eventLog.append(event),
  });
  if (run.state !== 'succeeded') throw new Error(`the run ended ${run.state}`);
  return performance.now() - started;
}

const parallelTimings = {
  directSequential: [],
  directParallel: [],
  executorSequential: [],
  executorParallel: [],
};
for (let round = 0; round < rounds; round += 1) {
  parallelTimings.directSequential.push(await directPool(1));
  parallelTimings.directParallel.push(await directPool(4));
  parallelTimings.executorSequential.push(await executorPool(1));
  parallelTimings.executorParallel.push(await executorPool(4));
}
const parallel = Object.fromEntries(
  Object.entries(parallelTimings).map(([key, values]) => [key, median(values)]),
);
parallel.executorSpeedup = parallel.executorSequential / parallel.executorParallel;
parallel.directSpeedup = parallel.directSequential / parallel.directParallel;

store.close();
rmSync(home, { recursive: true, force: true });

const overheadPass = overhead.addedWithEventsMsPerStep < 2;
const speedupPass = parallel.executorSpeedup >= 3.5;
const report = {
  node: process.version,
  rounds,
  overhead,
  parallel,
  pass: { overhead: overheadPass, speedup: speedupPass },
};
if (flags.json) {
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
} else {
  const fixed = (value, digits = 3) => value.toFixed(digits).padStart(9);
  const lines = [
    `executor: ${stepCount} chained trivial steps, 8 independent 50 ms steps; median of ${rounds} rounds; node ${process.version}`,
    '',
    'overhead per step                      ms/step   added vs direct',
    `execute() called directly            ${fixed(overhead.directMsPerStep, 4)}         0`,
    `executePlan (store, no event log)    ${fixed(overhead.executorMsPerStep, 4)} ${fixed(overhead.addedMsPerStep, 4)}`,
    `executePlan + event log              ${fixed(overhead.executorWithEventsMsPerStep, 4)} ${fixed(overhead.addedWithEventsMsPerStep, 4)}`,
    '',
    '8 x 50 ms I/O-bound steps                 limit 1 ms   limit 4 ms   speedup',
    `execute() directly (worker pool)        ${fixed(parallel.directSequential, 1)}    ${fixed(parallel.directParallel, 1)}    ${fixed(parallel.directSpeedup, 2)}x`,
    `executePlan (parallelism)               ${fixed(parallel.executorSequential, 1)}    ${fixed(parallel.executorParallel, 1)}    ${fixed(parallel.executorSpeedup, 2)}x`,
    '',
    `${overheadPass ? 'PASS' : 'FAIL'}: the executor adds ${overhead.addedWithEventsMsPerStep.toFixed(3)} ms per step with the event log (goal: under 2 ms).`,
    `${speedupPass ? 'PASS' : 'FAIL'}: parallelism 4 runs independent I/O-bound steps ${parallel.executorSpeedup.toFixed(2)}x faster (goal: close to 4x; 3.5x or more).`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
