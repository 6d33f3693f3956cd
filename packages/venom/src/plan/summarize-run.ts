import type { PlanRun, StepRun } from './plan-run.js';

/** A run in a few lines for a terminal: one per step, then what happened and what to do next. */
export interface RunSummary {
  /** `s1  git.status  succeeded  12 ms`, aligned, in plan order. */
  stepLines: string[];
  /** `3 steps: 2 succeeded, 1 failed`. */
  headline: string;
  /** Why each failed, blocked or cancelled step stopped: `s2 failed: …`. */
  problems: string[];
  /** The next command, when there is one: approve, resume. */
  nextSteps: string[];
}

const STATE_ORDER = ['succeeded', 'failed', 'blocked', 'cancelled', 'skipped', 'running', 'pending'] as const;

function formatDuration(durationMs: number | undefined): string {
  if (durationMs === undefined) return '';
  return durationMs < 1000 ? `${Math.round(durationMs)} ms` : `${(durationMs / 1000).toFixed(1)} s`;
}

/** One progress line for a step: id, skill.action, state, duration (and attempts when retried). */
export function formatStepLine(
  step: StepRun,
  widths: { id: number; action: number } = { id: 0, action: 0 },
): string {
  const attempts = step.attempts > 1 ? ` (${step.attempts} attempts)` : '';
  return [
    step.id.padEnd(widths.id),
    `${step.skill}.${step.action}`.padEnd(widths.action),
    step.state.padEnd(9),
    `${formatDuration(step.durationMs)}${attempts}`,
  ]
    .join('  ')
    .trimEnd();
}

/**
 * The final summary of a run (Ctrl-C included: says what finished and how to continue). Pure: the
 * CLI prints it, and --json prints the run itself.
 */
export function summarizeRun(run: PlanRun): RunSummary {
  const widths = {
    id: Math.max(0, ...run.steps.map((step) => step.id.length)),
    action: Math.max(0, ...run.steps.map((step) => step.skill.length + step.action.length + 1)),
  };
  const counts = new Map<string, number>();
  for (const step of run.steps) counts.set(step.state, (counts.get(step.state) ?? 0) + 1);
  const parts = STATE_ORDER.filter((state) => counts.has(state)).map(
    (state) => `${counts.get(state)} ${state}`,
  );
  const problems = run.steps
    .filter((step) => step.state === 'failed' || step.state === 'blocked' || step.state === 'cancelled')
    .map((step) => `${step.id} ${step.state}: ${step.error?.message ?? step.state}`);
  const nextSteps: string[] = [];
  const approvals = run.steps.flatMap((step) =>
    step.state === 'blocked' && step.approvalId !== undefined ? [step.approvalId] : [],
  );
  for (const approvalId of approvals) nextSteps.push(`venom approvals approve ${approvalId}`);
  if (run.state !== 'succeeded') nextSteps.push(`venom resume ${run.id}`);
  return {
    stepLines: run.steps.map((step) => formatStepLine(step, widths)),
    headline: `${run.steps.length} step${run.steps.length === 1 ? '' : 's'} ${run.state}: ${parts.join(', ')}`,
    problems,
    nextSteps,
  };
}
