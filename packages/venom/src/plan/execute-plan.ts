import { createHash, randomUUID } from 'node:crypto';
import { VenomError } from '@venom/core';
import type { PlanStep } from '../intent/index.js';
import { evaluatePolicy, type PolicyRequest, type RiskLevel, rememberRule } from '../sandbox/index.js';
import type { ActionDescription, SkillAction, SkillResult } from '../skills/index.js';
import { createApprovalQueue, enqueueApproval } from './approval-queue.js';
import type {
  ApprovalRequestInfo,
  ExecutePlanOptions,
  PlanRun,
  RunState,
  StepRun,
  StepState,
} from './plan-run.js';
import { createPlanRunStore, type PlanRunStore } from './plan-run-store.js';
import { resolveReferences } from './resolve-references.js';
import { loadZod, paramsSchemaOf, validatePlan } from './validate-plan.js';

const DEFAULT_PARALLELISM = 4;
/** After an abort, how long a step's execute may take to stop its processes before the executor moves on. */
const ABORT_GRACE_MS = 2000;
/** How often a process executing a run marks it alive in the store. */
const HEARTBEAT_INTERVAL_MS = 5000;
/** A 'running' run whose heartbeat is older than this (three missed beats) was left by a dead process. */
const STALE_AFTER_MS = 3 * HEARTBEAT_INTERVAL_MS;

export interface ResumePlanOptions extends Omit<ExecutePlanOptions, 'request'> {
  /** Take the run even if another process seems to be executing it (its heartbeat is recent). */
  force?: boolean;
}

type StepError = { code: string; message: string };

/** An approval granted before the step runs again: from the queue (venom approvals approve) on resume. */
interface GrantedApproval {
  approvalId: string;
  always: boolean;
}

interface Driver {
  run: PlanRun;
  plan: PlanStep[];
  options: ExecutePlanOptions;
  runStore: PlanRunStore;
  resumed: boolean;
  granted: Map<string, GrantedApproval>;
}

type AttemptOutcome =
  | { kind: 'result'; result: SkillResult }
  | { kind: 'error'; error: unknown }
  | { kind: 'timeout' }
  | { kind: 'cancelled' };

function invalidPlan(problems: { message: string }[], details: Record<string, unknown>): VenomError {
  return new VenomError({
    code: 'PLAN_INVALID',
    category: 'usage',
    message: `the plan cannot run:\n${problems.map((problem) => `  - ${problem.message}`).join('\n')}`,
    hint: 'Fix the steps named above; nothing was run.',
    details,
  });
}

/** sha256 of the JSON of an output: what step-end events record instead of the output itself. */
export function digestOutput(output: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(output ?? null) ?? 'null')
    .digest('hex');
}

function isSecurityError(error: unknown): error is VenomError {
  return VenomError.isInstance(error) && error.code.startsWith('SECURITY_');
}

function describeError(error: unknown): StepError {
  if (VenomError.isInstance(error)) return { code: error.code, message: error.message };
  return { code: 'STEP_ERROR', message: error instanceof Error ? error.message : String(error) };
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return (lines[lines.length - 1] ?? '').slice(0, 500);
}

/**
 * Runs a validated plan: steps in dependency order, independent ones in parallel up to `parallelism`,
 * each behind the approval policy, with the time-machine hook before mutating steps, a per-attempt
 * timeout, retries and the failure policy. Every transition is persisted, so a run interrupted by a
 * crash can be continued with `resumePlan`. Throws VenomError PLAN_INVALID (usage) listing every
 * problem when the plan does not validate; nothing runs then.
 */
export async function executePlan(steps: PlanStep[], options: ExecutePlanOptions): Promise<PlanRun> {
  const validation = await validatePlan(steps, options.registry);
  if (!validation.ok) throw invalidPlan(validation.problems, { problems: validation.problems });
  const runStore = createPlanRunStore(options.store);
  const now = (options.clock ?? (() => new Date()))().toISOString();
  const run: PlanRun = {
    id: randomUUID(),
    ...(options.request === undefined ? {} : { request: options.request }),
    state: 'running',
    steps: steps.map((step) => ({
      id: step.id,
      skill: step.skill,
      action: step.action,
      state: 'pending',
      attempts: 0,
    })),
    createdAt: now,
    updatedAt: now,
  };
  runStore.insert(run, steps);
  return drive({ run, plan: steps, options, runStore, resumed: false, granted: new Map() });
}

