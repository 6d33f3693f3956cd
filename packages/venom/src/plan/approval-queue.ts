import { randomBytes } from 'node:crypto';
import { type Store, VenomError } from '@venom/core';
import type { ApprovalRequestInfo } from './plan-run.js';

export type ApprovalState = 'pending' | 'approved' | 'rejected';

/** An approval request as kept in the queue. */
export interface QueuedApproval extends ApprovalRequestInfo {
  id: string;
  state: ApprovalState;
  createdAt: string;
  decidedAt?: string;
  /** Approved with "allow always": the executor hands the remembered rules to onRememberRule. */
  always: boolean;
}

/** The approval queue of non-interactive runs: `venom approvals list|show|approve|reject`. */
export interface ApprovalQueue {
  /** Oldest first. */
  list(options?: { state?: ApprovalState }): QueuedApproval[];
  get(id: string): QueuedApproval | undefined;
  /** Throws VenomError APPROVAL_UNKNOWN (usage) for a bad id, APPROVAL_DECIDED (usage) for one already rejected. */
  approve(id: string, options?: { always?: boolean }): void;
  /** Throws VenomError APPROVAL_UNKNOWN (usage) for a bad id, APPROVAL_DECIDED (usage) for one already approved. */
  reject(id: string): void;
}

interface ApprovalRow {
  id: string;
  run_id: string;
  step_id: string;
  skill: string;
  action: string;
  risk: string;
  summary: string;
  command: string | null;
  paths: string | null;
  reason: string;
  state: ApprovalState;
  always: number;
  created_at: string;
  decided_at: string | null;
}

function toQueuedApproval(row: ApprovalRow): QueuedApproval {
  return {
    id: row.id,
    runId: row.run_id,
    stepId: row.step_id,
    skill: row.skill,
    action: row.action,
    risk: row.risk,
    summary: row.summary,
    ...(row.command === null ? {} : { command: row.command }),
    ...(row.paths === null ? {} : { paths: JSON.parse(row.paths) as string[] }),
    reason: row.reason,
    state: row.state,
    always: row.always === 1,
    createdAt: row.created_at,
    ...(row.decided_at === null ? {} : { decidedAt: row.decided_at }),
  };
}

/** A short id a user can type: `ap-` and 8 hex digits. */
function newApprovalId(): string {
  return `ap-${randomBytes(4).toString('hex')}`;
}

/**
 * Adds a pending request to the queue and returns its id. Used by the executor when a step needs an
 * approval and nobody can be asked.
 */
export function enqueueApproval(store: Store, request: ApprovalRequestInfo, clock: () => Date): string {
  const id = newApprovalId();
  store.database
    .prepare(
      `INSERT INTO plan_approvals (id, run_id, step_id, skill, action, risk, summary, command, paths, reason, state, always, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?)`,
    )
    .run(
      id,
      request.runId,
      request.stepId,
      request.skill,
      request.action,
      request.risk,
      request.summary,
      request.command ?? null,
      request.paths === undefined ? null : JSON.stringify(request.paths),
      request.reason,
      clock().toISOString(),
    );
  return id;
}

/**
 * The approval queue kept in `store` (opened with `{ plan: planMigrations }`). Approving does not run
 * anything: `resumePlan` (venom resume) continues the run, and the approved step then runs.
 */
export function createApprovalQueue(store: Store, options: { clock?: () => Date } = {}): ApprovalQueue {
  const clock = options.clock ?? (() => new Date());
  const { database } = store;

  function get(id: string): QueuedApproval | undefined {
    const row = database.prepare<[string], ApprovalRow>('SELECT * FROM plan_approvals WHERE id = ?').get(id);
    return row === undefined ? undefined : toQueuedApproval(row);
  }

  function decide(id: string, state: 'approved' | 'rejected', always: boolean): void {
    const current = get(id);
    if (current === undefined) {
      const pending = database
        .prepare<[], { id: string }>(
          "SELECT id FROM plan_approvals WHERE state = 'pending' ORDER BY created_at LIMIT 5",
        )
        .all()
        .map((row) => row.id);
      throw new VenomError({
        code: 'APPROVAL_UNKNOWN',
        category: 'usage',
        message: `no approval request has the id '${id}'`,
        hint:
          pending.length === 0
            ? 'No approval is pending.'
            : `Pending: ${pending.join(', ')}. Run 'venom approvals list' to see them.`,
        details: { id },
      });
    }
    if (current.state !== 'pending' && current.state !== state) {
      throw new VenomError({
        code: 'APPROVAL_DECIDED',
        category: 'usage',
        message: `approval ${id} was already ${current.state}`,
        hint: 'A decision is final; ask for the plan again to get a new request.',
        details: { id, state: current.state },
      });
    }
    database
      .prepare('UPDATE plan_approvals SET state = ?, always = ?, decided_at = ? WHERE id = ?')
      .run(state, always ? 1 : 0, clock().toISOString(), id);
  }

  return {
    list(listOptions = {}) {
      const rows =
        listOptions.state === undefined
          ? database.prepare<[], ApprovalRow>('SELECT * FROM plan_approvals ORDER BY created_at, rowid').all()
          : database
              .prepare<[string], ApprovalRow>(
                'SELECT * FROM plan_approvals WHERE state = ? ORDER BY created_at, rowid',
              )
              .all(listOptions.state);
      return rows.map(toQueuedApproval);
    },
    get,
    approve(id, approveOptions = {}) {
      decide(id, 'approved', approveOptions.always ?? false);
    },
    reject(id) {
      decide(id, 'rejected', false);
    },
  };
}
