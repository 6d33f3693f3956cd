import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTestResults } from '../src/run/test-report.js';
import { commitAll, createFixture } from './fixture.js';
import { runDepCi, testEnvironment } from './run-dep-ci.js';

/** mocha, a devDependency of dep-ci, run by path as `node …/mocha/bin/mocha.js`. */
const mochaBin = createRequire(import.meta.url).resolve('mocha/bin/mocha.js');

/** pytest is a real component here; .ci/run installs it (Debian python3-pytest). */
const hasPytest = spawnSync('python3', ['-m', 'pytest', '--version']).status === 0;

describe('flaky test cases', () => {
  it.skipIf(!hasPytest)(
    'attributes a pytest pass-after-fail to the test case, and dep-ci flaky lists it',
    async () => {
      const root = createFixture({
        'pyproject.toml': '[project]\nname = "shop"\n',
        'shop/__init__.py': '',
        'shop/price.py': 'def price(n):\n    return n * 2\n',
        'tests/test_price.py': [
          'import os',
          'from shop.price import price',
          '',
          'def test_steady():',
          '    assert price(2) == 4',
          '',
          'class TestSometimes:',
          '    def test_flips(self):',
          "        marker = os.path.join(os.environ['HOME'], 'flaky-marker')",
          '        if not os.path.exists(marker):',
          "            open(marker, 'w').close()",
          "            assert False, 'first run fails'",
          '',
        ].join('\n'),
      });
      commitAll(root);
      writeFileSync(join(root, 'shop/price.py'), 'def price(n):\n    return n + n\n');
      const env = testEnvironment();
      const run = await runDepCi(
        ['run', '--retries', '2', '--json', '--', 'python3', '-m', 'pytest', '-q', '-p', 'no:cacheprovider'],
        root,
        env,
      );
      expect(run.exitCode).toBe(0);
      const result = JSON.parse(run.stdout);
      expect(result).toMatchObject({
        attempts: 2,
        flaky: ['tests/test_price.py'],
        flakyCases: ['tests/test_price.py > TestSometimes::test_flips'],
        failed: [],
      });
      expect(run.stderr).toContain('flaky test case: tests/test_price.py > TestSometimes::test_flips');
      const listed = JSON.parse((await runDepCi(['flaky', '--json'], root, env)).stdout);
      expect(listed.tests).toEqual([
        expect.objectContaining({ test: 'tests/test_price.py', flakyRuns: 1 }),
        expect.objectContaining({
          test: 'tests/test_price.py',
          case: 'TestSometimes::test_flips',
          flakyRuns: 1,
        }),
      ]);
      const all = JSON.parse((await runDepCi(['flaky', '--all', '--json'], root, env)).stdout);
      expect(all.tests.map((entry: { case?: string }) => entry.case ?? '-').sort()).toEqual([
        '-',
        'TestSometimes::test_flips',
        'test_steady',
      ]);
    },
  );

  it("attributes a mocha pass-after-fail to the test case, keeping the user's reporter", async () => {
    const root = createFixture({
      'package.json': '{ "name": "shop", "type": "commonjs" }\n',
      'src/price.js': 'exports.price = (n) => n * 2;\n',
      'test/price.test.js': [
        "const assert = require('node:assert');",
        "const { existsSync, writeFileSync } = require('node:fs');",
        "const { join } = require('node:path');",
        "const { price } = require('../src/price.js');",
        "describe('price', () => {",
        "  it('doubles', () => assert.strictEqual(price(2), 4));",
        "  it('sometimes flips', () => {",
        "    const marker = join(process.env.HOME, 'flaky-marker');",
        '    if (!existsSync(marker)) {',
        "      writeFileSync(marker, '');",
        "      assert.fail('first run fails');",
        '    }',
        '  });',
        '});',
        '',
      ].join('\n'),
      'test/total.test.js': [
        "const assert = require('node:assert');",
        "const { price } = require('../src/price.js');",
        "it('totals', () => assert.strictEqual(price(1) + price(1), 4));",
        '',
      ].join('\n'),
    });
    commitAll(root);
    writeFileSync(join(root, 'src/price.js'), 'exports.price = (n) => n + n;\n');
    const env = testEnvironment();
    const run = await runDepCi(
      ['run', '--retries', '2', '--json', '--', process.execPath, mochaBin, '--reporter', 'dot'],
      root,
      env,
    );
    expect(run.exitCode, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      attempts: 2,
      tests: ['test/price.test.js', 'test/total.test.js'],
      flaky: ['test/price.test.js'],
      flakyCases: ['test/price.test.js > price sometimes flips'],
      failed: [],
    });
    // The retry ran only the failed file; the user's reporter (dot) printed its summary each time.
    expect(run.stderr).toContain('1 test file failed; retry 1/2: test/price.test.js');
    expect(run.stderr.match(/passing/g)?.length).toBe(2);
    expect(run.stderr).toContain('flaky test case: test/price.test.js > price sometimes flips');
    // The report and its --require module are removed after the run.
    expect(readdirSync(join(root, '.dep-ci')).filter((name) => name.startsWith('report-'))).toEqual([]);
    const listed = JSON.parse((await runDepCi(['flaky', '--json'], root, env)).stdout);
    expect(listed.tests).toEqual([
      expect.objectContaining({ test: 'test/price.test.js', flakyRuns: 1 }),
      expect.objectContaining({ test: 'test/price.test.js', case: 'price sometimes flips', flakyRuns: 1 }),
    ]);
  });

  it('fails a mocha file whose hook failed, and retries only the files that failed', async () => {
    const root = createFixture({
      'package.json': '{ "name": "shop", "type": "commonjs" }\n',
      'src/price.js': 'exports.price = (n) => n * 2;\n',
      'test/setup.test.js': [
        "require('../src/price.js');",
        "describe('needs a server', () => {",
        "  before(() => { throw new Error('no server'); });",
        "  it('never runs', () => {});",
        '});',
        '',
      ].join('\n'),
      'test/fine.test.js': ["require('../src/price.js');", "it('works', () => {});", ''].join('\n'),
    });
    commitAll(root);
    writeFileSync(join(root, 'src/price.js'), 'exports.price = (n) => n + n;\n');
    const run = await runDepCi(
      ['run', '--retries', '1', '--json', '--', process.execPath, mochaBin],
      root,
      testEnvironment(),
    );
    expect(run.exitCode).not.toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ attempts: 2, flaky: [], failed: ['test/setup.test.js'] });
    expect(run.stderr).toContain('1 test file failed; retry 1/1: test/setup.test.js');
  });

  it('reads cases from vitest/jest JSON and JUnit XML, skipping skipped ones', () => {
    const root = createFixture({
      'vitest.json': JSON.stringify({
        testResults: [
          {
            name: 'test/a.test.ts',
            status: 'failed',
            assertionResults: [
              { fullName: 'a works', status: 'passed' },
              { fullName: 'a & b <fail>', status: 'failed' },
              { fullName: 'a later', status: 'skipped' },
            ],
          },
        ],
      }),
      'junit.xml':
        '<?xml version="1.0"?><testsuites><testsuite><testcase classname="t.test_x" name="test_a[&quot;1&quot;]" file="t/test_x.py"/><testcase classname="t.test_x.TestB" name="test_b" file="t/test_x.py"><failure message="x">boom</failure></testcase><testcase classname="t.test_x" name="test_c" file="t/test_x.py"><skipped/></testcase></testsuite></testsuites>\n',
      't/test_x.py': '',
    });
    const vitest = readTestResults('vitest', join(root, 'vitest.json'), root, root);
    expect([...vitest.cases]).toEqual([
      ['test/a.test.ts > a works', 'passed'],
      ['test/a.test.ts > a & b <fail>', 'failed'],
    ]);
    const pytest = readTestResults('pytest', join(root, 'junit.xml'), root, root);
    expect([...pytest.cases]).toEqual([
      ['t/test_x.py > test_a["1"]', 'passed'],
      ['t/test_x.py > TestB::test_b', 'failed'],
    ]);
    expect([...pytest.files]).toEqual([['t/test_x.py', 'failed']]);
  });

  it('reads mocha JSON lines; a report cut short, or a failure without a file, attributes nothing', () => {
    const lines = (...entries: object[]) => `${entries.map((entry) => JSON.stringify(entry)).join('\n')}\n`;
    const pass = { event: 'pass', type: 'test', file: 'test/a.test.js', name: 'a works' };
    const fail = { event: 'fail', type: 'test', file: 'test/a.test.js', name: 'a breaks' };
    const hook = { event: 'fail', type: 'hook', file: 'test/b.test.js', name: '"before all" hook' };
    const root = createFixture({
      'whole.jsonl': lines(pass, fail, hook, { event: 'end' }),
      'cut.jsonl': lines(pass, fail),
      'nofile.jsonl': lines(pass, { event: 'fail', type: 'test', name: 'uncaught' }, { event: 'end' }),
    });
    const whole = readTestResults('mocha', join(root, 'whole.jsonl'), root, root);
    expect([...whole.files]).toEqual([
      ['test/a.test.js', 'failed'],
      ['test/b.test.js', 'failed'],
    ]);
    expect([...whole.cases]).toEqual([
      ['test/a.test.js > a works', 'passed'],
      ['test/a.test.js > a breaks', 'failed'],
    ]);
    expect(readTestResults('mocha', join(root, 'cut.jsonl'), root, root).files.size).toBe(0);
    expect(readTestResults('mocha', join(root, 'nofile.jsonl'), root, root).files.size).toBe(0);
  });
});
