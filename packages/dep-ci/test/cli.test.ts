import { spawn } from 'node:child_process';
import { renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { commitAll, createFixture, git } from './fixture.js';
import { depCiBin, runDepCi, testEnvironment } from './run-dep-ci.js';

const json = (value: unknown): string => JSON.stringify(value);

/** A small app whose tests run under node --test (real child processes, no dependencies). */
const nodeProject = {
  'package.json': json({ name: 'shop', type: 'module' }),
  'src/price.mjs': 'export const price = (n) => n * 2;\n',
  'src/label.mjs': "import { price } from './price.mjs';\nexport const label = (n) => `$${price(n)}`;\n",
  'src/stock.mjs': 'export const stock = () => 3;\n',
  'test/price.test.mjs':
    "import { test } from 'node:test';\nimport assert from 'node:assert';\nimport { price } from '../src/price.mjs';\ntest('price doubles', () => assert.equal(price(2), 4));\n",
  'test/label.test.mjs':
    "import { test } from 'node:test';\nimport assert from 'node:assert';\nimport { label } from '../src/label.mjs';\ntest('label formats', () => assert.equal(label(2), '$4'));\n",
  'test/stock.test.mjs':
    "import { test } from 'node:test';\nimport assert from 'node:assert';\nimport { stock } from '../src/stock.mjs';\ntest('stock counts', () => assert.equal(stock(), 3));\n",
};

function branchWith(root: string, change: () => void): void {
  commitAll(root);
  git(root, 'checkout', '-q', '-b', 'feature');
  change();
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'change');
}

describe('dep-ci affected', () => {
  it('prints the JSON contract for --since, with renames and deletions', async () => {
    const root = createFixture(nodeProject);
    branchWith(root, () => {
      writeFileSync(join(root, 'src/price.mjs'), 'export const price = (n) => n * 3;\n');
      renameSync(join(root, 'src/stock.mjs'), join(root, 'src/inventory.mjs'));
    });
    const run = await runDepCi(['affected', '--since', 'main', '--json'], root);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(Object.keys(result)).toEqual([
      'semantics',
      'changed',
      'affected',
      'tests',
      'reasons',
      'unresolved',
    ]);
    expect(result.semantics).toBe('source');
    expect(result.changed).toEqual(['src/inventory.mjs', 'src/price.mjs', 'src/stock.mjs']);
    expect(result.tests).toEqual(['test/label.test.mjs', 'test/price.test.mjs', 'test/stock.test.mjs']);
    expect(result.reasons['test/stock.test.mjs']).toEqual({
      rule: 'imports-deleted',
      changed: 'src/stock.mjs',
      specifier: '../src/stock.mjs',
    });
    expect(result.reasons['test/label.test.mjs'].chain).toEqual([
      'test/label.test.mjs',
      'src/label.mjs',
      'src/price.mjs',
    ]);
    expect(result.unresolved).toEqual([
      { file: 'test/stock.test.mjs', specifier: '../src/stock.mjs', reason: 'missing-file' },
    ]);
  });

  it('reads the work tree, --staged, and named files; analyze prints one file per line', async () => {
    const root = createFixture(nodeProject);
    commitAll(root);
    writeFileSync(join(root, 'src/stock.mjs'), 'export const stock = () => 4;\n');
    const workTree = JSON.parse((await runDepCi(['affected', '--json'], root)).stdout);
    expect(workTree.tests).toEqual(['test/stock.test.mjs']);
    const staged = JSON.parse((await runDepCi(['affected', '--staged', '--json'], root)).stdout);
    expect(staged.changed).toEqual([]);
    git(root, 'add', 'src/stock.mjs');
    expect(JSON.parse((await runDepCi(['affected', '--staged', '--json'], root)).stdout).changed).toEqual([
      'src/stock.mjs',
    ]);
    const analyze = await runDepCi(['analyze', 'src/price.mjs'], join(root));
    expect(analyze.stdout).toBe('src/label.mjs\ntest/label.test.mjs\ntest/price.test.mjs\n');
  });

  it('explains a shallow clone that lacks the base ref', async () => {
    const origin = createFixture(nodeProject);
    commitAll(origin);
    for (let index = 0; index < 3; index++) {
      writeFileSync(join(origin, 'src/price.mjs'), `export const price = (n) => n * ${index};\n`);
      git(origin, 'commit', '-qam', `change ${index}`);
    }
    const base = git(origin, 'rev-parse', 'HEAD~2').trim();
    const clone = createFixture({});
    git(clone, 'clone', '-q', '--depth', '1', `file://${origin}`, 'repo');
    const run = await runDepCi(['affected', '--since', base], join(clone, 'repo'));
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('shallow clone');
    expect(run.stderr).toContain('git fetch --deepen');
  });

  it('works without git for named files and says why --since cannot', async () => {
    const root = createFixture(nodeProject);
    const named = await runDepCi(['affected', 'src/price.mjs', '--json'], root);
    expect(JSON.parse(named.stdout).tests).toEqual(['test/label.test.mjs', 'test/price.test.mjs']);
    const since = await runDepCi(['affected', '--since', 'main'], root);
    expect(since.exitCode).toBe(3);
    expect(since.stderr).toContain('not inside a git work tree');
  });
});

