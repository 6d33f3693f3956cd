import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createAptRoot, listPath, renderStanzas } from './apt-root.js';
import { createOmgHome, exited, runOmg, runProgram, startOmgd, waitFor, waitForDaemon } from './run-omg.js';

const packages = [
  {
    name: 'ripgrep',
    version: '13.0.0-4',
    description: 'Recursively searches directories for a regex pattern',
  },
  { name: 'fd-find', version: '8.6.0-3', description: 'Simple, fast and user-friendly alternative to find' },
];

function setup() {
  const home = createOmgHome();
  const root = createAptRoot([{ suite: 'bookworm', packages }], [{ name: 'ripgrep', version: '13.0.0-4' }]);
  return { ...home, root, socket: join(home.runtimeDir, 'omg') };
}

/** Sends raw bytes to a Unix socket and collects everything until the server closes or `until` matches. */
function exchange(socketFile: string, payload: string | Buffer, until?: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketFile);
    let received = '';
    socket.on('connect', () => socket.write(payload));
    socket.on('data', (chunk) => {
      received += chunk.toString();
      if (until?.test(received)) socket.end();
    });
    // The server may reset a connection it refuses (a flood); what arrived before still counts.
    socket.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ECONNRESET' || error.code === 'EPIPE' ? resolve(received) : reject(error),
    );
    socket.on('close', () => resolve(received));
  });
}

/** Kills a daemon started in the background when the test ends, should the test fail before stopping it. */
function killAfterTest(pid: number): void {
  onTestFinished(() => {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already stopped
    }
  });
}

async function daemonSocket(env: Record<string, string | undefined>, root: string): Promise<string> {
  const status = await runOmg(['daemon', 'status', '--root', root, '--json'], env);
  return JSON.parse(status.stdout).socket as string;
}

