import { defineCommand, VenomError } from '@venom/core';
import type { Semantics } from '../../graph/build-graph.js';
import {
  affectedFor,
  affectedFromDaemon,
  changeOptions,
  collectChanges,
  openRepo,
  saveCachesNow,
  semanticsOption,
} from './shared.js';

interface RunResult {
  /** Runner invocations: 1, or more with --retries. */
  attempts: number;
  /** Tests that failed and then passed on a retry (recorded in .dep-ci/test-history.json). */
  flaky: string[];
  /** Tests that still failed after the retries. */
  failed: string[];
  /** Test cases (`<file> > <name>`) that failed and then passed on a retry, where the runner names them. */
  flakyCases: string[];
  semantics: string;
  changed: string[];
  tests: string[];
  /** The command line run, or undefined when nothing was affected. */
  command: string[] | undefined;
  ran: boolean;
  /** The runner's exit code (0 when nothing ran). */
  exitCode: number;
}

export const runCommand = defineCommand({
  name: 'run',
  summary: 'Run only the affected tests: dep-ci run [--since <ref>] -- <test command>',
  description:
    "Passes the affected test files to the runner in its own syntax (vitest, jest, mocha, node --test, pytest). Nothing affected: runs nothing, says so, exits 0. --all runs the command unchanged. The exit code is the runner's. With --json the runner's stdout goes to stderr and stdout holds one JSON document.",
  examples: [
    'dep-ci run --since main -- npx vitest run',
    'dep-ci run -- node --test',
    'dep-ci run --all -- npx jest',
  ],
  positionals: [
    { name: 'command', description: 'The test command, after --', variadic: true, required: true },
  ],
  options: {
    ...changeOptions,
    all: { type: 'boolean', description: 'Run every test: the command unchanged' },
    retries: {
      type: 'string',
      description:
        'Re-run failed test files up to <n> times; a pass after a fail is recorded as flaky (vitest, jest, mocha, node --test, pytest)',
      valueName: 'n',
    },
    semantics: semanticsOption,
  },
  // No zod schema on this hot path: see docs/decisions/2026-11-21-dep-ci-no-zod-on-hot-commands.md.
  async run(
    input: {
      command: string[];
      since?: string;
      staged: boolean;
      all: boolean;
      retries?: string;
      semantics: Semantics;
    },
    context,
  ): Promise<RunResult> {
    const retries = parseRetries(input.retries);
    const [{ narrowCommand, detectRunner }, { join, relative, sep }, { findGitRoot }] = await Promise.all([
      import('../../run/runner-command.js'),
      import('node:path'),
      import('../../git/read-git-changes.js'),
    ]);
    let root = findGitRoot(context.cwd) ?? context.cwd;
    let command: string[] | undefined = input.command;
    let changed: string[] = [];
    let tests: string[] = [];
    const fromCwd = (paths: readonly string[]): string[] =>
      paths.map((path) => relative(context.cwd, join(root, path)).split(sep).join('/'));
    if (!input.all) {
      // The repo's daemon answers without building the graph here; else build it.
      const result =
        (await affectedFromDaemon(context.cwd, context.env, [
          ...(input.since === undefined ? [] : ['--since', input.since]),
          ...(input.staged ? ['--staged'] : []),
          '--semantics',
          input.semantics,
        ])) ??
        (await (async () => {
          const repo = await openRepo(context.cwd);
          root = repo.root;
          const changes = await collectChanges(repo, context.cwd, {
            since: input.since,
            staged: input.staged,
          });
          return affectedFor(repo, changes, input.semantics);
        })());
      changed = result.changed;
      tests = result.tests;
      command = tests.length === 0 ? undefined : narrowCommand(input.command, fromCwd(tests));
    }
    if (command === undefined) {
      context.warn(
        `no tests affected by ${changed.length} changed file${changed.length === 1 ? '' : 's'}; nothing to run`,
      );
      return {
        semantics: input.semantics,
        changed,
        tests,
        command,
        ran: false,
        exitCode: 0,
        attempts: 0,
        flaky: [],
        failed: [],
        flakyCases: [],
      };
    }
    if (!context.globals.quiet) {
      context.stderr.write(
        `dep-ci: ${input.all ? 'all tests' : `${tests.length} affected test${tests.length === 1 ? '' : 's'}`}: ${command.join(' ')}\n`,
      );
    }
    // Before the runner, which may run for minutes or be interrupted.
    saveCachesNow();
    const spawn = (line: string[]): Promise<number> =>
      spawnRunner(line, context.cwd, context.env, context.globals.json, context.stderr, context.signal);
    if (retries === 0) {
      const exitCode = await spawn(command);
      return {
        semantics: input.semantics,
        changed,
        tests,
        command,
        ran: true,
        exitCode,
        attempts: 1,
        flaky: [],
        failed: [],
        flakyCases: [],
      };
    }
    return runWithRetries({
      runner: detectRunner(input.command),
      command,
      tests: fromCwd(tests),
      retries,
      root,
      cwd: context.cwd,
      narrow: (files) => narrowCommand(input.command, fromCwd(files)),
      spawn,
      warn: (message) => context.stderr.write(`dep-ci: ${message}\n`),
      base: { semantics: input.semantics, changed, tests },
    });
  },
  render(result, output) {
    if (!result.ran) output.line('no affected tests: nothing ran');
  },
  exitCode: (result) => result.exitCode,
});

