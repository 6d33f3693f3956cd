import { posix } from 'node:path';
import { VenomError } from '@venom/core';

/** Test runners whose command lines dep-ci knows how to narrow to a list of files. */
export type TestRunner = 'vitest' | 'jest' | 'mocha' | 'node-test' | 'pytest';

const LAUNCHERS = new Set([
  'npx',
  'pnpx',
  'bunx',
  'pnpm',
  'yarn',
  'npm',
  'exec',
  'dlx',
  'bun',
  'run',
  '--',
  'python',
  'python3',
  '-m',
  'uv',
  'poetry',
]);

/** Which runner a command line starts, or undefined. `npx vitest run`, `node --test`, `python -m pytest`. */
export function detectRunner(command: readonly string[]): TestRunner | undefined {
  for (const word of command) {
    const name = posix.basename(word).replace(/\.(c|m)?js$/, '');
    if (name === 'vitest') return 'vitest';
    if (name === 'jest') return 'jest';
    if (name === 'mocha' || name === '_mocha') return 'mocha';
    if (name === 'pytest' || name === 'py.test') return 'pytest';
    if ((name === 'node' || name === 'tsx') && command.includes('--test')) return 'node-test';
    if (!LAUNCHERS.has(name) && !word.startsWith('-') && name !== 'node' && name !== 'tsx') break;
  }
  return undefined;
}

/**
 * The command line that runs only `tests` (paths relative to the command's working directory), in
 * the runner's own syntax: vitest takes file filters, jest `--runTestsByPath`, mocha, node --test and
 * pytest take paths.
 */
export function narrowCommand(command: readonly string[], tests: readonly string[]): string[] {
  const runner = detectRunner(command);
  if (runner === undefined) {
    throw new VenomError({
      code: 'UNKNOWN_TEST_RUNNER',
      category: 'usage',
      message: `cannot tell which test runner '${command.join(' ')}' starts, so the affected tests cannot be passed to it`,
      hint: 'Call the runner directly (npx vitest run, npx jest, npx mocha, node --test, pytest), or use --all to run the command unchanged.',
      details: { command: [...command] },
    });
  }
  if (runner === 'vitest') {
    // `vitest` alone watches; `vitest run <filters>` runs once.
    const index = command.findIndex((word) => posix.basename(word).replace(/\.(c|m)?js$/, '') === 'vitest');
    const head = command.slice(0, index + 1);
    const rest = command.slice(index + 1);
    const once = rest[0] === 'run' ? rest : ['run', ...rest.filter((word) => word !== 'watch')];
    return [...head, ...once, ...tests];
  }
  if (runner === 'jest') return [...command, '--runTestsByPath', ...tests];
  return [...command, ...tests];
}