describe('omgd', () => {
  it('starts in the background, answers status and search, and stops on SIGTERM cleaning up', async () => {
    const { env, root } = setup();
    const started = await runOmg(['daemon', 'start', '--root', root, '--json'], env);
    expect(started.exitCode, started.stderr).toBe(0);
    const status = JSON.parse(started.stdout);
    killAfterTest(status.pid);
    expect(status).toMatchObject({ running: true, started: true, root, packages: 3 });
    expect(statSync(status.socket).mode & 0o777).toBe(0o600);
    expect(statSync(join(status.socket, '..')).mode & 0o777).toBe(0o700);
    const again = await runOmg(['daemon', 'start', '--root', root, '--json'], env);
    expect(JSON.parse(again.stdout)).toMatchObject({ started: false, pid: status.pid });

    const search = await runOmg(['search', 'find', '--root', root, '--json'], env);
    expect(JSON.parse(search.stdout)).toEqual([
      {
        name: 'fd-find',
        version: '8.6.0-3',
        repository: 'bookworm/main',
        installed: false,
        description: 'Simple, fast and user-friendly alternative to find',
      },
    ]);

    // The Node client writes what omgd rendered: the same bytes as without the daemon.
    const text = await runOmg(['search', 'find', '--root', root], env);
    const direct = await runOmg(['search', 'find', '--root', root], { ...env, OMG_NO_DAEMON: '1' });
    expect(text.stdout).toBe(
      'fd-find 8.6.0-3 (bookworm/main)\n    Simple, fast and user-friendly alternative to find\n',
    );
    expect(text.stdout).toBe(direct.stdout);
    const none = await runOmg(['search', 'zzz', '--root', root, '--json'], env);
    expect({ code: none.exitCode, stdout: none.stdout }).toEqual({ code: 1, stdout: '[]\n' });

    const stopped = await runOmg(['daemon', 'stop', '--root', root, '--json'], env);
    expect(JSON.parse(stopped.stdout)).toEqual({ stopped: true, pid: status.pid });
    expect(existsSync(status.socket), `socket ${status.socket} left behind`).toBe(false);
    expect(existsSync(status.socket.replace(/\.sock$/, '.pid'))).toBe(false);
    expect((await runOmg(['daemon', 'status', '--root', root], env)).exitCode).toBe(1);
    expect((await runOmg(['daemon', 'stop', '--root', root], env)).exitCode).toBe(1);
  });

  it('reloads when a source changes and on SIGHUP', async () => {
    const { env, root } = setup();
    const daemon = startOmgd(['--root', root], env);
    const socket = await waitForDaemon(env, root);
    expect(socket).toBe(true);
    writeFileSync(
      listPath(root, 'bookworm', 'main', 'none'),
      renderStanzas([
        ...packages,
        { name: 'bat', version: '0.22.1-4', description: 'cat(1) clone with syntax highlighting' },
      ]),
    );
    const found = await waitFor(async () => {
      const result = await runOmg(['search', 'highlighting', '--root', root, '--json'], env);
      return result.exitCode === 0 ? JSON.parse(result.stdout) : undefined;
    }, 'the new package');
    expect(found[0]).toMatchObject({ name: 'bat', version: '0.22.1-4' });
    daemon.kill('SIGHUP');
    await waitFor(
      async () => (daemon.output().includes('SIGHUP: reloading') ? true : undefined),
      'the SIGHUP log line',
    );
    daemon.kill('SIGTERM');
    expect(await exited(daemon)).toBe(0);
  });

  it('replaces a socket left by a crashed daemon; omg falls back to the index meanwhile', async () => {
    const { env, root } = setup();
    const first = startOmgd(['--root', root], env);
    await waitForDaemon(env, root);
    const socket = await daemonSocket(env, root);
    first.kill('SIGKILL');
    await exited(first);
    expect(existsSync(socket)).toBe(true);
    const direct = await runOmg(['search', 'ripgrep', '--root', root, '--json'], env);
    expect(JSON.parse(direct.stdout)[0]).toMatchObject({ name: 'ripgrep', installed: true });
    const restarted = await runOmg(['daemon', 'start', '--root', root, '--json'], env);
    killAfterTest(JSON.parse(restarted.stdout).pid);
    expect(JSON.parse(restarted.stdout)).toMatchObject({ running: true, started: true });
    await runOmg(['daemon', 'stop', '--root', root], env);
  });

  it('refuses a socket directory that is not private, and omg does not ask a daemon in one', async () => {
    const { env, root, home } = setup();
    // A shared directory (as /tmp/omg-<uid> could be when someone else made it first).
    const shared = join(home, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o777);
    const refused = startOmgd(['--root', root], { ...env, OMG_SOCKET: join(shared, 'omgd.sock') });
    expect(await exited(refused)).toBe(3);
    expect(refused.output()).toContain('is open to other users (mode 777)');
    expect(existsSync(join(shared, 'omgd.sock'))).toBe(false);

    // A daemon in a private directory, which then stops being the caller's: omg no longer asks it.
    const own = join(home, 'own');
    mkdirSync(own, { mode: 0o700 });
    const ownEnv = { ...env, OMG_SOCKET: join(own, 'omgd.sock') };
    const daemon = startOmgd(['--root', root], ownEnv);
    killAfterTest(daemon.pid as number);
    await waitForDaemon(ownEnv, root);
    chmodSync(own, 0o770);
    const status = await runOmg(['daemon', 'status', '--root', root, '--json'], ownEnv);
    expect(JSON.parse(status.stdout)).toMatchObject({ running: false });
    // Search still answers, from the index.
    const search = await runOmg(['search', 'ripgrep', '--root', root, '--json'], ownEnv);
    expect(JSON.parse(search.stdout)[0]).toMatchObject({ name: 'ripgrep' });
    chmodSync(own, 0o700);
    daemon.kill('SIGTERM');
    expect(await exited(daemon)).toBe(0);
  });

  it('lets exactly one of two daemons started at once win', async () => {
    const { env, root } = setup();
    const one = startOmgd(['--root', root], env);
    const two = startOmgd(['--root', root], env);
    const loser = await Promise.race([exited(one).then(() => one), exited(two).then(() => two)]);
    expect(loser.exitCode).toBe(3);
    expect(loser.output()).toContain('already running');
    const winner = loser === one ? two : one;
    const status = await runOmg(['daemon', 'status', '--root', root, '--json'], env);
    expect(JSON.parse(status.stdout).pid).toBe(winner.pid);
    winner.kill('SIGTERM');
    expect(await exited(winner)).toBe(0);
  });

  it('survives clients speaking garbage and answers JSON-RPC 2.0 errors', async () => {
    const { env, root } = setup();
    const daemon = startOmgd(['--root', root], env);
    await waitForDaemon(env, root);
    const socket = await daemonSocket(env, root);
    const parse = await exchange(socket, Buffer.from([0, 255, 17, 10]), /\n/);
    expect(JSON.parse(parse)).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32700, message: 'Parse error' },
    });
    // A 2 MB line without a newline: the daemon answers (or resets) and closes instead of buffering forever.
    const flood = await exchange(socket, Buffer.alloc(2 * 1024 * 1024, 'a'));
    expect(flood === '' || flood.includes('line too long')).toBe(true);
    const replies = await exchange(
      socket,
      [
        '{"jsonrpc":"2.0","id":1,"method":"nope"}',
        '{"jsonrpc":"1.0","id":2,"method":"search"}',
        '{"jsonrpc":"2.0","id":3,"method":"search","params":{"terms":[]}}',
        '[{"jsonrpc":"2.0","id":4,"method":"search","params":{"terms":["ripgrep"]}},{"jsonrpc":"2.0","method":"status"}]',
        '{"jsonrpc":"2.0","id":5,"method":"info","params":{"name":"ripgre"}}',
        '{"jsonrpc":"2.0","id":6,"method":"plan","params":{"operation":"remove","names":["ripgrep"]}}',
        '{"jsonrpc":"2.0","id":7,"method":"plan","params":{"operation":"explode"}}',
        '{"jsonrpc":"2.0","id":8,"method":"groups"}',
        '',
      ].join('\n'),
      /"id":8/,
    );
    const lines = replies
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines[0].error.code).toBe(-32601);
    expect(lines[1].error.code).toBe(-32600);
    expect(lines[2].error.code).toBe(-32602);
    expect(lines[3]).toEqual([
      { jsonrpc: '2.0', id: 4, result: [expect.objectContaining({ name: 'ripgrep' })] },
    ]);
    expect(lines[4].error).toMatchObject({
      code: -32000,
      data: { code: 'PACKAGE_NOT_FOUND', hint: expect.stringContaining('ripgrep') },
    });
    // Plans come from the daemon's warm resolver.
    expect(lines[5].result).toMatchObject({
      backend: 'apt',
      operation: 'remove',
      packages: [expect.objectContaining({ name: 'ripgrep', action: 'remove' })],
      problems: [],
    });
    expect(lines[6].error.code).toBe(-32602);
    expect(Array.isArray(lines[7].result)).toBe(true);
    const search = await runOmg(['search', 'ripgrep', '--root', root, '--json'], env);
    expect(JSON.parse(search.stdout)).toHaveLength(1);
    daemon.kill('SIGINT');
    expect(await exited(daemon)).toBe(0);
  });

  it('writes a raw reply status to a file beside the socket and only the results to the socket', async () => {
    const { env, root } = setup();
    const daemon = startOmgd(['--root', root], env);
    await waitForDaemon(env, root);
    const socket = await daemonSocket(env, root);
    const directory = join(socket, '..');
    // A status file left by a shell long gone is swept when the next one is written.
    const stale = join(directory, 'omg-1.status');
    writeFileSync(stale, 'ok 1\n');
    utimesSync(stale, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
    const request = (params: Record<string, unknown>): string =>
      `${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'search', params: { raw: true, ...params } })}\n`;

    const text = await exchange(socket, request({ terms: ['find'], statusFile: 'omg-42' }));
    expect(text).toBe(
      'fd-find 8.6.0-3 (bookworm/main)\n    Simple, fast and user-friendly alternative to find\n',
    );
    expect(readFileSync(join(directory, 'omg-42.status'), 'utf8')).toBe('ok 1\n');
    expect(statSync(join(directory, 'omg-42.status')).mode & 0o777).toBe(0o600);
    const json = await exchange(socket, request({ terms: ['find'], format: 'json', statusFile: 'omg-42' }));
    expect(JSON.parse(json)).toEqual([expect.objectContaining({ name: 'fd-find', installed: false })]);
    const none = await exchange(socket, request({ terms: ['zzz'], format: 'json', statusFile: 'omg-42' }));
    expect(none).toBe('[]\n');
    expect(readFileSync(join(directory, 'omg-42.status'), 'utf8')).toBe('ok 0\n');
    const failed = await exchange(socket, request({ terms: ['('], regex: true, statusFile: 'omg-42' }));
    expect(failed).toBe('');
    expect(readFileSync(join(directory, 'omg-42.status'), 'utf8')).toMatch(
      /^error INVALID_ARGUMENT invalid regular expression: .*\n$/,
    );
    // Without a status file the reply keeps its first line; a name that is not a plain name is refused.
    expect(await exchange(socket, request({ terms: ['ripgrep'] }))).toMatch(/^ok 1\nripgrep 13\.0\.0-4 /);
    expect(await exchange(socket, request({ terms: ['ripgrep'], statusFile: '../escape' }))).toMatch(
      /^error INVALID_ARGUMENT params\.statusFile must be a name/,
    );
    expect(existsSync(join(directory, '..', 'escape.status'))).toBe(false);
    // Replies are written from reused buffers: concurrent ones must not share one.
    const concurrent = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        exchange(socket, request({ terms: [index % 2 === 0 ? 'find' : 'ripgrep'], format: 'json' })),
      ),
    );
    concurrent.forEach((reply, index) => {
      expect(JSON.parse(reply.slice(reply.indexOf('\n') + 1))[0].name).toBe(
        index % 2 === 0 ? 'fd-find' : 'ripgrep',
      );
    });
    await waitFor(async () => (existsSync(stale) ? undefined : true), 'the stale status file to go');
    daemon.kill('SIGTERM');
    expect(await exited(daemon)).toBe(0);
  });
});

