// The anchors of bench/dep-ci/run.mjs, on the same corpus and changed files: jest
// --findRelatedTests --listTests, madge and dependency-cruiser, each zero-config and with the best
// configuration a user could write (path aliases and every workspace package spelled out by hand).
// madge and dependency-cruiser answer one question per full run (`--depends`/`--reaches` re-cruise),
// so each runs once per configuration and the reverse closure of its graph answers every query.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = (name) => fileURLToPath(new URL(`./node_modules/.bin/${name}`, import.meta.url));
const JEST_QUERIES = 20;

function run(command, args, cwd, stdoutFile) {
  const started = performance.now();
  // madge ends with process.exit(), which cuts a large piped stdout short: such tools write to a file.
  const descriptor = stdoutFile === undefined ? undefined : openSync(stdoutFile, 'w');
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    timeout: 600_000,
    stdio: ['ignore', descriptor ?? 'pipe', 'pipe'],
  });
  if (descriptor !== undefined) {
    closeSync(descriptor);
    result.stdout = readFileSync(stdoutFile, 'utf8');
    rmSync(stdoutFile, { force: true });
  }
  return {
    elapsed: performance.now() - started,
    stdout: result.stdout ?? '',
    stderr: result.stderr ?? '',
    status: result.status,
  };
}

/**
 * For a changed file, the tests whose import closure reaches it, from `[file, imported files]` pairs:
 * the ground truth from the generator's edges and each anchor's graph are read the same way.
 */
export function closureTests(edges, tests) {
  const importers = new Map();
  for (const [from, targets] of edges) {
    for (const to of targets) {
      if (!importers.has(to)) importers.set(to, []);
      importers.get(to).push(from);
    }
  }
  const testSet = new Set(tests);
  return (changed) => {
    const seen = new Set([changed]);
    const queue = [changed];
    for (let index = 0; index < queue.length; index++) {
      for (const importer of importers.get(queue[index]) ?? []) {
        if (!seen.has(importer)) {
          seen.add(importer);
          queue.push(importer);
        }
      }
    }
    return [...seen].filter((file) => testSet.has(file)).sort();
  };
}

/** The hand-written configuration: tsconfig paths for every workspace package. */
function writeBestConfigs(root, repo) {
  const packageNames = [...repo.contents.keys()]
    .map((file) => /^packages\/(pkg-\d+)\/package\.json$/.exec(file)?.[1])
    .filter((name) => name !== undefined);
  const paths = { '@shared/*': ['packages/pkg-0/src/*'], '~lib/*': ['packages/pkg-1/src/lib/*'] };
  for (const name of packageNames) {
    paths[`@gen/${name}`] = [`packages/${name}/src/index.ts`];
    paths[`@gen/${name}/feature`] = [`packages/${name}/src/feature/index.ts`];
    paths[`@gen/${name}/core/*`] = [`packages/${name}/src/core/*`];
  }
  writeFileSync(
    join(root, 'tsconfig.anchors.json'),
    JSON.stringify({
      compilerOptions: { baseUrl: '.', moduleResolution: 'bundler', module: 'ESNext', allowJs: true, paths },
    }),
  );
  writeFileSync(
    join(root, 'jest.anchors.cjs'),
    `module.exports = ${JSON.stringify({
      rootDir: root,
      testMatch: ['**/*.test.ts'],
      moduleFileExtensions: ['ts', 'tsx', 'mts', 'cts', 'js', 'mjs', 'cjs', 'json'],
      moduleNameMapper: {
        '^@shared/(.*)$': '<rootDir>/packages/pkg-0/src/$1',
        '^~lib/(.*)\\.js$': '<rootDir>/packages/pkg-1/src/lib/$1',
        '^@gen/(pkg-\\d+)$': '<rootDir>/packages/$1/src/index.ts',
        '^@gen/(pkg-\\d+)/feature$': '<rootDir>/packages/$1/src/feature/index.ts',
        '^@gen/(pkg-\\d+)/core/(.*)$': '<rootDir>/packages/$1/src/core/$2.ts',
        '^(\\.{1,2}/.*)\\.(c|m)?js$': '$1',
      },
    })};\n`,
  );
}

