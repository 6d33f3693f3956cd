import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VenomError } from '@venom/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createBubblewrapSandbox } from './create-bubblewrap-sandbox.js';
import { createHostRunner } from './create-host-runner.js';
import type { Sandbox } from './types.js';

const directories: string[] = [];
const servers: Server[] = [];

afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
  for (const server of servers.splice(0)) server.close();
});

function temporaryDirectory(prefix: string): string {
  const directory = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  directories.push(directory);
  return directory;
}

function setUp(options: { rootIsHome?: boolean } = {}) {
  const home = temporaryDirectory('venom-sandbox-home-');
  const workspace = options.rootIsHome ? home : temporaryDirectory('venom-sandbox-ws-');
  const outside = temporaryDirectory('venom-sandbox-outside-');
  mkdirSync(join(home, '.ssh'));
  writeFileSync(join(home, '.ssh', 'id_ed25519'), 'PRIVATE KEY');
  writeFileSync(join(workspace, '.env'), 'API_KEY=secret');
  const env = { PATH: process.env.PATH, HOME: home, LANG: 'C.UTF-8' };
  const sandbox = createBubblewrapSandbox({ workspaceRoots: [workspace], env });
  return { home, workspace, outside, env, sandbox };
}

/** Pids of processes whose command line contains `marker` (to prove a tree was killed). */
function processesWith(marker: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Waits (bounded) until no process has `marker` in its command line; returns those left. */
async function processesLeft(marker: string): Promise<number[]> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    if (processesWith(marker).length === 0) return [];
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return processesWith(marker);
}

