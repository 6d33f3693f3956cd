import type { CommandContext } from '@venom/core';
import type { PlanStep } from '../intent/index.js';
import {
  type ApprovalAnswer,
  type AskApproval,
  executePlan,
  type PlanRun,
  resumePlan,
  validatePlan,
} from '../plan/index.js';
import { openExecutionServices, rememberRules } from './execution-services.js';
import type { VenomRuntime } from './runtime.js';

/** On a terminal: ask the user about one step, showing what, why, the exact command or paths, the risk. */
function terminalApproval(context: CommandContext): AskApproval | undefined {
  if (context.stdin.isTTY !== true || context.globals.json) return undefined;
  return async (request, signal) => {
    const { createInterface } = await import('node:readline/promises');
    const lines = [
      '',
      `approval needed: ${request.skill}.${request.action} (risk: ${request.risk})`,
      `  ${request.summary}`,
      ...(request.command === undefined ? [] : [`  command: ${request.command}`]),
      ...(request.paths === undefined || request.paths.length === 0
        ? []
        : [`  paths: ${request.paths.join(', ')}`]),
      `  why: ${request.reason}`,
    ];
    context.stderr.write(`${lines.join('\n')}\n`);
    const reader = createInterface({ input: context.stdin, output: context.stderr, terminal: true });
    try {
      for (;;) {
        const answer = (
          await reader.question('allow [o]nce, [a]lways for this project, or [d]eny? ', { signal })
        )
          .trim()
          .toLowerCase();
        const chosen: ApprovalAnswer | undefined =
          answer === 'o' || answer === 'once'
            ? 'allow-once'
            : answer === 'a' || answer === 'always'
              ? 'allow-always'
              : answer === 'd' || answer === 'deny' || answer === 'n'
                ? 'deny'
                : undefined;
        if (chosen !== undefined) return chosen;
      }
    } finally {
      reader.close();
    }
  };
}

/** Options shared by running a new plan and resuming one. */
async function executionOptions(runtime: VenomRuntime, context: CommandContext) {
  const services = await openExecutionServices(runtime, context);
  const events = runtime.events();
  const askApproval = terminalApproval(context);
  const progress = context.progress('running the plan');
  return {
    services,
    progress,
    options: {
      registry: services.registry,
      context: services.context,
      policy: services.policy,
      store: runtime.store(),
      ...(askApproval === undefined ? {} : { askApproval }),
      onRememberRule: (rules: Parameters<typeof rememberRules>[1]) =>
        rememberRules(services.workspace, rules),
      beforeMutation: async (step: PlanStep) => {
        // The time machine will snapshot the workspace here; today the hook records that it ran.
        events.append({
          type: 'mutation-start',
          payload: { stepId: step.id, skill: step.skill, action: step.action },
        });
      },
      onEvent: (event: {
        type: string;
        payload: Record<string, unknown>;
        correlation: Record<string, string>;
      }) => {
        events.append(event);
      },
      onProgress: (run: PlanRun) => {
        const finished = new Set(['succeeded', 'failed', 'skipped', 'cancelled']);
        const done = run.steps.filter((step) => finished.has(step.state)).length;
        const running = run.steps
          .filter((step) => step.state === 'running')
          .map((step) => `${step.id} ${step.skill}.${step.action}`);
        progress.update(running.length === 0 ? 'running' : running.join(', '), {
          done,
          total: run.steps.length,
        });
      },
      signal: context.signal,
    },
  };
}

/** Validates and runs a plan's steps in the workspace's sandbox, under the policy. */
export async function runPlan(
  runtime: VenomRuntime,
  context: CommandContext,
  steps: PlanStep[],
  request: string,
): Promise<PlanRun> {
  const { services, progress, options } = await executionOptions(runtime, context);
  const validation = await validatePlan(steps, services.registry);
  if (!validation.ok) {
    const { VenomError } = await import('@venom/core');
    progress.fail();
    await services.close();
    throw new VenomError({
      code: 'PLAN_INVALID',
      category: 'usage',
      message: validation.problems
        .map((problem) => `${problem.stepId ?? 'plan'}: ${problem.message}`)
        .join('; '),
      hint: "Rephrase the request, or look at it with 'venom ask --dry-run --json'.",
      details: { problems: validation.problems },
    });
  }
  try {
    return await executePlan(steps, { ...options, request });
  } finally {
    progress.done();
    await services.close();
  }
}

/** Continues a run that stopped (crash, approval, Ctrl-C). */
export async function resumeRun(
  runtime: VenomRuntime,
  context: CommandContext,
  runId: string,
): Promise<PlanRun> {
  const { services, progress, options } = await executionOptions(runtime, context);
  try {
    return await resumePlan(runId, options);
  } finally {
    progress.done();
    await services.close();
  }
}
