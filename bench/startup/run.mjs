#!/usr/bin/env node
/**
 * Cold start of `venom --version` and `venom --help` against the floor `node -e 0`, measured side by
 * side in one run: warm-up rounds, then rounds that each run all three commands in a rotating order.
 *
 *   node bench/startup/run.mjs [--runs N] [--warmup N] [--bin PATH] [--json] [--hyperfine]
 *
 * The goal is a median at most 1.5x the floor's. The exit code is 0 whether the goal passes or fails
 * (this is a report); 2 on a usage error, 3 when the bin is missing or a command fails.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const GOAL_RATIO = 1.5;
const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const defaultBin = join(repositoryRoot, 'packages', 'venom', 'bin', 'venom.js');

const USAGE = `Usage: node bench/startup/run.mjs [options]

Measures cold start of 'venom --version' and 'venom --help' against 'node -e 0'.

Options:
  --runs N       measured rounds (default 30); each round runs every command once
  --warmup N     unmeasured rounds first (default 5)
  --bin PATH     the venom bin to measure (default packages/venom/bin/venom.js; env VENOM_BENCH_BIN)
  --json         print the figures as one JSON document on stdout
  --hyperfine    also measure with hyperfine, when it is on PATH
  --help         this text`;

/**
 * @typedef {object} Options
 * @property {number} runs
 * @property {number} warmup
 * @property {string} bin
 * @property {boolean} json
 * @property {boolean} hyperfine
 */

/**
 * @typedef {object} Benchmark
 * @property {string} label  what the table shows
 * @property {string[]} arguments  arguments to node
 * @property {boolean} isFloor
 */

/**
 * @typedef {object} Figures
 * @property {string} label
 * @property {string} command
 * @property {number} medianMs
 * @property {number} p90Ms
 * @property {number} minMs
 * @property {number} meanMs
 * @property {number} ratio  median / floor median
 * @property {boolean | null} pass  null for the floor itself
 */

class UsageError extends Error {}

/**
 * @param {string[]} argumentList
 * @returns {Options | 'help'}
 */
function parseArguments(argumentList) {
  /** @type {Options} */
  const options = {
    runs: 30,
    warmup: 5,
    bin: process.env.VENOM_BENCH_BIN ?? defaultBin,
    json: false,
    hyperfine: false,
  };
  /** @param {string} flag @param {string | undefined} value @param {number} minimum */
  const count = (flag, value, minimum) => {
    const number = Number(value);
    if (value === undefined || !Number.isInteger(number) || number < minimum) {
      throw new UsageError(`${flag} needs a whole number >= ${minimum}, got ${value ?? 'nothing'}.`);
    }
    return number;
  };
  for (let index = 0; index < argumentList.length; index += 1) {
    const argument = argumentList[index] ?? '';
    const [flag, inlineValue] =
      argument.startsWith('--') && argument.includes('=')
        ? [argument.slice(0, argument.indexOf('=')), argument.slice(argument.indexOf('=') + 1)]
        : [argument, undefined];
    const takeValue = () => {
      if (inlineValue !== undefined) return inlineValue;
      index += 1;
      return argumentList[index];
    };
    if (flag === '--runs') options.runs = count('--runs', takeValue(), 1);
    else if (flag === '--warmup') options.warmup = count('--warmup', takeValue(), 0);
    else if (flag === '--bin') {
      const value = takeValue();
      if (value === undefined) throw new UsageError('--bin needs a path.');
      options.bin = resolve(value);
    } else if (flag === '--json') options.json = true;
    else if (flag === '--hyperfine') options.hyperfine = true;
    else if (flag === '--help' || flag === '-h') return 'help';
    else throw new UsageError(`Unknown argument '${argument}'.`);
  }
  return options;
}

/**
 * A fresh HOME and XDG dirs, so no user config, cache or state changes what the commands do.
 * @param {string} sandbox
 * @returns {NodeJS.ProcessEnv}
 */
