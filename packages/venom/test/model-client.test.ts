import { createServer } from 'node:net';
import { openStore, VenomError } from '@venom/core';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createModelClient,
  createResponseCache,
  type GenerateResult,
  type ModelClientOptions,
  modelsMigrations,
} from '../src/models/index.js';
import {
  type FakeServer,
  startFakeAnthropic,
  startFakeOllama,
  startFakeOpenAI,
} from './fake-providers/index.js';

const messages = [{ role: 'user' as const, content: 'Say hello.' }];
const servers: FakeServer[] = [];
const closers: (() => void)[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
  for (const close of closers.splice(0)) close();
});

async function track(server: Promise<FakeServer>): Promise<FakeServer> {
  const started = await server;
  servers.push(started);
  return started;
}

function clientFor(urls: Record<string, string>, extra: Partial<ModelClientOptions> = {}) {
  const events: { type: string; payload: Record<string, unknown> }[] = [];
  const sleeps: number[] = [];
  const client = createModelClient({
    settingsFor: async (provider) => ({
      baseUrl: urls[provider],
      apiKey: `sk-test-${provider}-0123456789abcdef`,
    }),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0,
    onEvent: (event) => events.push(event),
    ...extra,
  });
  return { client, events, sleeps };
}

async function failure(promise: Promise<GenerateResult>): Promise<VenomError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!VenomError.isInstance(error)) throw new Error(`expected a VenomError, got ${String(error)}`);
  return error;
}

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('retries', () => {
  it('backs off exponentially with jitter between 5xx retries, then reports the last failure', async () => {
    const server = await track(startFakeOpenAI({ responses: [{ status: 502 }] }));
    const { client, sleeps, events } = clientFor(
      { openai: server.url },
      { retry: { maxAttempts: 3, baseDelayMs: 400 } },
    );
    const error = await failure(
      client.generate({ candidates: [{ provider: 'openai', model: 'gpt-4o' }], messages }),
    );
    expect(sleeps).toEqual([200, 400]);
    expect(error.code).toBe('MODEL_SERVER_ERROR');
    expect(error.message).toMatch(/^502 from openai: the server failed/);
    expect(error.details.attempts).toHaveLength(3);
    expect(events.filter((event) => event.type === 'model-retry')).toHaveLength(2);
  });

  it('falls back at once when Retry-After is longer than the retry limit, and says why', async () => {
    const anthropic = await track(startFakeAnthropic({ responses: [{ status: 429, retryAfter: '3600' }] }));
    const openai = await track(startFakeOpenAI());
    const { client, sleeps, events } = clientFor({ anthropic: anthropic.url, openai: openai.url });
    const result = await client.generate({
      candidates: [
        { provider: 'anthropic', model: 'claude-haiku-4-5' },
        { provider: 'openai', model: 'gpt-4o-mini' },
      ],
      messages,
    });
    expect(sleeps).toEqual([]);
    expect(result.model.provider).toBe('openai');
    expect(result.attempts[0]).toMatchObject({
      outcome: 'fallback',
      status: 429,
      errorCode: 'MODEL_RATE_LIMITED',
    });
    expect(result.attempts[0]?.message).toContain('longer than the 30 s retry limit');
    expect(events.find((event) => event.type === 'model-fallback')?.payload).toMatchObject({
      from: 'anthropic/claude-haiku-4-5',
      to: 'openai/gpt-4o-mini',
    });
  });

  it('lists every candidate when all fail', async () => {
    const anthropic = await track(startFakeAnthropic({ apiKey: 'other' }));
    const port = await closedPort();
    const { client } = clientFor({ anthropic: anthropic.url, ollama: `http://127.0.0.1:${port}` });
    const error = await failure(
      client.generate({
        candidates: [
          { provider: 'anthropic', model: 'claude-haiku-4-5' },
          { provider: 'ollama', model: 'qwen3:4b' },
        ],
        messages,
      }),
    );
    expect(error.code).toBe('MODEL_ALL_CANDIDATES_FAILED');
    expect(error.message).toContain(
      "anthropic/claude-haiku-4-5: 401 from anthropic: the key for 'anthropic' was rejected",
    );
    expect(error.message).toContain(
      `ollama/qwen3:4b: cannot reach ollama at http://127.0.0.1:${port}/api/chat`,
    );
    expect(error.exitCode).toBe(3);
    expect(JSON.stringify(error.toJSON())).not.toContain('sk-test-');
  });

  it('stops waiting and returns an aborted result when the caller aborts during a backoff', async () => {
    const server = await track(startFakeOpenAI({ responses: [{ status: 500 }] }));
    const controller = new AbortController();
    const { client } = clientFor(
      { openai: server.url },
      {
        sleep: (_ms, signal) =>
          new Promise((_resolve, reject) => {
            signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
            controller.abort();
          }),
      },
    );
    const result = await client.generate({
      candidates: [{ provider: 'openai', model: 'gpt-4o-mini' }],
      messages,
      signal: controller.signal,
    });
    expect(result.aborted).toBe(true);
    expect(result.text).toBe('');
    expect(result.costUsd).toBe(0);
    expect(server.requests).toHaveLength(1);
  });
});

