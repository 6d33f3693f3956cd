import { setTimeout as sleep } from 'node:timers/promises';
import { VenomError } from '../errors/index.js';
import { redactSecrets } from '../logging/redact.js';
import type { Store } from './open-store.js';
import { toStoreError } from './to-store-error.js';

/** Ids that tie an event to its context: `runId`, `sessionId`, `planId`, `requestId`… */
export interface EventCorrelation {
  [key: string]: string;
}

export interface AppendEventInput {
  /** Noun-verb kebab-case, e.g. `plan-start`, `config-set`. */
  type: string;
  /** Any JSON-serialisable value; secrets are redacted before it is stored. */
  payload?: unknown;
  correlation?: EventCorrelation;
}

/** An event as stored: payload and correlation are the redacted, JSON round-tripped values. */
export interface StoredEvent {
  id: number;
  /** ISO 8601, from the event log's clock. */
  time: string;
  type: string;
  payload: unknown;
  correlation: EventCorrelation;
}

export interface ListEventsOptions {
  /** Only events with a greater id. */
  afterId?: number;
  /** Only events with a smaller id. */
  beforeId?: number;
  /** Default 100. */
  limit?: number;
  /** By id; default `'asc'`. */
  order?: 'asc' | 'desc';
  /** Only events of these types; an empty list matches none. */
  types?: string[];
  /** Only events whose time is at or after this instant. */
  since?: Date;
  /** Only events carrying every one of these correlation entries. */
  correlation?: EventCorrelation;
}

export interface FollowEventsOptions {
  /** Yield events with a greater id; `latestId()` follows from now, 0 from the start. */
  afterId: number;
  signal: AbortSignal;
  /** Default 200. */
  intervalMs?: number;
  types?: string[];
}

/** An append-only log of typed events in a store, shared safely by several processes. */
export interface EventLog {
  append(input: AppendEventInput): StoredEvent;
  /** Appends all inputs in one transaction: all are stored, or none. */
  appendMany(inputs: AppendEventInput[]): StoredEvent[];
  list(options?: ListEventsOptions): StoredEvent[];
  /** The highest id stored, 0 when the log is empty. */
  latestId(): number;
  /** Yields events with id > afterId as they are appended (by any process), polling every intervalMs (default 200), until the signal aborts. */
  follow(options: FollowEventsOptions): AsyncIterable<StoredEvent>;
}

export interface CreateEventLogOptions {
  /** Source of event times. Default: the system clock. */
  clock?: () => Date;
}

interface EventRow {
  id: number;
  time: string;
  type: string;
  payload: string;
  correlation: string;
}

const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$/;
const CORRELATION_KEY_PATTERN = /^[A-Za-z][A-Za-z0-9]*$/;
const DEFAULT_LIST_LIMIT = 100;
const DEFAULT_FOLLOW_INTERVAL_MS = 200;
const FOLLOW_BATCH_SIZE = 500;

function invalidQuery(message: string, details: Record<string, unknown>): VenomError {
  return new VenomError({ code: 'EVENT_QUERY_INVALID', category: 'internal', message, details });
}

function assertEventType(type: unknown): asserts type is string {
  if (typeof type !== 'string' || !EVENT_TYPE_PATTERN.test(type)) {
    throw new VenomError({
      code: 'EVENT_TYPE_INVALID',
      category: 'internal',
      message: `event type ${JSON.stringify(type)} is not noun-verb kebab-case like 'plan-start' or 'config-set'`,
      details: { type: String(type) },
    });
  }
}

function assertCorrelation(correlation: EventCorrelation): void {
  for (const [key, value] of Object.entries(correlation)) {
    if (!CORRELATION_KEY_PATTERN.test(key) || typeof value !== 'string') {
      throw new VenomError({
        code: 'EVENT_CORRELATION_INVALID',
        category: 'internal',
        message: `correlation entry '${key}' must have a camelCase name (like 'runId') and a string value`,
        details: { key, valueType: typeof value },
      });
    }
  }
}

function assertIdBound(name: string, value: number | undefined): void {
  if (value !== undefined && !Number.isSafeInteger(value)) {
    throw invalidQuery(`${name} must be an integer, got ${value}`, { [name]: value });
  }
}

function toRedactedJson(value: unknown): string {
  const json = JSON.stringify(redactSecrets(value));
  return json === undefined ? 'null' : json;
}

function toStoredEvent(row: EventRow): StoredEvent {
  return {
    id: row.id,
    time: row.time,
    type: row.type,
    payload: JSON.parse(row.payload) as unknown,
    correlation: JSON.parse(row.correlation) as EventCorrelation,
  };
}

/**
 * The event log kept in `store`, which must have been opened with
 * `migrations: { 'event-log': eventLogMigrations, … }`. Every payload and correlation map passes
 * through `redactSecrets` before it is stored, so secrets never reach an event.
 * Store failures surface as VenomError STORE_LOCKED / STORE_CORRUPT / STORE_UNAVAILABLE.
 */
