import { randomUUID } from 'node:crypto';
import { type Migration, redactSecrets, type Store, VenomError } from '@venom/core';

/** The `memory` namespace of venom's database: conversation sessions and their messages. */
export const memoryMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'create-sessions',
    up: `
      CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        started_at TEXT NOT NULL,
        title TEXT NOT NULL
      );
      CREATE TABLE session_messages (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        time TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
        content TEXT NOT NULL,
        model TEXT,
        cost_usd REAL
      );
      CREATE INDEX session_messages_by_session ON session_messages (session_id, id);
      CREATE TABLE memory_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `,
  },
];

export interface SessionMessage {
  role: 'user' | 'assistant';
  content: string;
  time: string;
  model: string | null;
  costUsd: number | null;
}

export interface Session {
  id: string;
  startedAt: string;
  title: string;
}

/** Conversation history that survives restarts and is shared by every venom process on the machine. */
export interface SessionStore {
  /** The session `venom ask` continues, creating one when there is none (or when `fresh`). */
  current(options?: { fresh?: boolean; title?: string }): Session;
  append(sessionId: string, message: Omit<SessionMessage, 'time'>): void;
  /** The last `limit` messages of a session, oldest first. */
  recent(sessionId: string, limit: number): SessionMessage[];
  list(limit: number): Array<Session & { messages: number }>;
}

const CURRENT_KEY = 'current-session';

/** Sessions in the store's `memory` namespace (open the store with `memoryMigrations`). */
export function createSessionStore(store: Store, options: { clock?: () => Date } = {}): SessionStore {
  const clock = options.clock ?? (() => new Date());
  const { database } = store;
  const readCurrent = database.prepare<[string], { value: string }>(
    'SELECT value FROM memory_state WHERE key = ?',
  );
  const findSession = database.prepare<[string], { id: string; started_at: string; title: string }>(
    'SELECT id, started_at, title FROM sessions WHERE id = ?',
  );
  const insertSession = database.prepare('INSERT INTO sessions (id, started_at, title) VALUES (?, ?, ?)');
  const writeCurrent = database.prepare(
    'INSERT INTO memory_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );

  // Read-then-create under the write lock, so two processes starting at once share one session.
  const findOrStartSession = database.transaction((fresh: boolean, title: string): Session => {
    const existing = fresh ? undefined : readCurrent.get(CURRENT_KEY);
    const row = existing === undefined ? undefined : findSession.get(existing.value);
    if (row !== undefined) return { id: row.id, startedAt: row.started_at, title: row.title };
    const session = { id: randomUUID(), startedAt: clock().toISOString(), title };
    insertSession.run(session.id, session.startedAt, session.title);
    writeCurrent.run(CURRENT_KEY, session.id);
    return session;
  });

  return {
    current(options = {}) {
      return findOrStartSession.immediate(options.fresh ?? false, redactTitle(options.title ?? ''));
    },
    append(sessionId, message) {
      if (findSession.get(sessionId) === undefined) {
        throw new VenomError({
          code: 'SESSION_UNKNOWN',
          category: 'internal',
          message: `no session ${sessionId}`,
        });
      }
      database
        .prepare(
          'INSERT INTO session_messages (session_id, time, role, content, model, cost_usd) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(
          sessionId,
          clock().toISOString(),
          message.role,
          String(redactSecrets(message.content)),
          message.model,
          message.costUsd,
        );
    },
    recent(sessionId, limit) {
      const rows = database
        .prepare<
          [string, number],
          {
            role: 'user' | 'assistant';
            content: string;
            time: string;
            model: string | null;
            cost_usd: number | null;
          }
        >(
          'SELECT role, content, time, model, cost_usd FROM session_messages WHERE session_id = ? ORDER BY id DESC LIMIT ?',
        )
        .all(sessionId, limit);
      return rows.reverse().map((row) => ({
        role: row.role,
        content: row.content,
        time: row.time,
        model: row.model,
        costUsd: row.cost_usd,
      }));
    },
    list(limit) {
      return database
        .prepare<[number], { id: string; started_at: string; title: string; messages: number }>(
          `SELECT s.id, s.started_at, s.title, COUNT(m.id) AS messages
           FROM sessions s LEFT JOIN session_messages m ON m.session_id = s.id
           GROUP BY s.id ORDER BY s.started_at DESC LIMIT ?`,
        )
        .all(limit)
        .map((row) => ({ id: row.id, startedAt: row.started_at, title: row.title, messages: row.messages }));
    },
  };
}

function redactTitle(title: string): string {
  return String(redactSecrets(title)).slice(0, 120);
}
