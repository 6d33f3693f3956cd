import { type CommandContext, defineCommand, VenomError } from '@venom/core';
import type { SessionStore } from '../../memory/index.js';
import type { AskOutcome, PlanRun } from '../../plan/index.js';
import { renderRun } from '../render-run.js';
import { openRuntime } from '../runtime.js';

function describeStep(step: AskOutcome['plan']['steps'][number]): string {
  const params = Object.entries(step.params)
    .map(([name, value]) => `${name}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  const after = step.dependsOn.length === 0 ? '' : `  (after ${step.dependsOn.join(', ')})`;
  return `${step.id}  ${step.skill}.${step.action}${params === '' ? '' : `  ${params}`}${after}`;
}

export const askCommand = defineCommand({
  name: 'ask',
  summary: 'Ask in plain language: answered locally for free when possible, else by a model within budget',
  description:
    'Common git, files, tests, runtime and venom requests are understood locally, offline and at no cost. ' +
    'Anything else goes to the model the router picks by cost, quality and latency, within your budgets. ' +
    'With --dry-run --json, prints the route, intent, plan and cost estimate and calls nothing. ' +
    'Continues the current conversation; --new starts another.',
  positionals: [
    {
      name: 'request',
      description: 'what you want, in plain words (with --retry: the previous request when omitted)',
      variadic: true,
    },
  ],
  options: {
    'dry-run': { type: 'boolean', description: 'plan and estimate only: no model call, nothing executed' },
    explain: {
      type: 'boolean',
      description: 'show the intent match, the candidates, the Pareto front and the sample',
    },
    new: { type: 'boolean', description: 'start a new conversation' },
    retry: {
      type: 'boolean',
      description:
        'the last answer was wrong: ask again with another model (the router learns the first one failed)',
    },
  },
  examples: [
    'venom ask "show the last 3 commits by ana"',
    'venom ask --dry-run --json "find the TODOs in src"',
    'venom ask "why does git rebase rewrite commit hashes?"',
    'venom ask --retry',
  ],
  input: (z) =>
    z.object({
      request: z.array(z.string()).default([]),
      dryRun: z.boolean().default(false),
      explain: z.boolean().default(false),
      new: z.boolean().default(false),
      retry: z.boolean().default(false),
    }),
  async run(input, context): Promise<AskOutcome & { run?: PlanRun }> {
    if (input.request.length === 0 && !input.retry) {
      throw new VenomError({
        code: 'MISSING_ARGUMENT',
        category: 'usage',
        message: 'missing required argument <request...>',
        hint: 'Run venom ask "show the last 3 commits", or venom ask --retry to ask the previous request again.',
      });
    }
    if (input.retry && input.new) {
      throw new VenomError({
        code: 'CONFLICTING_OPTIONS',
        category: 'usage',
        message: '--retry continues the conversation; it cannot start a new one (--new)',
      });
    }
    const { askRequest } = await import('../../plan/index.js');
    const runtime = await openRuntime(context, 'ask');
    try {
      const [{ openAskServices }, { runPlan }] = await Promise.all([
        import('../ask-services.js'),
        import('../run-plan.js'),
      ]);
      const services = await openAskServices(runtime);
      const streaming = !context.globals.json;
      let streamed = false;
      const ask = (request: string, fresh: boolean, acceptProposedSteps = false) =>
        askRequest(
          {
            request,
            dryRun: input.dryRun,
            explain: input.explain,
            fresh,
            acceptProposedSteps,
            retry: input.retry,
            maxOutputTokens: runtime.config.value.models.max_output_tokens,
            signal: context.signal,
            ...(streaming
              ? {
                  onTextDelta: (text: string) => {
                    streamed = true;
                    context.stdout.write(text);
                  },
                }
              : {}),
          },
          services,
        );
      let request = input.request.length > 0 ? input.request.join(' ') : previousRequest(services.sessions);
      let outcome = await ask(request, input.new);
      // On a terminal, a clarifying question is asked, and the answer completes the request once.
      const interactive = context.stdin.isTTY === true && !context.globals.json;
      if (interactive && outcome.intent.clarification !== null) {
        const answer = await promptLine(context, `${outcome.intent.clarification}\n> `);
        if (/^(y|yes|ok|sure|do it)$/i.test(answer)) {
          outcome = await ask(request, false, true);
        } else if (answer !== '' && !/^(n|no)$/i.test(answer)) {
          request = `${request} ${answer}`;
          outcome = await ask(request, false);
        }
      }
      if (streamed) context.stdout.write('\n');
      const run =
        !input.dryRun && outcome.plan.steps.length > 0 && outcome.intent.clarification === null
          ? await runPlan(runtime, context, outcome.plan.steps, request)
          : undefined;
      if (run !== undefined && outcome.requestId !== undefined) {
        services.outcomes?.linkRun(outcome.requestId, run.id);
        // Denying a step of the model's plan is the user rejecting its answer.
        if (run.steps.some((step) => step.error?.code === 'APPROVAL_DENIED'))
          services.outcomes?.correct({ requestId: outcome.requestId }, 'rejected');
      }
      runtime.events().append({
        type: 'ask-end',
        payload: { tier: outcome.route.tier, model: outcome.route.model, steps: outcome.plan.steps.length },
        correlation: { sessionId: outcome.session },
      });
      return {
        ...outcome,
        ...(streamed && outcome.answer ? { answer: { ...outcome.answer, streamed: true } } : {}),
        ...(run === undefined ? {} : { run }),
      };
    } finally {
      runtime.close();
    }
  },
  render(outcome, output, context) {
    const { style } = output;
    if (outcome.intent.clarification !== null) {
      output.line(outcome.intent.clarification);
      return;
    }
    if (outcome.answer !== undefined && outcome.answer.text !== '' && outcome.answer.streamed !== true) {
      output.line(outcome.answer.text);
    }
    if (outcome.plan.steps.length > 0) {
      output.line(
        style.bold(`Plan (${outcome.route.tier === 'local' ? 'local, no cost' : outcome.route.model}):`),
      );
      for (const step of outcome.plan.steps) output.line(`  ${describeStep(step)}`);
    }
    if (outcome.explain !== undefined) renderExplain(outcome, output);
    if (outcome.run !== undefined) {
      output.line();
      renderRun(outcome.run, output);
    }
    const answer = outcome.answer;
    if (answer !== undefined) {
      for (const fallback of answer.fallbacks) context.warn(`fallback: ${fallback}`);
      for (const warning of answer.warnings) context.warn(warning);
      const cost = answer.costUsd === null ? 'cost unknown' : `$${answer.costUsd.toFixed(4)}`;
      context.stderr.write(
        `${style.dim(`${outcome.route.model} · ${answer.usage.inputTokens} in / ${answer.usage.outputTokens} out · ${answer.cached ? 'cache hit, $0' : cost}`)}\n`,
      );
    } else if (outcome.route.tier === 'model' && outcome.route.model !== null) {
      const estimate =
        outcome.estimate.usd === null ? 'unknown cost' : `~$${outcome.estimate.usd.toFixed(4)}`;
      output.line(style.dim(`would ask ${outcome.route.model} (${estimate}); dry run, nothing was called`));
    }
  },
  exitCode: (outcome) =>
    outcome.intent.clarification !== null || (outcome.run !== undefined && outcome.run.state !== 'succeeded')
      ? 1
      : 0,
});

function renderExplain(
  outcome: AskOutcome,
  output: Parameters<NonNullable<typeof askCommand.render>>[1],
): void {
  const explain = outcome.explain;
  if (explain === undefined) return;
  const { style } = output;
  output.line(style.bold('Why:'));
  output.line(
    `  local intent: ${explain.local.matched.join(', ') || 'no match'} (confidence ${explain.local.confidence.toFixed(2)})`,
  );
  output.line(
    `  route: ${outcome.route.tier}${outcome.route.model === null ? '' : ` -> ${outcome.route.model}`}: ${outcome.route.reason}`,
  );
  const routing = explain.routing;
  if (routing === null) return;
  output.line(
    `  task class: ${explain.taskClass}; quality priors worth ${routing.priorStrength.toFixed(1)} outcomes`,
  );
  output.table(
    routing.eligible.map(({ candidate, excludedBecause }) => {
      const cost = routing.expectedCostUsd[candidate.id];
      const sample = routing.samples[candidate.id];
      return [
        `  ${candidate.id}`,
        cost === undefined || cost === null ? 'cost ?' : `$${cost.toFixed(4)}`,
        routing.front.includes(candidate.id) ? 'front' : '',
        sample === undefined ? '' : `sample ${sample.toFixed(3)}`,
        excludedBecause ?? '',
      ];
    }),
    { header: ['  candidate', 'expected cost', 'pareto', 'thompson', 'excluded'] },
  );
}

/** The last request of the current conversation, for `--retry` without one. */
function previousRequest(sessions: SessionStore): string {
  const session = sessions.current();
  const last = sessions
    .recent(session.id, 20)
    .filter((message) => message.role === 'user')
    .at(-1);
  if (last === undefined) {
    throw new VenomError({
      code: 'ASK_NOTHING_TO_RETRY',
      category: 'usage',
      message: 'nothing to retry: this conversation has no earlier request',
      hint: 'Run venom ask "<request>" first.',
    });
  }
  return last.content;
}

/** One line typed at the terminal, after a prompt on stderr. */
async function promptLine(context: CommandContext, prompt: string): Promise<string> {
  const { createInterface } = await import('node:readline/promises');
  const reader = createInterface({ input: context.stdin, output: context.stderr, terminal: true });
  try {
    return (await reader.question(prompt, { signal: context.signal })).trim();
  } finally {
    reader.close();
  }
}
