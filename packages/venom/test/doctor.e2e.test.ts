import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createVenomHome, runVenom } from './run-venom.js';

interface DoctorJson {
  checks: Array<{ name: string; status: 'ok' | 'warn' | 'fail'; message: string; fix?: string }>;
  summary: { ok: number; warn: number; fail: number };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function startRedis(): Promise<number> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', ''],
    {
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  onTestFinished(() => {
    child.kill();
  });
  await new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Ready to accept connections')) resolve();
    });
  });
  return port;
}

describe('venom doctor', () => {
  it('checks every component and prints one line each', async () => {
    const { env } = createVenomHome();
    const run = await runVenom(['doctor', '--json'], { env });
    const report = JSON.parse(run.stdout) as DoctorJson;
    const names = report.checks.map((check) => check.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'node',
        'config',
        'store',
        'git',
        'bubblewrap',
        'ripgrep',
        'redis',
        'providers',
      ]),
    );
    expect(report.checks.find((check) => check.name === 'store')?.message).toMatch(/SQLite .*\(wal;/);
    expect(report.checks.find((check) => check.name === 'providers')).toMatchObject({ status: 'warn' });
    expect(run.exitCode).toBe(report.summary.fail > 0 ? 1 : 0);

    const human = await runVenom(['doctor'], { env });
    expect(human.stdout).toMatch(/^ok +node /m);
    expect(human.stdout).toMatch(/^warn +providers .*\n +fix: Run 'venom auth set/m);
  });

  it('reports a reachable Redis as ok', async () => {
    const { env } = createVenomHome();
    const port = await startRedis();
    const run = await runVenom(['doctor', '--json'], {
      env: { ...env, VENOM_REDIS_URL: `redis://127.0.0.1:${port}` },
    });
    const report = JSON.parse(run.stdout) as DoctorJson;
    expect(report.checks.find((check) => check.name === 'redis')).toMatchObject({ status: 'ok' });
  });

  it('fails on an unreachable Redis, naming the URL, with exit code 1', async () => {
    const { env } = createVenomHome();
    const port = await freePort();
    const run = await runVenom(['doctor', '--json'], {
      env: { ...env, VENOM_REDIS_URL: `redis://127.0.0.1:${port}` },
    });
    expect(run.exitCode).toBe(1);
    const report = JSON.parse(run.stdout) as DoctorJson;
    expect(report.checks.find((check) => check.name === 'redis')).toMatchObject({ status: 'fail' });
    expect(report.checks.find((check) => check.name === 'redis')?.message).toContain(`127.0.0.1:${port}`);
  });

  it('reports a broken config as a failed line instead of crashing', async () => {
    const { env } = createVenomHome();
    const run = await runVenom(['doctor', '--json'], { env: { ...env, VENOM_LOG_LEVEL: 'chatty' } });
    expect(run.exitCode).toBe(1);
    const report = JSON.parse(run.stdout) as DoctorJson;
    expect(report.checks.find((check) => check.name === 'config')).toMatchObject({ status: 'fail' });
    expect(report.checks.find((check) => check.name === 'git')).toBeDefined();
  });
});
