import type { Socket } from 'node:net';
import { VenomError } from '../errors/index.js';

export interface PingRedisOptions {
  /** Give up after this long. Default 2000 ms. */
  timeoutMs?: number;
}

/** The URL with any password replaced, for messages. */
export function describeRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<invalid URL>';
  }
}

/**
 * Connects to the Redis server at `url` (`redis://[user:password@]host[:port]`, or `rediss://` for TLS),
 * authenticates when the URL carries credentials, and sends PING. Resolves when the server answers
 * PONG; otherwise throws a VenomError: `REDIS_URL_INVALID` (usage), `REDIS_UNREACHABLE` (environment)
 * or `REDIS_AUTH_FAILED` (environment). Messages never contain the password.
 */
export async function pingRedis(url: string, options: PingRedisOptions = {}): Promise<void> {
  const target = parseRedisUrl(url);
  const shown = describeRedisUrl(url);
  const commands: string[][] = [];
  if (target.password !== undefined) {
    commands.push(
      target.username === undefined ? ['AUTH', target.password] : ['AUTH', target.username, target.password],
    );
  }
  commands.push(['PING']);

  const replies = await exchange(target, commands, options.timeoutMs ?? 2000).catch((error: unknown) => {
    throw new VenomError({
      code: 'REDIS_UNREACHABLE',
      category: 'environment',
      message: `cannot reach Redis at ${shown}: ${error instanceof Error ? error.message : String(error)}`,
      hint: "Start it (e.g. 'redis-server --port 6379') or fix redis.url with 'venom config set redis.url <url>'.",
      details: { url: shown },
      cause: error,
    });
  });
  const failed = replies.find((reply) => reply.startsWith('-'));
  if (failed !== undefined) {
    const isAuth = /NOAUTH|WRONGPASS|invalid password|AUTH/i.test(failed);
    throw new VenomError({
      code: isAuth ? 'REDIS_AUTH_FAILED' : 'REDIS_UNREACHABLE',
      category: 'environment',
      message: `Redis at ${shown} answered: ${failed.slice(1)}`,
      hint: isAuth
        ? 'Put the right credentials in redis.url (redis://user:password@host:port).'
        : 'Check the server logs.',
      details: { url: shown },
    });
  }
}

interface RedisTarget {
  host: string;
  port: number;
  tls: boolean;
  username: string | undefined;
  password: string | undefined;
}

function parseRedisUrl(url: string): RedisTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidUrl(url, 'not a URL');
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw invalidUrl(url, `scheme must be redis:// or rediss://, got ${parsed.protocol}//`);
  }
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
    port: parsed.port === '' ? 6379 : Number(parsed.port),
    tls: parsed.protocol === 'rediss:',
    username: parsed.username === '' ? undefined : decodeURIComponent(parsed.username),
    password: parsed.password === '' ? undefined : decodeURIComponent(parsed.password),
  };
}

function invalidUrl(url: string, reason: string): VenomError {
  return new VenomError({
    code: 'REDIS_URL_INVALID',
    category: 'usage',
    message: `redis.url ${describeRedisUrl(url)}: ${reason}`,
    hint: "Use the form redis://host:6379, e.g. 'venom config set redis.url redis://127.0.0.1:6379'.",
  });
}

function encodeCommand(parts: readonly string[]): string {
  return `*${parts.length}\r\n${parts.map((part) => `$${Buffer.byteLength(part)}\r\n${part}\r\n`).join('')}`;
}

/** Sends the commands and resolves with one simple-string/error reply line per command. */
async function exchange(
  target: RedisTarget,
  commands: readonly string[][],
  timeoutMs: number,
): Promise<string[]> {
  const [{ connect: connectTcp }, { connect: connectTls }] = await Promise.all([
    import('node:net'),
    import('node:tls'),
  ]);
  return new Promise((resolve, reject) => {
    const socket: Socket = target.tls
      ? connectTls({ host: target.host, port: target.port, servername: target.host })
      : connectTcp({ host: target.host, port: target.port });
    let buffered = '';
    const replies: string[] = [];
    const finish = (error?: Error): void => {
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(replies);
    };
    const timer = setTimeout(() => finish(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    socket.once(target.tls ? 'secureConnect' : 'connect', () => {
      socket.write(commands.map(encodeCommand).join(''));
    });
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      let end = buffered.indexOf('\r\n');
      while (end !== -1) {
        replies.push(buffered.slice(0, end));
        buffered = buffered.slice(end + 2);
        end = buffered.indexOf('\r\n');
      }
      if (replies.length >= commands.length) finish();
    });
    socket.on('error', (error) => finish(error));
    socket.on('close', () => {
      if (replies.length < commands.length) finish(new Error('connection closed before the reply'));
    });
  });
}
