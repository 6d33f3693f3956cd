import { randomUUID } from 'node:crypto';
import { type Store, VenomError } from '@venom/core';

/** Hard spending limits in USD; an unset limit is not checked. Days and months are UTC. */
export interface BudgetLimits {
  perRequestUsd?: number;
  dailyUsd?: number;
  monthlyUsd?: number;
  /** Spend-velocity breaker: spending `maxUsd` within `windowMinutes` stops all calls until confirmed. */
  velocity?: { maxUsd: number; windowMinutes: number };
}

/** Money set aside for one call until it is settled or released (or its TTL runs out). */
export interface Reservation {
  id: string;
  amountUsd: number;
  /** The request it was made for (spend rows are grouped by request for the local-tier share). */
  requestId: string;
}

/** Why a reservation was refused. */
export type BudgetRefusal = 'per-request' | 'daily' | 'monthly' | 'velocity' | 'velocity-tripped';

export type ReserveResult =
  | { ok: true; reservation: Reservation }
  | { ok: false; reason: BudgetRefusal; message: string; remainingUsd: number | null };

/** What a settled call actually cost. */
export interface ActualCost {
  /** null = unknown price: recorded as unknown, and the reservation is counted against the limits instead. */
  costUsd: number | null;
  model: string;
  provider: string;
  inputTokens: number;
  outputTokens: number;
  /** Answered from the response cache. */
  cached: boolean;
  tier: 'local' | 'model';
  /** What the most capable configured model would have cost for these tokens, for "savings" in stats. */
  baselineCostUsd?: number | null;
}

export interface BudgetStatus {
  /** Spend counted against today's (UTC) limit, settled calls only. */
  todayUsd: number;
  monthUsd: number;
  limits: BudgetLimits;
  /** Daily limit minus today's spend and every open reservation; null = no daily limit. */
  remainingTodayUsd: number | null;
  remainingMonthUsd: number | null;
  /** Sum of open (unexpired) reservations. */
  reservedUsd: number;
  velocityTripped: boolean;
}

export interface BudgetStats {
  byDay: Array<{ day: string; usd: number; calls: number }>;
  byModel: Array<{ model: string; provider: string; usd: number; calls: number; unknownCostCalls: number }>;
  /** Share of requests (distinct request ids) answered by the local tier; 0 when none were recorded. */
  localShare: number;
  cacheHits: number;
  /** Sum of known costs. */
  totalUsd: number;
  /** Model calls whose cost is unknown (not included in the USD sums). */
  unknownCostCalls: number;
  /** What the calls with a known baseline would have cost on the most capable model. */
  baselineUsd: number;
  /** baselineUsd minus what those same calls cost. */
  savingsUsd: number;
  /** Distinct request ids recorded (local or model). */
  requests: number;
}

/** Hard budgets, checked before every call and shared by every venom process using the store. */
export interface BudgetLedger {
  /** Atomically checks worst-case cost against every limit (counting other processes' open reservations) and reserves it. */
  reserve(worstCaseUsd: number | null, context: { model: string; requestId: string }): ReserveResult;
  /** Replaces the reservation with the actual cost (null = unknown, recorded as such). */
  settle(reservation: Reservation, actual: ActualCost): void;
  /** The call failed before spending. */
  release(reservation: Reservation): void;
  /** A request answered by the local tier (for local-tier share). */
  recordLocal(context: { requestId: string }): void;
  /** The user confirms spending may continue after the velocity breaker tripped. */
  confirmVelocityBreaker(): void;
  status(): BudgetStatus;
  stats(options?: { since?: Date }): BudgetStats;
}

export interface CreateBudgetLedgerOptions {
  /** Source of the current time; days and months are taken from it in UTC. Default: the system clock. */
  clock?: () => Date;
  /** How long a reservation counts if its process never settles it (crash). Default 15 minutes. */
  reservationTtlMs?: number;
}

const NANO_PER_USD = 1_000_000_000;
const DEFAULT_RESERVATION_TTL_MS = 15 * 60 * 1000;

const toNano = (usd: number): number => Math.round(usd * NANO_PER_USD);
const toUsd = (nano: number): number => nano / NANO_PER_USD;

function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  return Math.abs(usd) >= 0.01 ? `$${usd.toFixed(2)}` : `$${usd.toPrecision(2)}`;
}

function assertAmount(value: number, what: string): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new VenomError({
      code: 'BUDGET_AMOUNT_INVALID',
      category: 'internal',
      message: `${what} must be a finite, non-negative number of USD, got ${value}`,
      details: { value },
    });
  }
}

