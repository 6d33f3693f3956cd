#!/usr/bin/env node
/**
 * omg search against `apt-cache search` on this machine's real apt lists, side by side in one run:
 * warm daemon through the shell function (no Node), warm daemon through the Node client, daemon down
 * (Node reads the LMDB index), apt-cache with and without its binary cache. Result-set parity is
 * checked per term. Also: index build from scratch, incremental rebuild (no change, one list changed),
 * and the daemon's RSS.
 *
 *   node bench/omg/run.mjs [--runs N] [--apt-runs N] [--terms a,b,c] [--pacman-only] [--no-pacman] [--json]
 *
 * Needs: a built omg (npm run build), apt-cache, a populated /var/lib/apt/lists (apt-get update),
 * and a socket client for the shell function (nc.openbsd, socat or perl). Exit 0 whatever the
 * figures (it is a report); 3 when something it needs is missing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const omgBin = join(repositoryRoot, 'packages', 'omg', 'bin', 'omg.js');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : fallback;
};
const runs = Number(option('runs', '200'));
const terms = option('terms', 'ripgrep,python3,editor').split(',');
const json = args.includes('--json');
const aptRuns = Number(option('apt-runs', '3'));
const pacmanOnly = args.includes('--pacman-only');

if (!existsSync(join(repositoryRoot, 'packages', 'omg', 'dist', 'bundle', 'omg.js'))) {
  console.error('omg is not built: run npm run build');
  process.exit(3);
}
if (spawnSync('apt-cache', ['--version']).error !== undefined) {
  console.error('apt-cache is missing');
  process.exit(3);
}

const work = mkdtempSync(join(tmpdir(), 'omg-bench-'));
const runtimeDir = join(work, 'run');
mkdirSync(runtimeDir, { mode: 0o700 });
const env = {
  PATH: process.env.PATH,
  HOME: work,
  LANG: 'C.UTF-8',
  XDG_RUNTIME_DIR: runtimeDir,
  XDG_CACHE_HOME: join(work, 'cache'),
  XDG_STATE_HOME: join(work, 'state'),
};

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
function summary(values) {
  return {
    runs: values.length,
    p50: percentile(values, 50),
    p99: percentile(values, 99),
    min: Math.min(...values),
  };
}
function timeCommand(file, argv, count, extraEnv = {}) {
  const times = [];
  let stdout = '';
  for (let i = 0; i < count; i += 1) {
    const start = process.hrtime.bigint();
    const result = spawnSync(file, argv, { env: { ...env, ...extraEnv }, maxBuffer: 64 * 1024 * 1024 });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    stdout = result.stdout.toString();
  }
  return { times, stdout };
}

/**
 * Times the shell function inside one bash process with $EPOCHREALTIME, so only the call is
 * measured. The terms are interleaved (term 1, term 2, ..., term 1, ...), so a busy moment on the
 * machine falls on all of them alike. Returns per term the times and the `--json` output.
 */
