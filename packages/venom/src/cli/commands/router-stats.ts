import { defineCommand } from '@venom/core';
import { openRuntime } from '../runtime.js';

export const routerStatsCommand = defineCommand({
  name: 'router stats',
  summary: "Show the router's learned success rates (Beta posteriors) per model and task class",
  async run(_input, context) {
    const runtime = await openRuntime(context, 'router stats');
    try {
      const [{ createRouter, createOutcomeLog }, { routerCandidates }] = await Promise.all([
        import('../../router/index.js'),
        import('../ask-services.js'),
      ]);
      const candidates = await routerCandidates(runtime);
      const config = runtime.config.value.router;
      const router = createRouter({
        store: runtime.store(),
        candidates,
        priorStrength: config.prior_strength,
        adaptPriorStrength: config.adapt_prior_strength,
      });
      return {
        candidates: candidates.map((candidate) => candidate.id),
        posteriors: router.stats(),
        // What the quality priors are worth now, in outcomes (raised from prior_strength by the evidence).
        priorStrength: router.priorStrength(),
        // Answers first counted as successes that the user then retried or rejected.
        corrections: createOutcomeLog(runtime.store()).corrections(),
      };
    } finally {
      runtime.close();
    }
  },
  render(result, output) {
    if (result.candidates.length === 0) {
      output.line(output.style.dim("no usable model candidates; add a key with 'venom auth set <provider>'"));
    }
    if (result.posteriors.length === 0) {
      output.line(output.style.dim('no outcomes recorded yet'));
      return;
    }
    output.table(
      result.posteriors.map((entry) => [
        entry.candidateId,
        entry.taskClass,
        entry.mean.toFixed(3),
        `Beta(${entry.alpha.toFixed(1)}, ${entry.beta.toFixed(1)})`,
        String(entry.trials),
      ]),
      { header: ['model', 'task class', 'mean', 'posterior', 'trials'] },
    );
    output.line(
      output.style.dim(`quality priors are worth ${result.priorStrength.toFixed(1)} outcomes each`),
    );
    const { retried, rejected } = result.corrections;
    if (retried + rejected > 0) {
      output.line(
        output.style.dim(
          `answers you retried: ${retried}; plans you rejected: ${rejected} (counted as failures)`,
        ),
      );
    }
  },
});