function assertLimits(limits: BudgetLimits): void {
  for (const [name, value] of [
    ['perRequestUsd', limits.perRequestUsd],
    ['dailyUsd', limits.dailyUsd],
    ['monthlyUsd', limits.monthlyUsd],
    ['velocity.maxUsd', limits.velocity?.maxUsd],
  ] as const) {
    if (value !== undefined) assertAmount(value, `budget limit ${name}`);
  }
  if (limits.velocity !== undefined && !(limits.velocity.windowMinutes > 0)) {
    throw new VenomError({
      code: 'BUDGET_AMOUNT_INVALID',
      category: 'internal',
      message: `budget limit velocity.windowMinutes must be positive, got ${limits.velocity.windowMinutes}`,
    });
  }
}

interface SumRow {
  total: number | null;
}

/**
 * Creates the budget ledger on a store opened with `{ budget: budgetMigrations }`.
 *
 * Every reservation runs in a `BEGIN IMMEDIATE` transaction: it takes SQLite's write lock before
 * reading the totals, so two processes can never both see room for the same last dollar. Open
 * reservations of every process count against the limits until settled, released, or expired (TTL),
 * so a crashed process cannot hold budget forever.
 */
export function createBudgetLedger(
  store: Store,
  limits: BudgetLimits,
  options: CreateBudgetLedgerOptions = {},
): BudgetLedger {
  assertLimits(limits);
  const database = store.database;
  const clock = options.clock ?? (() => new Date());
  const reservationTtlMs = options.reservationTtlMs ?? DEFAULT_RESERVATION_TTL_MS;

  const deleteExpired = database.prepare<[number]>('DELETE FROM budget_reservations WHERE expires_at <= ?');
  const reservedTotal = database.prepare<[number], SumRow>(
    'SELECT SUM(amount_nano) AS total FROM budget_reservations WHERE expires_at > ?',
  );
  const chargedOnDay = database.prepare<[string], SumRow>(
    'SELECT SUM(charged_nano) AS total FROM budget_spend WHERE day = ?',
  );
  const chargedInMonth = database.prepare<[string], SumRow>(
    'SELECT SUM(charged_nano) AS total FROM budget_spend WHERE month = ?',
  );
  const chargedSince = database.prepare<[number], SumRow>(
    'SELECT SUM(charged_nano) AS total FROM budget_spend WHERE time > ?',
  );
  const readBreaker = database.prepare<[], { tripped_at: number | null; confirmed_at: number | null }>(
    'SELECT tripped_at, confirmed_at FROM budget_breaker WHERE id = 1',
  );
  const tripBreaker = database.prepare<[number]>(
    'INSERT INTO budget_breaker (id, tripped_at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET tripped_at = excluded.tripped_at',
  );
  const confirmBreaker = database.prepare<[number]>(
    'INSERT INTO budget_breaker (id, confirmed_at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET confirmed_at = excluded.confirmed_at',
  );
  const insertReservation = database.prepare<[string, number, string, string, number, number]>(
    'INSERT INTO budget_reservations (id, amount_nano, model, request_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const readReservation = database.prepare<[string], { amount_nano: number }>(
    'SELECT amount_nano FROM budget_reservations WHERE id = ?',
  );
  const deleteReservation = database.prepare<[string]>('DELETE FROM budget_reservations WHERE id = ?');
  const insertSpend = database.prepare<
    [
      number,
      string,
      string,
      string,
      string,
      string,
      string,
      number | null,
      number,
      number | null,
      number,
      number,
      number,
    ]
  >(
    `INSERT INTO budget_spend (time, day, month, request_id, model, provider, tier, cost_nano, charged_nano,
       baseline_nano, input_tokens, output_tokens, cached) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );

  const sum = (row: SumRow | undefined): number => row?.total ?? 0;
  const dayOf = (date: Date) => date.toISOString().slice(0, 10);
  const monthOf = (date: Date) => date.toISOString().slice(0, 7);

  function breakerTripped(): boolean {
    const row = readBreaker.get();
    if (row?.tripped_at == null) return false;
    return row.confirmed_at == null || row.confirmed_at < row.tripped_at;
  }

  /** Start of the velocity window: M minutes ago, but never before the last confirmation. */
  function velocityWindowStart(nowMs: number, windowMinutes: number): number {
    const confirmedAt = readBreaker.get()?.confirmed_at ?? Number.NEGATIVE_INFINITY;
    return Math.max(nowMs - windowMinutes * 60_000, confirmedAt);
  }

  function refuse(reason: BudgetRefusal, message: string, remainingNano: number | null): ReserveResult {
    return {
      ok: false,
      reason,
      message,
      remainingUsd: remainingNano === null ? null : toUsd(Math.max(0, remainingNano)),
    };
  }

  const reserveTransaction = database.transaction(
    (worstCaseUsd: number | null, context: { model: string; requestId: string }): ReserveResult => {
      const now = clock();
      const nowMs = now.getTime();
      deleteExpired.run(nowMs);
      if (breakerTripped()) {
        return refuse(
          'velocity-tripped',
          'the spend-velocity breaker has tripped, so every model call is stopped until you confirm that spending may continue',
          0,
        );
      }
      if (worstCaseUsd === null) {
        const limit: [BudgetRefusal, string] | undefined =
          limits.perRequestUsd !== undefined
            ? ['per-request', `per-request limit of ${formatUsd(limits.perRequestUsd)}`]
            : limits.dailyUsd !== undefined
              ? ['daily', `daily limit of ${formatUsd(limits.dailyUsd)}`]
              : limits.monthlyUsd !== undefined
                ? ['monthly', `monthly limit of ${formatUsd(limits.monthlyUsd)}`]
                : limits.velocity !== undefined
                  ? [
                      'velocity',
                      `spend-velocity limit of ${formatUsd(limits.velocity.maxUsd)} per ${limits.velocity.windowMinutes} minutes`,
                    ]
                  : undefined;
        if (limit !== undefined) {
          return refuse(
            limit[0],
            `the price of ${context.model} is unknown, so its worst-case cost cannot be checked against the ${limit[1]}; set its price (router.candidates) or choose a model with a known price`,
            null,
          );
        }
      }
      const costNano = worstCaseUsd === null ? 0 : toNano(worstCaseUsd);
      const costText = `${formatUsd(toUsd(costNano))} (worst case for ${context.model})`;
      if (limits.perRequestUsd !== undefined && costNano > toNano(limits.perRequestUsd)) {
        return refuse(
          'per-request',
          `this call could cost ${costText}, over the per-request limit of ${formatUsd(limits.perRequestUsd)}; choose a cheaper model, lower the output limit, or raise the per-request limit`,
          toNano(limits.perRequestUsd),
        );
      }
      const reservedNano = sum(reservedTotal.get(nowMs));
      if (limits.dailyUsd !== undefined) {
        const remaining = toNano(limits.dailyUsd) - sum(chargedOnDay.get(dayOf(now))) - reservedNano;
        if (costNano > remaining) {
          return refuse(
            'daily',
            `this call could cost ${costText}, but only ${formatUsd(toUsd(Math.max(0, remaining)))} of the ${formatUsd(limits.dailyUsd)} daily limit is left today (UTC); choose a cheaper model, wait for 00:00 UTC, or raise the daily limit`,
            remaining,
          );
        }
      }
      if (limits.monthlyUsd !== undefined) {
        const remaining = toNano(limits.monthlyUsd) - sum(chargedInMonth.get(monthOf(now))) - reservedNano;
        if (costNano > remaining) {
          return refuse(
            'monthly',
            `this call could cost ${costText}, but only ${formatUsd(toUsd(Math.max(0, remaining)))} of the ${formatUsd(limits.monthlyUsd)} monthly limit is left this month (UTC); choose a cheaper model or raise the monthly limit`,
            remaining,
          );
        }
      }
      if (limits.velocity !== undefined) {
        const windowStart = velocityWindowStart(nowMs, limits.velocity.windowMinutes);
        const remaining = toNano(limits.velocity.maxUsd) - sum(chargedSince.get(windowStart)) - reservedNano;
        if (costNano > remaining) {
          tripBreaker.run(nowMs);
          return refuse(
            'velocity',
            `spend-velocity breaker tripped: this call (${costText}) would take spending past ${formatUsd(limits.velocity.maxUsd)} within ${limits.velocity.windowMinutes} minutes; every model call is stopped until you confirm that spending may continue`,
            remaining,
          );
        }
      }
      const id = randomUUID();
      insertReservation.run(id, costNano, context.model, context.requestId, nowMs, nowMs + reservationTtlMs);
      return { ok: true, reservation: { id, amountUsd: toUsd(costNano), requestId: context.requestId } };
    },
  );

  const settleTransaction = database.transaction((reservation: Reservation, actual: ActualCost) => {
    const now = clock();
    // The row may be gone (expired); the amount on the caller's reservation is the same number.
    const stored = readReservation.get(reservation.id);
    deleteReservation.run(reservation.id);
    const costNano = actual.costUsd === null ? null : toNano(actual.costUsd);
    const chargedNano = costNano ?? stored?.amount_nano ?? toNano(reservation.amountUsd);
    const baselineNano =
      actual.baselineCostUsd === undefined || actual.baselineCostUsd === null
        ? null
        : toNano(actual.baselineCostUsd);
    insertSpend.run(
      now.getTime(),
      dayOf(now),
      monthOf(now),
      reservation.requestId,
      actual.model,
      actual.provider,
      actual.tier,
      costNano,
      chargedNano,
      baselineNano,
      actual.inputTokens,
      actual.outputTokens,
      actual.cached ? 1 : 0,
    );
  });

  return {
    reserve(worstCaseUsd, context) {
      if (worstCaseUsd !== null) assertAmount(worstCaseUsd, 'worst-case cost');
      return reserveTransaction.immediate(worstCaseUsd, context);
    },

    settle(reservation, actual) {
      if (actual.costUsd !== null) assertAmount(actual.costUsd, 'actual cost');
      settleTransaction.immediate(reservation, actual);
    },

    release(reservation) {
      deleteReservation.run(reservation.id);
    },

    recordLocal(context) {
      const now = clock();
      insertSpend.run(
        now.getTime(),
        dayOf(now),
        monthOf(now),
        context.requestId,
        'local',
        'local',
        'local',
        0,
        0,
        null,
        0,
        0,
        0,
      );
    },

    confirmVelocityBreaker() {
      confirmBreaker.run(clock().getTime());
    },

    status() {
      const now = clock();
      const nowMs = now.getTime();
      const todayNano = sum(chargedOnDay.get(dayOf(now)));
      const monthNano = sum(chargedInMonth.get(monthOf(now)));
      const reservedNano = sum(reservedTotal.get(nowMs));
      const remaining = (limit: number | undefined, spent: number) =>
        limit === undefined ? null : toUsd(Math.max(0, toNano(limit) - spent - reservedNano));
      return {
        todayUsd: toUsd(todayNano),
        monthUsd: toUsd(monthNano),
        limits,
        remainingTodayUsd: remaining(limits.dailyUsd, todayNano),
        remainingMonthUsd: remaining(limits.monthlyUsd, monthNano),
        reservedUsd: toUsd(reservedNano),
        velocityTripped: breakerTripped(),
      };
    },

    stats(statsOptions = {}) {
      const since = statsOptions.since?.getTime() ?? Number.MIN_SAFE_INTEGER;
      const byDay = database
        .prepare<[number], { day: string; nano: number | null; calls: number }>(
          `SELECT day, SUM(cost_nano) AS nano, COUNT(*) AS calls FROM budget_spend
           WHERE time >= ? AND tier = 'model' GROUP BY day ORDER BY day`,
        )
        .all(since)
        .map((row) => ({ day: row.day, usd: toUsd(row.nano ?? 0), calls: row.calls }));
      const byModel = database
        .prepare<
          [number],
          { model: string; provider: string; nano: number | null; calls: number; unknown: number }
        >(
          `SELECT model, provider, SUM(cost_nano) AS nano, COUNT(*) AS calls,
             SUM(CASE WHEN cost_nano IS NULL THEN 1 ELSE 0 END) AS unknown
           FROM budget_spend WHERE time >= ? AND tier = 'model'
           GROUP BY provider, model ORDER BY nano DESC, provider, model`,
        )
        .all(since)
        .map((row) => ({
          model: row.model,
          provider: row.provider,
          usd: toUsd(row.nano ?? 0),
          calls: row.calls,
          unknownCostCalls: row.unknown,
        }));
      const totals = database
        .prepare<
          [number],
          {
            requests: number;
            local: number | null;
            cached: number | null;
            nano: number | null;
            unknown: number | null;
            baseline: number | null;
            comparable: number | null;
          }
        >(
          `SELECT COUNT(DISTINCT request_id) AS requests,
             COUNT(DISTINCT CASE WHEN tier = 'local' THEN request_id END) AS local,
             SUM(cached) AS cached,
             SUM(cost_nano) AS nano,
             SUM(CASE WHEN tier = 'model' AND cost_nano IS NULL THEN 1 ELSE 0 END) AS unknown,
             SUM(CASE WHEN baseline_nano IS NOT NULL AND cost_nano IS NOT NULL THEN baseline_nano END) AS baseline,
             SUM(CASE WHEN baseline_nano IS NOT NULL AND cost_nano IS NOT NULL THEN cost_nano END) AS comparable
           FROM budget_spend WHERE time >= ?`,
        )
        .get(since);
      const requests = totals?.requests ?? 0;
      const baselineNano = totals?.baseline ?? 0;
      return {
        byDay,
        byModel,
        localShare: requests === 0 ? 0 : (totals?.local ?? 0) / requests,
        cacheHits: totals?.cached ?? 0,
        totalUsd: toUsd(totals?.nano ?? 0),
        unknownCostCalls: totals?.unknown ?? 0,
        baselineUsd: toUsd(baselineNano),
        savingsUsd: toUsd(baselineNano - (totals?.comparable ?? 0)),
        requests,
      };
    },
  };
}
