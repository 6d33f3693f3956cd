import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { commitAll, createFixture, git } from './fixture.js';
import { type DepCiRun, runDepCi, testEnvironment } from './run-dep-ci.js';

const json = (value: unknown): string => JSON.stringify(value);

/** A small TypeScript project: a chain of imports, a barrel, and tests on each end. */
const project = {
  'package.json': json({ name: 'shop', type: 'module' }),
  'tsconfig.json': json({ compilerOptions: { module: 'nodenext', strict: true } }),
  'src/price.ts': 'export const price = (n: number) => n * 2;\n',
  'src/label.ts':
    "import { price } from './price.js';\nexport const label = (n: number) => `$${price(n)}`;\n",
  'src/stock.ts': 'export const stock = () => 3;\n',
  'src/index.ts': "export * from './label.js';\nexport * from './stock.js';\n",
  'test/price.test.ts': "import { price } from '../src/price.js';\nprice(1);\n",
  'test/label.test.ts': "import { label } from '../src/label.js';\nlabel(1);\n",
  'test/stock.test.ts': "import { stock } from '../src/stock.js';\nstock();\n",
  'test/all.test.ts': "import { label, stock } from '../src/index.js';\nlabel(1);\nstock();\n",
  'README.md': '# shop\n',
  '.gitignore': 'dist/\n',
};

interface Daemon {
  root: string;
  env: Record<string, string | undefined>;
  status(): Promise<{ pid: number; socket: string; queries: number; rebuilds: number; updates: number }>;
}

/** A committed fixture with a running daemon, stopped (SIGKILL if need be) after the test. */
async function startDaemon(files: Record<string, string> = project): Promise<Daemon> {
  const root = createFixture(files);
  commitAll(root);
  const env = testEnvironment();
  const started = await runDepCi(['daemon', 'start', '--json'], root, env);
  expect(started.stderr).toBe('');
  expect(started.exitCode).toBe(0);
  const report = JSON.parse(started.stdout);
  expect(report).toMatchObject({ running: true, started: true, root });
  const pid = report.status.pid as number;
  onTestFinished(() => {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // stopped already
    }
  });
  return {
    root,
    env,
    async status() {
      const run = await runDepCi(['daemon', 'status', '--json'], root, env);
      expect(run.exitCode).toBe(0);
      return JSON.parse(run.stdout).status;
    },
  };
}

/** Runs the same command through the daemon and through Node alone; both must print the same. */
async function bothWays(daemon: Daemon, args: string[]): Promise<DepCiRun> {
  const served = await runDepCi(args, daemon.root, daemon.env);
  const alone = await runDepCi(args, daemon.root, { ...daemon.env, DEP_CI_DAEMON: 'off' });
  expect(served).toEqual(alone);
  return served;
}

function testsOf(run: DepCiRun): string[] {
  expect(run.exitCode).toBe(0);
  return JSON.parse(run.stdout).tests;
}

