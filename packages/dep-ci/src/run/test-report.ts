import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { TestRunner } from './runner-command.js';

/** Outcome per test file of one runner invocation. */
export type FileOutcomes = Map<string, 'passed' | 'failed'>;

/** Outcome per test case, keyed `<repo-relative file> > <case name>` (skipped cases are left out). */
export type CaseOutcomes = Map<string, 'passed' | 'failed'>;

/** Both views of one report. */
export interface TestResults {
  files: FileOutcomes;
  cases: CaseOutcomes;
}

/** The module mocha loads with `--require` to write its report (see {@link prepareReport}). */
export function mochaHookPath(reportPath: string): string {
  return `${reportPath}.cjs`;
}

/**
 * The `--require` module that makes mocha write a report without replacing the user's reporter: it
 * wraps the running mocha's `Runner#emit` (found in the require cache, so it is the mocha running
 * the tests) and appends one JSON line per test pass, test or hook failure, and the run's end. In
 * parallel mode only the main process writes (workers' events are replayed there). It never throws
 * into mocha: a line it cannot write is a report dep-ci cannot read, which means a whole retry.
 */
function mochaHook(reportPath: string): string {
  return `'use strict';
// Written by dep-ci for one \`dep-ci run\`: records each test's outcome; removed after the run.
const { appendFileSync } = require('node:fs');
const { sep } = require('node:path');
const report = ${JSON.stringify(reportPath)};
const runnerModule = Object.keys(require.cache).find((path) => path.endsWith(sep + 'mocha' + sep + 'lib' + sep + 'runner.js'));
const Runner = runnerModule === undefined ? undefined : require.cache[runnerModule].exports;
if (process.env.MOCHA_WORKER_ID === undefined && typeof Runner === 'function') {
  const emit = Runner.prototype.emit;
  Runner.prototype.emit = function (event, runnable) {
    try {
      if (event === 'end') appendFileSync(report, '{"event":"end"}\\n');
      else if ((event === 'pass' || event === 'fail') && runnable !== undefined) {
        const file = runnable.file ?? (runnable.parent && runnable.parent.file);
        const line = { event, type: runnable.type, file, name: runnable.fullTitle() };
        appendFileSync(report, JSON.stringify(line) + '\\n');
      }
    } catch {}
    return emit.apply(this, arguments);
  };
}
`;
}

/**
 * Writes what a runner needs to report besides its arguments (mocha's `--require` module); the
 * caller removes {@link mochaHookPath} with the report.
 */
export function prepareReport(runner: TestRunner | undefined, reportPath: string): void {
  if (runner === 'mocha') writeFileSync(mochaHookPath(reportPath), mochaHook(reportPath));
}

/**
 * Arguments that make a runner also write a machine-readable report to `reportPath`, keeping its
 * normal output: vitest and jest write JSON (the same shape), node --test writes TAP, pytest JUnit
 * XML, mocha JSON lines through a `--require` module ({@link prepareReport} writes it). Undefined for
 * a runner dep-ci does not know: it is retried as a whole.
 */
