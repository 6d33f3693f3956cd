// dep-ci benchmark: accuracy against ground truth and speed on generated repos.
//
//   npm run build && node bench/dep-ci/run.mjs [--sizes 1000,10000] [--queries 200] [--anchors] [--cold-only]
//
// For each size: generates the repo (generate.mjs, deterministic), commits it to git, then measures
//  - recall / precision of `tests` for sampled changed files against the generator's ground truth
//    (source semantics: every import, type-only included; zero configuration: dep-ci has none),
//  - cold graph build (no .dep-ci cache) in a fresh process, with and without the worker thread,
//  - warm `affected` query: in-process on a loaded graph, and the CLI end to end (process start,
//    cache load, stat of every file, query, JSON out),
//  - graph update after a one-file edit: in place (`updateFiles`, what watch mode does) and as a
//    warm rebuild from the cache (what a new CLI run does).
// With --anchors (needs `npm install` in bench/dep-ci) the same changed files go through
// jest --findRelatedTests --listTests, madge and dependency-cruiser, configured and zero-config.
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closureTests } from './anchors.mjs';
import { writeRepo } from './generate.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const depCiDist = new URL('../../packages/dep-ci/dist/index.js', import.meta.url).href;
const depCiNative = new URL('../../packages/dep-ci/dist/graph/native-scan.js', import.meta.url).href;
const depCiBin = fileURLToPath(new URL('../../packages/dep-ci/bin/dep-ci.js', import.meta.url));
const flag = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : process.argv[index + 1];
};
const sizes = String(flag('sizes', '1000,10000')).split(',').map(Number);
const queryCount = Number(flag('queries', 200));
const withAnchors = process.argv.includes('--anchors');
const daemonQueryCount = Number(flag('daemon-queries', 100));
// Only the cold-build lines (native scanner against the JavaScript one, same runs), for quick checks.
const coldOnly = process.argv.includes('--cold-only');

const { buildGraph, computeAffected, discoverTests } = await import(depCiDist);

function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const ms = (value) => `${value.toFixed(value < 10 ? 2 : 0)} ms`;

function groundTruth(edges, tests) {
  return closureTests(Object.entries(edges), tests);
}

function score(selectedByQuery, truthByQuery) {
  let truePositives = 0;
  let selected = 0;
  let relevant = 0;
  let missedQueries = 0;
  selectedByQuery.forEach((selection, index) => {
    const truth = new Set(truthByQuery[index]);
    const hits = selection.filter((test) => truth.has(test)).length;
    truePositives += hits;
    selected += selection.length;
    relevant += truth.size;
    if (hits < truth.size) missedQueries++;
  });
  return {
    recall: relevant === 0 ? 1 : truePositives / relevant,
    precision: selected === 0 ? 1 : truePositives / selected,
    missedQueries,
  };
}

function timeChild(script, cwd, env = {}) {
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout);
}

