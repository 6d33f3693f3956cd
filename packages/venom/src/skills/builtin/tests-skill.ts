import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findExecutable } from '@venom/core';
import type { Skill, SkillAction, SkillContext } from '../types.js';
import {
  failure,
  formatCommand,
  fromSandboxRun,
  runHostTool,
  sandboxEnvironment,
  success,
} from './action-helpers.js';

/** A test runner found in the workspace, and how to call it. */
export interface DetectedRunner {
  runner: 'vitest' | 'jest' | 'npm' | 'pytest' | 'go' | 'cargo';
  /** The command without path or filter. */
  base: string[];
}

function readPackageJson(workspace: string):
  | {
      scripts?: Record<string, string>;
      devDependencies?: Record<string, string>;
      dependencies?: Record<string, string>;
    }
  | undefined {
  const path = join(workspace, 'package.json');
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as never;
  } catch {
    return undefined;
  }
}

/**
 * The workspace's test runner: vitest or jest (from node_modules/.bin or the test script), another
 * package.json test script (npm test), pytest, go test, cargo test; undefined when none is found.
 */
export function detectTestRunner(
  workspace: string,
  env: Record<string, string | undefined>,
): DetectedRunner | undefined {
  const packageJson = readPackageJson(workspace);
  if (packageJson !== undefined) {
    const script = packageJson.scripts?.test ?? '';
    const declared = { ...packageJson.dependencies, ...packageJson.devDependencies };
    const localBin = (name: string): string | undefined => {
      const path = join(workspace, 'node_modules', '.bin', name);
      return existsSync(path) ? path : undefined;
    };
    if (/\bvitest\b/.test(script) || 'vitest' in declared) {
      const bin = localBin('vitest') ?? findExecutable('vitest', env);
      if (bin !== undefined) return { runner: 'vitest', base: [bin, 'run'] };
    }
    if (/\bjest\b/.test(script) || 'jest' in declared) {
      const bin = localBin('jest') ?? findExecutable('jest', env);
      if (bin !== undefined) return { runner: 'jest', base: [bin] };
    }
    if (script !== '' && !/no test specified/.test(script))
      return { runner: 'npm', base: ['npm', 'test', '--'] };
  }
  const python = ['pytest.ini', 'pyproject.toml', 'setup.cfg', 'tox.ini', 'conftest.py'].some((name) =>
    existsSync(join(workspace, name)),
  );
  if (python) {
    if (findExecutable('pytest', env) !== undefined) return { runner: 'pytest', base: ['pytest'] };
    return { runner: 'pytest', base: ['python3', '-m', 'pytest'] };
  }
  if (existsSync(join(workspace, 'go.mod'))) return { runner: 'go', base: ['go', 'test'] };
  if (existsSync(join(workspace, 'Cargo.toml'))) return { runner: 'cargo', base: ['cargo', 'test'] };
  return undefined;
}

/** The full argv for a run of `runner` limited to `path` and tests named like `filter`. */
export function testCommand(runner: DetectedRunner, params: { path?: string; filter?: string }): string[] {
  const path = params.path === undefined ? [] : [params.path];
  switch (runner.runner) {
    case 'vitest':
    case 'jest':
      return [...runner.base, ...path, ...(params.filter === undefined ? [] : ['-t', params.filter])];
    case 'pytest':
      return [...runner.base, ...path, ...(params.filter === undefined ? [] : ['-k', params.filter])];
    case 'go':
      return [
        ...runner.base,
        params.path ?? './...',
        ...(params.filter === undefined ? [] : ['-run', params.filter]),
      ];
    case 'cargo':
      return [...runner.base, ...(params.filter === undefined ? [] : [params.filter])];
    case 'npm':
      return [...runner.base, ...path];
  }
}

async function runInSandbox(context: SkillContext, argv: string[], extra: Record<string, unknown>) {
  const result = await context.sandbox.run({
    argv,
    cwd: context.workspace,
    network: false,
    env: sandboxEnvironment(context, { CI: '1', FORCE_COLOR: '0', NO_COLOR: '1' }),
    signal: context.signal,
    onOutput: context.onOutput === undefined ? undefined : (_stream, chunk) => context.onOutput?.(chunk),
  });
  const outcome = fromSandboxRun(result, formatCommand(argv), extra);
  return { ...outcome, output: { ...(outcome.output as object), passed: result.exitCode === 0 } };
}