const clients = ['nc', 'socat', 'perl'].filter((client) =>
  client === 'nc'
    ? spawnSync('sh', ['-c', 'readlink -f "$(command -v nc)" | grep -q openbsd']).status === 0
    : spawnSync(client, ['-V']).error === undefined,
);

describe('omg activate bash', () => {
  it.each(clients)(
    'answers search from the daemon through %s without Node, and falls back when it is down',
    async (client) => {
      const { env, root } = setup();
      const shellEnv = { ...env, OMG_ROOT: root, OMG_SHELL_CLIENT: client };
      const started = await runOmg(['daemon', 'start', '--json'], shellEnv);
      expect(started.exitCode).toBe(0);
      killAfterTest(JSON.parse(started.stdout).pid);
      // With node removed from PATH, only the socket client can answer.
      const script = [
        `eval "$(${process.execPath} ${join(__dirname, '../bin/omg.js')} activate bash)"`,
        'PATH=/usr/bin:/bin',
        'omg search ripgrep; echo "rc=$?"',
        'omg search --json find; echo "rc=$?"',
        'omg search nothing-matches-this; echo "rc=$?"',
        'omg search --regex "("; echo "rc=$?"',
        // In a pipeline and a subshell (their own status files), with exit codes kept.
        // biome-ignore lint/suspicious/noTemplateCurlyInString: bash, not a template
        'omg search ripgrep | head -1; echo "pipe=${PIPESTATUS[*]}"',
        'echo "sub=$(omg search --json nothing-matches-this; echo " rc=$?")"',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: bash, not a template
        'COMP_WORDS=(omg info rip); COMP_CWORD=2; __omg_complete; echo "completions=${COMPREPLY[*]}"',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: bash, not a template
        'COMP_WORDS=(omg aur in); COMP_CWORD=2; __omg_complete; echo "aur=${COMPREPLY[*]}"',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: bash, not a template
        'COMP_WORDS=(omg gr); COMP_CWORD=1; __omg_complete; echo "commands=${COMPREPLY[*]}"',
      ].join('\n');
      const result = await runProgram('bash', ['--norc', '-c', script], shellEnv);
      expect(result.stdout).toContain(
        'ripgrep 13.0.0-4 (bookworm/main) [installed]\n    Recursively searches directories for a regex pattern\nrc=0',
      );
      expect(result.stdout).toContain(
        '[{"name":"fd-find","version":"8.6.0-3","repository":"bookworm/main","installed":false,"description":"Simple, fast and user-friendly alternative to find"}]\nrc=0',
      );
      expect(result.stdout).toContain('rc=1\nrc=2');
      expect(result.stderr).toContain('invalid regular expression');
      expect(result.stdout).toContain(
        'ripgrep 13.0.0-4 (bookworm/main) [installed]\npipe=0 0\nsub=[]\n rc=1\n',
      );
      // The status line goes to the status file, never to the output.
      expect(result.stdout).not.toMatch(/^ok /m);
      expect(result.stdout).toContain('completions=ripgrep');
      expect(result.stdout).toContain('aur=info install index');
      expect(result.stdout).toContain('commands=groups');

      await runOmg(['daemon', 'stop'], shellEnv);
      const fallback = await runProgram(
        'bash',
        [
          '--norc',
          '-c',
          `eval "$(${process.execPath} ${join(__dirname, '../bin/omg.js')} activate bash)"; omg search ripgrep --json`,
        ],
        shellEnv,
      );
      expect(JSON.parse(fallback.stdout)[0]).toMatchObject({ name: 'ripgrep' });
    },
  );
});