/**
 * Continues a run that did not succeed (crashed, blocked, cancelled or failed): succeeded steps keep
 * their results, the others run again. A step blocked on a queued approval runs once it is approved,
 * fails if it was rejected, and stays blocked while it is pending. Throws VenomError RUN_UNKNOWN
 * (usage) for an unknown id, PLAN_INVALID when the skills changed so that the plan no longer validates,
 * RUN_ACTIVE (usage) when another live process is executing the run (its heartbeat is under 15 s old;
 * a crashed process stops beating) unless `force`.
 */
export async function resumePlan(runId: string, options: ResumePlanOptions): Promise<PlanRun> {
  const runStore = createPlanRunStore(options.store);
  const loaded = runStore.load(runId);
  if (loaded === undefined) {
    throw new VenomError({
      code: 'RUN_UNKNOWN',
      category: 'usage',
      message: `no plan run has the id '${runId}'`,
      hint: "Run 'venom resume' without an id to list the runs that can be resumed.",
      details: { runId },
    });
  }
  const { run, plan } = loaded;
  if (run.state === 'succeeded') return run;
  const validation = await validatePlan(plan, options.registry);
  if (!validation.ok) throw invalidPlan(validation.problems, { runId, problems: validation.problems });

  const clock = options.clock ?? (() => new Date());
  const now = clock().toISOString();
  const staleBefore = options.force
    ? '9999-12-31T23:59:59.999Z'
    : new Date(Date.parse(now) - STALE_AFTER_MS).toISOString();
  if (!runStore.claim(run.id, now, staleBefore)) {
    const heartbeat = runStore.heartbeatOf(run.id);
    throw new VenomError({
      code: 'RUN_ACTIVE',
      category: 'usage',
      message: `run ${run.id} is being executed by another process (last heard from at ${heartbeat})`,
      hint: `Wait for it to finish. If that process is gone, retry in ${STALE_AFTER_MS / 1000} s, or resume with --force.`,
      details: { runId: run.id, heartbeatAt: heartbeat ?? null },
    });
  }
  const queue = createApprovalQueue(
    options.store,
    options.clock === undefined ? {} : { clock: options.clock },
  );
  const granted = new Map<string, GrantedApproval>();
  const rejected: StepRun[] = [];
  for (const stepRun of run.steps) {
    if (stepRun.state === 'succeeded') continue;
    const approval = stepRun.approvalId === undefined ? undefined : queue.get(stepRun.approvalId);
    if (stepRun.state === 'blocked' && approval?.state === 'pending') continue;
    if (stepRun.state === 'blocked' && approval?.state === 'rejected') {
      Object.assign(stepRun, {
        state: 'failed' satisfies StepState,
        endedAt: now,
        error: { code: 'APPROVAL_DENIED', message: `approval ${approval.id} was rejected` },
      });
      rejected.push(stepRun);
    } else {
      if (stepRun.state === 'blocked' && approval?.state === 'approved') {
        granted.set(stepRun.id, { approvalId: approval.id, always: approval.always });
      }
      stepRun.state = 'pending';
      for (const key of ['startedAt', 'endedAt', 'durationMs', 'result', 'error', 'approvalId'] as const) {
        delete stepRun[key];
      }
    }
    runStore.saveStep(run.id, stepRun, now);
  }
  run.state = 'running';
  run.updatedAt = now;
  const driver: Driver = { run, plan, options, runStore, resumed: true, granted };
  for (const stepRun of rejected) {
    emit(driver, 'approval-answer', stepRun.id, { answer: 'deny', source: 'queue' });
  }
  return drive(driver);
}

function emit(driver: Driver, type: string, stepId: string | null, payload: Record<string, unknown>): void {
  const correlation: Record<string, string> = { runId: driver.run.id };
  if (stepId !== null) correlation.stepId = stepId;
  driver.options.onEvent?.({ type, payload, correlation });
}

function snapshot(run: PlanRun): PlanRun {
  return { ...run, steps: run.steps.map((step) => ({ ...step })) };
}

