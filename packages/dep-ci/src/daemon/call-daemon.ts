import { connect } from 'node:net';
import { type DaemonRequest, type DecodedReply, decodeReply, encodeRequest } from './daemon-protocol.js';

/**
 * Sends one request to a daemon and reads the whole reply (the daemon closes the connection after
 * it). Undefined when nothing answers on the socket (none, or a stale one), the reply is not one,
 * or it takes longer than `timeoutMs`.
 */
export function callDaemon(
  socket: string,
  request: DaemonRequest,
  timeoutMs = 30_000,
): Promise<DecodedReply | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (value: DecodedReply | undefined): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      connection.destroy();
      resolve(value);
    };
    const connection = connect(socket);
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    connection.on('connect', () => connection.write(encodeRequest(request)));
    connection.on('data', (chunk: Buffer) => chunks.push(chunk));
    connection.on('end', () => finish(decodeReply(Buffer.concat(chunks))));
    connection.on('error', () => finish(undefined));
  });
}