/** Runs a test command with the terminal's stdin/stderr; with `json`, its stdout goes to stderr. */
export async function spawnRunner(
  command: string[],
  cwd: string,
  env: Record<string, string | undefined>,
  json: boolean,
  stderr: NodeJS.WritableStream,
  signal: AbortSignal,
): Promise<number> {
  const { spawn } = await import('node:child_process');
  const [file, ...args] = command;
  return new Promise((resolve, reject) => {
    const child = spawn(file as string, args, {
      cwd,
      env: env as NodeJS.ProcessEnv,
      stdio: ['inherit', json ? 'pipe' : 'inherit', 'inherit'],
    });
    if (json) child.stdout?.on('data', (chunk: Buffer) => stderr.write(chunk));
    const onAbort = (): void => {
      child.kill('SIGTERM');
    };
    signal.addEventListener('abort', onAbort, { once: true });
    child.on('error', (error: NodeJS.ErrnoException) => {
      signal.removeEventListener('abort', onAbort);
      reject(
        new VenomError({
          code: 'TEST_COMMAND_NOT_FOUND',
          category: 'environment',
          message: `cannot start '${file}': ${error.code ?? error.message}`,
          hint: 'Check the command after -- (is the runner installed? is it on PATH?).',
          cause: error,
        }),
      );
    });
    child.on('close', (code, killedBy) => {
      signal.removeEventListener('abort', onAbort);
      resolve(code ?? (killedBy === 'SIGINT' || killedBy === 'SIGTERM' ? 130 : 1));
    });
  });
}

function parseRetries(value: string | undefined): number {
  if (value === undefined) return 0;
  const retries = Number(value);
  if (!Number.isInteger(retries) || retries < 0 || retries > 20) {
    throw new VenomError({
      code: 'INVALID_VALUE',
      category: 'usage',
      message: `--retries expects a whole number from 0 to 20, got '${value}'`,
      hint: 'For example: dep-ci run --retries 2 -- npx vitest run',
    });
  }
  return retries;
}

interface RetryOptions {
  runner: import('../../run/runner-command.js').TestRunner | undefined;
  command: string[];
  /** The tests on the command line, relative to cwd (empty with --all). */
  tests: string[];
  retries: number;
  root: string;
  cwd: string;
  narrow(files: string[]): string[];
  spawn(command: string[]): Promise<number>;
  warn(message: string): void;
  base: { semantics: string; changed: string[]; tests: string[] };
}

/**
 * Runs the command, then re-runs only the failed test files (read from the runner's report) up to
 * `retries` times. A file that fails and then passes is flaky; the history records every file's
 * final outcome. Runners without a readable report are retried whole and nothing is recorded.
 */