const shells = ['zsh', 'fish'].filter((shell) => spawnSync(shell, ['-c', 'exit 0']).status === 0);
// zsh with perl, and with its own zsh/net/socket module (the default when no client is forced).
const shellCases = shells.flatMap((shell) =>
  shell === 'zsh'
    ? [
        { shell, client: 'perl' },
        { shell, client: undefined },
      ]
    : [{ shell, client: 'perl' }],
);

describe('omg activate zsh/fish', () => {
  it.each(shellCases)(
    'answers search from the daemon in $shell ($client) without Node, and completes names',
    async ({ shell, client }) => {
      const { env, root } = setup();
      const shellEnv = {
        ...env,
        OMG_ROOT: root,
        ...(client === undefined ? {} : { OMG_SHELL_CLIENT: client }),
      };
      const started = await runOmg(['daemon', 'start', '--json'], shellEnv);
      expect(started.exitCode).toBe(0);
      killAfterTest(JSON.parse(started.stdout).pid);
      const activate = `${process.execPath} ${join(__dirname, '../bin/omg.js')} activate ${shell}`;
      const script =
        shell === 'fish'
          ? [
              `${activate} | source`,
              'set PATH /usr/bin /bin',
              'omg search --json find; echo "rc=$status"',
              'omg search nothing-here; echo "rc=$status"',
              "complete -C 'omg info rip'",
            ].join('\n')
          : [
              `eval "$(${activate})"`,
              'echo "client=$__omg_client"',
              'PATH=/usr/bin:/bin',
              'omg search --json find; echo "rc=$?"',
              'omg search nothing-here; echo "rc=$?"',
              'omg search --regex "("; echo "rc=$?"',
              'omg search ripgrep | head -1',
              'compadd() { print -r -- "compadd $*"; }; words=(omg info rip); CURRENT=3; _omg',
            ].join('\n');
      const result = await runProgram(shell, ['-c', script], shellEnv);
      expect(result.stdout).toContain(
        '[{"name":"fd-find","version":"8.6.0-3","repository":"bookworm/main","installed":false,"description":"Simple, fast and user-friendly alternative to find"}]\nrc=0',
      );
      expect(result.stdout).toContain('rc=1');
      expect(result.stdout).not.toMatch(/^ok /m);
      if (shell === 'fish') expect(result.stdout).toContain('ripgrep');
      else {
        expect(result.stdout).toContain(`client=${client ?? 'zsocket'}\n`);
        expect(result.stdout).toContain(
          'rc=2\nripgrep 13.0.0-4 (bookworm/main) [installed]\ncompadd -- ripgrep\n',
        );
        expect(result.stderr).toContain('invalid regular expression');
      }
      await runOmg(['daemon', 'stop'], shellEnv);
      if (shell === 'zsh') {
        // Daemon down: the function hands over to the real omg.
        const fallback = await runProgram(
          shell,
          ['-c', `eval "$(${activate})"; omg search --json find`],
          shellEnv,
        );
        expect(JSON.parse(fallback.stdout)[0]).toMatchObject({ name: 'fd-find' });
      }
    },
  );
});
