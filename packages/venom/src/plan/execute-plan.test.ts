// biome-ignore-all lint/suspicious/noTemplateCurlyInString: plan references are written like ${s1.output}
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  createEventLog,
  eventLogMigrations,
  openStore,
  runCommand,
  type Store,
  VenomError,
} from '@venom/core';
import { afterEach, describe, expect, it } from 'vitest';
import type { PlanStep } from '../intent/index.js';
import { createFileGuard, type Policy, type PolicyRule, type Sandbox } from '../sandbox/index.js';
import {
  createSkillRegistry,
  type SkillAction,
  type SkillContext,
  type SkillResult,
} from '../skills/index.js';
import { createApprovalQueue } from './approval-queue.js';
import { executePlan, resumePlan } from './execute-plan.js';
import { planMigrations } from './plan-migrations.js';
import type { ApprovalRequestInfo, ExecutePlanOptions, PlanEvent } from './plan-run.js';
import { listRuns } from './plan-run-store.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** Calls of the demo skill's actions, in the order they started. */
interface Recorder {
  calls: string[];
  active: number;
  maxActive: number;
  failures: number;
}

function result(ok: boolean, output: unknown, text = '', exitCode: number | null = ok ? 0 : 1): SkillResult {
  return { ok, output, text, exitCode, durationMs: 0 };
}

/** Resolves after `ms`, or with 'aborted' as soon as the signal aborts. */
async function wait(ms: number, signal: AbortSignal): Promise<'done' | 'aborted'> {
  try {
    await sleep(ms, undefined, { signal });
    return 'done';
  } catch {
    return 'aborted';
  }
}

function demoActions(recorder: Recorder): SkillAction[] {
  const base = { description: 'demo', risk: 'read' as const, mutating: false };
  return [
    {
      ...base,
      name: 'emit',
      params: (z) => z.object({ value: z.unknown(), ms: z.number().default(0) }).strict(),
      describe: (params: { value: unknown }) => ({ summary: `emit ${JSON.stringify(params.value)}` }),
      async execute(context: SkillContext, params: { value: unknown; ms: number }) {
        recorder.calls.push(`emit:${JSON.stringify(params.value)}`);
        recorder.active += 1;
        recorder.maxActive = Math.max(recorder.maxActive, recorder.active);
        const waited = params.ms > 0 ? await wait(params.ms, context.signal) : 'done';
        recorder.active -= 1;
        return waited === 'done'
          ? result(true, { value: params.value }, String(params.value))
          : result(false, null, 'stopped', null);
      },
    },
    {
      ...base,
      name: 'fail',
      params: (z) => z.object({ succeedOnAttempt: z.number().optional() }).strict(),
      describe: () => ({ summary: 'a flaky check' }),
      async execute(_context: SkillContext, params: { succeedOnAttempt?: number }) {
        recorder.failures += 1;
        recorder.calls.push('fail');
        const ok = params.succeedOnAttempt !== undefined && recorder.failures >= params.succeedOnAttempt;
        return ok ? result(true, { attempt: recorder.failures }) : result(false, null, 'checking\nbroken', 3);
      },
    },
    {
      ...base,
      name: 'hang',
      params: (z) => z.object({}).strict(),
      describe: () => ({ summary: 'wait until stopped' }),
      async execute(context: SkillContext) {
        recorder.calls.push('hang');
        await wait(600_000, context.signal);
        return result(false, null, 'stopped', null);
      },
    },
    {
      ...base,
      name: 'throw',
      params: (z) => z.object({ unavailable: z.boolean().default(false) }).strict(),
      describe: () => ({ summary: 'throw' }),
      async execute(_context: SkillContext, params: { unavailable: boolean }) {
        recorder.calls.push('throw');
        if (params.unavailable) {
          throw new VenomError({
            code: 'SANDBOX_UNAVAILABLE',
            category: 'environment',
            message: 'bwrap is missing',
          });
        }
        throw new Error('the tool crashed');
      },
    },
    {
      ...base,
      name: 'write',
      risk: 'write',
      mutating: true,
      params: (z) => z.object({ path: z.string(), content: z.string() }).strict(),
      describe: (params: { path: string }) => ({ summary: `write ${params.path}`, paths: [params.path] }),
      async execute(context: SkillContext, params: { path: string; content: string }) {
        recorder.calls.push(`write:${params.path}`);
        writeFileSync(context.fileGuard.check(params.path, 'write'), params.content);
        return result(true, { path: params.path });
      },
    },
    {
      ...base,
      name: 'remove',
      risk: 'destructive',
      mutating: true,
      params: (z) => z.object({ path: z.string() }).strict(),
      describe: (params: { path: string }) => ({ summary: `delete ${params.path}`, paths: [params.path] }),
      async execute(context: SkillContext, params: { path: string }) {
        recorder.calls.push(`remove:${params.path}`);
        rmSync(context.fileGuard.check(params.path, 'write'));
        return result(true, { removed: params.path });
      },
    },
    {
      ...base,
      name: 'run',
      risk: 'exec',
      mutating: true,
      params: (z) => z.object({ command: z.string() }).strict(),
      describe: (params: { command: string }) => ({
        summary: `run ${params.command}`,
        command: params.command,
      }),
      async execute(context: SkillContext, params: { command: string }) {
        recorder.calls.push(`run:${params.command}`);
        const output = await runCommand('sh', ['-c', params.command], {
          cwd: context.workspace,
          signal: context.signal,
          timeoutMs: 120_000,
        });
        return result(
          output.exitCode === 0,
          { stdout: output.stdout },
          output.stdout,
          output.exitCode ?? null,
        );
      },
    },
  ];
}

