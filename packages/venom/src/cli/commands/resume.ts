import { defineCommand } from '@venom/core';
import type { PlanRun } from '../../plan/index.js';
import { renderRun } from '../render-run.js';
import { openRuntime } from '../runtime.js';

export const resumeCommand = defineCommand({
  name: 'resume',
  summary: 'Continue a plan that stopped: after a crash, an approval, or Ctrl-C',
  description: 'Without a run id, lists the unfinished runs.',
  positionals: [{ name: 'run', description: 'the plan run id' }],
  input: (z) => z.object({ run: z.string().optional() }),
  async run(input, context): Promise<{ run?: PlanRun; unfinished?: PlanRun[] }> {
    const runtime = await openRuntime(context, 'resume');
    try {
      if (input.run === undefined) {
        const { listRuns } = await import('../../plan/index.js');
        return { unfinished: listRuns(runtime.store(), { unfinished: true }) };
      }
      const { resumeRun } = await import('../run-plan.js');
      return { run: await resumeRun(runtime, context, input.run) };
    } finally {
      runtime.close();
    }
  },
  render(result, output) {
    if (result.run !== undefined) {
      renderRun(result.run, output);
      return;
    }
    const unfinished = result.unfinished ?? [];
    if (unfinished.length === 0) output.line(output.style.dim('no unfinished plans'));
    for (const run of unfinished) output.line(`${run.id}  ${run.state}  ${run.request ?? ''}`);
  },
  exitCode: (result) => (result.run === undefined || result.run.state === 'succeeded' ? 0 : 1),
});
