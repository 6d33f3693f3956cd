import { type Store, VenomError } from '@venom/core';
import type { PlanStep } from '../intent/index.js';
import type { PlanRun, RunState, StepRun, StepState } from './plan-run.js';

interface RunRow {
  id: string;
  request: string | null;
  state: RunState;
  plan: string;
  created_at: string;
  updated_at: string;
}

interface StepRow {
  run_id: string;
  step_id: string;
  position: number;
  skill: string;
  action: string;
  state: StepState;
  attempts: number;
  started_at: string | null;
  ended_at: string | null;
  duration_ms: number | null;
  result: string | null;
  error: string | null;
  approval_id: string | null;
}

function toStepRun(row: StepRow): StepRun {
  return {
    id: row.step_id,
    skill: row.skill,
    action: row.action,
    state: row.state,
    attempts: row.attempts,
    ...(row.started_at === null ? {} : { startedAt: row.started_at }),
    ...(row.ended_at === null ? {} : { endedAt: row.ended_at }),
    ...(row.duration_ms === null ? {} : { durationMs: row.duration_ms }),
    ...(row.result === null ? {} : { result: JSON.parse(row.result) as StepRun['result'] }),
    ...(row.error === null ? {} : { error: JSON.parse(row.error) as StepRun['error'] }),
    ...(row.approval_id === null ? {} : { approvalId: row.approval_id }),
  };
}

function assertMigrated(store: Store): void {
  const table = store.database
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'plan_runs'")
    .get();
  if (table === undefined) {
    throw new VenomError({
      code: 'PLAN_STORE_NOT_MIGRATED',
      category: 'internal',
      message: `the store at ${store.path} has no plan tables; open it with migrations { plan: planMigrations }`,
      details: { path: store.path },
    });
  }
}

/** Reads and writes runs and their steps; every write is one small transaction, so a crash loses nothing committed. */
export interface PlanRunStore {
  insert(run: PlanRun, plan: PlanStep[]): void;
  saveStep(runId: string, step: StepRun, updatedAt: string): void;
  saveRun(runId: string, state: RunState, updatedAt: string): void;
  load(runId: string): { run: PlanRun; plan: PlanStep[] } | undefined;
  /** Marks the run as alive now. */
  heartbeat(runId: string, at: string): void;
  /**
   * Takes the run for this process: sets it 'running' unless another process is running it, i.e.
   * unless it is 'running' with a heartbeat at or after `staleBefore`. Returns whether it was taken.
   */
  claim(runId: string, at: string, staleBefore: string): boolean;
  /** The last heartbeat of the run, if it exists. */
  heartbeatOf(runId: string): string | undefined;
}

export function createPlanRunStore(store: Store): PlanRunStore {
  assertMigrated(store);
  const { database } = store;
  const insertRun = database.prepare(
    'INSERT INTO plan_runs (id, request, state, plan, created_at, updated_at, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const insertStep = database.prepare(
    'INSERT INTO plan_steps (run_id, step_id, position, skill, action, state, attempts) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const updateStep = database.prepare(
    `UPDATE plan_steps SET state = ?, attempts = ?, started_at = ?, ended_at = ?, duration_ms = ?, result = ?, error = ?, approval_id = ?
     WHERE run_id = ? AND step_id = ?`,
  );
  const touchRun = database.prepare('UPDATE plan_runs SET updated_at = ? WHERE id = ?');
  const updateRun = database.prepare('UPDATE plan_runs SET state = ?, updated_at = ? WHERE id = ?');
  const updateHeartbeat = database.prepare('UPDATE plan_runs SET heartbeat_at = ? WHERE id = ?');
  const claimRun = database.prepare(
    `UPDATE plan_runs SET state = 'running', updated_at = ?, heartbeat_at = ?
     WHERE id = ? AND (state != 'running' OR heartbeat_at < ?)`,
  );
  const selectHeartbeat = database
    .prepare<[string], string>('SELECT heartbeat_at FROM plan_runs WHERE id = ?')
    .pluck();

  const insert = database.transaction((run: PlanRun, plan: PlanStep[]) => {
    insertRun.run(
      run.id,
      run.request ?? null,
      run.state,
      JSON.stringify(plan),
      run.createdAt,
      run.updatedAt,
      run.createdAt,
    );
    run.steps.forEach((step, position) => {
      insertStep.run(run.id, step.id, position, step.skill, step.action, step.state, step.attempts);
    });
  });
  const saveStep = database.transaction((runId: string, step: StepRun, updatedAt: string) => {
    updateStep.run(
      step.state,
      step.attempts,
      step.startedAt ?? null,
      step.endedAt ?? null,
      step.durationMs ?? null,
      step.result === undefined ? null : JSON.stringify(step.result),
      step.error === undefined ? null : JSON.stringify(step.error),
      step.approvalId ?? null,
      runId,
      step.id,
    );
    touchRun.run(updatedAt, runId);
  });

  return {
    insert: (run, plan) => insert(run, plan),
    saveStep: (runId, step, updatedAt) => saveStep(runId, step, updatedAt),
    saveRun(runId, state, updatedAt) {
      updateRun.run(state, updatedAt, runId);
    },
    load: (runId) => loadRun(store, runId),
    heartbeat(runId, at) {
      updateHeartbeat.run(at, runId);
    },
    claim(runId, at, staleBefore) {
      return claimRun.run(at, at, runId, staleBefore).changes === 1;
    },
    heartbeatOf: (runId) => selectHeartbeat.get(runId),
  };
}

function loadRun(store: Store, runId: string): { run: PlanRun; plan: PlanStep[] } | undefined {
  const row = store.database.prepare<[string], RunRow>('SELECT * FROM plan_runs WHERE id = ?').get(runId);
  if (row === undefined) return undefined;
  return { run: toPlanRun(store, row), plan: JSON.parse(row.plan) as PlanStep[] };
}

function toPlanRun(store: Store, row: RunRow): PlanRun {
  const steps = store.database
    .prepare<[string], StepRow>('SELECT * FROM plan_steps WHERE run_id = ? ORDER BY position')
    .all(row.id)
    .map(toStepRun);
  return {
    id: row.id,
    ...(row.request === null ? {} : { request: row.request }),
    state: row.state,
    steps,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * Runs kept in `store`, newest first. `unfinished`: only runs that can still reach their goal by
 * `venom resume` without changing the plan: 'running' (the process died), 'blocked' and 'cancelled'.
 */
export function listRuns(store: Store, options: { unfinished?: boolean } = {}): PlanRun[] {
  assertMigrated(store);
  const rows = options.unfinished
    ? store.database
        .prepare<[], RunRow>(
          "SELECT * FROM plan_runs WHERE state IN ('running', 'blocked', 'cancelled') ORDER BY created_at DESC, rowid DESC",
        )
        .all()
    : store.database
        .prepare<[], RunRow>('SELECT * FROM plan_runs ORDER BY created_at DESC, rowid DESC')
        .all();
  return rows.map((row) => toPlanRun(store, row));
}

/** One run by id, or undefined. */
export function getRun(store: Store, runId: string): PlanRun | undefined {
  assertMigrated(store);
  return loadRun(store, runId)?.run;
}
