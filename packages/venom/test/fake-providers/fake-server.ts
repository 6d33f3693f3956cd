import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the fake answers to one request. Every field is optional: the default is a short successful stream. */
export interface FakeResponse {
  /** An error status (401, 429, 500, ...) answered with the provider's JSON error body instead of a stream. */
  status?: number;
  /** `Retry-After` header value sent with an error status, e.g. `'2'`. */
  retryAfter?: string;
  /** Extra response headers. */
  headers?: Record<string, string>;
  /** Message inside the provider's error body. */
  errorMessage?: string;
  /** Text pieces streamed one per event. Default `['Hello', ', world']`. */
  chunks?: string[];
  /** Reported usage. Default 12 input, 5 output tokens. */
  usage?: { inputTokens: number; outputTokens: number; cachedInputTokens?: number };
  /** Send no usage at all (an OpenAI-compatible server that ignores stream_options). */
  omitUsage?: boolean;
  /** Wait this long before sending the response headers (for timeouts). */
  delayMs?: number;
  /** Destroy the connection after this many text chunks. */
  cutAfterChunks?: number;
  /** Stop after this many text chunks and keep the connection open until the client leaves. */
  hangAfterChunks?: number;
  /** Send an event that is not valid JSON before any text, then end the response. */
  malformed?: boolean;
}

/** A request the fake received. */
export interface RecordedRequest {
  method: string;
  /** Path with query string. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export interface FakeServerOptions {
  /** Answers in order, one per request; the last one repeats. Or a function of the request's index (0-based). */
  responses?: FakeResponse[] | ((index: number, request: RecordedRequest) => FakeResponse);
  /** When set, a request whose key differs gets the provider's 401. */
  apiKey?: string;
}

/** A running fake provider on 127.0.0.1. */
export interface FakeServer {
  /** The base URL to configure (`providers.<name>.base_url`), e.g. `http://127.0.0.1:40123/v1`. */
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** One provider's wire format. */
export interface FakeProtocol {
  /** Path appended to the origin to form the base URL. */
  basePath: string;
  /** Whether a request is a streaming model call this fake answers. */
  accepts(method: string, path: string): boolean;
  /** The key the client sent, as the provider reads it. */
  keyOf(request: RecordedRequest): string | undefined;
  contentType: string;
  /** JSON body of an error response. */
  errorBody(status: number, message: string): unknown;
  /** Encoded frames: before the text, one per text chunk, after the text; and a garbled frame. */
  frames(
    response: Required<Pick<FakeResponse, 'chunks' | 'usage'>> & FakeResponse,
    request: RecordedRequest,
  ): { head: string[]; chunk(text: string, index: number): string; tail: string[]; malformed: string };
}

function header(request: RecordedRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The value of a bearer `Authorization` header. */
export function bearerKey(request: RecordedRequest): string | undefined {
  return header(request, 'authorization')?.replace(/^Bearer\s+/i, '');
}

export { header as requestHeader };

async function readBody(request: IncomingMessage): Promise<unknown> {
  const parts: Buffer[] = [];
  for await (const part of request) parts.push(part as Buffer);
  const text = Buffer.concat(parts).toString('utf8');
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts a fake provider speaking `protocol` on 127.0.0.1:0. */
export async function startFakeServer(
  protocol: FakeProtocol,
  options: FakeServerOptions = {},
): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const pickResponse = (index: number, request: RecordedRequest): FakeResponse => {
    const responses = options.responses;
    if (typeof responses === 'function') return responses(index, request);
    if (responses === undefined || responses.length === 0) return {};
    return responses[Math.min(index, responses.length - 1)] ?? {};
  };

  const handle = async (incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> => {
    const request: RecordedRequest = {
      method: incoming.method ?? 'GET',
      path: incoming.url ?? '/',
      headers: incoming.headers,
      body: await readBody(incoming),
    };
    if (!protocol.accepts(request.method, request.path)) {
      outgoing.writeHead(404, { 'content-type': 'application/json' });
      outgoing.end(JSON.stringify(protocol.errorBody(404, `no route for ${request.method} ${request.path}`)));
      return;
    }
    const index = requests.length;
    requests.push(request);
    const response = pickResponse(index, request);
    let closed = false;
    outgoing.on('close', () => {
      closed = true;
    });
    if (response.delayMs !== undefined) {
      const until = Date.now() + response.delayMs;
      while (!closed && Date.now() < until) await wait(Math.min(20, until - Date.now()));
      if (closed) return;
    }
    if (options.apiKey !== undefined && protocol.keyOf(request) !== options.apiKey) {
      outgoing.writeHead(401, { 'content-type': 'application/json' });
      outgoing.end(JSON.stringify(protocol.errorBody(401, 'invalid api key')));
      return;
    }
    if (response.status !== undefined && response.status >= 400) {
      outgoing.writeHead(response.status, {
        'content-type': 'application/json',
        ...(response.retryAfter === undefined ? {} : { 'retry-after': response.retryAfter }),
        ...response.headers,
      });
      outgoing.end(
        JSON.stringify(protocol.errorBody(response.status, response.errorMessage ?? 'fake failure')),
      );
      return;
    }
    const full = {
      ...response,
      chunks: response.chunks ?? ['Hello', ', world'],
      usage: response.usage ?? { inputTokens: 12, outputTokens: 5 },
    };
    const frames = protocol.frames(full, request);
    outgoing.writeHead(200, {
      'content-type': protocol.contentType,
      'cache-control': 'no-cache',
      ...response.headers,
    });
    for (const frame of frames.head) outgoing.write(frame);
    if (response.malformed === true) {
      outgoing.end(frames.malformed);
      return;
    }
    for (const [position, text] of full.chunks.entries()) {
      if (response.cutAfterChunks !== undefined && position >= response.cutAfterChunks) {
        // Let the written chunks reach the client, then drop the connection without ending the body.
        await wait(20);
        outgoing.socket?.destroy();
        return;
      }
      if (response.hangAfterChunks !== undefined && position >= response.hangAfterChunks) {
        while (!closed) await wait(20);
        return;
      }
      outgoing.write(frames.chunk(text, position));
      await wait(1);
    }
    for (const frame of frames.tail) outgoing.write(frame);
    outgoing.end();
  };

  const server = createServer((incoming, outgoing) => {
    handle(incoming, outgoing).catch((error: unknown) => {
      if (!outgoing.headersSent) outgoing.writeHead(500);
      outgoing.end(String(error));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${protocol.basePath}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Formats one server-sent event. */
export function sse(data: unknown, event?: string): string {
  const payload = typeof data === 'string' ? data : JSON.stringify(data);
  return `${event === undefined ? '' : `event: ${event}\n`}data: ${payload}\n\n`;
}
