import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store, VenomError } from '@venom/core';
import { afterEach, describe, expect, it } from 'vitest';
import { budgetMigrations } from './budget-migrations.js';
import {
  type ActualCost,
  type BudgetLimits,
  createBudgetLedger,
  type Reservation,
} from './create-budget-ledger.js';

const stores: Store[] = [];
const directories: string[] = [];

afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

/** A clock the test moves by hand. */
function manualClock(start: string) {
  let now = new Date(start).getTime();
  return {
    clock: () => new Date(now),
    advance(milliseconds: number) {
      now += milliseconds;
    },
    set(iso: string) {
      now = new Date(iso).getTime();
    },
  };
}

function setup(limits: BudgetLimits, start = '2026-11-21T12:00:00Z', reservationTtlMs?: number) {
  const time = manualClock(start);
  const store = openStore({ path: ':memory:', migrations: { budget: budgetMigrations } });
  stores.push(store);
  const ledger = createBudgetLedger(store, limits, {
    clock: time.clock,
    ...(reservationTtlMs === undefined ? {} : { reservationTtlMs }),
  });
  return { ledger, time, store };
}

const context = { model: 'anthropic/claude-sonnet-5', requestId: 'request-1' };

function actual(costUsd: number | null, fields: Partial<ActualCost> = {}): ActualCost {
  return {
    costUsd,
    model: 'claude-sonnet-5',
    provider: 'anthropic',
    inputTokens: 1000,
    outputTokens: 200,
    cached: false,
    tier: 'model',
    ...fields,
  };
}

function reserved(result: ReturnType<ReturnType<typeof createBudgetLedger>['reserve']>): Reservation {
  if (!result.ok) throw new Error(`expected a reservation, got ${result.reason}: ${result.message}`);
  return result.reservation;
}