/** Runs every anchor and prints its line; `ours` holds dep-ci's figures for the ratios. */
export async function runAnchors({ root, repo, queries, truth, line, score, median, ms, ours }) {
  if (!existsSync(bin('jest'))) {
    line('anchors skipped: run `npm install --prefix bench/dep-ci` first');
    return;
  }
  writeBestConfigs(root, repo);
  const rows = [];

  // jest: one process per query (that is how it is used); the first JEST_QUERIES changed files.
  const jestQueries = queries.slice(0, JEST_QUERIES);
  const jestTruth = truth.slice(0, JEST_QUERIES);
  for (const [label, configArgs] of [
    ['jest --findRelatedTests (best config)', ['--config', join(root, 'jest.anchors.cjs')]],
    ['jest --findRelatedTests (zero config)', ['--rootDir', root]],
  ]) {
    rmSync(join(root, '.jest-cache'), { recursive: true, force: true });
    const times = [];
    const selections = [];
    for (const file of jestQueries) {
      const result = run(
        process.execPath,
        [
          bin('jest').replace(/\.bin\/jest$/, 'jest/bin/jest.js'),
          ...configArgs,
          '--cacheDirectory',
          join(root, '.jest-cache'),
          '--findRelatedTests',
          file,
          '--listTests',
        ],
        root,
      );
      times.push(result.elapsed);
      selections.push(
        result.stdout
          .split('\n')
          .filter((entry) => entry.startsWith(root))
          .map((entry) => entry.slice(root.length + 1))
          .sort(),
      );
    }
    const accuracy = score(selections, jestTruth);
    const warm = times.slice(1);
    rows.push({
      label,
      cold: times[0],
      query: median(warm),
      queryP95: [...warm].sort((a, b) => a - b)[Math.ceil(0.95 * warm.length) - 1],
      ...accuracy,
      queries: jestQueries.length,
    });
  }

  // madge and dependency-cruiser: one full run each, reverse closure for every query.
  const madge = (args) => {
    const result = run(
      process.execPath,
      [bin('madge').replace(/\.bin\/madge$/, 'madge/bin/cli.js'), ...args, '--json', 'packages'],
      root,
      join(root, '.anchor-output.json'),
    );
    if (result.status !== 0) throw new Error(`madge exited ${result.status}: ${result.stderr.slice(0, 200)}`);
    const graph = JSON.parse(result.stdout);
    const edges = Object.entries(graph).map(([from, targets]) => [
      `packages/${from}`,
      targets.map((to) => `packages/${to}`),
    ]);
    return { elapsed: result.elapsed, edges };
  };
  const cruise = (args) => {
    const result = run(
      process.execPath,
      [
        bin('depcruise').replace(/\.bin\/depcruise$/, 'dependency-cruiser/bin/dependency-cruise.mjs'),
        '--no-config',
        ...args,
        '--output-type',
        'json',
        'packages',
      ],
      root,
      join(root, '.anchor-output.json'),
    );
    if (result.status !== 0)
      throw new Error(`depcruise exited ${result.status}: ${result.stderr.slice(0, 200)}`);
    const data = JSON.parse(result.stdout);
    const edges = data.modules.map((module) => [
      module.source,
      module.dependencies.map((dependency) => dependency.resolved),
    ]);
    return { elapsed: result.elapsed, edges };
  };
  for (const [label, produce] of [
    [
      'madge (best config: --ts-config, all extensions)',
      () => madge(['--ts-config', 'tsconfig.anchors.json', '--extensions', 'ts,tsx,mts,cts,js,mjs,cjs']),
    ],
    ['madge (zero config)', () => madge(['--extensions', 'ts'])],
    [
      'dependency-cruiser (best config: --ts-config, --ts-pre-compilation-deps)',
      () => cruise(['--ts-config', 'tsconfig.anchors.json', '--ts-pre-compilation-deps']),
    ],
    ['dependency-cruiser (zero config)', () => cruise([])],
  ]) {
    try {
      const { elapsed, edges } = produce();
      const select = closureTests(edges, repo.tests);
      const accuracy = score(queries.map(select), truth);
      rows.push({ label, cold: elapsed, query: elapsed, ...accuracy, queries: queries.length });
    } catch (error) {
      rows.push({ label, failed: String(error).split('\n')[0] });
    }
  }

  line();
  line(
    '| tool | cold build | one query | recall | precision | cold vs dep-ci | query vs dep-ci CLI with the daemon (p50 / p95) | query vs dep-ci CLI without |',
  );
  line('|---|---|---|---|---|---|---|---|');
  line(
    `| dep-ci (zero config) | ${ms(ours.coldWall)} | ${ms(ours.daemonP50)} p50 / ${ms(ours.daemonP95)} p95 CLI with the daemon, ${ms(ours.cliP50)} CLI without, ${ms(ours.queryP95)} in-process p95 | 1.0000 | 1.0000 | 1x | 1x | 1x |`,
  );
  for (const row of rows) {
    if (row.failed !== undefined) {
      line(`| ${row.label} | failed: ${row.failed} | | | | | | |`);
      continue;
    }
    const p95 = row.queryP95 === undefined ? '' : ` (p95 ${ms(row.queryP95)})`;
    const daemonRatios =
      row.queryP95 === undefined
        ? `${(row.query / ours.daemonP50).toFixed(0)}x slower`
        : `${(row.query / ours.daemonP50).toFixed(0)}x / ${(row.queryP95 / ours.daemonP95).toFixed(0)}x slower`;
    line(
      `| ${row.label} | ${ms(row.cold)} | ${ms(row.query)}${p95} | ${row.recall.toFixed(4)} | ${row.precision.toFixed(4)} | ${(row.cold / ours.coldWall).toFixed(1)}x slower | ${daemonRatios} | ${(row.query / ours.cliP50).toFixed(1)}x slower |`,
    );
  }
  line(
    `(jest rows: ${JEST_QUERIES} queries, one process each; madge/dependency-cruiser rows: one full run answers all ${queries.length})`,
  );
}
