import { defineCommand } from '@venom/core';
import { openRuntime } from '../runtime.js';

const usd = (value: number | null | undefined): string =>
  value === null || value === undefined ? 'none' : `$${value.toFixed(4)}`;

/** The budget ledger under this run's limits (models and ask-services load only here). */
async function budgetLedger(runtime: Awaited<ReturnType<typeof openRuntime>>) {
  const [{ createBudgetLedger }, { budgetLimitsFrom }] = await Promise.all([
    import('../../models/index.js'),
    import('../ask-services.js'),
  ]);
  return createBudgetLedger(runtime.store(), budgetLimitsFrom(runtime.config.value));
}

export const budgetCommand = defineCommand({
  name: 'budget',
  summary: 'Show the spending limits, what is spent and left today and this month, and the velocity breaker',
  async run(_input, context) {
    const runtime = await openRuntime(context, 'budget');
    try {
      return (await budgetLedger(runtime)).status();
    } finally {
      runtime.close();
    }
  },
  render(status, output) {
    const { limits } = status;
    output.table([
      ['per request', usd(limits.perRequestUsd)],
      [
        'today',
        `${usd(status.todayUsd)} of ${usd(limits.dailyUsd)} (left: ${usd(status.remainingTodayUsd)})`,
      ],
      [
        'this month',
        `${usd(status.monthUsd)} of ${usd(limits.monthlyUsd)} (left: ${usd(status.remainingMonthUsd)})`,
      ],
      [
        'velocity',
        limits.velocity === undefined
          ? 'no breaker'
          : `${usd(limits.velocity.maxUsd)} per ${limits.velocity.windowMinutes} min${status.velocityTripped ? output.style.red(' — TRIPPED: run venom budget confirm') : ''}`,
      ],
    ]);
  },
});

export const budgetConfirmCommand = defineCommand({
  name: 'budget confirm',
  summary: 'Let model calls continue after the spend-velocity breaker tripped',
  async run(_input, context) {
    const runtime = await openRuntime(context, 'budget confirm');
    try {
      const ledger = await budgetLedger(runtime);
      const wasTripped = ledger.status().velocityTripped;
      ledger.confirmVelocityBreaker();
      runtime.events().append({ type: 'budget-confirm', payload: { wasTripped } });
      return { wasTripped };
    } finally {
      runtime.close();
    }
  },
  render(result, output) {
    output.line(
      result.wasTripped
        ? 'Confirmed: model calls may continue; the velocity window starts again now.'
        : 'The spend-velocity breaker was not tripped; nothing to confirm.',
    );
  },
});