describe('createBudgetLedger: limits', () => {
  it('refuses a call whose worst case exceeds what is left today, counting open reservations', () => {
    const { ledger } = setup({ dailyUsd: 1 });
    const first = reserved(ledger.reserve(0.4, context));
    reserved(ledger.reserve(0.4, context));
    const refused = ledger.reserve(0.3, context);
    expect(refused).toMatchObject({ ok: false, reason: 'daily', remainingUsd: expect.closeTo(0.2, 9) });
    if (!refused.ok)
      expect(refused.message).toMatch(/only \$0\.20 of the \$1\.00 daily limit is left today \(UTC\)/);
    ledger.release(first);
    reserved(ledger.reserve(0.3, context));
    expect(ledger.status()).toMatchObject({
      todayUsd: 0,
      reservedUsd: expect.closeTo(0.7, 9),
      remainingTodayUsd: expect.closeTo(0.3, 9),
    });
  });

  it('replaces a reservation with the actual cost when settled', () => {
    const { ledger } = setup({ dailyUsd: 1 });
    ledger.settle(reserved(ledger.reserve(0.5, context)), actual(0.1));
    expect(ledger.status()).toMatchObject({ todayUsd: 0.1, reservedUsd: 0, remainingTodayUsd: 0.9 });
    reserved(ledger.reserve(0.9, context));
    expect(ledger.reserve(0.000001, context).ok).toBe(false);
  });

  it('allows exactly the limit: ten $0.10 calls fit a $1.00 day, the eleventh does not', () => {
    const { ledger } = setup({ dailyUsd: 1 });
    const results = Array.from({ length: 11 }, () => ledger.reserve(0.1, context).ok);
    expect(results.filter(Boolean)).toHaveLength(10);
    expect(results[10]).toBe(false);
  });

  it('refuses a single call over the per-request limit', () => {
    const { ledger } = setup({ perRequestUsd: 0.05, dailyUsd: 10 });
    const result = ledger.reserve(0.06, context);
    expect(result).toMatchObject({ ok: false, reason: 'per-request', remainingUsd: 0.05 });
    if (!result.ok) expect(result.message).toContain('anthropic/claude-sonnet-5');
    expect(ledger.reserve(0.05, context).ok).toBe(true);
  });

  it('resets the daily limit at 00:00 UTC but keeps counting the month, which resets on the 1st', () => {
    const { ledger, time } = setup({ dailyUsd: 1, monthlyUsd: 1.5 }, '2026-11-29T23:59:00Z');
    ledger.settle(reserved(ledger.reserve(0.9, context)), actual(0.9));
    expect(ledger.reserve(0.2, context)).toMatchObject({ ok: false, reason: 'daily' });
    time.set('2026-11-30T00:00:00Z');
    expect(ledger.status()).toMatchObject({ todayUsd: 0, monthUsd: 0.9 });
    const monthly = ledger.reserve(0.7, context);
    expect(monthly).toMatchObject({ ok: false, reason: 'monthly', remainingUsd: expect.closeTo(0.6, 9) });
    time.set('2026-12-01T00:00:00Z');
    expect(ledger.status()).toMatchObject({ todayUsd: 0, monthUsd: 0 });
    expect(ledger.reserve(0.7, context).ok).toBe(true);
  });

  it('refuses an unknown price when any limit is set, and names the model', () => {
    const { ledger } = setup({ monthlyUsd: 100 });
    const result = ledger.reserve(null, { model: 'openai-compatible/mystery', requestId: 'r' });
    expect(result).toMatchObject({ ok: false, reason: 'monthly', remainingUsd: null });
    if (!result.ok) expect(result.message).toMatch(/price of openai-compatible\/mystery is unknown/);
  });

  it('allows an unknown price without limits, and records an unknown actual cost as unknown', () => {
    const { ledger } = setup({});
    ledger.settle(reserved(ledger.reserve(null, context)), actual(null));
    const stats = ledger.stats();
    expect(stats.unknownCostCalls).toBe(1);
    expect(stats.byModel).toEqual([
      { model: 'claude-sonnet-5', provider: 'anthropic', usd: 0, calls: 1, unknownCostCalls: 1 },
    ]);
  });

  it('counts the reservation against the limits when the actual cost comes back unknown', () => {
    const { ledger } = setup({ dailyUsd: 1 });
    ledger.settle(reserved(ledger.reserve(0.3, context)), actual(null));
    expect(ledger.status()).toMatchObject({ todayUsd: 0.3, remainingTodayUsd: 0.7 });
    expect(ledger.stats().totalUsd).toBe(0);
  });

  it("lets a crashed process's reservation expire after its TTL", () => {
    const { ledger, time } = setup({ dailyUsd: 1 }, '2026-11-21T12:00:00Z', 60_000);
    reserved(ledger.reserve(0.9, context));
    expect(ledger.reserve(0.2, context).ok).toBe(false);
    time.advance(59_999);
    expect(ledger.reserve(0.2, context).ok).toBe(false);
    time.advance(1);
    expect(ledger.reserve(0.2, context).ok).toBe(true);
  });

  it('rejects negative or non-finite amounts as a bug', () => {
    const { ledger } = setup({});
    expect(() => ledger.reserve(-1, context)).toThrow(VenomError);
    expect(() => ledger.reserve(Number.NaN, context)).toThrow(/finite, non-negative/);
    expect(() => setup({ velocity: { maxUsd: 1, windowMinutes: 0 } })).toThrow(
      /windowMinutes must be positive/,
    );
  });
});