const allowAll: Policy = {
  rules: [],
  defaults: { read: 'allow', write: 'allow', exec: 'allow', network: 'ask', destructive: 'ask' },
};

const unusedSandbox: Sandbox = {
  kind: 'host',
  check: async () => ({ ok: true }),
  run: async () => {
    throw new Error('the demo skills do not use the sandbox');
  },
};

interface Harness {
  recorder: Recorder;
  store: Store;
  workspace: string;
  events: PlanEvent[];
  options(overrides?: Partial<ExecutePlanOptions>): ExecutePlanOptions;
}

function harness(): Harness {
  const directory = mkdtempSync(join(tmpdir(), 'venom-plan-'));
  cleanups.push(() => rmSync(directory, { recursive: true, force: true }));
  const workspace = join(directory, 'workspace');
  const home = join(directory, 'home');
  mkdirSync(workspace);
  mkdirSync(home);
  const store = openStore({
    path: join(directory, 'venom.db'),
    migrations: { 'event-log': eventLogMigrations, plan: planMigrations },
  });
  cleanups.push(() => store.close());
  const recorder: Recorder = { calls: [], active: 0, maxActive: 0, failures: 0 };
  const registry = createSkillRegistry([
    { name: 'demo', description: 'demo', source: 'builtin', actions: demoActions(recorder) },
  ]);
  const eventLog = createEventLog(store);
  const events: PlanEvent[] = [];
  return {
    recorder,
    store,
    workspace,
    events,
    options: (overrides = {}) => ({
      registry,
      context: {
        workspace,
        fileGuard: createFileGuard({ roots: [workspace], home }),
        sandbox: unusedSandbox,
        env: { PATH: process.env.PATH },
      },
      policy: allowAll,
      store,
      signal: new AbortController().signal,
      onEvent(event) {
        events.push(event);
        eventLog.append(event);
      },
      ...overrides,
    }),
  };
}

function step(
  id: string,
  action: string,
  params: Record<string, unknown> = {},
  extra: Partial<PlanStep> = {},
): PlanStep {
  return { id, skill: 'demo', action, params, dependsOn: [], ...extra };
}

function statesOf(run: { steps: Array<{ id: string; state: string }> }): Record<string, string> {
  return Object.fromEntries(run.steps.map((stepRun) => [stepRun.id, stepRun.state]));
}

