import { defineCommand } from '@venom/core';
import { openRuntime } from '../runtime.js';
import { parseSince } from './events-shared.js';

/** The budget ledger under this run's limits (models and ask-services load only here). */
async function budgetLedger(runtime: Awaited<ReturnType<typeof openRuntime>>) {
  const [{ createBudgetLedger }, { budgetLimitsFrom }] = await Promise.all([
    import('../../models/index.js'),
    import('../ask-services.js'),
  ]);
  return createBudgetLedger(runtime.store(), budgetLimitsFrom(runtime.config.value));
}

export const statsCommand = defineCommand({
  name: 'stats',
  summary: 'Spend by day, model and provider; local-tier share; cache hits; budget left',
  options: {
    since: {
      type: 'string',
      valueName: 'when',
      description: 'only since an ISO date or a duration (7d, 30d); default 30d',
    },
  },
  input: (z) => z.object({ since: z.string().default('30d') }),
  async run(input, context) {
    const since = parseSince(input.since, new Date());
    const runtime = await openRuntime(context, 'stats');
    try {
      const ledger = await budgetLedger(runtime);
      return { since: since.toISOString(), ...ledger.stats({ since }), budget: ledger.status() };
    } finally {
      runtime.close();
    }
  },
  render(result, output) {
    const usd = (value: number | null): string => (value === null ? 'no limit' : `$${value.toFixed(4)}`);
    output.line(`spent since ${result.since.slice(0, 10)}: $${result.totalUsd.toFixed(4)}`);
    output.line(
      `today $${result.budget.todayUsd.toFixed(4)} (left: ${usd(result.budget.remainingTodayUsd)}), ` +
        `this month $${result.budget.monthUsd.toFixed(4)} (left: ${usd(result.budget.remainingMonthUsd)})`,
    );
    output.line(
      `answered locally: ${(result.localShare * 100).toFixed(1)}%, cache hits: ${result.cacheHits}`,
    );
    if (result.budget.velocityTripped)
      output.line(output.style.red('spend-velocity breaker tripped: model calls are stopped'));
    if (result.byModel.length > 0) {
      output.line();
      output.table(
        result.byModel.map((entry) => [
          entry.model,
          String(entry.calls),
          `$${entry.usd.toFixed(4)}`,
          entry.unknownCostCalls > 0 ? `${entry.unknownCostCalls} with unknown cost` : '',
        ]),
        { header: ['model', 'calls', 'spent', ''] },
      );
    }
  },
});