describe('createBudgetLedger: spend-velocity breaker', () => {
  it('trips, stops every call until confirmed (across restarts), then counts from the confirmation', () => {
    const directory = mkdtempSync(join(tmpdir(), 'venom-budget-'));
    directories.push(directory);
    const path = join(directory, 'venom.db');
    const time = manualClock('2026-11-21T12:00:00Z');
    const limits: BudgetLimits = { velocity: { maxUsd: 1, windowMinutes: 10 } };
    const first = openStore({ path, migrations: { budget: budgetMigrations } });
    stores.push(first);
    const ledger = createBudgetLedger(first, limits, { clock: time.clock });
    ledger.settle(reserved(ledger.reserve(0.6, context)), actual(0.6));
    time.advance(60_000);
    const tripped = ledger.reserve(0.5, context);
    expect(tripped).toMatchObject({ ok: false, reason: 'velocity' });
    if (!tripped.ok)
      expect(tripped.message).toMatch(/spend-velocity breaker tripped.*\$1\.00 within 10 minutes/);
    expect(ledger.reserve(0.01, context)).toMatchObject({
      ok: false,
      reason: 'velocity-tripped',
      remainingUsd: 0,
    });

    // A restarted process sees the tripped breaker.
    const second = openStore({ path, migrations: { budget: budgetMigrations } });
    stores.push(second);
    const restarted = createBudgetLedger(second, limits, { clock: time.clock });
    expect(restarted.status().velocityTripped).toBe(true);
    expect(restarted.reserve(0.01, context)).toMatchObject({ ok: false, reason: 'velocity-tripped' });
    // Still tripped after the window has passed: only a confirmation resumes.
    time.advance(20 * 60_000);
    expect(restarted.reserve(0.01, context).ok).toBe(false);

    restarted.confirmVelocityBreaker();
    expect(ledger.status().velocityTripped).toBe(false);
    time.advance(1000);
    reserved(ledger.reserve(0.9, context));
    expect(ledger.reserve(0.2, context)).toMatchObject({ ok: false, reason: 'velocity' });
  });

  it('lets spending continue once old spend leaves the window', () => {
    const { ledger, time } = setup({ velocity: { maxUsd: 1, windowMinutes: 10 } });
    ledger.settle(reserved(ledger.reserve(0.8, context)), actual(0.8));
    time.advance(10 * 60_000 + 1);
    ledger.settle(reserved(ledger.reserve(0.8, context)), actual(0.8));
    expect(ledger.status().velocityTripped).toBe(false);
  });
});

describe('createBudgetLedger: stats', () => {
  it('reports spend by day and model, local-tier share, cache hits and savings', () => {
    const { ledger, time } = setup({}, '2026-11-20T10:00:00Z');
    const call = (requestId: string, cost: number | null, fields: Partial<ActualCost> = {}) =>
      ledger.settle(reserved(ledger.reserve(cost ?? 0, { model: 'm', requestId })), actual(cost, fields));
    call('a', 0.02, { baselineCostUsd: 0.1 });
    call('b', 0.01, { model: 'gpt-5.4-mini', provider: 'openai', baselineCostUsd: 0.05 });
    ledger.recordLocal({ requestId: 'c' });
    time.set('2026-11-21T10:00:00Z');
    call('d', 0, { cached: true, baselineCostUsd: 0.1 });
    call('e', null);
    ledger.recordLocal({ requestId: 'f' });

    const stats = ledger.stats();
    expect(stats.byDay).toEqual([
      { day: '2026-11-20', usd: 0.03, calls: 2 },
      { day: '2026-11-21', usd: 0, calls: 2 },
    ]);
    expect(stats.byModel).toEqual([
      { model: 'claude-sonnet-5', provider: 'anthropic', usd: 0.02, calls: 3, unknownCostCalls: 1 },
      { model: 'gpt-5.4-mini', provider: 'openai', usd: 0.01, calls: 1, unknownCostCalls: 0 },
    ]);
    expect(stats.localShare).toBeCloseTo(2 / 6, 10);
    expect(stats.cacheHits).toBe(1);
    expect(stats.totalUsd).toBeCloseTo(0.03, 10);
    expect(stats.unknownCostCalls).toBe(1);
    expect(stats.baselineUsd).toBeCloseTo(0.25, 10);
    expect(stats.savingsUsd).toBeCloseTo(0.22, 10);
    expect(stats.requests).toBe(6);

    const today = ledger.stats({ since: new Date('2026-11-21T00:00:00Z') });
    expect(today.byDay).toEqual([{ day: '2026-11-21', usd: 0, calls: 2 }]);
    expect(today.localShare).toBeCloseTo(1 / 3, 10);
  });
});
