import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VenomError } from '../errors/index.js';
import { findExecutable } from '../process/index.js';
import { describeRedisUrl, pingRedis } from './ping-redis.js';

const redisServer = findExecutable('redis-server', process.env);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function startRedis(extraArgs: string[]): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(
    redisServer as string,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...extraArgs],
    { stdio: 'ignore' },
  );
  for (let attempt = 0; attempt < 100; attempt++) {
    const ready = await pingRedis(`redis://127.0.0.1:${port}`, { timeoutMs: 200 }).then(
      () => true,
      (error: unknown) => VenomError.isInstance(error) && error.code === 'REDIS_AUTH_FAILED',
    );
    if (ready) return { port, child };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('redis-server did not start');
}

async function failureOf(promise: Promise<unknown>): Promise<VenomError> {
  const failure = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!VenomError.isInstance(failure)) throw new Error(`expected a VenomError, got ${String(failure)}`);
  return failure;
}

describe.skipIf(redisServer === undefined)('pingRedis against a real redis-server', () => {
  let open: { port: number; child: ChildProcess };
  let guarded: { port: number; child: ChildProcess };

  beforeAll(async () => {
    open = await startRedis([]);
    guarded = await startRedis(['--requirepass', 's3cret-pass']);
  });
  afterAll(() => {
    open?.child.kill();
    guarded?.child.kill();
  });

  it('answers for a reachable server', async () => {
    await expect(pingRedis(`redis://127.0.0.1:${open.port}`)).resolves.toBeUndefined();
  });

  it('authenticates with the password in the URL', async () => {
    await expect(pingRedis(`redis://:s3cret-pass@127.0.0.1:${guarded.port}`)).resolves.toBeUndefined();
  });

  it('reports a wrong password without printing it', async () => {
    const failure = await failureOf(pingRedis(`redis://:wrong-pass@127.0.0.1:${guarded.port}`));
    expect(failure.code).toBe('REDIS_AUTH_FAILED');
    expect(JSON.stringify(failure.toJSON())).not.toContain('wrong-pass');
  });

  it('reports a missing password as an auth failure', async () => {
    const failure = await failureOf(pingRedis(`redis://127.0.0.1:${guarded.port}`));
    expect(failure.code).toBe('REDIS_AUTH_FAILED');
  });
});

describe('pingRedis failures', () => {
  it('names the URL of an unreachable server', async () => {
    const port = await freePort();
    const failure = await failureOf(pingRedis(`redis://:hidden@127.0.0.1:${port}`));
    expect(failure.code).toBe('REDIS_UNREACHABLE');
    expect(failure.category).toBe('environment');
    expect(failure.message).toContain(`127.0.0.1:${port}`);
    expect(failure.message).not.toContain('hidden');
  });

  it('rejects a URL that is not redis://', async () => {
    const failure = await failureOf(pingRedis('http://127.0.0.1:6379'));
    expect(failure.code).toBe('REDIS_URL_INVALID');
    expect(failure.exitCode).toBe(2);
  });

  it('hides the password when describing a URL', () => {
    expect(describeRedisUrl('redis://user:pw@host:1/0')).toBe('redis://user:***@host:1/0');
  });
});