describe('circuit breaker', () => {
  it('opens after consecutive failures, skips the provider visibly, and closes after a good half-open trial', async () => {
    let now = 0;
    let healthy = false;
    const anthropic = await track(startFakeAnthropic({ responses: () => (healthy ? {} : { status: 500 }) }));
    const openai = await track(startFakeOpenAI());
    const { client, events } = clientFor(
      { anthropic: anthropic.url, openai: openai.url },
      {
        clock: () => now,
        retry: { maxAttempts: 1 },
        circuitBreaker: { failureThreshold: 2, cooldownMs: 10_000 },
      },
    );
    const candidates = [
      { provider: 'anthropic', model: 'claude-haiku-4-5' },
      { provider: 'openai', model: 'gpt-4o-mini' },
    ];
    await client.generate({ candidates, messages });
    await client.generate({ candidates, messages });
    expect(events.filter((event) => event.type === 'circuit-open')).toHaveLength(1);
    expect(anthropic.requests).toHaveLength(2);

    const skipped = await client.generate({ candidates, messages });
    expect(anthropic.requests).toHaveLength(2);
    expect(skipped.model.provider).toBe('openai');
    expect(skipped.attempts[0]).toMatchObject({ outcome: 'fallback', errorCode: 'CIRCUIT_OPEN' });
    expect(skipped.attempts[0]?.message).toContain('anthropic is paused after 2 consecutive failures');

    now = 10_000;
    healthy = true;
    const recovered = await client.generate({ candidates, messages });
    expect(recovered.model.provider).toBe('anthropic');
    expect(anthropic.requests).toHaveLength(3);
    expect(events.map((event) => event.type)).toContain('circuit-half-open');
    expect(events.map((event) => event.type)).toContain('circuit-close');
  });

  it('re-opens when the half-open trial fails', async () => {
    let now = 0;
    const anthropic = await track(startFakeAnthropic({ responses: [{ status: 503 }] }));
    const { client, events } = clientFor(
      { anthropic: anthropic.url },
      {
        clock: () => now,
        retry: { maxAttempts: 1 },
        circuitBreaker: { failureThreshold: 1, cooldownMs: 1000 },
      },
    );
    const candidates = [{ provider: 'anthropic', model: 'claude-haiku-4-5' }];
    expect((await failure(client.generate({ candidates, messages }))).code).toBe('MODEL_SERVER_ERROR');
    expect((await failure(client.generate({ candidates, messages }))).code).toBe('CIRCUIT_OPEN');
    now = 1000;
    expect((await failure(client.generate({ candidates, messages }))).code).toBe('MODEL_SERVER_ERROR');
    expect((await failure(client.generate({ candidates, messages }))).code).toBe('CIRCUIT_OPEN');
    expect(anthropic.requests).toHaveLength(2);
    expect(events.filter((event) => event.type === 'circuit-open')).toHaveLength(2);
  });
});

describe('response cache', () => {
  it('answers an identical request from the cache at $0, shown as a hit, until the TTL passes', async () => {
    let now = 0;
    const store = openStore({ path: ':memory:', migrations: { models: modelsMigrations } });
    closers.push(() => store.close());
    const server = await track(
      startFakeOpenAI({ responses: [{ usage: { inputTokens: 100, outputTokens: 20 } }] }),
    );
    const { client, events } = clientFor(
      { openai: server.url },
      { clock: () => now, cache: createResponseCache(store, { clock: () => now }), cacheTtlMs: 60_000 },
    );
    const request = { candidates: [{ provider: 'openai', model: 'gpt-4o-mini' }], messages, temperature: 0 };
    const first = await client.generate(request);
    expect(first.cached).toBe(false);
    expect(first.costUsd).toBeGreaterThan(0);

    const deltas: string[] = [];
    const second = await client.generate({ ...request, onTextDelta: (text) => deltas.push(text) });
    expect(second).toMatchObject({ cached: true, costUsd: 0, text: 'Hello, world', usage: first.usage });
    expect(second.attempts).toEqual([{ model: request.candidates[0], outcome: 'ok', message: 'cache hit' }]);
    expect(deltas).toEqual(['Hello, world']);
    expect(server.requests).toHaveLength(1);
    expect(events.map((event) => event.type)).toContain('model-cache-hit');

    await client.generate({ ...request, temperature: 0.5 });
    expect(server.requests).toHaveLength(2);
    await client.generate({ ...request, cache: false });
    expect(server.requests).toHaveLength(3);
    now = 60_000;
    expect((await client.generate(request)).cached).toBe(false);
    expect(server.requests).toHaveLength(4);
  });
});

