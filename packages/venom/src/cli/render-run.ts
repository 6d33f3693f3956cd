import type { Output } from '@venom/core';
import type { PlanRun } from '../plan/index.js';

/** The run's summary for people: one line per step, then the outcome. */
export function renderRun(run: PlanRun, output: Output): void {
  const { style } = output;
  const badge: Record<string, string> = {
    succeeded: style.green('ok'),
    failed: style.red('failed'),
    blocked: style.yellow('waiting'),
    cancelled: style.yellow('cancelled'),
    skipped: style.dim('skipped'),
    pending: style.dim('pending'),
    running: style.dim('running'),
  };
  for (const step of run.steps) {
    const duration = step.durationMs === undefined ? '' : style.dim(` ${step.durationMs} ms`);
    output.line(`${step.id}  ${step.skill}.${step.action}  ${badge[step.state] ?? step.state}${duration}`);
    const text = step.result?.text.trim() ?? step.error?.message ?? '';
    if (text !== '')
      output.line(
        text
          .split('\n')
          .map((line) => `    ${line}`)
          .join('\n'),
      );
  }
  output.line();
  output.line(`plan ${run.id}: ${run.state}`);
  if (run.state === 'blocked') {
    output.line(`A step waits for approval: 'venom approvals list', then 'venom resume ${run.id}'.`);
  }
}