const run: SkillAction<{ path?: string; filter?: string }> = {
  name: 'run',
  description:
    'Run the test suite (or a file, directory, or tests named like a filter) with the detected runner, in the sandbox.',
  risk: 'exec',
  mutating: true,
  params: (z) =>
    z.object({ path: z.string().min(1).optional(), filter: z.string().min(1).optional() }).strict(),
  describe: (params) => ({
    summary: `run tests${params.path === undefined ? '' : ` in ${params.path}`}${params.filter === undefined ? '' : ` named like ${params.filter}`}`,
    paths: params.path === undefined ? [] : [params.path],
  }),
  async execute(context, params) {
    const startedAt = Date.now();
    if (params.path !== undefined) context.fileGuard.check(params.path, 'read');
    const runner = detectTestRunner(context.workspace, context.env);
    if (runner === undefined) {
      return failure(
        'No test runner found here (looked for vitest, jest, a package.json test script, pytest, go.mod, Cargo.toml). Run the tests with shell.run.',
        startedAt,
      );
    }
    return runInSandbox(context, testCommand(runner, params), { runner: runner.runner });
  },
};

function findDepCi(context: SkillContext): string | undefined {
  const local = join(context.workspace, 'node_modules', '.bin', 'dep-ci');
  return existsSync(local) ? local : findExecutable('dep-ci', context.env);
}

const affected: SkillAction<{ base?: string; listOnly?: boolean }> = {
  name: 'affected',
  description:
    'List or run only the tests affected by the current changes (or by the changes since `base`), with dep-ci when it is present.',
  risk: 'exec',
  mutating: true,
  params: (z) => z.object({ base: z.string().min(1).optional(), listOnly: z.boolean().optional() }).strict(),
  describe: (params) => ({
    summary: `${params.listOnly ? 'list' : 'run'} the tests affected by ${params.base === undefined ? 'the working-tree changes' : `changes since ${params.base}`}`,
    command: formatCommand([
      'dep-ci',
      params.listOnly ? 'affected' : 'run',
      ...(params.base === undefined ? [] : ['--since', params.base]),
    ]),
  }),
  async execute(context, params) {
    const startedAt = Date.now();
    const depCi = findDepCi(context);
    if (depCi === undefined) {
      return failure(
        'dep-ci is not present (not on PATH, not in node_modules/.bin), so affected tests cannot be selected. Install dep-ci, or run the whole suite with tests.run.',
        startedAt,
        { depCi: false },
      );
    }
    if (params.base?.startsWith('-')) return failure(`'${params.base}' is not a git ref.`, startedAt);
    const since = params.base === undefined ? [] : ['--since', params.base];
    if (params.listOnly) {
      // Listing reads the import graph and git only; dep-ci runs directly, like read-only git.
      const output = await runHostTool(context, depCi, ['affected', ...since, '--json'], {
        timeoutMs: 120_000,
      });
      if (output.exitCode !== 0)
        return failure(
          `dep-ci affected failed: ${output.stderr.trim() || `exit ${output.exitCode}`}`,
          startedAt,
          null,
          output.exitCode,
        );
      const parsed = JSON.parse(output.stdout) as { tests?: string[]; changed?: string[] };
      const tests = parsed.tests ?? [];
      return success(parsed, tests.length === 0 ? 'no affected tests' : tests.join('\n'), startedAt);
    }
    const runner = detectTestRunner(context.workspace, context.env);
    if (runner === undefined)
      return failure('No test runner found here to run the affected tests with.', startedAt);
    return runInSandbox(context, [depCi, 'run', ...since, '--', ...testCommand(runner, {})], {
      runner: runner.runner,
      depCi: true,
    });
  },
};

/** The tests skill: run, affected. */
export function testsSkill(): Skill {
  return {
    name: 'tests',
    description: 'Run tests: the whole suite, part of it, or only those affected by a change (dep-ci).',
    source: 'builtin',
    actions: [run, affected],
  };
}
