#!/usr/bin/env node
/**
 * Dependency closure of large installs on this machine's real apt state: omg's resolver (in
 * process, cold and warm; the CLI without the daemon and with it) against `apt-get -s install`, side
 * by side in one run, with plan parity (the same Inst lines: names and versions; the same Remv lines).
 * Also parity of `apt-get -s upgrade` and of `apt-get -s remove` (with its autoremovable list).
 *
 *   node bench/omg/closure.mjs [--runs N] [--apt-runs N] [--cases a,b+c,d] [--remove x,y] [--sample N] [--seed S] [--json]
 *
 * `--sample N` adds a parity sweep: N requests of 1–3 random available packages (with and without
 * recommends) and N removals of a random installed package (with the autoremovable list).
 * A case is one install request; `+` joins several names in one request. Needs a built omg
 * (npm run build), apt-get and populated /var/lib/apt/lists. Uses a temporary HOME (its own index).
 * Exit 0 whatever the figures (it is a report); 1 when a parity check fails.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const omgDirectory = join(repositoryRoot, 'packages', 'omg');
const omgBin = join(omgDirectory, 'bin', 'omg.js');
const omgdBin = join(omgDirectory, 'bin', 'omgd.js');
const load = (path) => import(pathToFileURL(join(omgDirectory, 'dist', path)).href);

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : fallback;
};
const runs = Number(option('runs', '10'));
const aptRuns = Number(option('apt-runs', '3'));
const cases = option('cases', 'task-gnome-desktop,task-kde-desktop,texlive,vim-gtk3+ripgrep')
  .split(',')
  .map((item) => item.split('+'));
const removals = option('remove', 'curl,git,openssh-client').split(',');
const json = args.includes('--json');
const sample = Number(option('sample', '0'));
let seed = Number(option('seed', '7'));
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};

const home = mkdtempSync(join(tmpdir(), 'omg-bench-closure-'));
const env = {
  PATH: process.env.PATH,
  HOME: home,
  LANG: 'C',
  LC_ALL: 'C',
  XDG_CACHE_HOME: join(home, 'cache'),
  XDG_CONFIG_HOME: join(home, 'config'),
  XDG_STATE_HOME: join(home, 'state'),
  XDG_RUNTIME_DIR: join(home, 'run'),
};
mkdirSync(env.XDG_RUNTIME_DIR, { recursive: true, mode: 0o700 });

const percentile = (values, fraction) => {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
};
const median = (values) => percentile(values, 0.5);

function timed(file, argv, extraEnv = {}) {
  const start = performance.now();
  const result = spawnSync(file, argv, {
    env: { ...env, ...extraEnv },
    maxBuffer: 256 * 1024 * 1024,
    encoding: 'utf8',
  });
  return { ms: performance.now() - start, stdout: result.stdout ?? '', status: result.status };
}

function parseApt(output) {
  const installs = [];
  const removed = [];
  const lines = output.split('\n');
  for (const line of lines) {
    const install = /^Inst (\S+)(?: \[[^\]]*\])? \((\S+) /.exec(line);
    if (install !== null) installs.push(`${install[1]} ${install[2]}`);
    const removal = /^Remv (\S+)/.exec(line);
    if (removal !== null) removed.push(removal[1]);
  }
  const start = lines.findIndex((line) =>
    /automatically installed and (is|are) no longer required/.test(line),
  );
  const autoremovable = [];
  if (start >= 0)
    for (const line of lines.slice(start + 1)) {
      if (!line.startsWith('  ')) break;
      autoremovable.push(...line.trim().split(/\s+/));
    }
  return { installs: installs.sort(), removals: removed.sort(), autoremovable: autoremovable.sort() };
}

function compare(omg, apt) {
  const omgSet = new Set(omg);
  const aptSet = new Set(apt);
  const onlyOmg = omg.filter((item) => !aptSet.has(item));
  const onlyApt = apt.filter((item) => !omgSet.has(item));
  return { equal: onlyOmg.length === 0 && onlyApt.length === 0, onlyOmg, onlyApt };
}

const report = { machine: {}, index: {}, universe: {}, cases: [], upgrade: undefined, remove: [] };
let parityFailed = false;

// The index, built by the CLI as a user would.
const rebuild = timed(process.execPath, [omgBin, 'index', 'rebuild', '--json'], { OMG_NO_DAEMON: '1' });
report.index.rebuildMs = rebuild.ms;

// The daemon for the "with daemon" CLI runs, started first so that it is idle when they run.
const daemon = spawn(process.execPath, [omgdBin], { env, stdio: 'ignore' });
for (let attempt = 0; attempt < 300; attempt++) {
  const status = timed(process.execPath, [omgBin, 'daemon', 'status', '--json']);
  if (status.status === 0 && JSON.parse(status.stdout).running === true) break;
  await new Promise((resolveWait) => setTimeout(resolveWait, 200));
}
await new Promise((resolveWait) => setTimeout(resolveWait, 2000));

const [
  { resolveOmgPaths },
  { createAptBackend },
  { openPackageIndex },
  { createAptResolver },
  universeModule,
  { summarizePlan: summarize },
] = await Promise.all([
  load('runtime/resolve-omg-paths.js'),
  load('backends/apt/create-apt-backend.js'),
  load('index/open-package-index.js'),
  load('resolve/apt/create-apt-resolver.js'),
  load('resolve/apt/build-apt-universe.js'),
  load('plan/hand-over-command.js'),
]);
const paths = resolveOmgPaths(env, { cwd: home, uid: process.getuid?.() ?? 0 });
const index = await openPackageIndex({ backend: createAptBackend({ root: '/' }), path: paths.indexFile });
await index.refresh();

// The universe: grouped from the index's records (what the daemon does once per index change),
// and read from the resolver cache file (what the CLI does without the daemon).
let start = performance.now();
const universe = universeModule.buildAptUniverse(index);
report.universe.fromIndexMs = performance.now() - start;
report.machine.installed = universe.installed.length;
const cacheFile = join(home, 'bench.resolver.json');
start = performance.now();
universeModule.buildAptUniverse(
  await openPackageIndex({ backend: createAptBackend({ root: '/' }), path: paths.indexFile }),
  {
    cacheFile,
  },
);
report.universe.cacheWriteMs = performance.now() - start;
const cachedIndex = await openPackageIndex({
  backend: createAptBackend({ root: '/' }),
  path: paths.indexFile,
});
start = performance.now();
universeModule.buildAptUniverse(cachedIndex, { cacheFile });
report.universe.fromCacheMs = performance.now() - start;
await cachedIndex.close();

const resolver = createAptResolver(index);

for (const names of cases) {
  const label = names.join(' ');
  start = performance.now();
  const plan = resolver.planInstall(names);
  const coldMs = performance.now() - start;
  const warm = [];
  for (let run = 0; run < runs; run++) {
    start = performance.now();
    resolver.planInstall(names);
    warm.push(performance.now() - start);
  }
  const cliArgs = [omgBin, 'install', '--dry-run', '--json', ...names];
  timed(process.execPath, cliArgs, { OMG_NO_DAEMON: '1' }); // writes the CLI's resolver cache
  const cliDirect = [];
  const cliDaemon = [];
  for (let run = 0; run < Math.max(3, Math.ceil(runs / 2)); run++) {
    cliDirect.push(timed(process.execPath, cliArgs, { OMG_NO_DAEMON: '1' }).ms);
    cliDaemon.push(timed(process.execPath, cliArgs).ms);
  }
  const aptTimes = [];
  let aptOutput = '';
  for (let run = 0; run < aptRuns; run++) {
    const result = timed('apt-get', ['-s', 'install', ...names]);
    aptTimes.push(result.ms);
    aptOutput = result.stdout;
  }
  const apt = parseApt(aptOutput);
  const omg = summarize(plan);
  const installs = compare(omg.installs, apt.installs);
  const removed = compare(omg.removals, apt.removals);
  const equal = installs.equal && removed.equal && plan.problems.length === 0;
  if (!equal) parityFailed = true;
  const aptMs = median(aptTimes);
  report.cases.push({
    request: label,
    packages: omg.installs.length,
    removals: omg.removals.length,
    omgColdMs: coldMs,
    omgWarmMs: { p50: median(warm), p90: percentile(warm, 0.9) },
    cliNoDaemonMs: median(cliDirect),
    cliDaemonMs: median(cliDaemon),
    aptGetMs: aptMs,
    ratioWarm: aptMs / median(warm),
    ratioCold: aptMs / coldMs,
    ratioCliNoDaemon: aptMs / median(cliDirect),
    ratioCliDaemon: aptMs / median(cliDaemon),
    parity: { equal, installs, removals: removed, problems: plan.problems.slice(0, 3) },
  });
}
daemon.kill('SIGTERM');

{
  const plan = resolver.planUpdate();
  const apt = parseApt(timed('apt-get', ['-s', 'upgrade']).stdout);
  const installs = compare(summarize(plan).installs, apt.installs);
  if (!installs.equal) parityFailed = true;
  report.upgrade = { packages: plan.packages.length, heldBack: plan.heldBack ?? [], parity: installs };
}
for (const name of removals) {
  const plan = resolver.planRemove([name]);
  if (plan.notes?.some((note) => note.includes('not installed'))) continue;
  const apt = parseApt(timed('apt-get', ['-s', 'remove', name]).stdout);
  const removed = compare(summarize(plan).removals, apt.removals);
  const orphans = compare(plan.orphans, apt.autoremovable);
  if (!removed.equal) parityFailed = true;
  report.remove.push({ name, removals: summarize(plan).removals.length, parity: removed, orphans });
}
if (sample > 0) {
  const available = [...new Set(index.records('available').map((record) => record.name))].sort();
  const installed = universe.installed.map((entry) => entry.name).sort();
  const pick = (list) => list[Math.floor(random() * list.length)];
  const differences = [];
  let installsChecked = 0;
  let removalsChecked = 0;
  for (let run = 0; run < sample; run++) {
    const names = [...new Set(Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(available)))];
    const recommends = random() < 0.7;
    const plan = resolver.planInstall(names, recommends ? {} : { installRecommends: false });
    const result = timed('apt-get', [
      '-s',
      ...(recommends ? [] : ['--no-install-recommends']),
      'install',
      ...names,
    ]);
    const apt = parseApt(`${result.stdout}`);
    const omg = summarize(plan);
    const installs = compare(omg.installs, apt.installs);
    const removed = compare(omg.removals, apt.removals);
    const sameOutcome = (result.status === 0) === (plan.problems.length === 0);
    installsChecked++;
    if (!installs.equal || !removed.equal || !sameOutcome)
      differences.push({
        request: `install ${recommends ? '' : '--no-install-recommends '}${names.join(' ')}`,
        installs,
        removals: removed,
        aptExit: result.status,
        problems: plan.problems.length,
      });
  }
  for (let run = 0; run < sample; run++) {
    const name = pick(installed);
    const plan = resolver.planRemove([name]);
    const result = timed('apt-get', ['-s', 'remove', name]);
    removalsChecked++;
    if (plan.problems.length > 0) {
      // omg refuses (essential, or apt would have to remove itself): apt-get must fail or warn too.
      const aptRefuses = result.status !== 0 || /essential packages will be removed/.test(result.stdout);
      if (!aptRefuses)
        differences.push({ request: `remove ${name}`, omgProblems: plan.problems.slice(0, 2) });
      continue;
    }
    const apt = parseApt(result.stdout);
    const removed = compare(summarize(plan).removals, apt.removals);
    const installs = compare(summarize(plan).installs, apt.installs);
    const orphans = compare(plan.orphans, apt.autoremovable);
    if (result.status !== 0 || !removed.equal || !installs.equal || !orphans.equal)
      differences.push({
        request: `remove ${name}`,
        aptExit: result.status,
        removals: removed,
        installs,
        orphans,
      });
  }
  if (differences.length > 0) parityFailed = true;
  report.sample = { installs: installsChecked, removals: removalsChecked, differences };
}
await index.close();
rmSync(home, { recursive: true, force: true });

if (json) console.log(JSON.stringify(report, null, 2));
else {
  const f = (value) => value.toFixed(1);
  console.log(
    `index rebuild ${f(report.index.rebuildMs)} ms; universe from the index ${f(report.universe.fromIndexMs)} ms, cache write ${f(report.universe.cacheWriteMs)} ms, from the cache ${f(report.universe.fromCacheMs)} ms; ${report.machine.installed} installed`,
  );
  console.log(
    'request                 pkgs   omg cold   omg warm p50   CLI no daemon   CLI daemon   apt-get -s   apt/warm   apt/cold   apt/CLI   parity',
  );
  for (const row of report.cases) {
    console.log(
      `${row.request.padEnd(22)}  ${String(row.packages).padStart(4)}   ${`${f(row.omgColdMs)} ms`.padEnd(9)}  ${`${f(row.omgWarmMs.p50)} ms`.padEnd(13)}  ${`${f(row.cliNoDaemonMs)} ms`.padEnd(14)}  ${`${f(row.cliDaemonMs)} ms`.padEnd(11)}  ${`${f(row.aptGetMs)} ms`.padEnd(11)}  ${`${f(row.ratioWarm)}x`.padEnd(9)}  ${`${f(row.ratioCold)}x`.padEnd(9)}  ${`${f(row.ratioCliNoDaemon)}x`.padEnd(8)}  ${row.parity.equal ? 'equal' : `DIFFERS only omg: ${row.parity.installs.onlyOmg.slice(0, 5).join(', ')} only apt: ${row.parity.installs.onlyApt.slice(0, 5).join(', ')}`}`,
    );
  }
  console.log(
    `apt-get -s upgrade: ${report.upgrade.packages} upgrades, kept back ${report.upgrade.heldBack.length}; parity ${report.upgrade.parity.equal ? 'equal' : `DIFFERS only omg: ${report.upgrade.parity.onlyOmg.slice(0, 5).join(', ')} only apt: ${report.upgrade.parity.onlyApt.slice(0, 5).join(', ')}`}`,
  );
  for (const row of report.remove) {
    console.log(
      `apt-get -s remove ${row.name}: ${row.removals} removals, parity ${row.parity.equal ? 'equal' : 'DIFFERS'}; autoremovable ${row.orphans.equal ? 'equal' : `differs (only omg: ${row.orphans.onlyOmg.join(' ')}; only apt: ${row.orphans.onlyApt.join(' ')})`}`,
    );
  }
}
if (!json && report.sample !== undefined) {
  console.log(
    `parity sweep: ${report.sample.installs} random install requests, ${report.sample.removals} random removals; ${report.sample.differences.length === 0 ? 'all equal' : `${report.sample.differences.length} differ:`}`,
  );
  for (const difference of report.sample.differences) console.log(`  ${JSON.stringify(difference)}`);
}
process.exitCode = parityFailed ? 1 : 0;
