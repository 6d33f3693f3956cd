import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { TestRunner } from './runner-command.js';

/** Outcome per test file of one runner invocation. */
export type FileOutcomes = Map<string, 'passed' | 'failed'>;

/**
 * Arguments that make a runner also write a machine-readable report to `reportPath`, keeping its
 * normal output: vitest and jest write JSON (the same shape), node --test writes TAP. Undefined for
 * runners whose per-file results dep-ci cannot read (mocha, pytest): they are retried as a whole.
 */
export function reportArguments(runner: TestRunner | undefined, reportPath: string): string[] | undefined {
  if (runner === 'vitest')
    return ['--reporter=default', '--reporter=json', `--outputFile.json=${reportPath}`];
  if (runner === 'jest') return ['--json', `--outputFile=${reportPath}`];
  if (runner === 'node-test') {
    return [
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${reportPath}`,
    ];
  }
  return undefined;
}

/** Where the report arguments go: vitest and jest take them anywhere, node --test before the files. */
export function withReportArguments(
  command: readonly string[],
  tests: readonly string[],
  extra: readonly string[],
): string[] {
  const head = command.slice(0, command.length - tests.length);
  return [...head, ...extra, ...tests];
}

/**
 * Reads a report written by {@link reportArguments}. Paths become repo-relative (`root`); the
 * runner's paths are absolute or relative to `cwd`. A missing or unreadable report is an empty map.
 */
export function readTestReport(
  runner: TestRunner | undefined,
  reportPath: string,
  root: string,
  cwd: string,
  /** The test files on the command line (relative to `cwd`); node's TAP names tests, not files. */
  files: readonly string[] = [],
): FileOutcomes {
  const outcomes: FileOutcomes = new Map();
  let text: string;
  try {
    text = readFileSync(reportPath, 'utf8');
  } catch {
    return outcomes;
  }
  const toRepoPath = (path: string): string =>
    relative(root, isAbsolute(path) ? path : resolve(cwd, path))
      .split(sep)
      .join('/');
  if (runner === 'vitest' || runner === 'jest') {
    try {
      const report = JSON.parse(text) as { testResults?: { name?: string; status?: string }[] };
      for (const result of report.testResults ?? []) {
        if (typeof result.name !== 'string') continue;
        outcomes.set(toRepoPath(result.name), result.status === 'passed' ? 'passed' : 'failed');
      }
    } catch {
      // A truncated report (the runner crashed): nothing can be attributed.
    }
    return outcomes;
  }
  if (runner === 'node-test') {
    // node's TAP names tests; a failure's YAML block carries `location: '<file>:line:col'`. A file
    // is failed when one of its tests failed, passed when it was run and none did.
    const failed = new Set<string>();
    let lastResultFailed = false;
    for (const line of text.split('\n')) {
      const result = /^\s*(not ok|ok) \d+ - /.exec(line);
      if (result !== null) {
        lastResultFailed = result[1] === 'not ok';
        continue;
      }
      const location = /^\s*location: '(.+):\d+:\d+'$/.exec(line);
      if (location?.[1] !== undefined && lastResultFailed)
        failed.add(toRepoPath(location[1].replace(/^file:\/\//, '')));
    }
    if (!/^# (pass|tests) \d+/m.test(text)) return outcomes; // the run did not finish: attribute nothing
    for (const file of files) outcomes.set(toRepoPath(file), 'passed');
    for (const file of failed) outcomes.set(file, 'failed');
  }
  return outcomes;
}
