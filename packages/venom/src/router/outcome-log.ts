import { createHash } from 'node:crypto';
import type { Store } from '@venom/core';
import type { TaskClass } from './types.js';

/** Why an outcome first recorded as a success was turned into a failure. */
export type OutcomeCorrection = 'retried' | 'rejected';

/** One model-tier request's outcome, as the router recorded it. */
export interface RecordedOutcome {
  requestId: string;
  candidateId: string;
  taskClass: TaskClass;
  sessionId: string | null;
  requestKey: string | null;
  runId: string | null;
  success: boolean;
  correctedBecause: OutcomeCorrection | null;
  createdAt: string;
}

/** Finds the outcomes of earlier requests and corrects them when the user retries or rejects. */
export interface OutcomeLog {
  /** The newest model-tier outcome of a conversation. */
  last(sessionId: string): RecordedOutcome | undefined;
  /** Remembers which plan run a request produced, so a rejection in that run finds it. */
  linkRun(requestId: string, runId: string): void;
  /**
   * Turns a success into a failure in the posteriors (successes − 1, failures + 1), once: a second
   * correction, or one of an outcome already recorded as a failure, changes nothing. Returns the
   * outcome as it is now, or undefined when no outcome matches.
   */
  correct(
    selector: { requestId: string } | { runId: string },
    because: OutcomeCorrection,
  ): { outcome: RecordedOutcome; changed: boolean } | undefined;
  /** How many outcomes were corrected, per reason. */
  corrections(): Record<OutcomeCorrection, number>;
}

/**
 * The key retries are recognised by: a hash of the request with case and spacing normalised. Two
 * requests that differ only in those are the same request asked again.
 */
export function requestKey(request: string): string {
  const normalised = request.trim().replace(/\s+/g, ' ').toLowerCase();
  return createHash('sha256').update(normalised).digest('hex').slice(0, 32);
}

interface OutcomeRow {
  request_id: string;
  candidate_id: string;
  task_class: string;
  session_id: string | null;
  request_key: string | null;
  run_id: string | null;
  success: number;
  corrected_because: string | null;
  created_at: string;
}

function fromRow(row: OutcomeRow): RecordedOutcome {
  return {
    requestId: row.request_id,
    candidateId: row.candidate_id,
    taskClass: row.task_class as TaskClass,
    sessionId: row.session_id,
    requestKey: row.request_key,
    runId: row.run_id,
    success: row.success === 1,
    correctedBecause: row.corrected_because as OutcomeCorrection | null,
    createdAt: row.created_at,
  };
}

/** The outcome log over a store opened with `{ router: routerMigrations }`. */
export function createOutcomeLog(store: Store, clock: () => Date = () => new Date()): OutcomeLog {
  const database = store.database;
  const lastOf = database.prepare<[string], OutcomeRow>(
    'SELECT * FROM router_outcomes WHERE session_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1',
  );
  const byRequest = database.prepare<[string], OutcomeRow>(
    'SELECT * FROM router_outcomes WHERE request_id = ?',
  );
  const byRun = database.prepare<[string], OutcomeRow>(
    'SELECT * FROM router_outcomes WHERE run_id = ? ORDER BY created_at DESC LIMIT 1',
  );
  const setRun = database.prepare<[string, string]>(
    'UPDATE router_outcomes SET run_id = ? WHERE request_id = ?',
  );
  const markCorrected = database.prepare<[string, string]>(
    'UPDATE router_outcomes SET corrected_because = ?, success = 0 WHERE request_id = ? AND success = 1 AND corrected_because IS NULL',
  );
  const moveCount = database.prepare<[string, string, string]>(
    `UPDATE router_posteriors SET successes = MAX(successes - 1, 0), failures = failures + 1, updated_at = ?
     WHERE candidate_id = ? AND task_class = ?`,
  );
  const countCorrections = database.prepare<[], { corrected_because: string; count: number }>(
    'SELECT corrected_because, COUNT(*) AS count FROM router_outcomes WHERE corrected_because IS NOT NULL GROUP BY corrected_because',
  );
  const correctInTransaction = database.transaction(
    (selector: { requestId: string } | { runId: string }, because: OutcomeCorrection) => {
      const row = 'requestId' in selector ? byRequest.get(selector.requestId) : byRun.get(selector.runId);
      if (row === undefined) return undefined;
      const changed = markCorrected.run(because, row.request_id).changes === 1;
      if (changed) moveCount.run(clock().toISOString(), row.candidate_id, row.task_class);
      const now = byRequest.get(row.request_id) as OutcomeRow;
      return { outcome: fromRow(now), changed };
    },
  );
  return {
    last(sessionId) {
      const row = lastOf.get(sessionId);
      return row === undefined ? undefined : fromRow(row);
    },
    linkRun(requestId, runId) {
      setRun.run(runId, requestId);
    },
    correct(selector, because) {
      return correctInTransaction.immediate(selector, because);
    },
    corrections() {
      const counts: Record<OutcomeCorrection, number> = { retried: 0, rejected: 0 };
      for (const row of countCorrections.all())
        counts[row.corrected_because as OutcomeCorrection] = row.count;
      return counts;
    },
  };
}