describe('dep-ci daemon', () => {
  it('answers affected and analyze byte for byte as the Node CLI does, without Node', async () => {
    const daemon = await startDaemon();
    const before = (await daemon.status()).queries;
    const label = await bothWays(daemon, ['affected', 'src/price.ts', '--json']);
    expect(testsOf(label)).toEqual(['test/all.test.ts', 'test/label.test.ts', 'test/price.test.ts']);
    await bothWays(daemon, ['affected', 'src/stock.ts', 'src/label.ts']);
    // From a subdirectory: paths are relative to it, the daemon is the repo's.
    const inSubdirectory = { ...daemon, root: join(daemon.root, 'src') };
    expect(testsOf(await bothWays(inSubdirectory, ['affected', 'price.ts', '--json']))).toEqual([
      'test/all.test.ts',
      'test/label.test.ts',
      'test/price.test.ts',
    ]);
    await bothWays(daemon, ['analyze', 'src/label.ts']);
    await bothWays(daemon, ['analyze', 'src/gone.ts', '--json']); // a warning on stderr
    await bothWays(daemon, ['affected', '--semantics', 'runtime', 'src/stock.ts', '--json']);
    await bothWays(daemon, ['affected', '--semantics', 'nonsense', 'src/stock.ts']); // usage error, exit 2
    writeFileSync(join(daemon.root, 'src/stock.ts'), 'export const stock = () => 4;\n');
    expect(testsOf(await bothWays(daemon, ['affected', '--json']))).toEqual([
      'test/all.test.ts',
      'test/stock.test.ts',
    ]);
    git(daemon.root, 'checkout', '-q', '-b', 'feature');
    git(daemon.root, 'commit', '-qam', 'stock');
    expect(testsOf(await bothWays(daemon, ['affected', '--since', 'main', '--json']))).toEqual([
      'test/all.test.ts',
      'test/stock.test.ts',
    ]);
    // Each command above went to the daemon once (and once to Node alone).
    expect((await daemon.status()).queries - before).toBe(9);
  });

  it('sees an edit, a new file and a deleted file made right before the query', async () => {
    const daemon = await startDaemon();
    const query = async (file: string): Promise<string[]> =>
      testsOf(await runDepCi(['affected', file, '--json'], daemon.root, daemon.env));
    for (let round = 0; round < 5; round++) {
      // No wait between the save and the query.
      writeFileSync(join(daemon.root, 'test/stock.test.ts'), "import '../src/price.js';\n");
      expect(await query('src/price.ts')).toContain('test/stock.test.ts');
      writeFileSync(
        join(daemon.root, 'test/stock.test.ts'),
        "import { stock } from '../src/stock.js';\nstock();\n",
      );
      expect(await query('src/price.ts')).not.toContain('test/stock.test.ts');
    }
    writeFileSync(join(daemon.root, 'test/new.test.ts'), "import '../src/stock.js';\n");
    expect(await query('src/stock.ts')).toContain('test/new.test.ts');
    rmSync(join(daemon.root, 'src/label.ts'));
    const deleted = await bothWays(daemon, ['affected', 'src/label.ts', '--json']);
    expect(testsOf(deleted)).toEqual(['test/all.test.ts', 'test/label.test.ts']);
    writeFileSync(
      join(daemon.root, 'src/label.ts'),
      "import { stock } from './stock.js';\nexport const label = stock;\n",
    );
    expect(await query('src/stock.ts')).toEqual([
      'test/all.test.ts',
      'test/label.test.ts',
      'test/new.test.ts',
      'test/stock.test.ts',
    ]);
    // A new directory with a file written at once; a config edit.
    writeFileSync(join(daemon.root, 'README.md'), '# changed\n');
    await bothWays(daemon, ['affected', 'src/stock.ts', '--json']);
    const status = await daemon.status();
    expect(status.updates).toBeGreaterThan(0);
    expect(status.rebuilds).toBeGreaterThan(0);
  });

  it('follows new directories, moved directories and config changes', async () => {
    const daemon = await startDaemon();
    const { mkdirSync, renameSync } = await import('node:fs');
    mkdirSync(join(daemon.root, 'test/deep/er'), { recursive: true });
    writeFileSync(join(daemon.root, 'test/deep/er/x.test.ts'), "import '../../../src/price.js';\n");
    expect(testsOf(await bothWays(daemon, ['affected', 'src/price.ts', '--json']))).toContain(
      'test/deep/er/x.test.ts',
    );
    // A file written into the new directory after it is watched.
    writeFileSync(join(daemon.root, 'test/deep/er/y.test.ts'), "import '../../../src/stock.js';\n");
    expect(testsOf(await bothWays(daemon, ['affected', 'src/stock.ts', '--json']))).toContain(
      'test/deep/er/y.test.ts',
    );
    renameSync(join(daemon.root, 'test/deep'), join(daemon.root, 'test/moved'));
    const moved = testsOf(await bothWays(daemon, ['affected', 'src/stock.ts', '--json']));
    expect(moved).toContain('test/moved/er/y.test.ts');
    expect(moved).not.toContain('test/deep/er/y.test.ts');
    // Git-ignored build output appearing: neither watched nor a reason to rebuild.
    const rebuilds = (await daemon.status()).rebuilds;
    mkdirSync(join(daemon.root, 'src/dist/deep'), { recursive: true });
    writeFileSync(join(daemon.root, 'src/dist/deep/out.js'), "import '../../price.js';\n");
    expect(testsOf(await bothWays(daemon, ['affected', 'src/price.ts', '--json']))).not.toContain(
      'src/dist/deep/out.js',
    );
    expect((await daemon.status()).rebuilds).toBe(rebuilds);
    writeFileSync(join(daemon.root, 'tsconfig.json'), json({ compilerOptions: { strict: false } }));
    const config = await bothWays(daemon, ['affected', 'tsconfig.json', '--json']);
    expect(testsOf(config)).toHaveLength(6);
  });

  it('is replaced by Node when killed, reports and removes its stale socket, and restarts', async () => {
    const daemon = await startDaemon();
    const { pid, socket } = await daemon.status();
    expect(statSync(socket).mode & 0o777).toBe(0o600);
    expect(statSync(join(socket, '..')).mode & 0o777).toBe(0o700);
    process.kill(pid, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(existsSync(socket)).toBe(true);
    const fallback = await runDepCi(['affected', 'src/price.ts', '--json'], daemon.root, daemon.env);
    expect(fallback.stderr).toBe('');
    expect(testsOf(fallback)).toEqual(['test/all.test.ts', 'test/label.test.ts', 'test/price.test.ts']);
    const status = await runDepCi(['daemon', 'status', '--json'], daemon.root, daemon.env);
    expect(status.exitCode).toBe(1);
    expect(JSON.parse(status.stdout)).toMatchObject({ running: false, staleSocket: true });
    const restarted = await runDepCi(['daemon', 'start', '--json'], daemon.root, daemon.env);
    expect(restarted.exitCode).toBe(0);
    const newPid = JSON.parse(restarted.stdout).status.pid as number;
    onTestFinished(() => {
      try {
        process.kill(newPid, 'SIGKILL');
      } catch {
        // stopped
      }
    });
    expect(newPid).not.toBe(pid);
    const again = await runDepCi(['daemon', 'start', '--json'], daemon.root, daemon.env);
    expect(JSON.parse(again.stdout)).toMatchObject({ running: true, started: false });
    await bothWays(daemon, ['affected', 'src/price.ts', '--json']);
    // SIGTERM: a graceful stop that removes the socket, the PID file and the pointer file.
    process.kill(newPid, 'SIGTERM');
    const alive = (): boolean => {
      try {
        process.kill(newPid, 0);
        return true;
      } catch {
        return false;
      }
    };
    for (let wait = 0; wait < 200 && alive(); wait++) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(alive()).toBe(false);
    expect(existsSync(socket)).toBe(false);
    expect(existsSync(join(daemon.root, '.dep-ci/daemon-socket'))).toBe(false);
    expect(readFileSync(join(daemon.root, '.dep-ci/daemon.log'), 'utf8')).toContain('stopped after');
  });

  it('tolerates garbage on its socket and keeps answering; stop ends it', async () => {
    const daemon = await startDaemon();
    const { socket } = await daemon.status();
    const exchange = (bytes: string | Buffer, end: boolean): Promise<string> =>
      new Promise((resolve) => {
        const connection = connect(socket);
        let reply = '';
        connection.on('connect', () => {
          connection.write(bytes);
          if (end) connection.end();
        });
        connection.on('data', (chunk) => {
          reply += chunk.toString();
        });
        connection.on('close', () => resolve(reply));
        connection.on('error', () => resolve(reply));
      });
    expect(await exchange('GET / HTTP/1.1\r\n\r\n', false)).toBe('dep-ci 1 error not-a-request\n');
    expect(await exchange(Buffer.from([0xff, 0xfe, 0, 1, 10]), false)).toMatch(/^dep-ci 1 error/);
    expect(await exchange('dep-ci 1 cli\n/tmp\n0 0\n', true)).toBe('dep-ci 1 error incomplete-request\n');
    expect(await exchange('dep-ci 1 cli\nrelative\n0 0\n0\n0\n0\n1\naffected\n', false)).toBe(
      'dep-ci 1 error bad-header\n',
    );
    expect(await exchange('dep-ci 1 cli\n/\n0 0\n0\n0\n0\n1\naffected\n', false)).toBe(
      'dep-ci 1 fallback other-repo\n',
    );
    expect(await exchange(`dep-ci 1 cli\n${daemon.root}\n0 0\n0\n0\n0\n1\nrun\n`, false)).toBe(
      'dep-ci 1 fallback command\n',
    );
    await bothWays(daemon, ['affected', 'src/stock.ts', '--json']);
    const stopped = await runDepCi(['daemon', 'stop', '--json'], daemon.root, daemon.env);
    expect(JSON.parse(stopped.stdout)).toMatchObject({ running: false, stopped: true });
    expect(existsSync(socket)).toBe(false);
    const none = await runDepCi(['daemon', 'stop', '--json'], daemon.root, daemon.env);
    expect(JSON.parse(none.stdout)).toMatchObject({ running: false, stopped: false });
  });

  it('gives dep-ci run its selection, so run builds no graph of its own', async () => {
    const daemon = await startDaemon();
    writeFileSync(join(daemon.root, 'src/label.ts'), 'export const label = (n: number) => `$${n}`;\n');
    const before = (await daemon.status()).queries;
    const served = await runDepCi(
      ['run', '--json', '--', process.execPath, '--test'],
      daemon.root,
      daemon.env,
    );
    const alone = await runDepCi(['run', '--json', '--', process.execPath, '--test'], daemon.root, {
      ...daemon.env,
      DEP_CI_DAEMON: 'off',
    });
    expect((await daemon.status()).queries - before).toBe(1);
    expect(JSON.parse(served.stdout).tests).toEqual(['test/all.test.ts', 'test/label.test.ts']);
    expect(JSON.parse(served.stdout)).toEqual(JSON.parse(alone.stdout));
  });

  it('answers through socat too, and runs Node without a socket client', async () => {
    const daemon = await startDaemon();
    const before = (await daemon.status()).queries;
    const viaSocat = await runDepCi(['affected', 'src/label.ts', '--json'], daemon.root, {
      ...daemon.env,
      DEP_CI_SOCKET_CLIENT: 'socat',
    });
    const viaNode = await runDepCi(['affected', 'src/label.ts', '--json'], daemon.root, {
      ...daemon.env,
      DEP_CI_SOCKET_CLIENT: 'none',
    });
    expect(viaSocat).toEqual(viaNode);
    expect(testsOf(viaSocat)).toEqual(['test/all.test.ts', 'test/label.test.ts']);
    expect((await daemon.status()).queries - before).toBe(1);
  });
});
