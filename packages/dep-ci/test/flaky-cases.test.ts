import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTestResults } from '../src/run/test-report.js';
import { commitAll, createFixture } from './fixture.js';
import { runDepCi, testEnvironment } from './run-dep-ci.js';

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
});