export function reportArguments(runner: TestRunner | undefined, reportPath: string): string[] | undefined {
  if (runner === 'vitest')
    return ['--reporter=default', '--reporter=json', `--outputFile.json=${reportPath}`];
  if (runner === 'jest') return ['--json', `--outputFile=${reportPath}`];
  if (runner === 'mocha') return ['--require', mochaHookPath(reportPath)];
  // xunit1 keeps each case's `file` attribute (xunit2, the default, drops it).
  if (runner === 'pytest') return [`--junitxml=${reportPath}`, '-o', 'junit_family=xunit1'];
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
 * Reads a report written by {@link reportArguments}: the outcome per file. Paths become
 * repo-relative (`root`); the runner's paths are absolute or relative to `cwd`. A missing or
 * unreadable report is an empty map.
 */
export function readTestReport(
  runner: TestRunner | undefined,
  reportPath: string,
  root: string,
  cwd: string,
  /** The test files on the command line (relative to `cwd`); node's TAP names tests, not files. */
  files: readonly string[] = [],
): FileOutcomes {
  return readTestResults(runner, reportPath, root, cwd, files).files;
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function xmlAttributes(text: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of text.matchAll(/([\w:-]+)="([^"]*)"/g)) {
    attributes[match[1] as string] = (match[2] as string).replace(
      /&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi,
      (entity, name: string) => {
        const named = XML_ENTITIES[name];
        if (named !== undefined) return named;
        const code = /^#x/i.test(name)
          ? Number.parseInt(name.slice(2), 16)
          : Number.parseInt(name.slice(1), 10);
        return Number.isInteger(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
      },
    );
  }
  return attributes;
}

/**
 * Reads a report written by {@link reportArguments}: outcomes per file and per test case (vitest
 * and jest JSON `assertionResults`, pytest JUnit XML `testcase`s, mocha's JSON lines; node's TAP
 * gives files only).
 */
export function readTestResults(
  runner: TestRunner | undefined,
  reportPath: string,
  root: string,
  cwd: string,
  files: readonly string[] = [],
): TestResults {
  const outcomes: FileOutcomes = new Map();
  const cases: CaseOutcomes = new Map();
  let text: string;
  try {
    text = readFileSync(reportPath, 'utf8');
  } catch {
    return { files: outcomes, cases };
  }
  const toRepoPath = (path: string): string =>
    relative(root, isAbsolute(path) ? path : resolve(cwd, path))
      .split(sep)
      .join('/');
  if (runner === 'vitest' || runner === 'jest') {
    try {
      const report = JSON.parse(text) as {
        testResults?: {
          name?: string;
          status?: string;
          assertionResults?: {
            fullName?: string;
            title?: string;
            ancestorTitles?: string[];
            status?: string;
          }[];
        }[];
      };
      for (const result of report.testResults ?? []) {
        if (typeof result.name !== 'string') continue;
        const file = toRepoPath(result.name);
        outcomes.set(file, result.status === 'passed' ? 'passed' : 'failed');
        for (const assertion of result.assertionResults ?? []) {
          if (assertion.status !== 'passed' && assertion.status !== 'failed') continue;
          const name =
            assertion.fullName ?? [...(assertion.ancestorTitles ?? []), assertion.title ?? ''].join(' ');
          cases.set(`${file} > ${name}`, assertion.status);
        }
      }
    } catch {
      // A truncated report (the runner crashed): nothing can be attributed.
    }
    return { files: outcomes, cases };
  }
  if (runner === 'mocha') return readMochaReport(text, toRepoPath);
  if (runner === 'pytest') {
    if (!/<\/testsuites?>\s*$/.test(text)) return { files: outcomes, cases }; // cut short
    for (const match of text.matchAll(/<testcase\b([^>]*?)(?:\/>|>([\s\S]*?)<\/testcase>)/g)) {
      const attributes = xmlAttributes(match[1] ?? '');
      const body = match[2] ?? '';
      if (/<skipped\b/.test(body) || attributes.file === undefined || attributes.name === undefined) continue;
      // pytest writes `file` relative to its rootdir: the working directory, else the repo root.
      const fromCwd = toRepoPath(attributes.file);
      const file = existsSync(resolve(root, fromCwd)) ? fromCwd : toRepoPath(resolve(root, attributes.file));
      const failed = /<(failure|error)\b/.test(body);
      // `classname` is the module's dotted path, plus the class for methods.
      const modulePath = attributes.file.replace(/\.py$/, '').split('/').join('.');
      const className = attributes.classname?.startsWith(`${modulePath}.`)
        ? attributes.classname.slice(modulePath.length + 1)
        : undefined;
      const name = className === undefined ? attributes.name : `${className}::${attributes.name}`;
      cases.set(`${file} > ${name}`, failed ? 'failed' : 'passed');
      if (failed) outcomes.set(file, 'failed');
      else if (!outcomes.has(file)) outcomes.set(file, 'passed');
    }
    return { files: outcomes, cases };
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
    if (!/^# (pass|tests) \d+/m.test(text)) return { files: outcomes, cases }; // did not finish
    for (const file of files) outcomes.set(toRepoPath(file), 'passed');
    for (const file of failed) outcomes.set(file, 'failed');
  }
  return { files: outcomes, cases };
}

/**
 * mocha's JSON lines (see {@link mochaHook}): a file failed when a test or hook in it failed, passed
 * when a test in it passed and nothing failed; a case failed when any of its events was a failure.
 * A report without its end line (mocha was cut short), or with a failure no file can be given, is
 * read as empty: nothing is attributed and the run is retried whole.
 */
function readMochaReport(text: string, toRepoPath: (path: string) => string): TestResults {
  const files: FileOutcomes = new Map();
  const cases: CaseOutcomes = new Map();
  const empty = { files: new Map(), cases: new Map() } satisfies TestResults;
  let ended = false;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    let entry: { event?: string; type?: string; file?: string; name?: string };
    try {
      entry = JSON.parse(line);
    } catch {
      return empty;
    }
    if (entry.event === 'end') {
      ended = true;
      continue;
    }
    if (entry.event !== 'pass' && entry.event !== 'fail') continue;
    if (typeof entry.file !== 'string' || entry.file === '') {
      if (entry.event === 'fail') return empty;
      continue;
    }
    const file = toRepoPath(entry.file);
    const failed = entry.event === 'fail';
    if (failed) files.set(file, 'failed');
    else if (!files.has(file)) files.set(file, 'passed');
    if (entry.type !== 'test' || typeof entry.name !== 'string') continue;
    const key = `${file} > ${entry.name}`;
    if (failed) cases.set(key, 'failed');
    else if (!cases.has(key)) cases.set(key, 'passed');
  }
  return ended ? { files, cases } : empty;
}
