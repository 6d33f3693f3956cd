import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { VenomError } from '../errors/index.js';
import { createEventLog, type EventLog } from './create-event-log.js';
import { eventLogMigrations } from './event-log-migrations.js';
import { openStore, type Store } from './open-store.js';

const openedStores: Store[] = [];

afterEach(() => {
  for (const store of openedStores.splice(0)) store.close();
});

function openEventStore(): Store {
  const path = join(mkdtempSync(join(tmpdir(), 'venom-event-log-')), 'venom.db');
  const store = openStore({ path, migrations: { 'event-log': eventLogMigrations } });
  openedStores.push(store);
  return store;
}

/** A clock that starts at `start` and moves one minute per reading. */
function steppingClock(start: string): () => Date {
  let next = new Date(start).getTime();
  return () => {
    const now = new Date(next);
    next += 60_000;
    return now;
  };
}

function thrownBy(action: () => unknown): VenomError {
  try {
    action();
  } catch (error) {
    if (VenomError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a VenomError, nothing was thrown');
}

function types(log: EventLog): string[] {
  return log.list({ limit: 1000 }).map((event) => event.type);
}

describe('createEventLog', () => {
  it('appends events with increasing ids, clock times and JSON payloads, and lists them back', () => {
    const log = createEventLog(openEventStore(), { clock: steppingClock('2030-01-01T00:00:00.000Z') });
    expect(log.latestId()).toBe(0);

    const first = log.append({
      type: 'plan-start',
      payload: { goal: 'ship', steps: [1, 2] },
      correlation: { runId: 'r1' },
    });
    const second = log.append({ type: 'plan-end' });

    expect(first).toEqual({
      id: 1,
      time: '2030-01-01T00:00:00.000Z',
      type: 'plan-start',
      payload: { goal: 'ship', steps: [1, 2] },
      correlation: { runId: 'r1' },
    });
    expect(second).toEqual({
      id: 2,
      time: '2030-01-01T00:01:00.000Z',
      type: 'plan-end',
      payload: null,
      correlation: {},
    });
    expect(log.list()).toEqual([first, second]);
    expect(log.latestId()).toBe(2);
  });

  it('never reuses an id, even after the newest event is deleted', () => {
    const store = openEventStore();
    const log = createEventLog(store);
    log.appendMany([{ type: 'step-start' }, { type: 'step-end' }]);
    store.database.prepare('DELETE FROM events WHERE id = 2').run();
    expect(log.append({ type: 'step-start' }).id).toBe(3);
  });

  it('rejects event types that are not noun-verb kebab-case, storing nothing', () => {
    const log = createEventLog(openEventStore());
    for (const type of [
      'plan',
      'PlanStart',
      'plan_start',
      'plan-',
      '-start',
      'plan--start',
      'plan start',
      '',
    ]) {
      expect(thrownBy(() => log.append({ type }))).toMatchObject({
        code: 'EVENT_TYPE_INVALID',
        category: 'internal',
      });
    }
    expect(log.append({ type: 'budget-exceeded' }).type).toBe('budget-exceeded');
    expect(log.append({ type: 'model-request-end' }).type).toBe('model-request-end');
    expect(types(log)).toEqual(['budget-exceeded', 'model-request-end']);
  });

  it('appends a batch all or nothing', () => {
    const log = createEventLog(openEventStore());
    const error = thrownBy(() => log.appendMany([{ type: 'step-start' }, { type: 'Step End' }]));
    expect(error.code).toBe('EVENT_TYPE_INVALID');
    expect(log.latestId()).toBe(0);

    const stored = log.appendMany([{ type: 'step-start' }, { type: 'step-end', payload: 7 }]);
    expect(stored.map((event) => [event.id, event.type, event.payload])).toEqual([
      [1, 'step-start', null],
      [2, 'step-end', 7],
    ]);
    expect(log.appendMany([])).toEqual([]);
  });

  it('rolls back a batch that fails inside the transaction', () => {
    const store = openEventStore();
    const log = createEventLog(store);
    store.database.exec(
      "CREATE TRIGGER refuse_third BEFORE INSERT ON events WHEN (SELECT COUNT(*) FROM events) = 2 BEGIN SELECT RAISE(ABORT, 'refused'); END",
    );
    expect(() =>
      log.appendMany([{ type: 'step-start' }, { type: 'step-end' }, { type: 'plan-end' }]),
    ).toThrow(/refused/);
    expect(log.latestId()).toBe(0);
  });

  it('redacts secrets in payloads and correlation before they are stored', () => {
    const store = openEventStore();
    const log = createEventLog(store);
    const anthropicKey = 'sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH';
    const githubToken = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';

    const event = log.append({
      type: 'model-request',
      payload: { apiKey: anthropicKey, model: 'claude', headers: { authorization: `Bearer ${githubToken}` } },
      correlation: { runId: 'run-7', sessionToken: 'opaque-session-value' },
    });

    const raw = JSON.stringify(store.database.prepare('SELECT payload, correlation FROM events').all());
    for (const secret of [anthropicKey, githubToken, 'opaque-session-value']) {
      expect(raw).not.toContain(secret);
      expect(JSON.stringify(event)).not.toContain(secret);
    }
    expect(event.payload).toMatchObject({ model: 'claude' });
    expect(event.correlation.runId).toBe('run-7');
    expect(log.list()).toEqual([event]);
  });

  it('filters by type, id range, time, correlation, order and limit', () => {
    const log = createEventLog(openEventStore(), { clock: steppingClock('2030-01-01T00:00:00.000Z') });
    log.appendMany([
      { type: 'plan-start', correlation: { runId: 'a' } },
      { type: 'step-end', correlation: { runId: 'a', stepId: 's1' } },
      { type: 'step-end', correlation: { runId: 'b', stepId: 's1' } },
      { type: 'plan-end', correlation: { runId: 'a' } },
      { type: 'plan-start', correlation: { runId: 'b' } },
    ]);
    const ids = (events: { id: number }[]) => events.map((event) => event.id);

    expect(ids(log.list({ types: ['plan-start', 'plan-end'] }))).toEqual([1, 4, 5]);
    expect(ids(log.list({ types: [] }))).toEqual([]);
    expect(ids(log.list({ afterId: 1, beforeId: 5 }))).toEqual([2, 3, 4]);
    expect(ids(log.list({ since: new Date('2030-01-01T00:03:00.000Z') }))).toEqual([4, 5]);
    expect(ids(log.list({ correlation: { runId: 'a' } }))).toEqual([1, 2, 4]);
    expect(ids(log.list({ correlation: { runId: 'b', stepId: 's1' } }))).toEqual([3]);
    expect(ids(log.list({ order: 'desc', limit: 2 }))).toEqual([5, 4]);
    expect(ids(log.list({ order: 'desc', beforeId: 4, types: ['step-end'] }))).toEqual([3, 2]);
    expect(thrownBy(() => log.list({ limit: 0 }))).toMatchObject({ code: 'EVENT_QUERY_INVALID' });
    expect(thrownBy(() => log.list({ types: ['Plan'] }))).toMatchObject({ code: 'EVENT_TYPE_INVALID' });
    expect(thrownBy(() => log.list({ correlation: { "run'Id": 'a' } }))).toMatchObject({
      code: 'EVENT_CORRELATION_INVALID',
    });
  });

  it('lists 100 events by default', () => {
    const log = createEventLog(openEventStore());
    log.appendMany(Array.from({ length: 150 }, () => ({ type: 'step-end' })));
    expect(log.list()).toHaveLength(100);
    expect(log.list({ limit: 1000 })).toHaveLength(150);
  });

  it('follows every later event in order across batches, then stops when aborted while waiting', async () => {
    const log = createEventLog(openEventStore());
    log.append({ type: 'plan-start' });
    log.appendMany(Array.from({ length: 1200 }, (_, index) => ({ type: 'step-end', payload: index })));
    const controller = new AbortController();
    const iterator = log
      .follow({ afterId: 1, signal: controller.signal, intervalMs: 5 })
      [Symbol.asyncIterator]();

    const received: unknown[] = [];
    for (let count = 0; count < 1200; count += 1) {
      const result = await iterator.next();
      received.push(result.value?.payload);
    }
    expect(received).toEqual(Array.from({ length: 1200 }, (_, index) => index));

    const waiting = iterator.next();
    const appended = log.append({ type: 'plan-end' });
    expect((await waiting).value).toEqual(appended);

    const idle = iterator.next();
    controller.abort();
    expect(await idle).toEqual({ done: true, value: undefined });
  });

  it('yields nothing when the signal is already aborted, and validates its options eagerly', async () => {
    const log = createEventLog(openEventStore());
    log.append({ type: 'plan-start' });
    const received: unknown[] = [];
    for await (const event of log.follow({ afterId: 0, signal: AbortSignal.abort() })) received.push(event);
    expect(received).toEqual([]);
    const signal = new AbortController().signal;
    expect(thrownBy(() => log.follow({ afterId: 0, signal, types: ['nope'] }))).toMatchObject({
      code: 'EVENT_TYPE_INVALID',
    });
    expect(thrownBy(() => log.follow({ afterId: 0, signal, intervalMs: 0 }))).toMatchObject({
      code: 'EVENT_QUERY_INVALID',
    });
  });

  it('names the missing migration when the store has no event log', () => {
    const store = openStore({ path: ':memory:', migrations: {} });
    openedStores.push(store);
    expect(thrownBy(() => createEventLog(store))).toMatchObject({ code: 'EVENT_LOG_NOT_MIGRATED' });
  });
});