describe('ollama', () => {
  it('sends the context size per request and sizes it to the prompt by default', async () => {
    const server = await track(startFakeOllama());
    const { client } = clientFor({ ollama: server.url });
    await client.generate({
      candidates: [{ provider: 'ollama', model: 'qwen3:4b' }],
      messages,
      contextTokens: 16_384,
    });
    await client.generate({
      candidates: [{ provider: 'ollama', model: 'qwen3:4b' }],
      messages,
      maxOutputTokens: 100,
    });
    const long = [{ role: 'user' as const, content: 'x'.repeat(40_000) }];
    await client.generate({
      candidates: [{ provider: 'ollama', model: 'qwen3:4b' }],
      messages: long,
      maxOutputTokens: 100,
    });
    const options = server.requests.map(
      (request) => (request.body as { options?: Record<string, number> }).options,
    );
    expect(options[0]).toEqual({ num_ctx: 16_384 });
    expect(options[1]).toEqual({ num_ctx: 4096, num_predict: 100 });
    expect(options[2]).toEqual({ num_ctx: 16_384, num_predict: 100 });
    expect(server.requests[0]?.body).toMatchObject({ stream: true });
  });

  it('warns when the prompt is longer than the context Ollama would silently truncate to', async () => {
    const server = await track(
      startFakeOllama({ responses: [{ usage: { inputTokens: 2048, outputTokens: 10 } }] }),
    );
    const { client } = clientFor({ ollama: server.url });
    const long = [{ role: 'user' as const, content: 'word '.repeat(4000) }];
    const result = await client.generate({
      candidates: [{ provider: 'ollama', model: 'llama3.2' }],
      messages: long,
      contextTokens: 2048,
    });
    expect(result.warnings).toHaveLength(2);
    expect(result.warnings[0]).toMatch(
      /prompt \(about \d+ tokens\) is longer than the Ollama context of 2048 tokens/,
    );
    expect(result.warnings[1]).toContain('filled the context of 2048 tokens');
  });

  it('names the URL when Ollama is not running, as an environment error', async () => {
    const port = await closedPort();
    const { client } = clientFor({ ollama: `http://127.0.0.1:${port}` });
    const error = await failure(
      client.generate({ candidates: [{ provider: 'ollama', model: 'qwen3:4b' }], messages }),
    );
    expect(error.code).toBe('MODEL_UNREACHABLE');
    expect(error.message).toContain(`cannot reach ollama at http://127.0.0.1:${port}/api/chat`);
    expect(error.hint).toContain('ollama serve');
    expect(error.exitCode).toBe(3);
    expect(error.details.attempts).toHaveLength(1);
  });

  it('explains a model that is not pulled', async () => {
    const server = await track(
      startFakeOllama({ responses: [{ status: 404, errorMessage: "model 'qwen3:4b' not found" }] }),
    );
    const { client } = clientFor({ ollama: server.url });
    const error = await failure(
      client.generate({ candidates: [{ provider: 'ollama', model: 'qwen3:4b' }], messages }),
    );
    expect(error.code).toBe('MODEL_NOT_FOUND');
    expect(error.hint).toContain('ollama pull qwen3:4b');
  });
});

describe('structured output', () => {
  const schema = z.object({ answer: z.number() });

  it('asks for JSON matching the schema and returns the parsed object', async () => {
    const server = await track(startFakeOpenAI({ responses: [{ chunks: ['{"answer":', ' 42}'] }] }));
    const { client } = clientFor({ openai: server.url });
    const result = await client.generate({
      candidates: [{ provider: 'openai', model: 'gpt-4o-mini' }],
      messages,
      schema,
    });
    expect(result.object).toEqual({ answer: 42 });
    const body = server.requests[0]?.body as {
      response_format?: { type: string; json_schema?: { schema?: unknown } };
    };
    expect(body.response_format?.type).toBe('json_schema');
    expect(JSON.stringify(body.response_format?.json_schema?.schema)).toContain('"answer"');
  });

  it('rejects an answer that does not match, and falls back', async () => {
    const server = await track(
      startFakeOpenAI({
        responses: (index) =>
          index === 0 ? { chunks: ['{"answer": "many"}'] } : { chunks: ['{"answer": 7}'] },
      }),
    );
    const { client } = clientFor({ openai: server.url });
    const result = await client.generate({
      candidates: [
        { provider: 'openai', model: 'gpt-4o-mini' },
        { provider: 'openai', model: 'gpt-4o' },
      ],
      messages,
      schema,
    });
    expect(result.object).toEqual({ answer: 7 });
    expect(result.attempts[0]).toMatchObject({ outcome: 'fallback', errorCode: 'MODEL_OUTPUT_INVALID' });
    expect(result.attempts[0]?.message).toContain('answer');
  });
});

describe('configuration errors', () => {
  it('asks for a base URL before calling an OpenAI-compatible server', async () => {
    const { client } = clientFor({});
    const error = await failure(
      client.generate({ candidates: [{ provider: 'openai-compatible', model: 'local' }], messages }),
    );
    expect(error.code).toBe('MODEL_BASE_URL_MISSING');
    expect(error.hint).toContain('providers.openai_compatible.base_url');
  });

  it('refuses an empty candidate list', async () => {
    const { client } = clientFor({});
    expect((await failure(client.generate({ candidates: [], messages }))).code).toBe(
      'MODEL_CANDIDATES_EMPTY',
    );
  });
});