async function listen(): Promise<number> {
  const server = createServer((socket) => socket.end('hello from the host'));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

const sh = (sandbox: Sandbox, script: string, extra: Partial<Parameters<Sandbox['run']>[0]> = {}) =>
  sandbox.run({ argv: ['sh', '-c', script], cwd: '.', ...extra });

describe('createBubblewrapSandbox', () => {
  it('runs here and reports kind bubblewrap', async () => {
    const { sandbox } = setUp();
    expect(sandbox.kind).toBe('bubblewrap');
    expect(await sandbox.check()).toEqual({ ok: true });
  });

  it('runs a command in the workspace with a cleared environment, stdin and streamed output', async () => {
    const { workspace, env } = setUp();
    const sandbox = createBubblewrapSandbox({
      workspaceRoots: [workspace],
      env: { ...env, PARENT_TOKEN: 'leaked' },
    });
    const chunks: string[] = [];
    const result = await sandbox.run({
      argv: ['sh', '-c', 'pwd; cat; echo "token=[$PARENT_TOKEN] extra=$EXTRA"; echo oops >&2; exit 3'],
      cwd: workspace,
      stdin: 'from stdin\n',
      env: { EXTRA: 'yes' },
      onOutput: (stream, chunk) => chunks.push(`${stream}:${chunk}`),
    });
    expect(result).toMatchObject({
      exitCode: 3,
      signal: null,
      killedBy: null,
      timedOut: false,
      outputTruncated: false,
    });
    expect(result.stdout).toBe(`${workspace}\nfrom stdin\ntoken=[] extra=yes\n`);
    expect(result.stderr).toBe('oops\n');
    expect(chunks.join('')).toContain('stderr:oops');
  });

  it('passes arguments verbatim: quotes, newlines, $ and globs are not interpreted', async () => {
    const { sandbox } = setUp();
    const tricky = ["it's", 'two\nlines', '$HOME', '*', '; rm -rf /', ''];
    for (let round = 0; round < 2; round += 1) {
      const result = await sandbox.run({
        argv: ['printf', '[%s]', ...tricky],
        cwd: '.',
        env: { QUOTED: "a'b" },
      });
      expect(result.stdout).toBe(tricky.map((argument) => `[${argument}]`).join(''));
      const single = await sandbox.run({
        argv: ['sh', '-c', 'printf %s "$QUOTED"'],
        cwd: '.',
        env: { QUOTED: "a'b" },
      });
      expect(single.stdout).toBe("a'b");
    }
  });

  it('hides a .env file created after the warm sandbox was started', async () => {
    const { sandbox, workspace } = setUp();
    rmSync(join(workspace, '.env'));
    expect((await sh(sandbox, 'ls -a')).stdout).not.toContain('.env.local');
    writeFileSync(join(workspace, '.env.local'), 'TOKEN=late');
    const result = await sh(sandbox, 'cat .env.local; echo end');
    expect(result.stdout).toBe('end\n');
    sandbox.close();
  });

  it('runs from a subdirectory and rejects invalid environment names', async () => {
    const { sandbox, workspace } = setUp();
    mkdirSync(join(workspace, 'sub'));
    expect((await sandbox.run({ argv: ['pwd'], cwd: 'sub' })).stdout).toBe(`${join(workspace, 'sub')}\n`);
    await expect(sandbox.run({ argv: ['true'], cwd: '.', env: { 'A;B': 'x' } })).rejects.toMatchObject({
      code: 'SANDBOX_ENV_INVALID',
    });
  });

  it('makes the workspace writable and the rest of the file system read-only', async () => {
    const { sandbox, workspace, outside, home } = setUp();
    const result = await sh(
      sandbox,
      `echo made > made.txt; echo x > ${outside}/escaped.txt; echo x > ${home}/planted; echo x > /etc/venom-test; echo tmp > /tmp/t && cat /tmp/t`,
    );
    expect(readFileSync(join(workspace, 'made.txt'), 'utf8')).toBe('made\n');
    expect(existsSync(join(outside, 'escaped.txt'))).toBe(false);
    expect(existsSync(join(home, 'planted'))).toBe(false);
    expect(existsSync('/etc/venom-test')).toBe(false);
    expect(result.stdout).toBe('tmp\n');
    expect(readdirSync(outside)).toEqual([]);
  });

  it('hides credentials (~/.ssh inside a root, .env files) and keeps .git/hooks read-only', async () => {
    const { sandbox, home } = setUp({ rootIsHome: true });
    mkdirSync(join(home, '.git', 'hooks'), { recursive: true });
    const result = await sh(
      sandbox,
      'cat ~/.ssh/id_ed25519; cat .env; echo "#!/bin/sh" > .git/hooks/pre-commit; echo done',
    );
    expect(result.stdout).not.toContain('PRIVATE KEY');
    expect(result.stdout).not.toContain('API_KEY');
    expect(result.stdout).toContain('done');
    expect(existsSync(join(home, '.git', 'hooks', 'pre-commit'))).toBe(false);
    expect(readFileSync(join(home, '.ssh', 'id_ed25519'), 'utf8')).toBe('PRIVATE KEY');
  });

  it('still lets git commit in the workspace', async () => {
    const { sandbox, workspace } = setUp();
    execFileSync('git', ['init', '-q', workspace]);
    const result = await sh(
      sandbox,
      'echo a > a.txt && git add a.txt && git -c user.name=t -c user.email=t@example.com commit -qm first && git log --format=%s',
    );
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('first\n');
  });

  it('refuses a working directory outside the workspace', async () => {
    const { sandbox, outside } = setUp();
    await expect(sandbox.run({ argv: ['true'], cwd: outside })).rejects.toMatchObject({
      code: 'SECURITY_PATH_DENIED',
    });
    await expect(sandbox.run({ argv: ['true'], cwd: '../..' })).rejects.toMatchObject({
      code: 'SECURITY_PATH_DENIED',
    });
  });

  it('blocks the network unless the request allows it', async () => {
    const { sandbox } = setUp();
    const port = await listen();
    const script = `require('net').connect(${port}, '127.0.0.1').on('data', (d) => { process.stdout.write(String(d)); process.exit(0); }).on('error', (e) => { process.stdout.write(e.code); process.exit(7); })`;
    const offline = await sandbox.run({ argv: [process.execPath, '-e', script], cwd: '.' });
    expect(offline.exitCode).toBe(7);
    expect(offline.stdout).not.toContain('hello');
    const online = await sandbox.run({ argv: [process.execPath, '-e', script], cwd: '.', network: true });
    expect(online).toMatchObject({ exitCode: 0, stdout: 'hello from the host' });
  });

  it('kills a command that sleeps forever at the timeout, with its whole process tree', async () => {
    const { sandbox } = setUp();
    const marker = `${Math.floor(Math.random() * 1e6) + 5e6}`;
    const result = await sh(sandbox, `sleep ${marker} & sleep ${marker}`, { limits: { timeoutMs: 500 } });
    expect(result).toMatchObject({ timedOut: true, killedBy: 'timeout', exitCode: null, signal: 'SIGKILL' });
    expect(await processesLeft(`sleep\u0000${marker}`)).toEqual([]);
  });

  it('stops a command that prints 1 GB at the output limit', async () => {
    const { sandbox } = setUp();
    const result = await sh(sandbox, 'head -c 1000000000 /dev/zero | tr "\\0" x', {
      limits: { outputBytes: 1 << 20 },
    });
    expect(result).toMatchObject({ outputTruncated: true, killedBy: 'output-limit' });
    expect(result.stdout.length).toBe(1 << 20);
  });

  it('contains a command that forks a thousand processes', async () => {
    const { sandbox } = setUp();
    const marker = `${Math.floor(Math.random() * 1e6) + 7e6}`;
    const result = await sh(sandbox, `for i in $(seq 1000); do sleep ${marker} & done; wait`, {
      limits: { processes: 64, timeoutMs: 60_000 },
    });
    expect(result.killedBy === 'process-limit' || /fork|resource/i.test(result.stderr)).toBe(true);
    expect(result.timedOut).toBe(false);
    expect(await processesLeft(`sleep\u0000${marker}`)).toEqual([]);
  });

  it('enforces the CPU time limit', async () => {
    const { sandbox } = setUp();
    const result = await sh(sandbox, 'while :; do :; done', { limits: { cpuSeconds: 1, timeoutMs: 60_000 } });
    expect(result.timedOut).toBe(false);
    expect(result.exitCode).toBeGreaterThan(128);
  });

  it('kills the tree when the request is aborted', async () => {
    const { sandbox } = setUp();
    const controller = new AbortController();
    const running = sh(sandbox, 'echo started; sleep 1000', {
      signal: controller.signal,
      onOutput: () => controller.abort(),
    });
    expect(await running).toMatchObject({ killedBy: 'abort', timedOut: false });
  });

  it('runs nothing for an already aborted request', async () => {
    const { sandbox, workspace } = setUp();
    const controller = new AbortController();
    controller.abort();
    const result = await sandbox.run({ argv: ['touch', 'ran'], cwd: '.', signal: controller.signal });
    expect(result.killedBy).toBe('abort');
    expect(existsSync(join(workspace, 'ran'))).toBe(false);
  });

  it('refuses to run, with the reason and the administrator switch, where bwrap cannot create namespaces', async () => {
    const { workspace, env } = setUp();
    const bin = temporaryDirectory('venom-fake-bwrap-');
    const fakeBwrap = join(bin, 'bwrap');
    const marker = join(workspace, 'ran-unsandboxed');
    writeFileSync(
      fakeBwrap,
      '#!/bin/sh\necho "bwrap: No permissions to creating new namespace" >&2\nexit 1\n',
    );
    chmodSync(fakeBwrap, 0o755);
    const sandbox = createBubblewrapSandbox({ workspaceRoots: [workspace], env, bwrapPath: fakeBwrap });
    const status = await sandbox.check();
    expect(status).toMatchObject({
      ok: false,
      reason: expect.stringContaining('No permissions to creating new namespace'),
    });
    expect(status.ok ? '' : status.hint).toContain('sandbox.allow_unsandboxed_exec: true');
    const error = await sandbox.run({ argv: ['touch', marker], cwd: '.' }).catch((caught: unknown) => caught);
    expect(
      VenomError.isInstance(error) &&
        error.code === 'SANDBOX_UNAVAILABLE' &&
        error.category === 'environment',
    ).toBe(true);
    expect(existsSync(marker)).toBe(false);
  });

  it('refuses to run where bwrap is missing', async () => {
    const { workspace } = setUp();
    const sandbox = createBubblewrapSandbox({
      workspaceRoots: [workspace],
      env: { PATH: '/nonexistent', HOME: '/tmp' },
    });
    expect(await sandbox.check()).toMatchObject({
      ok: false,
      reason: expect.stringContaining('not installed'),
    });
    await expect(sandbox.run({ argv: ['true'], cwd: '.' })).rejects.toMatchObject({
      code: 'SANDBOX_UNAVAILABLE',
    });
  });
});

describe('createHostRunner', () => {
  it('runs on the host in the workspace with kind host, and still enforces timeout, output limit and cwd', async () => {
    const { workspace, outside, env } = setUp();
    const runner = createHostRunner({ workspaceRoots: [workspace], env });
    expect(runner.kind).toBe('host');
    expect(await runner.check()).toEqual({ ok: true });
    expect(await runner.run({ argv: ['pwd'], cwd: '.' })).toMatchObject({
      exitCode: 0,
      stdout: `${workspace}\n`,
    });
    const marker = `${Math.floor(Math.random() * 1e6) + 9e6}`;
    const slow = await runner.run({
      argv: ['sh', '-c', `sleep ${marker} & sleep ${marker}`],
      cwd: '.',
      limits: { timeoutMs: 300 },
    });
    expect(slow.killedBy).toBe('timeout');
    expect(await processesLeft(`sleep\u0000${marker}`)).toEqual([]);
    const loud = await runner.run({ argv: ['sh', '-c', 'yes'], cwd: '.', limits: { outputBytes: 4096 } });
    expect(loud).toMatchObject({ killedBy: 'output-limit', outputTruncated: true });
    expect(loud.stdout.length).toBe(4096);
    await expect(runner.run({ argv: ['true'], cwd: outside })).rejects.toMatchObject({
      code: 'SECURITY_PATH_DENIED',
    });
  });
});
