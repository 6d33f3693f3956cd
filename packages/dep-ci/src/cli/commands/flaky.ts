import { defineCommand } from '@venom/core';

interface FlakyEntry {
  /** The test file. */
  test: string;
  /** The test case in it, for runners whose report names cases (vitest, jest, pytest). */
  case?: string;
  runs: number;
  failures: number;
  flakyRuns: number;
  /** Pass/fail flips per consecutive pair of recorded outcomes. */
  flipRate: number;
  lastFlakyAt?: string;
}

export const flakyCommand = defineCommand({
  name: 'flaky',
  summary: 'List test files and cases that passed after failing in the same run, with their flip rate',
  description:
    "Reads .dep-ci/test-history.json, written by 'dep-ci run --retries <n>'. With --all, every recorded test, flaky or not.",
  examples: ['dep-ci flaky', 'dep-ci flaky --json'],
  options: { all: { type: 'boolean', description: 'List every recorded test, not only flaky ones' } },
  async run(input: { all: boolean }, context): Promise<{ tests: FlakyEntry[] }> {
    const [{ findGitRoot }, history] = await Promise.all([
      import('../../git/read-git-changes.js'),
      import('../../flaky/test-history.js'),
    ]);
    const store = history.readTestHistory(findGitRoot(context.cwd) ?? context.cwd);
    const caseEntries = Object.entries(store.cases ?? {}).map(([key, record]) => {
      const separator = key.indexOf(' > ');
      return [separator < 0 ? key : key.slice(0, separator), record, key.slice(separator + 3)] as const;
    });
    const tests = [
      ...Object.entries(store.tests).map(([test, record]) => [test, record, undefined] as const),
      ...caseEntries,
    ]
      .filter(([, record]) => input.all || history.isKnownFlaky(record))
      .map(([test, record, testCase]) => ({
        test,
        ...(testCase === undefined ? {} : { case: testCase }),
        runs: record.outcomes.length,
        failures: [...record.outcomes].filter((outcome) => outcome !== 'P').length,
        flakyRuns: record.flakyRuns,
        flipRate: Number(history.flipRate(record).toFixed(3)),
        ...(record.lastFlakyAt === undefined ? {} : { lastFlakyAt: record.lastFlakyAt }),
      }))
      .sort(
        (left, right) =>
          right.flipRate - left.flipRate ||
          (left.test < right.test ? -1 : left.test > right.test ? 1 : 0) ||
          ((left.case ?? '') < (right.case ?? '') ? -1 : 1),
      );
    return { tests };
  },
  render(result, output) {
    if (result.tests.length === 0) {
      output.line("no flaky tests recorded (run tests with 'dep-ci run --retries 2 -- <command>')");
      return;
    }
    output.table(
      result.tests.map((entry) => [
        entry.case === undefined ? entry.test : `${entry.test} > ${entry.case}`,
        String(entry.runs),
        String(entry.flakyRuns),
        entry.flipRate.toFixed(2),
        entry.lastFlakyAt ?? '-',
      ]),
      { header: ['test', 'runs', 'flaky runs', 'flip rate', 'last flaky'] },
    );
  },
});
