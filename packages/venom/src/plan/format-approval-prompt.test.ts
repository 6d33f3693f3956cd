import { describe, expect, it } from 'vitest';
import { formatApprovalPrompt } from './format-approval-prompt.js';

describe('formatApprovalPrompt', () => {
  it('shows what, the exact command and every path, the risk and why', () => {
    expect(
      formatApprovalPrompt({
        runId: 'r1',
        stepId: 's2',
        skill: 'files',
        action: 'delete',
        risk: 'destructive',
        summary: 'delete 2 files',
        command: 'rm -r dist',
        paths: ['dist/a.js', 'dist/b.js'],
        reason: 'files.delete: destructive actions ask by default',
      }),
    ).toEqual([
      'Step s2 wants to delete 2 files',
      '  action   files.delete',
      '  command  rm -r dist',
      '  paths    dist/a.js',
      '           dist/b.js',
      '  risk     destructive',
      '  why      files.delete: destructive actions ask by default',
    ]);
  });

  it('leaves out the command and paths an action does not have', () => {
    expect(
      formatApprovalPrompt({
        runId: 'r1',
        stepId: 's1',
        skill: 'http',
        action: 'get',
        risk: 'network',
        summary: 'fetch https://example.com',
        reason: 'network actions ask by default',
      }),
    ).toHaveLength(4);
  });
});
