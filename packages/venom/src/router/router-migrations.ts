import type { Migration } from '@venom/core';

/**
 * The router's tables, applied under the `router` namespace. Posteriors are stored as observed
 * counts, not as α/β, so a changed prior in configuration applies to the history already collected.
 */
export const routerMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'create-posteriors',
    up: `
      CREATE TABLE router_posteriors (
        candidate_id TEXT NOT NULL,
        task_class TEXT NOT NULL,
        successes INTEGER NOT NULL DEFAULT 0,
        failures INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (candidate_id, task_class)
      );
    `,
  },
  {
    version: 2,
    name: 'create-outcomes',
    up: `
      CREATE TABLE router_outcomes (
        request_id TEXT PRIMARY KEY,
        candidate_id TEXT NOT NULL,
        task_class TEXT NOT NULL,
        session_id TEXT,
        request_key TEXT,
        run_id TEXT,
        success INTEGER NOT NULL,
        corrected_because TEXT,
        created_at TEXT NOT NULL
      );
      CREATE INDEX router_outcomes_session ON router_outcomes (session_id, created_at);
      CREATE INDEX router_outcomes_run ON router_outcomes (run_id);
    `,
  },
];
