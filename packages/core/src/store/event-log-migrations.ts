import type { Migration } from './open-store.js';

/**
 * Schema of the event log, applied under the `event-log` namespace:
 * `openStore({ path, migrations: { 'event-log': eventLogMigrations } })`.
 * AUTOINCREMENT makes ids strictly increasing and never reused, even after the newest row is deleted.
 */
export const eventLogMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'create-events',
    up: `
      CREATE TABLE events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        time TEXT NOT NULL,
        type TEXT NOT NULL,
        payload TEXT NOT NULL,
        correlation TEXT NOT NULL
      );
      CREATE INDEX events_type ON events (type);
      CREATE INDEX events_time ON events (time);
    `,
  },
];
