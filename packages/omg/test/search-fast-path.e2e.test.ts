import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createAptRoot, type FixtureList, type FixturePackage } from './apt-root.js';
import { createOmgHome, omgBin, runOmg, runOmgInProcess, startOmgd, waitForDaemon } from './run-omg.js';

// Enough packages that a broad term answers with more than a pipe holds (64 kB), plus the cases the
// ranking has to get right: versions in two suites, an installed package, provides, non-ASCII text.
const many: FixturePackage[] = Array.from({ length: 1500 }, (_, index) => ({
  name: `libsample${index}`,
  version: `1.${index}-1`,
  description: `sample library number ${index} for the pipe test, with a longer summary line`,
}));
const lists: FixtureList[] = [
  {
    suite: 'bookworm',
    compression: 'gz',
    packages: [
      {
        name: 'python3',
        version: '3.11.2-1',
        description: 'interactive high-level object-oriented language',
      },
      { name: 'python3-yaml', version: '6.0-3', description: 'YAML parser and emitter for Python3' },
      { name: 'nano', version: '7.2-1', description: 'small, friendly text editor', provides: 'editor' },
      { name: 'vim', version: '9.0-1', description: 'Vi IMproved - enhanced vi editor', provides: 'editor' },
      { name: 'straße-tools', version: '1.0-1', description: 'Ärger with ÜMLAUTS in the summary' },
      ...many,
    ],
  },
  {
    suite: 'bookworm-security',
    compression: 'xz',
    packages: [
      {
        name: 'python3',
        version: '3.11.2-1+deb12u1',
        description: 'interactive high-level object-oriented language',
      },
    ],
  },
];
const installed: FixturePackage[] = [
  { name: 'python3', version: '3.11.2-1', description: 'interactive high-level object-oriented language' },
  { name: 'local-tool', version: '0.1', description: 'built here, no repository has it; uses python3' },
];

describe('omg search in its common forms, answered without the CLI kit', () => {
  it('prints what the full command prints, from the search snapshot and from omgd', async () => {
    const { env } = createOmgHome();
    const root = createAptRoot(lists, installed);
    const direct = { ...env, OMG_NO_DAEMON: '1' };
    // The first search builds the index and its snapshot.
    expect((await runOmg(['search', 'python3', '--root', root], direct)).exitCode).toBe(0);
    const queries = [
      ['python3'],
      ['PYTHON'],
      ['editor'],
      ['text', 'editor'],
      ['yaml', '-n'],
      ['ärger'],
      ['sample', '--limit', '3'],
      ['tools', '--names-only'],
      ['no-such-package-anywhere'],
    ];
    for (const query of queries) {
      for (const json of [true, false]) {
        const argv = ['search', ...query, '--root', root, ...(json ? ['--json'] : [])];
        const fast = await runOmg(argv, direct);
        // The full command through the CLI kit, with --regex: the other search implementation (a
        // plain word means the same as a regular expression).
        const full = await runOmgInProcess([...argv, '--regex'], direct);
        expect({ argv, stdout: fast.stdout, stderr: fast.stderr, exitCode: fast.exitCode }).toEqual({
          argv,
          stdout: full.stdout,
          stderr: '',
          exitCode: full.exitCode,
        });
      }
    }
    const none = await runOmg(['search', 'no-such-package-anywhere', '--root', root, '--json'], direct);
    expect(none).toEqual({ exitCode: 1, stdout: '[]\n', stderr: '' });

    // With omgd answering, the same bytes come from the daemon.
    startOmgd(['--root', root], env);
    await waitForDaemon(env, root);
    for (const query of queries) {
      const argv = ['search', ...query, '--root', root, '--json'];
      const viaDaemon = await runOmg(argv, env);
      const full = await runOmgInProcess([...argv, '--regex'], direct);
      expect({ argv, stdout: viaDaemon.stdout, exitCode: viaDaemon.exitCode }).toEqual({
        argv,
        stdout: full.stdout,
        exitCode: full.exitCode,
      });
    }
  });

  it('leaves other forms and bad values to the full command, which reports them', async () => {
    const { env } = createOmgHome();
    const root = createAptRoot(lists, installed);
    const direct = { ...env, OMG_NO_DAEMON: '1' };
    await runOmg(['search', 'python3', '--root', root], direct);
    const badLimit = await runOmg(['search', 'python3', '--root', root, '--limit', '0'], direct);
    expect(badLimit.exitCode).toBe(2);
    expect(badLimit.stderr).toContain('limit');
    const regex = await runOmg(['search', '--regex', '^python3-', '--root', root, '--json'], direct);
    expect(JSON.parse(regex.stdout)).toMatchObject([{ name: 'python3-yaml' }]);
  });

  it('ends quietly with exit 0 when the reader goes away early (omg search sample | head -1)', async () => {
    const { env } = createOmgHome();
    const root = createAptRoot(lists, installed);
    const direct = { ...env, OMG_NO_DAEMON: '1' };
    const whole = await runOmg(['search', 'sample', '--root', root, '--json'], direct);
    expect(whole.stdout.length).toBeGreaterThan(128 * 1024);
    const child = spawn(process.execPath, [omgBin, 'search', 'sample', '--root', root, '--json'], {
      env: direct as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    // Read one chunk, then close the pipe, as `head -c 100` does.
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const exitCode = await new Promise<number | null>((resolve) =>
      child.on('close', (code) => resolve(code)),
    );
    expect({ exitCode, stderr }).toEqual({ exitCode: 0, stderr: '' });
  });
});
