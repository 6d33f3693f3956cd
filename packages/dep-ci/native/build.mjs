// Builds dep-ci's native scanner (native/scan.cc) into dist/native/dep-ci-scan.node with the system
// C++ compiler ($CXX, else g++) and Node's own headers: no node-gyp, no download. Run by
// `npm run bundle`. Without a compiler or the headers it prints one line and exits 0; dep-ci then
// scans in JavaScript.
//
//   node native/build.mjs [--output <file.node>] [--force]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const source = join(packageRoot, 'native', 'scan.cc');
const outputIndex = process.argv.indexOf('--output');
const output =
  outputIndex === -1
    ? join(packageRoot, 'dist', 'native', 'dep-ci-scan.node')
    : resolve(process.argv[outputIndex + 1] ?? '');
const force = process.argv.includes('--force');
const compiler = process.env.CXX || 'g++';
const headers = [join(dirname(process.execPath), '..', 'include', 'node'), '/usr/include/node'].find(
  (directory) => existsSync(join(directory, 'node_api.h')),
);

const upToDate = (path, inputs) =>
  existsSync(path) && inputs.every((input) => statSync(path).mtimeMs >= statSync(input).mtimeMs);
if (!force && upToDate(output, [source, fileURLToPath(import.meta.url)])) process.exit(0);
if (headers === undefined) {
  process.stdout.write(
    'dep-ci native scanner: skipped (node_api.h not found); dep-ci scans in JavaScript' + '\n',
  );
  process.exit(0);
}
mkdirSync(dirname(output), { recursive: true });
const temporary = `${output}.${process.pid}.tmp`;
const result = spawnSync(
  compiler,
  [
    '-O2',
    '-std=c++17',
    '-shared',
    '-fPIC',
    '-pthread',
    '-fvisibility=hidden',
    `-I${headers}`,
    source,
    '-o',
    temporary,
  ],
  { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' },
);
if (result.error !== undefined || result.status !== 0) {
  rmSync(temporary, { force: true });
  const reason =
    result.error !== undefined
      ? `${compiler} not runnable: ${result.error.message}`
      : `${compiler} failed: ${result.stderr.trim().split('\n')[0] ?? ''}`;
  process.stdout.write(`dep-ci native scanner: skipped (${reason}); dep-ci scans in JavaScript\n`);
  process.exit(0);
}
// Atomic: a dep-ci running meanwhile loads the old addon or the new one, never half of one.
renameSync(temporary, output);