describe('executePlan', () => {
  it('runs steps in dependency order, passes outputs by reference, persists the run and logs every event', async () => {
    const test = harness();
    const run = await executePlan(
      [
        step(
          's3',
          'emit',
          { value: 'total ${s2.output.value.count} from ${s1.output.value}' },
          { dependsOn: ['s2'] },
        ),
        step('s1', 'emit', { value: 'first' }),
        step('s2', 'emit', { value: { count: 2, from: '${s1.output.value}' } }, { dependsOn: ['s1'] }),
      ],
      test.options({ request: 'count things' }),
    );

    expect(run.state).toBe('succeeded');
    expect(test.recorder.calls).toEqual([
      'emit:"first"',
      'emit:{"count":2,"from":"first"}',
      'emit:"total 2 from first"',
    ]);
    expect(statesOf(run)).toEqual({ s3: 'succeeded', s1: 'succeeded', s2: 'succeeded' });
    expect(run.steps[0]).toMatchObject({ attempts: 1, result: { output: { value: 'total 2 from first' } } });

    expect(listRuns(test.store)).toEqual([run]);
    const logged = createEventLog(test.store).list({ correlation: { runId: run.id } });
    expect(logged.map((event) => event.type)).toEqual([
      'plan-start',
      'step-start',
      'step-end',
      'step-start',
      'step-end',
      'step-start',
      'step-end',
      'plan-end',
    ]);
    const lastStepEnd = logged[6];
    expect(lastStepEnd?.correlation).toEqual({ runId: run.id, stepId: 's3' });
    expect(lastStepEnd?.payload).toMatchObject({
      state: 'succeeded',
      outputDigest: createHash('sha256')
        .update(JSON.stringify({ value: 'total 2 from first' }))
        .digest('hex'),
    });
    expect(logged[0]?.payload).toMatchObject({ request: 'count things', resumed: false });
    expect(logged[7]?.payload).toEqual({ state: 'succeeded', counts: { succeeded: 3 } });
  });

  it('runs independent steps in parallel, never more than the limit at once', async () => {
    const test = harness();
    const steps = Array.from({ length: 6 }, (_, index) =>
      step(`s${index + 1}`, 'emit', { value: index, ms: 30 }),
    );
    const progress: number[] = [];
    const run = await executePlan(
      steps,
      test.options({
        parallelism: 2,
        onProgress: (snapshot) =>
          progress.push(snapshot.steps.filter((stepRun) => stepRun.state === 'running').length),
      }),
    );
    expect(run.state).toBe('succeeded');
    expect(test.recorder.maxActive).toBe(2);
    expect(Math.max(...progress)).toBe(2);

    const wide = harness();
    await executePlan(steps, wide.options({ parallelism: 4 }));
    expect(wide.recorder.maxActive).toBe(4);
  });

  it('skips the dependents of a failed step by default and runs the rest; the run fails', async () => {
    const test = harness();
    const run = await executePlan(
      [
        step('s1', 'fail'),
        step('s2', 'emit', { value: 2 }, { dependsOn: ['s1'] }),
        step('s3', 'emit', { value: 3 }, { dependsOn: ['s2'] }),
        step('s4', 'emit', { value: 4 }),
      ],
      test.options(),
    );
    expect(run.state).toBe('failed');
    expect(statesOf(run)).toEqual({ s1: 'failed', s2: 'skipped', s3: 'skipped', s4: 'succeeded' });
    expect(run.steps[0]?.error).toEqual({
      code: 'STEP_FAILED',
      message: 'a flaky check failed (exit 3): broken',
    });
    expect(run.steps[0]?.result?.exitCode).toBe(3);
    expect(run.steps[2]?.error).toEqual({
      code: 'DEPENDENCY_FAILED',
      message: 'skipped: s2 did not succeed',
    });
    expect(test.recorder.calls).toEqual(['fail', 'emit:4']);
  });

  it("'continue' runs dependents anyway unless their condition needs the previous step to succeed", async () => {
    const test = harness();
    const run = await executePlan(
      [
        step('s1', 'fail'),
        step('s2', 'emit', { value: 2 }, { dependsOn: ['s1'] }),
        step('s3', 'emit', { value: 3 }, { dependsOn: ['s1'], condition: 'previous-succeeded' }),
      ],
      test.options({ failurePolicy: 'continue' }),
    );
    expect(statesOf(run)).toEqual({ s1: 'failed', s2: 'succeeded', s3: 'skipped' });
    expect(run.steps[2]?.error?.code).toBe('CONDITION_UNMET');
    expect(run.state).toBe('failed');
  });

  it("'stop' starts nothing after the first failure", async () => {
    const test = harness();
    const run = await executePlan(
      [step('s1', 'fail'), step('s2', 'emit', { value: 2 }), step('s3', 'emit', { value: 3 })],
      test.options({ failurePolicy: 'stop', parallelism: 1 }),
    );
    expect(statesOf(run)).toEqual({ s1: 'failed', s2: 'skipped', s3: 'skipped' });
    expect(run.steps[1]?.error?.code).toBe('PLAN_STOPPED');
    expect(test.recorder.calls).toEqual(['fail']);
  });

  it('retries a failed step, and fails it when the retries run out', async () => {
    const test = harness();
    const run = await executePlan(
      [step('s1', 'fail', { succeedOnAttempt: 3 })],
      test.options({ retries: 2 }),
    );
    expect(run.state).toBe('succeeded');
    expect(run.steps[0]).toMatchObject({
      state: 'succeeded',
      attempts: 3,
      result: { output: { attempt: 3 } },
    });
    expect(test.events.filter((event) => event.type === 'step-retry')).toHaveLength(2);

    const short = harness();
    const failed = await executePlan(
      [step('s1', 'fail', { succeedOnAttempt: 3 })],
      short.options({ retries: 1 }),
    );
    expect(failed.steps[0]).toMatchObject({ state: 'failed', attempts: 2, error: { code: 'STEP_FAILED' } });
  });

  it('times out an attempt with the step timeout, aborting its signal, and retries it', async () => {
    const test = harness();
    const run = await executePlan([step('s1', 'hang')], test.options({ stepTimeoutMs: 20, retries: 1 }));
    expect(run.steps[0]).toMatchObject({ state: 'failed', attempts: 2, error: { code: 'STEP_TIMEOUT' } });
    expect(test.recorder.calls).toEqual(['hang', 'hang']);
  });

  it('records a thrown error on the step; retries it, but never a sandbox that cannot run', async () => {
    const test = harness();
    const run = await executePlan([step('s1', 'throw')], test.options({ retries: 1 }));
    expect(run.steps[0]).toMatchObject({
      state: 'failed',
      attempts: 2,
      error: { code: 'STEP_ERROR', message: 'the tool crashed' },
    });

    const unsandboxed = harness();
    const refused = await executePlan(
      [step('s1', 'throw', { unavailable: true })],
      unsandboxed.options({ retries: 3 }),
    );
    expect(refused.steps[0]).toMatchObject({
      state: 'failed',
      attempts: 1,
      error: { code: 'SANDBOX_UNAVAILABLE' },
    });
  });

  it('fails a step the policy denies without running or retrying it, and logs a security violation', async () => {
    const test = harness();
    const policy: Policy = {
      ...allowAll,
      rules: [{ action: 'demo.run', pattern: 'curl *', decision: 'deny' }],
    };
    const run = await executePlan(
      [step('s1', 'run', { command: 'curl https://example.com' })],
      test.options({ policy, retries: 2 }),
    );
    expect(run.steps[0]).toMatchObject({ state: 'failed', attempts: 0, error: { code: 'SECURITY_DENIED' } });
    expect(test.recorder.calls).toEqual([]);
    const violation = test.events.find((event) => event.type === 'security-violation');
    expect(violation?.payload).toMatchObject({ kind: 'policy-deny', command: 'curl https://example.com' });
  });

  it('never retries a security error raised by the file guard, and logs it', async () => {
    const test = harness();
    const run = await executePlan(
      [step('s1', 'write', { path: '../outside.txt', content: 'x' })],
      test.options({ retries: 2 }),
    );
    expect(run.steps[0]).toMatchObject({
      state: 'failed',
      attempts: 1,
      error: { code: 'SECURITY_PATH_DENIED' },
    });
    expect(test.events.find((event) => event.type === 'security-violation')?.payload).toMatchObject({
      kind: 'skill-error',
      code: 'SECURITY_PATH_DENIED',
    });
  });

  it('calls the time-machine hook before every mutating step, and does not run a step whose snapshot failed', async () => {
    const test = harness();
    const seen: Array<{ step: string; summary: string; fileExisted: boolean }> = [];
    const run = await executePlan(
      [
        step('s1', 'emit', { value: 1 }),
        step('s2', 'write', { path: 'a.txt', content: 'hello' }, { dependsOn: ['s1'] }),
      ],
      test.options({
        async beforeMutation(planStep, description) {
          seen.push({
            step: planStep.id,
            summary: description.summary,
            fileExisted: existsSync(join(test.workspace, 'a.txt')),
          });
        },
      }),
    );
    expect(run.state).toBe('succeeded');
    expect(seen).toEqual([{ step: 's2', summary: 'write a.txt', fileExisted: false }]);
    expect(readFileSync(join(test.workspace, 'a.txt'), 'utf8')).toBe('hello');

    const broken = harness();
    const failed = await executePlan(
      [step('s1', 'write', { path: 'b.txt', content: 'x' })],
      broken.options({
        beforeMutation: async () => {
          throw new Error('disk full');
        },
      }),
    );
    expect(failed.steps[0]?.error).toMatchObject({
      code: 'SNAPSHOT_FAILED',
      message: expect.stringContaining('disk full'),
    });
    expect(existsSync(join(broken.workspace, 'b.txt'))).toBe(false);
    expect(broken.recorder.calls).toEqual([]);
  });

  it('asks interactively with the exact paths and risk: allow once runs, deny fails, allow always remembers a rule', async () => {
    const test = harness();
    const asked: ApprovalRequestInfo[] = [];
    const answers = ['allow-once', 'deny', 'allow-always'] as const;
    const remembered: PolicyRule[][] = [];
    const policy: Policy = { ...allowAll, defaults: { ...allowAll.defaults, write: 'ask' } };
    const run = await executePlan(
      [
        step('s1', 'write', { path: 'one.txt', content: '1' }),
        step('s2', 'write', { path: 'two.txt', content: '2' }, { dependsOn: ['s1'] }),
        step('s3', 'write', { path: 'three.txt', content: '3' }, { dependsOn: ['s2'] }),
      ],
      test.options({
        policy,
        failurePolicy: 'continue',
        askApproval: async (request) => {
          asked.push(request);
          return answers[asked.length - 1] ?? 'deny';
        },
        onRememberRule: (rules) => remembered.push(rules),
      }),
    );
    expect(statesOf(run)).toEqual({ s1: 'succeeded', s2: 'failed', s3: 'succeeded' });
    expect(run.steps[1]?.error?.code).toBe('APPROVAL_DENIED');
    expect(asked[0]).toEqual({
      runId: run.id,
      stepId: 's1',
      skill: 'demo',
      action: 'write',
      risk: 'write',
      summary: 'write one.txt',
      paths: ['one.txt'],
      reason: expect.any(String),
    });
    expect(test.recorder.calls).toEqual(['write:one.txt', 'write:three.txt']);
    expect(remembered).toEqual([
      [{ action: 'demo.write', pattern: 'three.txt', decision: 'allow', source: 'remembered' }],
    ]);
    expect(
      test.events.filter((event) => event.type === 'approval-answer').map((event) => event.payload.answer),
    ).toEqual(['allow-once', 'deny', 'allow-always']);
  });

  it('asks before a destructive step even under a broad allow rule, then snapshots, then runs it', async () => {
    const test = harness();
    writeFileSync(join(test.workspace, 'old.txt'), 'old');
    const order: string[] = [];
    const run = await executePlan(
      [step('s1', 'remove', { path: 'old.txt' })],
      test.options({
        policy: { ...allowAll, rules: [{ action: '*', decision: 'allow' }] },
        askApproval: async (request) => {
          order.push(`ask:${request.risk}`);
          return 'allow-once';
        },
        beforeMutation: async () => {
          order.push(`snapshot:${existsSync(join(test.workspace, 'old.txt'))}`);
        },
      }),
    );
    expect(run.state).toBe('succeeded');
    expect(order).toEqual(['ask:destructive', 'snapshot:true']);
    expect(existsSync(join(test.workspace, 'old.txt'))).toBe(false);
  });

  it('queues the approval when nobody can be asked; the run is blocked until approved and resumed', async () => {
    const test = harness();
    const policy: Policy = { ...allowAll, defaults: { ...allowAll.defaults, exec: 'ask' } };
    const plan = [
      step('s1', 'emit', { value: 'ready' }),
      step('s2', 'run', { command: 'echo ${s1.output.value}' }, { dependsOn: ['s1'] }),
      step('s3', 'emit', { value: '${s2.text}' }, { dependsOn: ['s2'] }),
    ];
    const blocked = await executePlan(plan, test.options({ policy }));
    expect(blocked.state).toBe('blocked');
    expect(statesOf(blocked)).toEqual({ s1: 'succeeded', s2: 'blocked', s3: 'pending' });
    const approvalId = blocked.steps[1]?.approvalId as string;
    expect(blocked.steps[1]?.error?.message).toContain(`venom approvals approve ${approvalId}`);

    const queue = createApprovalQueue(test.store);
    expect(queue.list({ state: 'pending' })).toEqual([
      expect.objectContaining({
        id: approvalId,
        runId: blocked.id,
        stepId: 's2',
        command: 'echo ready',
        risk: 'exec',
      }),
    ]);
    expect(listRuns(test.store, { unfinished: true }).map((run) => run.id)).toEqual([blocked.id]);

    // Still pending: resuming changes nothing.
    const stillBlocked = await resumePlan(blocked.id, test.options({ policy }));
    expect(statesOf(stillBlocked)).toEqual({ s1: 'succeeded', s2: 'blocked', s3: 'pending' });
    expect(queue.list()).toHaveLength(1);

    expect(() => queue.approve('ap-nothere')).toThrow(
      expect.objectContaining({
        code: 'APPROVAL_UNKNOWN',
        category: 'usage',
        hint: expect.stringContaining(approvalId),
      }),
    );
    queue.approve(approvalId, { always: true });
    const remembered: PolicyRule[][] = [];
    const resumed = await resumePlan(
      blocked.id,
      test.options({ policy, onRememberRule: (rules) => remembered.push(rules) }),
    );
    expect(resumed.state).toBe('succeeded');
    expect(resumed.steps[2]?.result?.output).toEqual({ value: 'ready\n' });
    expect(remembered).toEqual([
      [{ action: 'demo.run', pattern: 'echo *', decision: 'allow', source: 'remembered' }],
    ]);
    expect(test.recorder.calls.filter((call) => call.startsWith('emit:"ready"'))).toHaveLength(1);
    expect(listRuns(test.store, { unfinished: true })).toEqual([]);
    expect(() => queue.reject(approvalId)).toThrow(expect.objectContaining({ code: 'APPROVAL_DECIDED' }));
  });

  it('lets only one of two concurrent resumes take a run, so no step runs twice', async () => {
    const test = harness();
    const policy: Policy = { ...allowAll, defaults: { ...allowAll.defaults, write: 'ask' } };
    const blocked = await executePlan(
      [step('s1', 'write', { path: 'once.txt', content: 'x' })],
      test.options({ policy }),
    );
    createApprovalQueue(test.store).approve(blocked.steps[0]?.approvalId as string);
    const outcomes = await Promise.allSettled([
      resumePlan(blocked.id, test.options({ policy })),
      resumePlan(blocked.id, test.options({ policy })),
    ]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = outcomes.find((outcome) => outcome.status === 'rejected');
    expect(refused?.reason).toMatchObject({ code: 'RUN_ACTIVE', category: 'usage' });
    expect(test.recorder.calls).toEqual(['write:once.txt']);
  });

  it('fails a queued step whose approval was rejected, on resume', async () => {
    const test = harness();
    const policy: Policy = { ...allowAll, defaults: { ...allowAll.defaults, write: 'ask' } };
    const blocked = await executePlan(
      [step('s1', 'write', { path: 'x.txt', content: 'x' })],
      test.options({ policy }),
    );
    createApprovalQueue(test.store).reject(blocked.steps[0]?.approvalId as string);
    const resumed = await resumePlan(blocked.id, test.options({ policy }));
    expect(resumed.state).toBe('failed');
    expect(resumed.steps[0]?.error?.code).toBe('APPROVAL_DENIED');
    expect(test.recorder.calls).toEqual([]);
  });

  it('Ctrl-C mid-plan cancels the running steps, kills their processes, persists the cancelled run and resumes it', async () => {
    const test = harness();
    const controller = new AbortController();
    const pidFile = join(test.workspace, 'sleep.pid');
    const plan = [
      step('s1', 'run', { command: `sleep 60 & echo $! > ${pidFile}; wait` }),
      step('s2', 'hang'),
      step('s3', 'emit', { value: 'after' }, { dependsOn: ['s1'] }),
    ];
    const running = executePlan(plan, test.options({ signal: controller.signal }));
    while (!existsSync(pidFile) || readFileSync(pidFile, 'utf8').trim() === '') await sleep(10);
    const sleepPid = Number(readFileSync(pidFile, 'utf8'));
    controller.abort();
    const run = await running;

    expect(run.state).toBe('cancelled');
    expect(statesOf(run)).toEqual({ s1: 'cancelled', s2: 'cancelled', s3: 'pending' });
    expect(listRuns(test.store)).toEqual([run]);
    expect(isAlive(sleepPid)).toBe(false);
    expect(test.events.at(-1)).toMatchObject({ type: 'plan-end', payload: { state: 'cancelled' } });

    const resumed = await resumePlan(
      run.id,
      test.options({
        registry: createSkillRegistry([
          {
            name: 'demo',
            description: 'demo',
            source: 'builtin',
            actions: demoActions(test.recorder).map((action) =>
              // The interrupted steps finish at once this time.
              action.name === 'hang' || action.name === 'run'
                ? { ...action, execute: async () => result(true, 'done') }
                : action,
            ),
          },
        ]),
      }),
    );
    rmSync(pidFile);
    expect(resumed.state).toBe('succeeded');
    expect(resumed.steps.map((stepRun) => stepRun.attempts)).toEqual([2, 2, 1]);
  });

  it('Ctrl-C during an approval prompt cancels the step without running it, and asks one question at a time', async () => {
    const test = harness();
    const controller = new AbortController();
    const policy: Policy = { ...allowAll, defaults: { ...allowAll.defaults, write: 'ask' } };
    const asked: string[] = [];
    const run = await executePlan(
      [
        step('s1', 'write', { path: 'a.txt', content: 'a' }),
        step('s2', 'write', { path: 'b.txt', content: 'b' }),
      ],
      test.options({
        policy,
        signal: controller.signal,
        askApproval: (request, signal) => {
          asked.push(request.stepId);
          setTimeout(() => controller.abort(), 5);
          return new Promise((_resolve, reject) =>
            signal.addEventListener('abort', () => reject(new Error('closed'))),
          );
        },
      }),
    );
    expect(run.state).toBe('cancelled');
    expect(statesOf(run)).toEqual({ s1: 'cancelled', s2: 'cancelled' });
    expect(asked).toEqual(['s1']);
    expect(test.recorder.calls).toEqual([]);
  });

  it('rejects an invalid plan before running anything, naming every problem', async () => {
    const test = harness();
    const error = await executePlan(
      [
        step('s1', 'emit', { value: 1 }, { dependsOn: ['s2'] }),
        step('s2', 'emit', { value: 2 }, { dependsOn: ['s1'] }),
        step('s3', 'nope'),
      ],
      test.options(),
    ).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'PLAN_INVALID', category: 'usage' });
    expect((error as Error).message).toContain('s1 -> s2 -> s1');
    expect((error as Error).message).toContain("has no action 'nope'");
    expect(test.recorder.calls).toEqual([]);
    expect(listRuns(test.store)).toEqual([]);
  });

  it('resumePlan names an unknown run', async () => {
    const test = harness();
    await expect(resumePlan('missing', test.options())).rejects.toMatchObject({
      code: 'RUN_UNKNOWN',
      category: 'usage',
    });
  });
});

/** Whether the process exists and is not a zombie waiting to be reaped. */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}
