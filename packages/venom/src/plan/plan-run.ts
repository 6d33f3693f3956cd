import type { Store } from '@venom/core';
import type { PlanStep } from '../intent/index.js';
import type { Policy, PolicyRule } from '../sandbox/index.js';
import type { ActionDescription, SkillContext, SkillRegistry, SkillResult } from '../skills/index.js';

/**
 * A step's place in the goal state machine:
 * pending -> running -> succeeded | failed | blocked (waiting for an approval) | cancelled;
 * pending -> skipped when a dependency did not succeed and the step cannot run without it.
 */
export type StepState = 'pending' | 'running' | 'succeeded' | 'failed' | 'blocked' | 'cancelled' | 'skipped';

/** A run's state; a run interrupted by a crash stays 'running' in the store until it is resumed. */
export type RunState = 'running' | 'succeeded' | 'failed' | 'blocked' | 'cancelled';

/** One step of a run, as persisted at each transition. */
export interface StepRun {
  id: string;
  skill: string;
  action: string;
  state: StepState;
  /** How many times execute was called, across retries and resumes. */
  attempts: number;
  startedAt?: string;
  endedAt?: string;
  durationMs?: number;
  result?: SkillResult;
  /** Why the step failed, was skipped, blocked or cancelled. */
  error?: { code: string; message: string };
  /** The queued approval a blocked step waits for. */
  approvalId?: string;
}

/** One execution of a plan. */
export interface PlanRun {
  id: string;
  request?: string;
  state: RunState;
  steps: StepRun[];
  createdAt: string;
  updatedAt: string;
}

/** One reason a plan cannot run, found before anything runs. `stepId` is null for a plan-wide problem. */
export interface PlanProblem {
  stepId: string | null;
  code:
    | 'SKILL_UNKNOWN'
    | 'ACTION_UNKNOWN'
    | 'PARAMS_INVALID'
    | 'CYCLE'
    | 'DEPENDENCY_MISSING'
    | 'REFERENCE_INVALID'
    | 'ID_DUPLICATE';
  message: string;
}

/** What an approval prompt (or `venom approvals show`) tells the user. */
export interface ApprovalRequestInfo {
  runId: string;
  stepId: string;
  skill: string;
  action: string;
  risk: string;
  summary: string;
  /** The exact command line. */
  command?: string;
  /** The exact paths. */
  paths?: string[];
  /** Why the policy asks, e.g. "exec actions ask by default". */
  reason: string;
}

export type ApprovalAnswer = 'allow-once' | 'allow-always' | 'deny';

/** Interactive asker (the CLI supplies one on a TTY); undefined = non-interactive: the step is queued and the run becomes 'blocked'. */
export type AskApproval = (request: ApprovalRequestInfo, signal: AbortSignal) => Promise<ApprovalAnswer>;

/** An event for the event log: `plan-start`, `step-start`, `step-end`, `approval-request`, `approval-answer`, `security-violation`, `plan-end`. */
export interface PlanEvent {
  type: string;
  payload: Record<string, unknown>;
  correlation: Record<string, string>;
}

export interface ExecutePlanOptions {
  registry: SkillRegistry;
  /** Handed to every action, with a per-step signal added. */
  context: Omit<SkillContext, 'signal'>;
  policy: Policy;
  /** Runs, step states and the approval queue persist here (opened with `{ plan: planMigrations }`). */
  store: Store;
  askApproval?: AskApproval;
  /** 'allow-always' answers; the CLI writes them to the project config. */
  onRememberRule?(rules: PolicyRule[]): void;
  /** Steps running at once. Default 4. */
  parallelism?: number;
  /** Per attempt; a timed-out attempt fails with STEP_TIMEOUT (and may be retried). Default: none. */
  stepTimeoutMs?: number;
  /** Further attempts after a failure; never after a denial, a security error or a cancellation. Default 0. */
  retries?: number;
  /**
   * What a failed step does to the rest of the plan. 'stop': start nothing more; 'continue': run every
   * other step, dependents included (unless their condition says otherwise); 'skip-dependents' (default):
   * steps that depend on it, directly or not, are skipped, the others run.
   */
  failurePolicy?: 'stop' | 'continue' | 'skip-dependents';
  /**
   * The time-machine hook: awaited before every mutating step runs (after its approval). A hook that
   * throws fails the step with SNAPSHOT_FAILED and the step does not run.
   */
  beforeMutation?(step: PlanStep, description: ActionDescription): Promise<void>;
  /** plan-start, step-start, step-end (with output digest sha256), approval-request, approval-answer, security-violation, plan-end. */
  onEvent?(event: PlanEvent): void;
  /** Called with a snapshot of the run at every transition, for live progress. */
  onProgress?(run: PlanRun): void;
  /** Ctrl-C: running steps are aborted and end 'cancelled'; the run ends 'cancelled'. */
  signal: AbortSignal;
  clock?: () => Date;
  /** The user's request the plan came from, kept with the run. */
  request?: string;
}