function timeShellFunction(termList, count, activateArgs = []) {
  const quoted = termList.map((term) => `'${term.replace(/'/g, `'\\''`)}'`).join(' ');
  const script = `
eval "$(node ${omgBin} activate bash ${activateArgs.join(' ')})"
# Warm-up calls, not timed: the daemon is "warm" once it has answered a few.
for ((i = 0; i < 10; i++)); do for term in ${quoted}; do omg search "$term" > /dev/null; done; done
for ((i = 0; i < ${count}; i++)); do
  for term in ${quoted}; do
    start=$EPOCHREALTIME
    omg search "$term" > /dev/null
    end=$EPOCHREALTIME
    echo "$term $start $end" >&2
  done
done
for term in ${quoted}; do omg search --json "$term"; echo; done`;
  const result = spawnSync('bash', ['--norc', '-c', script], { env, maxBuffer: 256 * 1024 * 1024 });
  const byTerm = new Map(termList.map((term) => [term, { times: [], stdout: '' }]));
  for (const line of result.stderr.toString().trim().split('\n')) {
    const match = /^(\S+) ([0-9.]+) ([0-9.]+)$/.exec(line);
    if (match === null) continue;
    byTerm.get(match[1])?.times.push((Number(match[3]) - Number(match[2])) * 1000);
  }
  const outputs = result.stdout
    .toString()
    .split('\n')
    .filter((line) => line.startsWith('['));
  termList.forEach((term, index) => {
    const entry = byTerm.get(term);
    if (entry !== undefined) entry.stdout = outputs[index] ?? '[]';
  });
  return byTerm;
}

const namesOfApt = (stdout) =>
  new Set(
    stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(' - ')[0]),
  );
const namesOfOmg = (stdout) => new Set(JSON.parse(stdout || '[]').map((entry) => entry.name));
function parity(apt, omg) {
  const onlyApt = [...apt].filter((name) => !omg.has(name));
  const onlyOmg = [...omg].filter((name) => !apt.has(name));
  return {
    apt: apt.size,
    omg: omg.size,
    equal: onlyApt.length === 0 && onlyOmg.length === 0,
    onlyApt: onlyApt.slice(0, 5),
    onlyOmg: onlyOmg.slice(0, 5),
  };
}

const report = {
  machine: { node: process.version, loadAverageAtStart: loadavg().map((value) => Number(value.toFixed(2))) },
  build: {},
  search: [],
  daemon: {},
};

// Index build from scratch and incremental, on a copy of the real state (so a list can be changed).
const root = join(work, 'root');
mkdirSync(join(root, 'var/lib/apt/lists'), { recursive: true });
mkdirSync(join(root, 'var/lib/dpkg'), { recursive: true });
for (const name of readdirSync('/var/lib/apt/lists')) {
  if (/_(Packages(\.\w+)?|InRelease|Release)$/.test(name))
    copyFileSync(join('/var/lib/apt/lists', name), join(root, 'var/lib/apt/lists', name));
}
copyFileSync('/var/lib/dpkg/status', join(root, 'var/lib/dpkg/status'));
const full = timeCommand(
  'node',
  [omgBin, 'index', 'rebuild', '--full', '--root', root, '--json'],
  pacmanOnly ? 1 : 3,
);
const unchanged = timeCommand('node', [omgBin, 'index', 'rebuild', '--root', root, '--json'], 5);
const smallList = readdirSync(join(root, 'var/lib/apt/lists'))
  .filter((name) => /_Packages/.test(name))
  .map((name) => join(root, 'var/lib/apt/lists', name))
  .sort(
    (a, b) => Number(execFileSync('stat', ['-c', '%s', a])) - Number(execFileSync('stat', ['-c', '%s', b])),
  )[0];
const changed = [];
for (let i = 0; i < 3; i += 1) {
  writeFileSync(
    join(root, 'var/lib/dpkg/status'),
    `${execFileSync('cat', ['/var/lib/dpkg/status'])}\nPackage: omg-bench-${i}\nStatus: install ok installed\nVersion: ${i}\nDescription: x\n`,
  );
  changed.push(...timeCommand('node', [omgBin, 'index', 'rebuild', '--root', root, '--json'], 1).times);
}
report.build = {
  fullMs: summary(full.times),
  incrementalUnchangedMs: summary(unchanged.times),
  incrementalStatusChangedMs: summary(changed),
  note: `times include Node start-up (~70 ms); smallest list: ${smallList}`,
};

// The daemon on the real root.
const started = spawnSync('node', [omgBin, 'daemon', 'start', '--json'], { env });
// The daemon just built its index: let LMDB's background write and the collection of the build's
// garbage finish before timing a warm daemon.
await new Promise((resolveWait) => setTimeout(resolveWait, 3000));
const _daemon = JSON.parse(started.stdout.toString());
try {
  const pkgcache = join(work, 'apt-pkgcache.bin');
  const nodeFloor = timeCommand('node', ['-e', '0'], 10);
  const shellTimes = pacmanOnly ? new Map() : timeShellFunction(terms, runs);
  for (const term of pacmanOnly ? [] : terms) {
    const shell = shellTimes.get(term);
    const nodeClient = timeCommand('node', [omgBin, 'search', '--json', term], 15);
    const direct = timeCommand('node', [omgBin, 'search', '--json', term], 10, { OMG_NO_DAEMON: '1' });
    const apt = timeCommand('apt-cache', ['search', term], aptRuns);
    const aptCached = timeCommand(
      'apt-cache',
      ['-o', `Dir::Cache::pkgcache=${pkgcache}`, 'search', term],
      aptRuns,
    );
    const aptP50 = percentile(apt.times, 50);
    report.search.push({
      term,
      shellDaemonMs: summary(shell.times),
      nodeClientMs: summary(nodeClient.times),
      daemonDownMs: summary(direct.times),
      aptCacheMs: summary(apt.times),
      aptCacheWithPkgcacheMs: summary(aptCached.times),
      nodeFloorMs: summary(nodeFloor.times),
      ratioShellVsApt: aptP50 / percentile(shell.times, 50),
      ratioNodeClientVsApt: aptP50 / percentile(nodeClient.times, 50),
      ratioDaemonDownVsApt: aptP50 / percentile(direct.times, 50),
      daemonDownOverNodeFloorMs: percentile(direct.times, 50) - percentile(nodeFloor.times, 50),
      parity: parity(namesOfApt(apt.stdout), namesOfOmg(shell.stdout)),
    });
  }
  const status = JSON.parse(
    spawnSync('node', [omgBin, 'daemon', 'status', '--json'], { env }).stdout.toString(),
  );
  report.daemon = { rssMB: Math.round(status.rssBytes / 1024 / 1024), packages: status.packages };

  // The same lists as an Arch sync database: omg (pacman backend, --dbpath) vs pacman -Ss.
  if (spawnSync('pacman', ['--version']).error === undefined && !args.includes('--no-pacman')) {
    const { makeArchDatabase } = await import('./make-arch-db.mjs');
    const dbpath = join(work, 'pacman');
    const count = await makeArchDatabase(join(repositoryRoot, 'packages/omg/dist'), dbpath);
    spawnSync('node', [omgBin, 'daemon', 'start', '--dbpath', dbpath], { env });
    await new Promise((resolveWait) => setTimeout(resolveWait, 3000));
    report.pacman = { packages: count, search: [] };
    const pacmanShellTimes = timeShellFunction(terms, runs, ['--dbpath', dbpath]);
    for (const term of terms) {
      const shell = pacmanShellTimes.get(term);
      const pacman = timeCommand(
        'pacman',
        ['--config', join(dbpath, 'pacman.conf'), '--dbpath', dbpath, '-Ss', term],
        3,
      );
      const pacmanNames = new Set(
        pacman.stdout
          .split('\n')
          .filter((line) => line.startsWith('debian/'))
          .map((line) => line.slice(7).split(' ')[0]),
      );
      report.pacman.search.push({
        term,
        shellDaemonMs: summary(shell.times),
        pacmanMs: summary(pacman.times),
        ratioShellVsPacman: percentile(pacman.times, 50) / percentile(shell.times, 50),
        parity: parity(pacmanNames, namesOfOmg(shell.stdout)),
      });
    }
    spawnSync('node', [omgBin, 'daemon', 'stop', '--dbpath', dbpath], { env });
  }
} finally {
  report.machine.loadAverageAtEnd = loadavg().map((value) => Number(value.toFixed(2)));
  spawnSync('node', [omgBin, 'daemon', 'stop'], { env });
  rmSync(work, { recursive: true, force: true });
}

if (json) {
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
} else {
  const f = (value) => value.toFixed(1);
  console.log(
    `index build: full p50 ${f(report.build.fullMs.p50)} ms, incremental unchanged ${f(report.build.incrementalUnchangedMs.p50)} ms, status changed ${f(report.build.incrementalStatusChangedMs.p50)} ms (with Node start)`,
  );
  console.log(`daemon: ${report.daemon.rssMB} MB RSS, ${report.daemon.packages} packages`);
  console.log(
    `load average (1/5/15 min) at start ${report.machine.loadAverageAtStart.join(' ')}, at end ${report.machine.loadAverageAtEnd.join(' ')}; shell: ${runs} calls per term, terms interleaved`,
  );
  console.log(
    'term        shell p50/p99   node client p50   daemon down p50   apt-cache p50 (pkgcache)   shell/apt   node/apt   down/apt   parity',
  );
  for (const row of report.search) {
    console.log(
      `${row.term.padEnd(10)}  ${f(row.shellDaemonMs.p50)}/${f(row.shellDaemonMs.p99)} ms`.padEnd(28) +
        `${f(row.nodeClientMs.p50)} ms`.padEnd(18) +
        `${f(row.daemonDownMs.p50)} ms`.padEnd(18) +
        `${f(row.aptCacheMs.p50)} (${f(row.aptCacheWithPkgcacheMs.p50)}) ms`.padEnd(27) +
        `${f(row.ratioShellVsApt)}x`.padEnd(12) +
        `${f(row.ratioNodeClientVsApt)}x`.padEnd(11) +
        `${f(row.ratioDaemonDownVsApt)}x`.padEnd(11) +
        `${row.parity.equal ? 'equal' : `apt ${row.parity.apt} / omg ${row.parity.omg}; only apt: ${row.parity.onlyApt.join(' ')}; only omg: ${row.parity.onlyOmg.join(' ')}`}`,
    );
  }
  if (report.search.length > 0) console.log(`node -e 0 floor p50: ${f(report.search[0].nodeFloorMs.p50)} ms`);
  if (report.pacman !== undefined) {
    console.log(`pacman sync database of ${report.pacman.packages} packages (converted from the apt lists):`);
    for (const row of report.pacman.search) {
      console.log(
        `${row.term.padEnd(10)}  omg shell ${f(row.shellDaemonMs.p50)}/${f(row.shellDaemonMs.p99)} ms   pacman -Ss ${f(row.pacmanMs.p50)} ms   ${f(row.ratioShellVsPacman)}x   ${row.parity.equal ? 'equal' : `pacman ${row.parity.apt} / omg ${row.parity.omg}; only pacman: ${row.parity.onlyApt.join(' ')}; only omg: ${row.parity.onlyOmg.join(' ')}`}`,
      );
    }
  }
}