function timeCli(args, cwd) {
  const started = performance.now();
  const result = spawnSync(process.execPath, [depCiBin, ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const elapsed = performance.now() - started;
  if (result.status !== 0) throw new Error(result.stderr);
  return { elapsed, output: result.stdout };
}

/** Runs the bin as a user's shell does (its sh part first: the daemon's client), timed. */
function timeCommand(args, cwd, env = {}) {
  const started = performance.now();
  const result = spawnSync(depCiBin, args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { ...process.env, ...env },
  });
  const elapsed = performance.now() - started;
  if (result.status !== 0) throw new Error(`${args.join(' ')}: exit ${result.status}: ${result.stderr}`);
  return { elapsed, output: result.stdout };
}

/**
 * The warm query through the daemon: `dep-ci affected <file> --json` from a shell, answered over
 * the daemon's socket without starting Node; checked byte for byte against the Node CLI and against
 * the ground truth, plus a query right after each of 20 one-file edits.
 */
function measureDaemon(root, queries, truth) {
  const count = Math.max(50, Math.min(queries.length, daemonQueryCount));
  const start = timeCommand(['daemon', 'start', '--json'], root);
  const startReport = JSON.parse(start.output);
  try {
    for (const file of queries.slice(0, 3)) timeCommand(['affected', file, '--json'], root); // warm-up
    const times = [];
    const selections = [];
    let identical = 0;
    const compared = Math.min(10, count);
    const queryFiles = Array.from({ length: count }, (_, index) => queries[index % queries.length]);
    queryFiles.forEach((file, index) => {
      const served = timeCommand(['affected', file, '--json'], root);
      times.push(served.elapsed);
      selections.push(JSON.parse(served.output).tests);
      if (index < compared) {
        const alone = timeCommand(['affected', file, '--json'], root, { DEP_CI_DAEMON: 'off' });
        if (alone.output === served.output) identical++;
      }
    });
    const accuracy = score(
      selections,
      queryFiles.map((_, index) => truth[index % truth.length]),
    );
    const afterEdit = [];
    for (const file of queries.slice(0, 20)) {
      const path = join(root, file);
      const original = readFileSync(path, 'utf8');
      appendFileSync(path, `\nexport const edited = ${Math.random()};\n`);
      afterEdit.push(timeCommand(['affected', file, '--json'], root).elapsed);
      writeFileSync(path, original);
    }
    timeCommand(['affected', queries[0], '--json'], root);
    const status = JSON.parse(timeCommand(['daemon', 'status', '--json'], root).output).status;
    const served = status.queries;
    const expected = 3 + count + 20 + 1;
    return {
      count,
      startMs: start.elapsed,
      started: startReport.started,
      p50: median(times),
      p95: percentile(times, 95),
      afterEditP50: median(afterEdit),
      afterEditP95: percentile(afterEdit, 95),
      identical,
      compared,
      accuracy,
      served,
      expected,
      updates: status.updates,
      rebuilds: status.rebuilds,
    };
  } finally {
    timeCommand(['daemon', 'stop', '--json'], root);
  }
}

const report = [];
const line = (text = '') => {
  report.push(text);
  process.stdout.write(`${text}\n`);
};

line(`# dep-ci bench, ${new Date().toISOString()}`);
line(
  `machine: ${cpus().length} x ${cpus()[0]?.model ?? '?'}, Node ${process.versions.node}, load average at start ${loadavg()
    .map((value) => value.toFixed(2))
    .join(' ')}`,
);

for (const size of sizes) {
  const root = mkdtempSync(join(tmpdir(), `dep-ci-bench-${size}-`));
  const repo = writeRepo(root, { files: size, seed: 1 });
  let bytes = 0;
  for (const content of repo.contents.values()) bytes += content.length;
  execFileSync('git', ['init', '-q'], { cwd: root });
  execFileSync('git', ['add', '-A'], { cwd: root });
  execFileSync(
    'git',
    ['-c', 'user.email=bench@example.com', '-c', 'user.name=bench', 'commit', '-qm', 'corpus'],
    { cwd: root },
  );
  line();
  line(`## ${repo.contents.size} files, ${(bytes / 1e6).toFixed(1)} MB, ${repo.tests.length} tests`);

  const random = mulberry32(size);
  const sources = [...repo.contents.keys()].filter(
    (file) => /\.(ts|cts)$/.test(file) && !file.endsWith('.test.ts'),
  );
  const queries = Array.from({ length: queryCount }, () => sources[Math.floor(random() * sources.length)]);
  const truthOf = groundTruth(repo.edges, repo.tests);
  const truth = queries.map(truthOf);

  // Cold build in a fresh process (median of 5): the default (the native scanner when built), the
  // JavaScript scanner (DEP_CI_NATIVE=0) and the JavaScript worker thread, interleaved run by run so
  // the machine's load falls on all three alike.
  const variants = {
    default: { workers: 0, env: {} },
    javascript: { workers: 0, env: { DEP_CI_NATIVE: '0' } },
    worker: { workers: 1, env: { DEP_CI_NATIVE: '0' } },
  };
  const cold = { default: [], javascript: [], worker: [] };
  for (let run = 0; run < 5; run++) {
    for (const [name, { workers, env }] of Object.entries(variants)) {
      rmSync(join(root, '.dep-ci'), { recursive: true, force: true });
      cold[name].push(
        timeChild(
          // mainCpu: the calling thread's own CPU time (Linux schedstat), which other processes on a
          // shared machine do not inflate the way they inflate wall time.
          `import { readFileSync } from 'node:fs'; const threadCpu = () => { try { return Number(readFileSync('/proc/self/task/' + process.pid + '/schedstat', 'utf8').split(' ')[0]) / 1e6; } catch { return Number.NaN; } }; const { buildGraph } = await import(${JSON.stringify(depCiDist)}); const native = (await import(${JSON.stringify(depCiNative)})).nativeScanner() !== undefined; const cpu = process.cpuUsage(); const main = threadCpu(); const graph = buildGraph({ root: ${JSON.stringify(root)}, workers: ${workers}, deferCacheWrite: true }); const mainCpu = threadCpu() - main; const used = process.cpuUsage(cpu); const saving = performance.now(); graph.saveCache(); console.log(JSON.stringify({ wall: graph.stats.milliseconds, cpu: (used.user + used.system) / 1000, mainCpu, native, phases: graph.stats.phases, save: performance.now() - saving }));`,
          root,
          env,
        ),
      );
    }
  }
  const coldWall = median(cold.default.map((run) => run.wall));
  const phases = JSON.stringify(cold.default[0].phases, (_, value) =>
    typeof value === 'number' ? Math.round(value) : value,
  );
  const scanner = cold.default[0].native ? 'native scanner' : 'JavaScript scanner: the addon is not built';
  const javascriptWall = median(cold.javascript.map((run) => run.wall));
  const mainCpu = median(cold.default.map((run) => run.mainCpu));
  const javascriptMainCpu = median(cold.javascript.map((run) => run.mainCpu));
  line(
    `cold graph build (in-process, no cache), median of 5: ${ms(coldWall)} (the default, ${scanner}; CPU ${ms(median(cold.default.map((run) => run.cpu)))}, of it the calling thread ${ms(mainCpu)}; phases ${phases}; then writing the cache, which the CLI does after answering: ${ms(median(cold.default.map((run) => run.save)))}), ${ms(median(cold.worker.map((run) => run.wall)))} with the JavaScript worker thread`,
  );
  line(
    `cold graph build with the JavaScript scanner (DEP_CI_NATIVE=0), same runs: ${ms(javascriptWall)} (CPU ${ms(median(cold.javascript.map((run) => run.cpu)))}, of it the calling thread ${ms(javascriptMainCpu)}); the default takes ${(coldWall / javascriptWall).toFixed(2)}x its wall and ${(mainCpu / javascriptMainCpu).toFixed(2)}x its calling-thread CPU`,
  );
  if (coldOnly) {
    rmSync(root, { recursive: true, force: true });
    continue;
  }
  // The floor on this machine: listing the files and reading each once, nothing else.
  const floors = [];
  for (let run = 0; run < 3; run++) {
    floors.push(
      timeChild(
        `import { execFileSync } from 'node:child_process'; import { readFileSync } from 'node:fs'; const started = performance.now(); const files = execFileSync('git', ['ls-files', '-z'], { encoding: 'utf8', maxBuffer: 1 << 28 }).split('\\0').filter(Boolean); const listed = performance.now(); for (const file of files) readFileSync(file); console.log(JSON.stringify({ list: listed - started, read: performance.now() - listed }));`,
        root,
      ),
    );
  }
  line(
    `floor (same corpus, fresh process, median of 3): \`git ls-files\` ${ms(median(floors.map((floor) => floor.list)))}, then readFileSync of every file ${ms(median(floors.map((floor) => floor.read)))}`,
  );
  rmSync(join(root, '.dep-ci'), { recursive: true, force: true });
  const coldCli = timeCli(['affected', queries[0], '--json'], root).elapsed;
  line(`cold CLI \`dep-ci affected <file> --json\` (process start to exit, no cache): ${ms(coldCli)}`);

  // Accuracy and in-process warm queries.
  const graph = buildGraph({ root });
  const tests = discoverTests(root, graph.files);
  const queryTimes = [];
  const selections = [];
  const runtimeSelections = [];
  for (const file of queries) {
    const started = performance.now();
    const result = computeAffected(graph, [{ path: file, status: 'modified' }], {
      semantics: 'source',
      tests,
    });
    queryTimes.push(performance.now() - started);
    selections.push(result.tests);
    runtimeSelections.push(
      computeAffected(graph, [{ path: file, status: 'modified' }], { semantics: 'runtime', tests }).tests,
    );
  }
  const accuracy = score(selections, truth);
  const selectedFraction =
    selections.reduce((sum, selection) => sum + selection.length, 0) / (queries.length * repo.tests.length);
  const runtimeFraction =
    runtimeSelections.reduce((sum, selection) => sum + selection.length, 0) /
    (queries.length * repo.tests.length);
  line(
    `accuracy over ${queries.length} changed files (zero config): recall ${accuracy.recall.toFixed(4)}, precision ${accuracy.precision.toFixed(4)}, queries missing a test: ${accuracy.missedQueries}`,
  );
  line(
    `selected: ${(selectedFraction * 100).toFixed(1)}% of tests per change (source semantics), ${(runtimeFraction * 100).toFixed(1)}% (runtime semantics)`,
  );
  line(
    `warm affected query, in-process on a loaded graph: p50 ${ms(median(queryTimes))}, p95 ${ms(percentile(queryTimes, 95))}`,
  );

  const cliTimes = [];
  for (const file of queries.slice(0, 20)) cliTimes.push(timeCli(['affected', file, '--json'], root).elapsed);
  line(
    `warm CLI \`dep-ci affected <file> --json\` (20 runs, process start to exit): p50 ${ms(median(cliTimes))}, p95 ${ms(percentile(cliTimes, 95))}`,
  );
  const nodeStart = [];
  for (let run = 0; run < 5; run++) {
    const started = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    nodeStart.push(performance.now() - started);
  }
  line(`  (of which \`node -e 0\` alone: ${ms(median(nodeStart))})`);
  const daemon = measureDaemon(root, queries, truth);
  line(
    `warm CLI through the daemon (\`dep-ci affected <file> --json\` from sh, ${daemon.count} runs, process start to exit): p50 ${ms(daemon.p50)}, p95 ${ms(daemon.p95)}; right after a one-file edit (20 runs): p50 ${ms(daemon.afterEditP50)}, p95 ${ms(daemon.afterEditP95)}`,
  );
  line(
    `  daemon: start ${ms(daemon.startMs)} (graph from the cache), answered ${daemon.served} of ${daemon.expected} queries (the rest fell back to Node), ${daemon.updates} in-place updates, ${daemon.rebuilds} rebuilds; output identical to the Node CLI in ${daemon.identical} of ${daemon.compared} compared; recall ${daemon.accuracy.recall.toFixed(4)}, precision ${daemon.accuracy.precision.toFixed(4)}`,
  );

  // One-file edit: in place (watch mode) and as a warm rebuild from the cache (a new CLI run).
  const inPlace = [];
  const rebuild = [];
  for (const file of queries.slice(0, 20)) {
    const path = join(root, file);
    const original = readFileSync(path, 'utf8');
    appendFileSync(path, `\nexport const edited = ${Math.random()};\n`);
    let started = performance.now();
    if (!graph.updateFiles([file])) throw new Error(`updateFiles refused ${file}`);
    inPlace.push(performance.now() - started);
    started = performance.now();
    buildGraph({ root });
    rebuild.push(performance.now() - started);
    writeFileSync(path, original);
  }
  line(
    `update after a one-file edit: in place (updateFiles) p50 ${ms(median(inPlace))}, p95 ${ms(percentile(inPlace, 95))}; warm rebuild from cache p50 ${ms(median(rebuild))}`,
  );

  if (withAnchors) {
    const { runAnchors } = await import('./anchors.mjs');
    await runAnchors({
      root,
      repo,
      queries,
      truth,
      line,
      score,
      median,
      ms,
      ours: {
        coldWall,
        queryP95: percentile(queryTimes, 95),
        cliP50: median(cliTimes),
        daemonP50: daemon.p50,
        daemonP95: daemon.p95,
      },
    });
  }
  rmSync(root, { recursive: true, force: true });
}
line();
line(
  `load average at end ${loadavg()
    .map((value) => value.toFixed(2))
    .join(' ')}`,
);
// A --cold-only run is a partial report: it leaves the last full run's figures in place.
if (!coldOnly) writeFileSync(join(here, 'last-run.md'), `${report.join('\n')}\n`);
