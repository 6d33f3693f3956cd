import type { Migration } from '@venom/core';

/**
 * The budget ledger's tables, applied under the `budget` namespace. Money is stored as integer
 * nano-dollars (1e-9 USD) so that limits compare exactly; times are UTC epoch milliseconds, and each
 * spend row carries its UTC day and month for the per-day and per-month limits.
 */
export const budgetMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'create-ledger',
    up: `
      CREATE TABLE budget_reservations (
        id TEXT PRIMARY KEY,
        amount_nano INTEGER NOT NULL,
        model TEXT NOT NULL,
        request_id TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE INDEX budget_reservations_expires ON budget_reservations (expires_at);
      CREATE TABLE budget_spend (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        time INTEGER NOT NULL,
        day TEXT NOT NULL,
        month TEXT NOT NULL,
        request_id TEXT NOT NULL,
        model TEXT NOT NULL,
        provider TEXT NOT NULL,
        tier TEXT NOT NULL CHECK (tier IN ('local', 'model')),
        cost_nano INTEGER,
        charged_nano INTEGER NOT NULL,
        baseline_nano INTEGER,
        input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        cached INTEGER NOT NULL
      );
      CREATE INDEX budget_spend_day ON budget_spend (day);
      CREATE INDEX budget_spend_month ON budget_spend (month);
      CREATE INDEX budget_spend_time ON budget_spend (time);
      CREATE TABLE budget_breaker (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        tripped_at INTEGER,
        confirmed_at INTEGER
      );
    `,
  },
];
