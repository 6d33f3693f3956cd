import type { Migration } from '@venom/core';

/**
 * The executor's tables, applied under the `plan` namespace: runs (with the plan they execute, so a
 * run can be resumed in another process), the state of every step (written at each transition), and
 * the approval queue. `heartbeat_at` is refreshed by the process executing a run, so another process
 * can tell a live run from one whose process died.
 */
export const planMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'create-runs-steps-approvals',
    up: `
      CREATE TABLE plan_runs (
        id TEXT PRIMARY KEY,
        request TEXT,
        state TEXT NOT NULL,
        plan TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        heartbeat_at TEXT NOT NULL
      );
      CREATE INDEX plan_runs_state ON plan_runs (state);
      CREATE TABLE plan_steps (
        run_id TEXT NOT NULL REFERENCES plan_runs (id) ON DELETE CASCADE,
        step_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        skill TEXT NOT NULL,
        action TEXT NOT NULL,
        state TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        started_at TEXT,
        ended_at TEXT,
        duration_ms REAL,
        result TEXT,
        error TEXT,
        approval_id TEXT,
        PRIMARY KEY (run_id, step_id)
      );
      CREATE TABLE plan_approvals (
        id TEXT PRIMARY KEY,
        run_id TEXT NOT NULL,
        step_id TEXT NOT NULL,
        skill TEXT NOT NULL,
        action TEXT NOT NULL,
        risk TEXT NOT NULL,
        summary TEXT NOT NULL,
        command TEXT,
        paths TEXT,
        reason TEXT NOT NULL,
        state TEXT NOT NULL,
        always INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        decided_at TEXT
      );
      CREATE INDEX plan_approvals_state ON plan_approvals (state);
      CREATE INDEX plan_approvals_step ON plan_approvals (run_id, step_id);
    `,
  },
];
