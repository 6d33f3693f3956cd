import { describe, expect, it } from 'vitest';
import type { PlanRun } from './plan-run.js';
import { summarizeRun } from './summarize-run.js';

const run: PlanRun = {
  id: 'run-1',
  state: 'blocked',
  createdAt: '2030-01-01T00:00:00.000Z',
  updatedAt: '2030-01-01T00:00:01.000Z',
  steps: [
    { id: 's1', skill: 'git', action: 'status', state: 'succeeded', attempts: 1, durationMs: 12.4 },
    {
      id: 's2',
      skill: 'tests',
      action: 'run',
      state: 'failed',
      attempts: 3,
      durationMs: 2500,
      error: { code: 'STEP_FAILED', message: 'npm test failed (exit 1)' },
    },
    {
      id: 's10',
      skill: 'shell',
      action: 'run',
      state: 'blocked',
      attempts: 0,
      approvalId: 'ap-1234abcd',
      error: { code: 'APPROVAL_REQUIRED', message: 'waiting for approval ap-1234abcd' },
    },
  ],
};

describe('summarizeRun', () => {
  it('aligns one line per step, counts states, names problems and the next commands', () => {
    expect(summarizeRun(run)).toEqual({
      stepLines: [
        's1   git.status  succeeded  12 ms',
        's2   tests.run   failed     2.5 s (3 attempts)',
        's10  shell.run   blocked',
      ],
      headline: '3 steps blocked: 1 succeeded, 1 failed, 1 blocked',
      problems: ['s2 failed: npm test failed (exit 1)', 's10 blocked: waiting for approval ap-1234abcd'],
      nextSteps: ['venom approvals approve ap-1234abcd', 'venom resume run-1'],
    });
  });

  it('suggests nothing after a run that succeeded', () => {
    const done = summarizeRun({
      ...run,
      state: 'succeeded',
      steps: [run.steps[0] as PlanRun['steps'][number]],
    });
    expect(done.headline).toBe('1 step succeeded: 1 succeeded');
    expect(done.nextSteps).toEqual([]);
  });
});
