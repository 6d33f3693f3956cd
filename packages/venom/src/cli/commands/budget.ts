import { defineCommand } from '@venom/core';
import { createBudgetLedger } from '../../models/index.js';
import { budgetLimitsFrom } from '../ask-services.js';
import { openRuntime } from '../runtime.js';

const usd = (value: number | null | undefined): string =>
  value === null || value === undefined ? 'none' : `$${value.toFixed(4)}`;

export const budgetCommand = defineCommand({
  name: 'budget',
  summary: 'Show the spending limits, what is spent and left today and this month, and the velocity breaker',
  async run(_input, context) {
    const runtime = await openRuntime(context, 'budget');
    try {
      return createBudgetLedger(runtime.store(), budgetLimitsFrom(runtime.config.value)).status();
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
      const ledger = createBudgetLedger(runtime.store(), budgetLimitsFrom(runtime.config.value));
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
