import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestWorkspace } from '../testing/create-test-workspace.js';
import { detectTestRunner, testCommand } from './tests-skill.js';

describe('detectTestRunner', () => {
  it('prefers a local vitest or jest, then the npm test script, then pytest, go and cargo', () => {
    const workspace = createTestWorkspace();
    const env = { PATH: workspace.home };
    expect(detectTestRunner(workspace.root, env)).toBeUndefined();
    workspace.write(
      'package.json',
      JSON.stringify({ scripts: { test: 'echo "Error: no test specified" && exit 1' } }),
    );
    expect(detectTestRunner(workspace.root, env)).toBeUndefined();
    workspace.write('Cargo.toml', '[package]\n');
    expect(detectTestRunner(workspace.root, env)?.runner).toBe('cargo');
    workspace.write('go.mod', 'module x\n');
    expect(detectTestRunner(workspace.root, env)?.runner).toBe('go');
    workspace.write('pyproject.toml', '[project]\n');
    expect(detectTestRunner(workspace.root, env)).toEqual({
      runner: 'pytest',
      base: ['python3', '-m', 'pytest'],
    });
    workspace.write('package.json', JSON.stringify({ scripts: { test: 'mocha' } }));
    expect(detectTestRunner(workspace.root, env)?.runner).toBe('npm');
    workspace.write(
      'package.json',
      JSON.stringify({ scripts: { test: 'vitest' }, devDependencies: { vitest: '4' } }),
    );
    mkdirSync(join(workspace.root, 'node_modules/.bin'), { recursive: true });
    const vitest = join(workspace.root, 'node_modules/.bin/vitest');
    writeFileSync(vitest, '#!/bin/sh\n');
    chmodSync(vitest, 0o755);
    const runner = detectTestRunner(workspace.root, env);
    expect(runner).toEqual({ runner: 'vitest', base: [vitest, 'run'] });
    if (runner === undefined) return;
    expect(testCommand(runner, { path: 'src/a.test.ts', filter: 'parses' })).toEqual([
      vitest,
      'run',
      'src/a.test.ts',
      '-t',
      'parses',
    ]);
    expect(testCommand({ runner: 'pytest', base: ['pytest'] }, { filter: 'login' })).toEqual([
      'pytest',
      '-k',
      'login',
    ]);
    expect(testCommand({ runner: 'go', base: ['go', 'test'] }, {})).toEqual(['go', 'test', './...']);
  });
});