async function drive(driver: Driver): Promise<PlanRun> {
  const { run, plan, options, runStore } = driver;
  const clock = options.clock ?? (() => new Date());
  const parallelism = Math.max(1, options.parallelism ?? DEFAULT_PARALLELISM);
  const failurePolicy = options.failurePolicy ?? 'skip-dependents';
  const stepRuns = new Map(run.steps.map((stepRun) => [stepRun.id, stepRun]));
  /** `{ output, text, exitCode, ok }` of each succeeded step, for references. */
  const outputs: Record<string, unknown> = {};
  for (const stepRun of run.steps) {
    if (stepRun.state === 'succeeded' && stepRun.result !== undefined)
      outputs[stepRun.id] = referable(stepRun.result);
  }
  let stopped = false;
  let approvalTurn: Promise<unknown> = Promise.resolve();

  function transition(stepRun: StepRun, state: StepState, changes: Partial<StepRun> = {}): void {
    const now = clock();
    Object.assign(stepRun, changes, { state });
    if (state !== 'running' && state !== 'pending' && state !== 'blocked') {
      stepRun.endedAt = now.toISOString();
      if (stepRun.startedAt !== undefined) stepRun.durationMs = now.getTime() - Date.parse(stepRun.startedAt);
    }
    run.updatedAt = now.toISOString();
    runStore.saveStep(run.id, stepRun, run.updatedAt);
    options.onProgress?.(snapshot(run));
  }

  function end(step: PlanStep, stepRun: StepRun, state: StepState, changes: Partial<StepRun> = {}): void {
    transition(stepRun, state, changes);
    emit(driver, 'step-end', step.id, {
      skill: step.skill,
      action: step.action,
      state,
      attempts: stepRun.attempts,
      durationMs: stepRun.durationMs ?? null,
      exitCode: stepRun.result?.exitCode ?? null,
      outputDigest: stepRun.result === undefined ? null : digestOutput(stepRun.result.output),
      error: stepRun.error ?? null,
    });
  }

  /** 'run', 'wait', or why the step is skipped. */
  function readiness(step: PlanStep): 'run' | 'wait' | StepError {
    const dependencies = (step.dependsOn ?? []).map((id) => stepRuns.get(id));
    const waiting = (dependency: StepRun | undefined) =>
      dependency === undefined || !isSettled(dependency.state) || dependency.state === 'blocked';
    if (dependencies.some(waiting)) return 'wait';
    const unmet = dependencies
      .filter((dependency) => dependency?.state !== 'succeeded')
      .map((dependency) => dependency?.id);
    if (unmet.length === 0) return 'run';
    if (step.condition === 'previous-succeeded') {
      return { code: 'CONDITION_UNMET', message: `skipped: it runs only if ${unmet.join(', ')} succeeded` };
    }
    if (failurePolicy === 'continue') return 'run';
    return { code: 'DEPENDENCY_FAILED', message: `skipped: ${unmet.join(', ')} did not succeed` };
  }

  async function askInTurn(info: ApprovalRequestInfo, signal: AbortSignal) {
    const ask = options.askApproval;
    if (ask === undefined) throw new Error('askInTurn needs askApproval');
    // One prompt at a time: parallel steps must not interleave their questions on the terminal.
    const turn = approvalTurn.then(() => (signal.aborted ? undefined : ask(info, signal)));
    approvalTurn = turn.catch(() => undefined);
    return raceAbort(turn, signal);
  }

  async function runStep(step: PlanStep, stepRun: StepRun): Promise<void> {
    const signal = options.signal;
    const action = options.registry.findAction(step.skill, step.action);
    if (action === undefined) {
      end(step, stepRun, 'failed', {
        error: { code: 'ACTION_UNKNOWN', message: `skill '${step.skill}' has no action '${step.action}'` },
      });
      return;
    }
    let params: unknown;
    try {
      const resolved = resolveReferences(step.params, outputs);
      const parsed = paramsSchemaOf(action, await loadZod()).safeParse(resolved);
      if (!parsed.success) {
        const issues = parsed.error.issues.map(
          (issue) => `params.${issue.path.map(String).join('.')}: ${issue.message}`,
        );
        throw new VenomError({
          code: 'PARAMS_INVALID',
          category: 'usage',
          message: `step ${step.id}: ${issues.join('; ')}`,
        });
      }
      params = parsed.data;
    } catch (error) {
      end(step, stepRun, 'failed', { error: describeError(error) });
      return;
    }

    const context = { ...options.context, signal };
    let description: ActionDescription;
    let risk: RiskLevel;
    try {
      description = action.describe(params);
      risk = action.assessRisk === undefined ? action.risk : await action.assessRisk(context, params);
    } catch (error) {
      end(step, stepRun, 'failed', { error: describeError(error) });
      return;
    }
    const request: PolicyRequest = {
      skill: step.skill,
      action: step.action,
      risk,
      ...(description.command === undefined ? {} : { command: description.command }),
      ...(description.paths === undefined ? {} : { paths: description.paths }),
    };
    const decision = evaluatePolicy(request, options.policy);
    if (decision.decision === 'deny') {
      emit(driver, 'security-violation', step.id, {
        kind: 'policy-deny',
        skill: step.skill,
        action: step.action,
        risk,
        summary: description.summary,
        command: description.command ?? null,
        paths: description.paths ?? null,
        reason: decision.reason,
        rule: decision.rule ?? null,
      });
      end(step, stepRun, 'failed', {
        error: {
          code: 'SECURITY_DENIED',
          message: `the policy denies ${description.summary}: ${decision.reason}`,
        },
      });
      return;
    }
    if (decision.decision === 'ask') {
      const granted = driver.granted.get(step.id);
      const info: ApprovalRequestInfo = {
        runId: run.id,
        stepId: step.id,
        skill: step.skill,
        action: step.action,
        risk,
        summary: description.summary,
        ...(description.command === undefined ? {} : { command: description.command }),
        ...(description.paths === undefined ? {} : { paths: description.paths }),
        reason: decision.reason,
      };
      if (granted !== undefined) {
        driver.granted.delete(step.id);
        emit(driver, 'approval-answer', step.id, {
          approvalId: granted.approvalId,
          answer: granted.always ? 'allow-always' : 'allow-once',
          source: 'queue',
        });
        if (granted.always) options.onRememberRule?.(rememberRule(request));
      } else if (options.askApproval !== undefined) {
        emit(driver, 'approval-request', step.id, { ...info, queued: false });
        transition(stepRun, 'blocked', {
          error: { code: 'APPROVAL_REQUIRED', message: `waiting for an answer: ${decision.reason}` },
        });
        let answer: Awaited<ReturnType<typeof askInTurn>>;
        try {
          answer = await askInTurn(info, signal);
        } catch (error) {
          end(step, stepRun, 'failed', { error: describeError(error) });
          return;
        }
        if (answer === undefined) {
          end(step, stepRun, 'cancelled', {
            error: { code: 'CANCELLED', message: 'cancelled while waiting for approval' },
          });
          return;
        }
        emit(driver, 'approval-answer', step.id, { answer, source: 'interactive' });
        if (answer === 'deny') {
          end(step, stepRun, 'failed', {
            error: { code: 'APPROVAL_DENIED', message: `denied: ${description.summary}` },
          });
          return;
        }
        delete stepRun.error;
        if (answer === 'allow-always') options.onRememberRule?.(rememberRule(request));
      } else {
        const approvalId = enqueueApproval(options.store, info, clock);
        emit(driver, 'approval-request', step.id, { ...info, approvalId, queued: true });
        transition(stepRun, 'blocked', {
          approvalId,
          error: {
            code: 'APPROVAL_REQUIRED',
            message: `waiting for approval ${approvalId} (${decision.reason}); run 'venom approvals approve ${approvalId}', then 'venom resume ${run.id}'`,
          },
        });
        return;
      }
    }

    const retries = Math.max(0, options.retries ?? 0);
    transition(stepRun, 'running', { startedAt: clock().toISOString(), attempts: stepRun.attempts + 1 });
    emit(driver, 'step-start', step.id, {
      skill: step.skill,
      action: step.action,
      attempt: stepRun.attempts,
    });

    if (action.mutating || risk === 'destructive') {
      try {
        await options.beforeMutation?.(step, description);
      } catch (error) {
        end(step, stepRun, 'failed', {
          error: {
            code: 'SNAPSHOT_FAILED',
            message: `the workspace could not be saved before ${description.summary}, so it did not run: ${describeError(error).message}`,
          },
        });
        return;
      }
    }

    for (let attempt = 0; ; attempt += 1) {
      if (attempt > 0) {
        transition(stepRun, 'running', { attempts: stepRun.attempts + 1 });
        emit(driver, 'step-retry', step.id, {
          skill: step.skill,
          action: step.action,
          attempt: stepRun.attempts,
        });
      }
      const outcome = signal.aborted
        ? ({ kind: 'cancelled' } as const)
        : await attemptOnce(action, params, context);
      if (outcome.kind === 'cancelled') {
        end(step, stepRun, 'cancelled', { error: { code: 'CANCELLED', message: 'cancelled (Ctrl-C)' } });
        return;
      }
      if (outcome.kind === 'result' && outcome.result.ok) {
        outputs[step.id] = referable(outcome.result);
        end(step, stepRun, 'succeeded', { result: outcome.result });
        return;
      }
      if (outcome.kind === 'error' && isSecurityError(outcome.error)) {
        emit(driver, 'security-violation', step.id, {
          kind: 'skill-error',
          skill: step.skill,
          action: step.action,
          code: outcome.error.code,
          message: outcome.error.message,
          details: outcome.error.details,
        });
        end(step, stepRun, 'failed', { error: describeError(outcome.error) });
        return;
      }
      if (attempt < retries && isRetryable(outcome)) continue;
      if (outcome.kind === 'result') {
        end(step, stepRun, 'failed', {
          result: outcome.result,
          error: {
            code: 'STEP_FAILED',
            message: `${description.summary} failed (exit ${outcome.result.exitCode ?? 'none'}): ${lastLine(outcome.result.text)}`,
          },
        });
      } else if (outcome.kind === 'timeout') {
        end(step, stepRun, 'failed', {
          error: {
            code: 'STEP_TIMEOUT',
            message: `${description.summary} took longer than ${options.stepTimeoutMs} ms`,
          },
        });
      } else {
        end(step, stepRun, 'failed', { error: describeError(outcome.error) });
      }
      return;
    }
  }

  /** One call of execute with its own signal: aborted by Ctrl-C or by the step timeout. */
  async function attemptOnce(
    action: SkillAction,
    params: unknown,
    context: ExecutePlanOptions['context'],
  ): Promise<AttemptOutcome> {
    const controller = new AbortController();
    const runSignal = options.signal;
    const onRunAbort = () => controller.abort(runSignal.reason);
    runSignal.addEventListener('abort', onRunAbort, { once: true });
    let timedOut = false;
    const timer =
      options.stepTimeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            controller.abort(
              new VenomError({
                code: 'STEP_TIMEOUT',
                category: 'environment',
                message: 'the step timed out',
              }),
            );
          }, options.stepTimeoutMs);
    let stopWaiting: (() => void) | undefined;
    const aborted = new Promise<'aborted'>((resolve) => {
      stopWaiting = () => resolve('aborted');
      controller.signal.addEventListener('abort', stopWaiting, { once: true });
    });
    const execution = Promise.resolve()
      .then(() => action.execute({ ...context, signal: controller.signal }, params))
      .then(
        (result): AttemptOutcome => ({ kind: 'result', result }),
        (error: unknown): AttemptOutcome => ({ kind: 'error', error }),
      );
    try {
      const first = await Promise.race([execution, aborted]);
      if (first === 'aborted' || controller.signal.aborted) {
        // Give the action a moment to stop its processes (the sandbox kills the tree on abort).
        await Promise.race([execution, delay(ABORT_GRACE_MS)]);
        return timedOut && !runSignal.aborted ? { kind: 'timeout' } : { kind: 'cancelled' };
      }
      return first;
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      runSignal.removeEventListener('abort', onRunAbort);
      if (stopWaiting !== undefined) controller.signal.removeEventListener('abort', stopWaiting);
    }
  }

  emit(driver, 'plan-start', null, {
    request: run.request ?? null,
    steps: plan.map((step) => ({
      id: step.id,
      skill: step.skill,
      action: step.action,
      dependsOn: step.dependsOn,
    })),
    resumed: driver.resumed,
  });
  options.onProgress?.(snapshot(run));

  /** Starts every ready step, up to the parallelism, until nothing runs and nothing can start. */
  async function schedule(): Promise<void> {
    const active = new Map<string, Promise<void>>();
    for (;;) {
      let changed = true;
      while (changed && !options.signal.aborted && !stopped) {
        changed = false;
        for (const step of plan) {
          if (active.size >= parallelism) break;
          const stepRun = stepRuns.get(step.id);
          if (stepRun === undefined || stepRun.state !== 'pending' || active.has(step.id)) continue;
          const ready = readiness(step);
          if (ready === 'wait') continue;
          if (ready !== 'run') {
            end(step, stepRun, 'skipped', { error: ready });
            changed = true;
            continue;
          }
          const task = runStep(step, stepRun)
            .catch((error: unknown) => {
              // A failure outside the action (the store, an event sink): recorded on the step, never lost.
              if (!isSettled(stepRun.state) || stepRun.state === 'blocked') {
                try {
                  end(step, stepRun, 'failed', { error: describeError(error) });
                } catch {
                  stepRun.state = 'failed';
                  stepRun.error = describeError(error);
                }
              }
            })
            .then(() => {
              if (stepRun.state === 'failed' && failurePolicy === 'stop') stopped = true;
              active.delete(step.id);
            });
          active.set(step.id, task);
        }
      }
      if (active.size === 0) break;
      await Promise.race(active.values());
    }
  }

  /** Settles the run state from its steps, persists it and reports the end. */
  function finish(): PlanRun {
    if (stopped && !options.signal.aborted) {
      for (const step of plan) {
        const stepRun = stepRuns.get(step.id);
        if (stepRun?.state === 'pending') {
          end(step, stepRun, 'skipped', {
            error: { code: 'PLAN_STOPPED', message: 'skipped: the plan stopped after a failure' },
          });
        }
      }
    }
    const states = run.steps.map((stepRun) => stepRun.state);
    const state: RunState =
      options.signal.aborted || states.includes('cancelled')
        ? 'cancelled'
        : states.includes('blocked')
          ? 'blocked'
          : states.some((stepState) => stepState !== 'succeeded')
            ? 'failed'
            : 'succeeded';
    run.state = state;
    run.updatedAt = clock().toISOString();
    runStore.saveRun(run.id, state, run.updatedAt);
    const counts: Record<string, number> = {};
    for (const stepState of states) counts[stepState] = (counts[stepState] ?? 0) + 1;
    emit(driver, 'plan-end', null, { state, counts });
    options.onProgress?.(snapshot(run));
    return run;
  }

  const heartbeat = setInterval(() => {
    try {
      runStore.heartbeat(run.id, clock().toISOString());
    } catch {
      // A busy store misses one beat; the next one, 5 s later, tries again.
    }
  }, HEARTBEAT_INTERVAL_MS);
  heartbeat.unref();
  try {
    await schedule();
  } finally {
    clearInterval(heartbeat);
  }
  return finish();
}

/**
 * A failed result, a timeout or an unexpected error may pass on a second try; a usage error (bad
 * params, a refused path) or a sandbox that cannot run here will not, and is never retried.
 */
function isRetryable(outcome: AttemptOutcome): boolean {
  if (outcome.kind !== 'error' || !VenomError.isInstance(outcome.error)) return true;
  return outcome.error.category !== 'usage' && outcome.error.code !== 'SANDBOX_UNAVAILABLE';
}

function isSettled(state: StepState): boolean {
  return state !== 'pending' && state !== 'running';
}

function referable(result: SkillResult): Record<string, unknown> {
  return { output: result.output, text: result.text, exitCode: result.exitCode, ok: result.ok };
}

function delay(milliseconds: number): Promise<void> {
  return new Promise((resolve) => {
    setTimeout(resolve, milliseconds).unref();
  });
}

/** The promise's value, or undefined as soon as the signal aborts. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise<T | undefined>((resolve, reject) => {
    const onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
