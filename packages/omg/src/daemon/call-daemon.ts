import { lstatSync } from 'node:fs';
import { VenomError } from '@venom/core';

/** The daemon's answer, or `unavailable` when nothing listens on the socket (use the index directly). */
export type DaemonAnswer<T> = { available: true; result: T } | { available: false; reason: string };

/** Options of {@link callDaemon} and {@link callDaemonRaw}. */
export interface CallDaemonOptions {
  timeoutMs?: number;
  /**
   * The caller's uid: the socket's directory must belong to it and be closed to others, else the
   * daemon is not asked (in a shared /tmp, another user's directory could hold a fake omgd whose
   * plans would be handed to sudo).
   */
  owner?: number;
}

/** Whether the socket's directory is the owner's own private directory. */
/**
 * `node:net`, loaded on first use: a search without the daemon (no socket) never pays for it.
 * Undefined when no socket file is there to connect to.
 */
async function socketModule(socketFile: string): Promise<typeof import('node:net') | undefined> {
  try {
    if (!lstatSync(socketFile).isSocket()) return undefined;
  } catch {
    return undefined;
  }
  return import('node:net');
}

function directoryTrusted(socketFile: string, owner: number | undefined): boolean {
  if (owner === undefined) return true;
  try {
    const info = lstatSync(socketFile.slice(0, socketFile.lastIndexOf('/')) || '/');
    return info.isDirectory() && info.uid === owner && (info.mode & 0o077) === 0;
  } catch {
    return false;
  }
}

/**
 * Sends one JSON-RPC 2.0 request to omgd over its Unix socket and waits for the response line.
 * A missing socket, a refused connection (stale socket) or a timeout is `available: false`; an
 * error response is rethrown as the VenomError the daemon reported.
 */
export async function callDaemon<T>(
  socketFile: string,
  method: string,
  params: Record<string, unknown>,
  options: CallDaemonOptions = {},
): Promise<DaemonAnswer<T>> {
  if (!directoryTrusted(socketFile, options.owner))
    return { available: false, reason: 'untrusted-directory' };
  const net = await socketModule(socketFile);
  if (net === undefined) return { available: false, reason: 'ENOENT' };
  const { connect } = net;
  return new Promise((resolve, reject) => {
    const socket = connect(socketFile);
    let buffered = '';
    let settled = false;
    const finish = (answer: DaemonAnswer<T> | Error): void => {
      if (settled) return;
      settled = true;
      socket.destroy();
      if (answer instanceof Error) reject(answer);
      else resolve(answer);
    };
    socket.setTimeout(options.timeoutMs ?? 10_000, () => finish({ available: false, reason: 'timeout' }));
    socket.on('error', (error: NodeJS.ErrnoException) =>
      finish({ available: false, reason: error.code ?? error.message }),
    );
    socket.on('connect', () =>
      socket.write(`${JSON.stringify({ jsonrpc: '2.0', id: 1, method, params })}\n`),
    );
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      const newline = buffered.indexOf('\n');
      if (newline < 0) return;
      let response: { result?: T; error?: { code: number; message: string; data?: Record<string, unknown> } };
      try {
        response = JSON.parse(buffered.slice(0, newline));
      } catch (error) {
        finish(
          new VenomError({
            code: 'DAEMON_PROTOCOL',
            category: 'internal',
            message: 'omgd sent a malformed response',
            cause: error,
          }),
        );
        return;
      }
      if (response.error !== undefined) {
        const data = response.error.data ?? {};
        // A daemon older than the omg on disk: answer without it (it stops itself).
        if (data.code === 'DAEMON_OUTDATED') {
          finish({ available: false, reason: 'outdated' });
          return;
        }
        const invalidParams = response.error.code === -32602;
        finish(
          new VenomError({
            code:
              typeof data.code === 'string' ? data.code : invalidParams ? 'INVALID_ARGUMENT' : 'DAEMON_ERROR',
            category: (typeof data.category === 'string'
              ? data.category
              : invalidParams
                ? 'usage'
                : 'internal') as 'usage',
            message: response.error.message,
            ...(typeof data.hint === 'string' ? { hint: data.hint } : {}),
            details: (data.details as Record<string, unknown> | undefined) ?? {},
          }),
        );
        return;
      }
      finish({ available: true, result: response.result as T });
    });
    socket.on('close', () => finish({ available: false, reason: 'closed' }));
  });
}

/** A raw answer (see handle-json-rpc.ts): the first line (`ok <count>` or `error …`) and the rest, as bytes. */
export type RawDaemonAnswer =
  | { available: true; head: string; body: Buffer }
  | { available: false; reason: string };

/**
 * Sends one request in omgd's raw reply mode (`params.raw`) and collects the reply until omgd closes
 * the connection: the rendered results arrive as bytes to write out as they are, with no JSON to
 * parse and render again. Unavailable as in {@link callDaemon}, and when the reply has no first line.
 */
export async function callDaemonRaw(
  socketFile: string,
  method: string,
  params: Record<string, unknown>,
  options: CallDaemonOptions = {},
): Promise<RawDaemonAnswer> {
  if (!directoryTrusted(socketFile, options.owner))
    return { available: false, reason: 'untrusted-directory' };
  const net = await socketModule(socketFile);
  if (net === undefined) return { available: false, reason: 'ENOENT' };
  const { connect } = net;
  return new Promise((resolve) => {
    const socket = connect(socketFile);
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (answer: RawDaemonAnswer): void => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(options.timeoutMs ?? 10_000, () => finish({ available: false, reason: 'timeout' }));
    socket.on('error', (error: NodeJS.ErrnoException) =>
      finish({ available: false, reason: error.code ?? error.message }),
    );
    socket.on('connect', () =>
      socket.write(
        `${JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: { ...params, raw: true } })}\n`,
      ),
    );
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => {
      const reply = Buffer.concat(chunks);
      const newline = reply.indexOf(10);
      const head = newline < 0 ? '' : reply.toString('utf8', 0, newline);
      if (newline < 0) finish({ available: false, reason: 'no reply' });
      // A daemon older than the omg on disk: answer without it (it stops itself).
      else if (head.startsWith('error DAEMON_OUTDATED ')) finish({ available: false, reason: 'outdated' });
      else finish({ available: true, head, body: reply.subarray(newline + 1) });
    });
    socket.on('close', () => finish({ available: false, reason: 'closed' }));
  });
}