describe('dep-ci why and graph', () => {
  it('prints the chain, exits 1 for unrelated files, and renders dot', async () => {
    const root = createFixture(nodeProject);
    const why = await runDepCi(['why', 'test/label.test.mjs', 'src/price.mjs'], root);
    expect(why.exitCode).toBe(0);
    expect(why.stdout).toBe(
      "test/label.test.mjs  imports '../src/label.mjs'\n  src/label.mjs  imports './price.mjs'\n    src/price.mjs\n",
    );
    const unrelated = await runDepCi(['why', 'test/stock.test.mjs', 'src/price.mjs', '--json'], root);
    expect(unrelated.exitCode).toBe(1);
    expect(JSON.parse(unrelated.stdout).chain).toEqual([]);
    const dot = await runDepCi(['graph', '--format', 'dot'], root);
    expect(dot.stdout).toContain('"src/label.mjs" -> "src/price.mjs";');
  });
});

describe('dep-ci run', () => {
  it('runs only the affected tests with node --test and passes the exit code through', async () => {
    const root = createFixture(nodeProject);
    branchWith(root, () => writeFileSync(join(root, 'src/stock.mjs'), 'export const stock = () => 5;\n'));
    const run = await runDepCi(['run', '--since', 'main', '--', process.execPath, '--test'], root);
    expect(run.stderr).toContain('1 affected test');
    expect(run.stdout).toContain('stock counts');
    expect(run.stdout).not.toContain('price doubles');
    expect(run.exitCode).toBe(1);
  });

  it('runs nothing when nothing is affected, and everything with --all', async () => {
    const root = createFixture({ ...nodeProject, 'README.md': '# shop\n' });
    branchWith(root, () => writeFileSync(join(root, 'README.md'), '# shop!\n'));
    const nothing = await runDepCi(
      ['run', '--since', 'main', '--json', '--', process.execPath, '--test'],
      root,
    );
    expect(nothing.exitCode).toBe(0);
    expect(JSON.parse(nothing.stdout)).toMatchObject({ ran: false, tests: [], changed: ['README.md'] });
    expect(nothing.stderr).toContain('nothing to run');
    const all = await runDepCi(['run', '--all', '--', process.execPath, '--test'], root);
    expect(all.exitCode).toBe(0);
    expect(all.stdout).toContain('price doubles');
    expect(all.stdout).toContain('stock counts');
  });

  it('narrows a real vitest run to the affected tests', async () => {
    const vitest = fileURLToPath(new URL('../../../node_modules/vitest/vitest.mjs', import.meta.url));
    const root = createFixture({
      'package.json': json({ name: 'web', type: 'module', private: true }),
      'tsconfig.json': json({ compilerOptions: { baseUrl: '.', paths: { '~/*': ['src/*'] } } }),
      '.gitignore': 'node_modules\n',
      'src/format.ts': 'export const format = (n: number): string => n.toFixed(1);\n',
      'src/other.ts': 'export const other = 1;\n',
      'src/format.test.ts':
        "import { expect, test } from 'vitest';\nimport { format } from '~/format.js';\ntest('format', () => expect(format(1)).toBe('1.0'));\n",
      'src/other.test.ts':
        "import { expect, test } from 'vitest';\nimport { other } from './other.js';\ntest('other', () => expect(other).toBe(1));\n",
      'vitest.config.ts':
        "export default { resolve: { alias: { '~': new URL('./src', import.meta.url).pathname } } };\n",
    });
    symlinkSync(fileURLToPath(new URL('../../../node_modules', import.meta.url)), join(root, 'node_modules'));
    branchWith(root, () =>
      writeFileSync(
        join(root, 'src/format.ts'),
        'export const format = (n: number): string => n.toFixed(2);\n',
      ),
    );
    const run = await runDepCi(['run', '--since', 'main', '--', process.execPath, vitest, 'run'], root);
    expect(run.stderr).toContain('1 affected test');
    expect(run.stdout).toContain('format.test.ts');
    expect(run.stdout).not.toContain('other.test.ts');
    expect(`${run.stdout}${run.stderr}`).toContain("expected '1.00' to be '1.0'");
    expect(run.exitCode).toBe(1); // the runner's failure is dep-ci's exit code
  });
});

