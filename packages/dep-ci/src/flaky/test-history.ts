import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Outcomes of one test file over time, newest last: `P` passed, `F` failed, `R` passed on a retry. */
export interface TestRecord {
  outcomes: string;
  /** Runs in which it failed and then passed on a retry. */
  flakyRuns: number;
  lastFlakyAt?: string;
}

/** The per-repo test history, `.dep-ci/test-history.json`. */
export interface TestHistory {
  version: 1;
  /** By repo-relative test file. */
  tests: Record<string, TestRecord>;
  /** By test case, `<file> > <case name>`, for runners whose report names cases. */
  cases?: Record<string, TestRecord>;
}

/** Outcomes kept per test: enough for a flip rate, small enough to rewrite on every run. */
const KEEP = 50;

/** Loads the history; a missing or unreadable file is an empty history. */
export function readTestHistory(root: string): TestHistory {
  try {
    const parsed = JSON.parse(
      readFileSync(join(root, '.dep-ci', 'test-history.json'), 'utf8'),
    ) as TestHistory;
    if (parsed.version === 1 && typeof parsed.tests === 'object' && parsed.tests !== null) return parsed;
  } catch {
    // Start afresh.
  }
  return { version: 1, tests: {} };
}

/** Writes the history atomically (temp file + rename). */
export function writeTestHistory(root: string, history: TestHistory): void {
  const directory = join(root, '.dep-ci');
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, '.gitignore'), '*\n');
  const temporary = join(directory, `test-history.json.${randomUUID()}.tmp`);
  writeFileSync(temporary, `${JSON.stringify(history)}\n`);
  renameSync(temporary, join(directory, 'test-history.json'));
}

/** Appends one run's final outcome per test (`R` for pass-after-fail) to the history. */
export function recordOutcomes(
  history: TestHistory,
  outcomes: ReadonlyMap<string, 'P' | 'F' | 'R'>,
  now: Date,
  /** `cases` records test cases (keys `<file> > <name>`). */
  kind: 'tests' | 'cases' = 'tests',
): void {
  if (kind === 'cases' && history.cases === undefined) history.cases = {};
  const records = (kind === 'cases' ? history.cases : history.tests) ?? history.tests;
  for (const [test, outcome] of outcomes) {
    const record = records[test] ?? { outcomes: '', flakyRuns: 0 };
    record.outcomes = (record.outcomes + outcome).slice(-KEEP);
    if (outcome === 'R') {
      record.flakyRuns++;
      record.lastFlakyAt = now.toISOString();
    }
    records[test] = record;
  }
}

/**
 * How often a test's outcome flips between pass and fail across its recorded runs (a retry pass
 * counts as a fail then a pass): 0 for a stable test, near 1 for one that alternates.
 */
export function flipRate(record: TestRecord): number {
  const sequence = record.outcomes.replaceAll('R', 'FP');
  if (sequence.length < 2) return 0;
  let flips = 0;
  for (let index = 1; index < sequence.length; index++) if (sequence[index] !== sequence[index - 1]) flips++;
  return flips / (sequence.length - 1);
}

/** Whether a test has ever passed after failing in the same run. */
export function isKnownFlaky(record: TestRecord | undefined): boolean {
  return record !== undefined && record.flakyRuns > 0;
}
