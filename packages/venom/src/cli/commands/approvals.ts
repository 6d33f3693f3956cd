import { defineCommand } from '@venom/core';
import { openRuntime } from '../runtime.js';

/** The approval queue in venom's database (the plan module loads only here). */
async function approvalQueue(runtime: Awaited<ReturnType<typeof openRuntime>>) {
  const { createApprovalQueue } = await import('../../plan/index.js');
  return createApprovalQueue(runtime.store());
}

const idPositional = {
  name: 'id',
  description: 'approval id from venom approvals list',
  required: true,
} as const;

export const approvalsListCommand = defineCommand({
  name: 'approvals list',
  summary: 'List steps waiting for approval (and, with --all, answered ones)',
  options: { all: { type: 'boolean', description: 'include approved and rejected requests' } },
  input: (z) => z.object({ all: z.boolean().default(false) }),
  async run(input, context) {
    const runtime = await openRuntime(context, 'approvals list');
    try {
      const queue = await approvalQueue(runtime);
      return { approvals: input.all ? queue.list() : queue.list({ state: 'pending' }) };
    } finally {
      runtime.close();
    }
  },
  render(result, output) {
    if (result.approvals.length === 0) {
      output.line(output.style.dim('nothing waits for approval'));
      return;
    }
    output.table(
      result.approvals.map((entry) => [
        entry.id,
        entry.state,
        `${entry.skill}.${entry.action}`,
        entry.risk,
        entry.command ?? entry.summary,
      ]),
      { header: ['id', 'state', 'action', 'risk', 'what'] },
    );
  },
});

export const approvalsShowCommand = defineCommand({
  name: 'approvals show',
  summary: 'Show one approval request: what, why, the exact command or paths, and the risk',
  positionals: [idPositional],
  input: (z) => z.object({ id: z.string().min(1) }),
  async run(input, context) {
    const runtime = await openRuntime(context, 'approvals show');
    try {
      const entry = (await approvalQueue(runtime)).get(input.id);
      if (entry === undefined) {
        const { VenomError } = await import('@venom/core');
        throw new VenomError({
          code: 'APPROVAL_UNKNOWN',
          category: 'usage',
          message: `no approval request '${input.id}'`,
          hint: "Run 'venom approvals list'.",
        });
      }
      return entry;
    } finally {
      runtime.close();
    }
  },
  render(entry, output) {
    output.table([
      ['id', entry.id],
      ['state', entry.state],
      ['action', `${entry.skill}.${entry.action}`],
      ['risk', entry.risk],
      ['what', entry.summary],
      ...(entry.command === undefined ? [] : [['command', entry.command]]),
      ...(entry.paths === undefined || entry.paths.length === 0 ? [] : [['paths', entry.paths.join(', ')]]),
      ['why asked', entry.reason],
      ['plan run', `${entry.runId} step ${entry.stepId}`],
    ]);
  },
});

export const approvalsApproveCommand = defineCommand({
  name: 'approvals approve',
  summary: "Approve a waiting step; then 'venom resume <run>' continues the plan",
  positionals: [idPositional],
  options: {
    always: { type: 'boolean', description: 'also remember a narrow rule that allows this in this project' },
  },
  input: (z) => z.object({ id: z.string().min(1), always: z.boolean().default(false) }),
  async run(input, context) {
    const runtime = await openRuntime(context, 'approvals approve');
    try {
      const queue = await approvalQueue(runtime);
      queue.approve(input.id, { always: input.always });
      const entry = queue.get(input.id);
      runtime.events().append({
        type: 'approval-answer',
        payload: { id: input.id, answer: input.always ? 'allow-always' : 'allow-once' },
      });
      return { id: input.id, runId: entry?.runId };
    } finally {
      runtime.close();
    }
  },
  render(result, output) {
    output.line(
      `Approved ${result.id}. Continue the plan with: venom resume ${result.runId ?? ''}`.trimEnd(),
    );
  },
});

export const approvalsRejectCommand = defineCommand({
  name: 'approvals reject',
  summary: 'Reject a waiting step; the plan treats it as denied',
  positionals: [idPositional],
  input: (z) => z.object({ id: z.string().min(1) }),
  async run(input, context) {
    const runtime = await openRuntime(context, 'approvals reject');
    try {
      const queue = await approvalQueue(runtime);
      queue.reject(input.id);
      runtime.events().append({ type: 'approval-answer', payload: { id: input.id, answer: 'deny' } });
      // A rejected step of a model's plan counts against that model (the user rejected its answer).
      const runId = queue.get(input.id)?.runId;
      if (runId !== undefined) {
        const { createOutcomeLog } = await import('../../router/index.js');
        createOutcomeLog(runtime.store()).correct({ runId }, 'rejected');
      }
      return { id: input.id };
    } finally {
      runtime.close();
    }
  },
  render(result, output) {
    output.line(`Rejected ${result.id}.`);
  },
});