describe('dep-ci on a large repo', () => {
  it('handles 20k files', async () => {
    const files: Record<string, string> = {};
    for (let index = 0; index < 20_000; index++) {
      files[`src/m${Math.floor(index / 500)}/f${index}.ts`] =
        index % 500 === 0 ? 'export const x = 0;\n' : `import './f${index - 1}.js';\n`;
    }
    files['src/m39/f19999.test.ts'] = "import './f19999.js';\n";
    const root = createFixture(files);
    const run = await runDepCi(['affected', 'src/m39/f19500.ts', '--json'], root);
    expect(run.exitCode).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.affected).toHaveLength(500);
    expect(result.tests).toEqual(['src/m39/f19999.test.ts']);
  });
});

describe('dep-ci watch', () => {
  it('re-runs the affected tests when a file is saved', async () => {
    const root = createFixture(nodeProject);
    commitAll(root);
    const child = spawn(
      depCiBin,
      ['watch', '--max-runs', '1', '--debounce', '50', '--', process.execPath, '--test'],
      {
        cwd: root,
        env: testEnvironment() as NodeJS.ProcessEnv,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const watching = new Promise<void>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('watching')) resolve();
      });
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await watching;
    writeFileSync(
      join(root, 'src/label.mjs'),
      "import { price } from './price.mjs';\nexport const label = (n) => `$${price(n)}!`;\n",
    );
    expect(await exited).toBe(1); // label.test fails now: the runner's exit code
    expect(stderr).toContain('src/label.mjs changed: 1 affected test');
    expect(stdout).toContain('label formats');
    expect(stdout).not.toContain('price doubles');
  });
});

describe('dep-ci run --retries and dep-ci flaky', () => {
  it('re-runs failed files, records a pass after a fail as flaky, and names known-flaky failures', async () => {
    const root = createFixture({
      ...nodeProject,
      // Fails the first time it runs (no marker yet), passes after; always fails with FLAKY_MODE=fail.
      'test/flaky.test.mjs': [
        "import { test } from 'node:test';",
        "import assert from 'node:assert';",
        "import { existsSync, writeFileSync } from 'node:fs';",
        "import { join } from 'node:path';",
        "import { price } from '../src/price.mjs';",
        "const marker = join(process.env.HOME, 'flaky-marker');",
        "test('sometimes', () => {",
        "  if (process.env.FLAKY_MODE === 'fail') assert.fail('always');",
        '  const first = !existsSync(marker);',
        "  writeFileSync(marker, 'x');",
        '  assert.equal(first, false);',
        '  assert.equal(price(1), 2);',
        '});',
        '',
      ].join('\n'),
    });
    branchWith(root, () =>
      writeFileSync(join(root, 'src/price.mjs'), 'export const price = (n) => n * 2; // edited\n'),
    );
    const env = testEnvironment();
    const run = await runDepCi(
      ['run', '--since', 'main', '--retries', '2', '--json', '--', process.execPath, '--test'],
      root,
      env,
    );
    expect(run.exitCode).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ attempts: 2, flaky: ['test/flaky.test.mjs'], failed: [] });
    expect(result.tests).toEqual(['test/flaky.test.mjs', 'test/label.test.mjs', 'test/price.test.mjs']);
    expect(run.stderr).toContain('retry 1/2: test/flaky.test.mjs');
    expect(run.stderr).toContain('test/flaky.test.mjs failed, then passed on a retry: recorded as flaky');

    const listed = JSON.parse((await runDepCi(['flaky', '--json'], root, env)).stdout);
    expect(listed.tests).toEqual([
      expect.objectContaining({
        test: 'test/flaky.test.mjs',
        runs: 1,
        failures: 1,
        flakyRuns: 1,
        flipRate: 1,
      }),
    ]);

    const failing = await runDepCi(
      ['run', '--since', 'main', '--retries', '1', '--', process.execPath, '--test'],
      root,
      {
        ...env,
        FLAKY_MODE: 'fail',
      },
    );
    expect(failing.exitCode).toBe(1);
    expect(failing.stderr).toContain('test/flaky.test.mjs failed; it is known to be flaky');
  });
});