async function runWithRetries(options: RetryOptions): Promise<RunResult> {
  const [{ join }, { rmSync }, report, history] = await Promise.all([
    import('node:path'),
    import('node:fs'),
    import('../../run/test-report.js'),
    import('../../flaky/test-history.js'),
  ]);
  const { mkdirSync } = await import('node:fs');
  mkdirSync(join(options.root, '.dep-ci'), { recursive: true });
  const firstOutcome = new Map<string, 'P' | 'F' | 'R'>();
  const firstCaseOutcome = new Map<string, 'P' | 'F' | 'R'>();
  let command = options.command;
  let onCommandLine = options.tests;
  let exitCode = 0;
  let attempts = 0;
  let stillFailing: string[] = [];
  for (let attempt = 0; attempt <= options.retries; attempt++) {
    attempts++;
    const reportPath = join(options.root, '.dep-ci', `report-${process.pid}-${attempt}`);
    const extra = report.reportArguments(options.runner, reportPath);
    report.prepareReport(options.runner, reportPath);
    exitCode = await options.spawn(
      extra === undefined ? command : report.withReportArguments(command, onCommandLine, extra),
    );
    const { files: outcomes, cases } = report.readTestResults(
      options.runner,
      reportPath,
      options.root,
      options.cwd,
      onCommandLine,
    );
    for (const [testCase, outcome] of cases) {
      if (attempt === 0) firstCaseOutcome.set(testCase, outcome === 'passed' ? 'P' : 'F');
      else if (outcome === 'passed' && firstCaseOutcome.get(testCase) === 'F')
        firstCaseOutcome.set(testCase, 'R');
    }
    rmSync(reportPath, { force: true });
    rmSync(report.mochaHookPath(reportPath), { force: true });
    if (extra === undefined || outcomes.size === 0) {
      // Nothing to attribute: retry the whole command while it fails.
      stillFailing = [];
      if (exitCode === 0) break;
      if (attempt < options.retries)
        options.warn(`the run failed; retrying it whole (${attempt + 1}/${options.retries})`);
      continue;
    }
    for (const [test, outcome] of outcomes) {
      if (attempt === 0) firstOutcome.set(test, outcome === 'passed' ? 'P' : 'F');
      else if (outcome === 'passed' && firstOutcome.get(test) === 'F') firstOutcome.set(test, 'R');
    }
    stillFailing = [...outcomes]
      .filter(([, outcome]) => outcome === 'failed')
      .map(([test]) => test)
      .sort();
    if (stillFailing.length === 0 || attempt === options.retries) break;
    options.warn(
      `${stillFailing.length} test file${stillFailing.length === 1 ? '' : 's'} failed; retry ${attempt + 1}/${options.retries}: ${stillFailing.join(' ')}`,
    );
    command = options.narrow(stillFailing);
    onCommandLine = command.slice(command.length - stillFailing.length);
  }
  const flaky = [...firstOutcome]
    .filter(([, outcome]) => outcome === 'R')
    .map(([test]) => test)
    .sort();
  const flakyCases = [...firstCaseOutcome]
    .filter(([, outcome]) => outcome === 'R')
    .map(([testCase]) => testCase)
    .sort();
  if (firstOutcome.size > 0) {
    const store = history.readTestHistory(options.root);
    const now = new Date();
    history.recordOutcomes(store, firstOutcome, now);
    history.recordOutcomes(store, firstCaseOutcome, now, 'cases');
    history.writeTestHistory(options.root, store);
    for (const test of flaky) options.warn(`${test} failed, then passed on a retry: recorded as flaky`);
    for (const testCase of flakyCases) options.warn(`flaky test case: ${testCase}`);
    for (const test of stillFailing) {
      const record = store.tests[test];
      if (record !== undefined && history.isKnownFlaky(record)) {
        options.warn(
          `${test} failed; it is known to be flaky (flip rate ${history.flipRate(record).toFixed(2)}, ${record.flakyRuns} flaky runs)`,
        );
      }
    }
    // Every failure passed on a retry: the run passes.
    if (stillFailing.length === 0 && flaky.length > 0) exitCode = 0;
  }
  return {
    ...options.base,
    command: options.command,
    ran: true,
    exitCode,
    attempts,
    flaky,
    failed: stillFailing,
    flakyCases,
  };
}
