#!/usr/bin/env node
// Added latency of venom's sandboxed shell.run (bubblewrap + prlimit + limits) over a plain
// child_process.spawn of the same command, interleaved in one run. See README.md.
//   npx tsc --build && node bench/sandbox/run.mjs [--runs 200] [--json]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values: flags } = parseArgs({
  options: { runs: { type: 'string', default: '200' }, json: { type: 'boolean', default: false } },
});
const runs = Number(flags.runs);
const root = new URL('../../', import.meta.url).pathname;
const entry = join(root, 'packages/venom/dist/sandbox/index.js');
if (!existsSync(entry)) {
  console.error(`${entry} is missing: run 'npx tsc --build' first`);
  process.exit(3);
}
const { createBubblewrapSandbox, createHostRunner } = await import(entry);

const workspace = realpathSync(mkdtempSync(join(tmpdir(), 'venom-bench-sandbox-')));
const env = { PATH: process.env.PATH, HOME: process.env.HOME };
const sandbox = createBubblewrapSandbox({ workspaceRoots: [workspace], env });
const cold = createBubblewrapSandbox({ workspaceRoots: [workspace], env, warm: false });
const host = createHostRunner({ workspaceRoots: [workspace], env });
const status = await sandbox.check();
if (!status.ok) {
  console.error(`bubblewrap cannot run here: ${status.reason}`);
  process.exit(3);
}

/** The anchor: spawn + collect stdout/stderr until close, as a caller without a sandbox would. */
function plainSpawn(argv) {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { cwd: workspace, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', (code) => resolve({ exitCode: code, stdout }));
  });
}

const commands = { true: ['true'], echo: ['echo', 'hello'] };
const variants = {
  spawn: (argv) => plainSpawn(argv),
  host: (argv) => host.run({ argv, cwd: workspace }),
  sandbox: (argv) => sandbox.run({ argv, cwd: workspace }),
  'sandbox+net': (argv) => sandbox.run({ argv, cwd: workspace, network: true }),
  'sandbox-cold': (argv) => cold.run({ argv, cwd: workspace }),
};

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const percentile = (values, p) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))];

const results = {};
for (const [name, argv] of Object.entries(commands)) {
  const samples = Object.fromEntries(Object.keys(variants).map((variant) => [variant, []]));
  for (let warm = 0; warm < 10; warm += 1) for (const run of Object.values(variants)) await run(argv);
  for (let index = 0; index < runs; index += 1) {
    // Interleaved, rotating the order so no variant always runs first.
    const order = Object.keys(variants);
    for (let shift = 0; shift < index % order.length; shift += 1) order.push(order.shift());
    for (const variant of order) {
      const started = performance.now();
      const result = await variants[variant](argv);
      samples[variant].push(performance.now() - started);
      if (result.exitCode !== 0) throw new Error(`${variant} ${argv.join(' ')} exited ${result.exitCode}`);
    }
  }
  const base = median(samples.spawn);
  results[name] = Object.fromEntries(
    Object.entries(samples).map(([variant, values]) => [
      variant,
      {
        medianMs: +median(values).toFixed(2),
        p90Ms: +percentile(values, 0.9).toFixed(2),
        addedMs: +(median(values) - base).toFixed(2),
        ratio: +(median(values) / base).toFixed(2),
      },
    ]),
  );
}
sandbox.close();
rmSync(workspace, { recursive: true, force: true });

if (flags.json) {
  console.log(
    JSON.stringify({ runs, loadAverage: readFileSync('/proc/loadavg', 'utf8').trim(), results }, null, 2),
  );
} else {
  console.log(`runs per variant: ${runs} (interleaved); goal: sandbox adds < 15 ms over spawn`);
  console.log(`load average at the end: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
  console.log('command  variant        median ms  p90 ms  added ms  ratio');
  for (const [name, byVariant] of Object.entries(results)) {
    for (const [variant, row] of Object.entries(byVariant)) {
      console.log(
        `${name.padEnd(8)} ${variant.padEnd(13)} ${String(row.medianMs).padStart(10)} ${String(row.p90Ms).padStart(7)} ${String(row.addedMs).padStart(9)} ${String(row.ratio).padStart(6)}`,
      );
    }
  }
}