function isolatedEnvironment(sandbox) {
  /** @type {NodeJS.ProcessEnv} */
  const environment = { ...process.env };
  // NODE_OPTIONS (a --require, an inspector) would tax every start and measure the wrong thing.
  delete environment.NODE_OPTIONS;
  // NODE_EXTRA_CA_CERTS makes every Node start read a CA bundle (~30 ms on this machine kind, where it
  // is set): it inflates `node -e 0` as much as venom and flatters the ratio. Most users do not set it.
  delete environment.NODE_EXTRA_CA_CERTS;
  for (const [name, folder] of Object.entries({
    HOME: 'home',
    XDG_CONFIG_HOME: 'config',
    XDG_DATA_HOME: 'data',
    XDG_STATE_HOME: 'state',
    XDG_CACHE_HOME: 'cache',
  })) {
    const path = join(sandbox, folder);
    mkdirSync(path, { recursive: true });
    environment[name] = path;
  }
  environment.NO_COLOR = '1';
  return environment;
}

/**
 * Runs one command and returns its wall-clock time in milliseconds.
 * @param {Benchmark} benchmark
 * @param {NodeJS.ProcessEnv} environment
 * @param {string} workingDirectory
 */
function timeOnce(benchmark, environment, workingDirectory) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, benchmark.arguments, {
    env: environment,
    cwd: workingDirectory,
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 16 * 1024 * 1024,
  });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.error !== undefined || result.status !== 0) {
    const reason = result.error?.message ?? `exit code ${result.status ?? `signal ${result.signal}`}`;
    const stderr = result.stderr?.toString().trim().split('\n').slice(0, 10).join('\n') ?? '';
    throw new Error(`'${benchmark.label}' failed (${reason}).${stderr === '' ? '' : `\nstderr:\n${stderr}`}`);
  }
  return elapsed;
}

/**
 * @param {number[]} sortedValues  ascending
 * @param {number} quantile  0..1, nearest-rank
 */
function percentile(sortedValues, quantile) {
  const rank = Math.max(1, Math.ceil(quantile * sortedValues.length));
  return sortedValues[rank - 1] ?? Number.NaN;
}

/** @param {number} value @param {number} digits */
function round(value, digits) {
  return Number(value.toFixed(digits));
}

/** @param {number[]} sortedValues ascending */
function median(sortedValues) {
  const middle = Math.floor(sortedValues.length / 2);
  return sortedValues.length % 2 === 1
    ? (sortedValues[middle] ?? Number.NaN)
    : ((sortedValues[middle - 1] ?? Number.NaN) + (sortedValues[middle] ?? Number.NaN)) / 2;
}

/**
 * @param {Benchmark[]} benchmarks
 * @param {Options} options
 * @param {NodeJS.ProcessEnv} environment
 * @param {string} workingDirectory
 * @returns {number[][]} samples per benchmark, in milliseconds
 */
function measure(benchmarks, options, environment, workingDirectory) {
  /** @type {number[][]} */
  const samples = benchmarks.map(() => []);
  const totalRounds = options.warmup + options.runs;
  for (let round = 0; round < totalRounds; round += 1) {
    // Rotate the order each round so no command always runs first (or right after another).
    for (let step = 0; step < benchmarks.length; step += 1) {
      const index = (round + step) % benchmarks.length;
      const benchmark = benchmarks[index];
      if (benchmark === undefined) continue;
      const milliseconds = timeOnce(benchmark, environment, workingDirectory);
      if (round >= options.warmup) samples[index]?.push(milliseconds);
    }
    if (!options.json && process.stderr.isTTY) {
      process.stderr.write(`\r${round < options.warmup ? 'warm-up' : 'round'} ${round + 1}/${totalRounds}`);
    }
  }
  if (!options.json && process.stderr.isTTY) process.stderr.write('\r\u001b[K');
  return samples;
}

/**
 * @param {Benchmark[]} benchmarks
 * @param {number[][]} samples
 * @returns {Figures[]}
 */