export function createEventLog(store: Store, options: CreateEventLogOptions = {}): EventLog {
  const { database } = store;
  const clock = options.clock ?? (() => new Date());
  const context = {
    path: store.path,
    busyTimeoutMs: Number(database.pragma('busy_timeout', { simple: true })),
  };

  function guarded<T>(operation: () => T): T {
    try {
      return operation();
    } catch (error) {
      throw toStoreError(error, context);
    }
  }

  const statements = guarded(() => {
    const table = database
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'")
      .get();
    if (table === undefined) {
      throw new VenomError({
        code: 'EVENT_LOG_NOT_MIGRATED',
        category: 'internal',
        message: `the store at ${store.path} has no event log; open it with migrations { 'event-log': eventLogMigrations }`,
        details: { path: store.path },
      });
    }
    return {
      insert: database.prepare<[string, string, string, string]>(
        'INSERT INTO events (time, type, payload, correlation) VALUES (?, ?, ?, ?)',
      ),
      latestId: database.prepare<[], number>('SELECT COALESCE(MAX(id), 0) FROM events').pluck(),
    };
  });

  /** Validates and redacts before any write, so a bad input in a batch stores nothing. */
  function toRow(input: AppendEventInput): Omit<EventRow, 'id'> {
    assertEventType(input.type);
    const correlation = input.correlation ?? {};
    assertCorrelation(correlation);
    return {
      time: clock().toISOString(),
      type: input.type,
      payload: toRedactedJson(input.payload ?? null),
      correlation: toRedactedJson(correlation),
    };
  }

  function insert(row: Omit<EventRow, 'id'>): StoredEvent {
    const result = statements.insert.run(row.time, row.type, row.payload, row.correlation);
    return toStoredEvent({ id: Number(result.lastInsertRowid), ...row });
  }

  const insertAll = database.transaction((rows: Omit<EventRow, 'id'>[]) => rows.map(insert));

  function list(listOptions: ListEventsOptions = {}): StoredEvent[] {
    const limit = listOptions.limit ?? DEFAULT_LIST_LIMIT;
    if (!Number.isSafeInteger(limit) || limit < 1) {
      throw invalidQuery(`limit must be a positive integer, got ${limit}`, { limit });
    }
    assertIdBound('afterId', listOptions.afterId);
    assertIdBound('beforeId', listOptions.beforeId);
    const conditions: string[] = [];
    const parameters: (string | number)[] = [];
    if (listOptions.afterId !== undefined) {
      conditions.push('id > ?');
      parameters.push(listOptions.afterId);
    }
    if (listOptions.beforeId !== undefined) {
      conditions.push('id < ?');
      parameters.push(listOptions.beforeId);
    }
    if (listOptions.types !== undefined) {
      for (const type of listOptions.types) assertEventType(type);
      if (listOptions.types.length === 0) return [];
      conditions.push(`type IN (${listOptions.types.map(() => '?').join(', ')})`);
      parameters.push(...listOptions.types);
    }
    if (listOptions.since !== undefined) {
      if (Number.isNaN(listOptions.since.getTime())) throw invalidQuery('since is an invalid Date', {});
      conditions.push('time >= ?');
      parameters.push(listOptions.since.toISOString());
    }
    if (listOptions.correlation !== undefined) {
      assertCorrelation(listOptions.correlation);
      for (const [key, value] of Object.entries(listOptions.correlation)) {
        conditions.push('json_extract(correlation, ?) = ?');
        parameters.push(`$.${key}`, value);
      }
    }
    const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
    const order = listOptions.order === 'desc' ? 'DESC' : 'ASC';
    const sql = `SELECT id, time, type, payload, correlation FROM events ${where} ORDER BY id ${order} LIMIT ?`;
    return guarded(() => database.prepare<(string | number)[], EventRow>(sql).all(...parameters, limit)).map(
      toStoredEvent,
    );
  }

  async function* poll(followOptions: FollowEventsOptions, intervalMs: number): AsyncGenerator<StoredEvent> {
    const { signal, types } = followOptions;
    let afterId = followOptions.afterId;
    while (!signal.aborted) {
      const batch = list({ afterId, limit: FOLLOW_BATCH_SIZE, order: 'asc', ...(types ? { types } : {}) });
      for (const event of batch) {
        if (signal.aborted) return;
        afterId = event.id;
        yield event;
      }
      if (batch.length === FOLLOW_BATCH_SIZE) continue;
      try {
        await sleep(intervalMs, undefined, { signal });
      } catch (error) {
        if (signal.aborted) return;
        throw error;
      }
    }
  }

  return {
    append(input) {
      const row = toRow(input);
      return guarded(() => insert(row));
    },

    appendMany(inputs) {
      const rows = inputs.map(toRow);
      if (rows.length === 0) return [];
      return guarded(() => insertAll.immediate(rows));
    },

    list,

    latestId() {
      return guarded(() => statements.latestId.get() ?? 0);
    },

    follow(followOptions) {
      assertIdBound('afterId', followOptions.afterId);
      const intervalMs = followOptions.intervalMs ?? DEFAULT_FOLLOW_INTERVAL_MS;
      if (!Number.isFinite(intervalMs) || intervalMs <= 0) {
        throw invalidQuery(`intervalMs must be a positive number, got ${intervalMs}`, { intervalMs });
      }
      for (const type of followOptions.types ?? []) assertEventType(type);
      return poll(followOptions, intervalMs);
    },
  };
}
