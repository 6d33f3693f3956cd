import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFixture } from '../../test/fixture.js';
import { flipRate, recordOutcomes, type TestHistory } from '../flaky/test-history.js';
import { detectRunner, narrowCommand } from './runner-command.js';
import { readTestReport, reportArguments, withReportArguments } from './test-report.js';

describe('narrowCommand', () => {
  it('passes files in each runner syntax', () => {
    expect(detectRunner(['npx', 'vitest'])).toBe('vitest');
    expect(detectRunner(['pnpm', 'exec', 'jest', '--ci'])).toBe('jest');
    expect(detectRunner(['python', '-m', 'pytest'])).toBe('pytest');
    expect(detectRunner(['npm', 'test'])).toBeUndefined();
    expect(narrowCommand(['npx', 'vitest'], ['a.test.ts'])).toEqual(['npx', 'vitest', 'run', 'a.test.ts']);
    expect(narrowCommand(['npx', 'vitest', 'run', '--silent'], ['a.test.ts'])).toEqual([
      'npx',
      'vitest',
      'run',
      '--silent',
      'a.test.ts',
    ]);
    expect(narrowCommand(['npx', 'jest', '--ci'], ['a.test.ts'])).toEqual([
      'npx',
      'jest',
      '--ci',
      '--runTestsByPath',
      'a.test.ts',
    ]);
    expect(narrowCommand(['node', '--test'], ['a.test.mjs'])).toEqual(['node', '--test', 'a.test.mjs']);
    expect(narrowCommand(['pytest', '-q'], ['tests/test_a.py'])).toEqual(['pytest', '-q', 'tests/test_a.py']);
    expect(() => narrowCommand(['npm', 'test'], ['a'])).toThrow(/cannot tell which test runner/);
  });

  it('puts report arguments before the files', () => {
    const command = narrowCommand(['node', '--test'], ['a.test.mjs']);
    expect(withReportArguments(command, ['a.test.mjs'], reportArguments('node-test', '/r') ?? [])).toEqual([
      'node',
      '--test',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      '--test-reporter-destination=/r',
      'a.test.mjs',
    ]);
  });
});

describe('readTestReport', () => {
  it('reads vitest/jest JSON and node TAP into per-file outcomes', () => {
    const root = createFixture({});
    writeFileSync(
      join(root, 'vitest.json'),
      JSON.stringify({
        testResults: [
          { name: join(root, 'src/a.test.ts'), status: 'passed' },
          { name: join(root, 'src/b.test.ts'), status: 'failed' },
        ],
      }),
    );
    expect([...readTestReport('vitest', join(root, 'vitest.json'), root, root)]).toEqual([
      ['src/a.test.ts', 'passed'],
      ['src/b.test.ts', 'failed'],
    ]);
    writeFileSync(
      join(root, 'node.tap'),
      `TAP version 13\n# Subtest: x\nnot ok 1 - x\n  ---\n  location: '${join(root, 'test/b.test.mjs')}:3:1'\n  ...\nok 2 - y\n1..2\n# tests 2\n# pass 1\n`,
    );
    expect([
      ...readTestReport('node-test', join(root, 'node.tap'), root, root, [
        'test/a.test.mjs',
        'test/b.test.mjs',
      ]),
    ]).toEqual([
      ['test/a.test.mjs', 'passed'],
      ['test/b.test.mjs', 'failed'],
    ]);
    expect(readTestReport('jest', join(root, 'missing.json'), root, root).size).toBe(0);
  });
});

describe('test history', () => {
  it('computes the flip rate over recorded outcomes', () => {
    const history: TestHistory = { version: 1, tests: {} };
    recordOutcomes(history, new Map([['a', 'P' as const]]), new Date(0));
    recordOutcomes(history, new Map([['a', 'P' as const]]), new Date(0));
    recordOutcomes(history, new Map([['a', 'R' as const]]), new Date(1000));
    const record = history.tests.a ?? { outcomes: '', flakyRuns: 0 };
    expect(record).toEqual({ outcomes: 'PPR', flakyRuns: 1, lastFlakyAt: '1970-01-01T00:00:01.000Z' });
    expect(flipRate(record)).toBe(2 / 3); // P P F P: two flips over three pairs
    expect(flipRate({ outcomes: 'PPPP', flakyRuns: 0 })).toBe(0);
  });
});