function summarise(benchmarks, samples) {
  const floorIndex = benchmarks.findIndex((benchmark) => benchmark.isFloor);
  const floorMedian = median([...(samples[floorIndex] ?? [])].sort((left, right) => left - right));
  return benchmarks.map((benchmark, index) => {
    const sorted = [...(samples[index] ?? [])].sort((left, right) => left - right);
    const medianMs = median(sorted);
    const ratio = medianMs / floorMedian;
    return {
      label: benchmark.label,
      command: ['node', ...benchmark.arguments].join(' '),
      medianMs: round(medianMs, 2),
      p90Ms: round(percentile(sorted, 0.9), 2),
      minMs: round(sorted[0] ?? Number.NaN, 2),
      meanMs: round(sorted.reduce((sum, value) => sum + value, 0) / sorted.length, 2),
      ratio: round(ratio, 3),
      pass: benchmark.isFloor ? null : ratio <= GOAL_RATIO,
    };
  });
}

/**
 * @param {string[][]} rows  first row is the header
 * @param {('left' | 'right')[]} alignment
 */
function renderTable(rows, alignment) {
  const widths = (rows[0] ?? []).map((_, column) =>
    Math.max(...rows.map((row) => (row[column] ?? '').length)),
  );
  return rows
    .map((row) =>
      row
        .map((cell, column) =>
          alignment[column] === 'right'
            ? cell.padStart(widths[column] ?? 0)
            : cell.padEnd(widths[column] ?? 0),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/**
 * @param {Figures[]} figures
 */
function renderFigures(figures) {
  const rows = [['command', 'median ms', 'p90 ms', 'min ms', 'x floor', `goal <= ${GOAL_RATIO}x`]];
  for (const figure of figures) {
    rows.push([
      figure.label,
      figure.medianMs.toFixed(1),
      figure.p90Ms.toFixed(1),
      figure.minMs.toFixed(1),
      `${figure.ratio.toFixed(2)}x`,
      figure.pass === null ? '(floor)' : figure.pass ? 'PASS' : 'FAIL',
    ]);
  }
  return renderTable(rows, ['left', 'right', 'right', 'right', 'right', 'left']);
}

/**
 * @param {string} name
 * @returns {string | undefined} the executable's path on PATH
 */
function findOnPath(name) {
  for (const folder of (process.env.PATH ?? '').split(delimiter)) {
    if (folder === '') continue;
    const candidate = join(folder, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Runs the same three commands under hyperfine (no shell, -N) and returns its medians, or a reason
 * it could not.
 * @param {string} hyperfinePath
 * @param {Benchmark[]} benchmarks
 * @param {Options} options
 * @param {NodeJS.ProcessEnv} environment
 * @param {string} sandbox
 * @returns {{ figures: { label: string, medianMs: number, meanMs: number, stddevMs: number, ratio: number }[] } | { error: string }}
 */
function runHyperfine(hyperfinePath, benchmarks, options, environment, sandbox) {
  const exportPath = join(sandbox, 'hyperfine.json');
  const quote = (/** @type {string} */ word) => `'${word.replaceAll("'", "'\\''")}'`;
  const commands = benchmarks.map((benchmark) =>
    [process.execPath, ...benchmark.arguments].map(quote).join(' '),
  );
  const result = spawnSync(
    hyperfinePath,
    [
      '-N',
      '--style',
      'none',
      '--warmup',
      String(options.warmup),
      '--runs',
      String(options.runs),
      '--export-json',
      exportPath,
      ...benchmarks.flatMap((benchmark, index) => ['--command-name', benchmark.label, commands[index] ?? '']),
    ],
    { env: environment, cwd: sandbox, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' },
  );
  if (result.error !== undefined || result.status !== 0) {
    return { error: `hyperfine failed: ${result.error?.message ?? result.stderr.trim()}` };
  }
  /** @type {{ results: { median: number, mean: number, stddev: number | null }[] }} */
  const report = JSON.parse(readFileSync(exportPath, 'utf8'));
  const floorIndex = benchmarks.findIndex((benchmark) => benchmark.isFloor);
  const floorMedian = (report.results[floorIndex]?.median ?? Number.NaN) * 1000;
  return {
    figures: report.results.map((entry, index) => ({
      label: benchmarks[index]?.label ?? String(index),
      medianMs: entry.median * 1000,
      meanMs: entry.mean * 1000,
      stddevMs: (entry.stddev ?? 0) * 1000,
      ratio: (entry.median * 1000) / floorMedian,
    })),
  };
}

/**
 * @param {string[]} argumentList
 * @returns {number} exit code
 */
function main(argumentList) {
  /** @type {Options | 'help'} */
  let options;
  try {
    options = parseArguments(argumentList);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (!existsSync(options.bin)) {
    console.error(
      `${options.bin}: no such file. Build first ('npm run bench:startup' does), or pass --bin PATH / VENOM_BENCH_BIN.`,
    );
    return 3;
  }

  /** @type {Benchmark[]} */
  const benchmarks = [
    { label: 'node -e 0', arguments: ['-e', '0'], isFloor: true },
    { label: 'venom --version', arguments: [options.bin, '--version'], isFloor: false },
    { label: 'venom --help', arguments: [options.bin, '--help'], isFloor: false },
  ];
  const sandbox = mkdtempSync(join(tmpdir(), 'venom-bench-startup-'));
  try {
    const environment = isolatedEnvironment(sandbox);
    const workingDirectory = join(sandbox, 'home');
    /** @type {number[][]} */
    let samples;
    try {
      samples = measure(benchmarks, options, environment, workingDirectory);
    } catch (error) {
      console.error(error instanceof Error ? error.message : String(error));
      return 3;
    }
    const figures = summarise(benchmarks, samples);

    /** @type {ReturnType<typeof runHyperfine> | { error: string } | undefined} */
    let hyperfine;
    if (options.hyperfine) {
      const hyperfinePath = findOnPath('hyperfine');
      hyperfine =
        hyperfinePath === undefined
          ? { error: 'hyperfine is not on PATH; skipped (the figures above do not need it).' }
          : runHyperfine(hyperfinePath, benchmarks, options, environment, sandbox);
    }

    const environmentSummary = {
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      cpu: cpus()[0]?.model ?? 'unknown',
      cpuCount: cpus().length,
    };
    if (options.json) {
      const document = {
        ...environmentSummary,
        bin: options.bin,
        runs: options.runs,
        warmup: options.warmup,
        goalRatio: GOAL_RATIO,
        pass: figures.every((figure) => figure.pass !== false),
        figures,
        ...(hyperfine === undefined ? {} : { hyperfine }),
      };
      console.log(JSON.stringify(document, null, 2));
      return 0;
    }

    console.log(
      `startup: ${options.runs} rounds after ${options.warmup} warm-up, interleaved; ` +
        `node ${environmentSummary.node}, ${environmentSummary.cpuCount} x ${environmentSummary.cpu}`,
    );
    console.log(`bin: ${options.bin}\n`);
    console.log(renderFigures(figures));
    const failing = figures.filter((figure) => figure.pass === false);
    console.log(
      failing.length === 0
        ? `\nPASS: every command starts within ${GOAL_RATIO}x of node -e 0.`
        : `\nFAIL: ${failing.map((figure) => `${figure.label} is ${figure.ratio.toFixed(2)}x`).join(', ')} ` +
            `(goal <= ${GOAL_RATIO}x of node -e 0).`,
    );
    if (hyperfine !== undefined) {
      if ('error' in hyperfine) {
        console.log(`\nhyperfine: ${hyperfine.error}`);
      } else {
        const rows = [['command', 'median ms', 'mean ms', 'stddev ms', 'x floor']];
        for (const figure of hyperfine.figures) {
          rows.push([
            figure.label,
            figure.medianMs.toFixed(1),
            figure.meanMs.toFixed(1),
            figure.stddevMs.toFixed(1),
            `${figure.ratio.toFixed(2)}x`,
          ]);
        }
        console.log(`\nhyperfine -N (same commands, not interleaved):\n`);
        console.log(renderTable(rows, ['left', 'right', 'right', 'right', 'right']));
      }
    }
    return 0;
  } finally {
    rmSync(sandbox, { recursive: true, force: true });
  }
}

process.exitCode = main(process.argv.slice(2));
