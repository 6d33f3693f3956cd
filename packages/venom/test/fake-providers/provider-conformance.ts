import { VenomError } from '@venom/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createModelClient,
  type GenerateResult,
  type ModelClientOptions,
  type ModelPrice,
  type ModelRef,
} from '../../src/models/index.js';
import type { FakeServer, FakeServerOptions } from './fake-server.js';

/** How to run the conformance suite against one provider. */
export interface ProviderConformanceSetup {
  /** Catalog name, e.g. `anthropic`. */
  provider: string;
  start(options: FakeServerOptions): Promise<FakeServer>;
  /** Whether the provider needs a key (the missing-key case runs only then). */
  keyRequired: boolean;
  /** The cost of a model that is in no price list: null (unknown), or 0 for local Ollama. */
  unlistedModelCost: null | 0;
}

/** A key shaped like a real one, so a leak into messages or events would be caught. */
export const FAKE_KEY = 'sk-ant-api03-FAKEKEY0123456789abcdefghijklmnop';
const PRICE: ModelPrice = { inputPerMillionUsd: 2, outputPerMillionUsd: 10 };

/**
 * The behaviour every provider must show through the model client, driven over the provider's real
 * wire protocol (hono-style: one suite, run once per implementation).
 */
export function runProviderConformance(name: string, setup: ProviderConformanceSetup): void {
  describe(`model provider conformance: ${name}`, () => {
    const servers: FakeServer[] = [];
    afterEach(async () => {
      await Promise.all(servers.splice(0).map((server) => server.close()));
    });

    const model = (id: string): ModelRef => ({ provider: setup.provider, model: id });
    async function start(options: FakeServerOptions = {}): Promise<FakeServer> {
      const server = await setup.start({ apiKey: FAKE_KEY, ...options });
      servers.push(server);
      return server;
    }
    function client(server: FakeServer, extra: Partial<ModelClientOptions> = {}) {
      const events: { type: string; payload: Record<string, unknown> }[] = [];
      const sleeps: number[] = [];
      const modelClient = createModelClient({
        settingsFor: async () => ({ baseUrl: server.url, apiKey: FAKE_KEY }),
        priceOverrides: {
          [`${setup.provider}/priced-model`]: PRICE,
          [`${setup.provider}/backup-model`]: PRICE,
        },
        sleep: async (ms) => {
          sleeps.push(ms);
        },
        random: () => 0.5,
        onEvent: (event) => events.push(event),
        ...extra,
      });
      return { modelClient, events, sleeps };
    }
    const messages = [
      { role: 'system' as const, content: 'Be brief.' },
      { role: 'user' as const, content: 'Say hello.' },
    ];
    async function failure(promise: Promise<GenerateResult>): Promise<VenomError> {
      const error = await promise.then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      if (!VenomError.isInstance(error)) throw new Error(`expected a VenomError, got ${String(error)}`);
      return error;
    }

    it('streams text deltas in order, with usage from the wire and the cost from the price table', async () => {
      const server = await start({
        responses: [{ chunks: ['Hel', 'lo', ' there'], usage: { inputTokens: 1000, outputTokens: 200 } }],
      });
      const { modelClient, events } = client(server);
      const deltas: string[] = [];
      const result = await modelClient.generate({
        candidates: [model('priced-model')],
        messages,
        maxOutputTokens: 100,
        onTextDelta: (text) => deltas.push(text),
      });
      expect(deltas).toEqual(['Hel', 'lo', ' there']);
      expect(result.text).toBe('Hello there');
      expect(result.usage).toEqual({ inputTokens: 1000, outputTokens: 200 });
      expect(result.usageEstimated).toBe(false);
      expect(result.costUsd).toBeCloseTo((1000 * 2 + 200 * 10) / 1_000_000, 12);
      expect(result.finishReason).toBe('stop');
      expect(result.cached).toBe(false);
      expect(result.aborted).toBe(false);
      expect(result.timeToFirstTokenMs).not.toBeNull();
      expect(result.attempts).toEqual([{ model: model('priced-model'), outcome: 'ok' }]);
      expect(server.requests).toHaveLength(1);
      expect(JSON.stringify(server.requests[0]?.body)).toContain('Say hello.');
      expect(events.map((event) => event.type)).toEqual(['model-call-start', 'model-call-end']);
      expect(JSON.stringify(events)).not.toContain(FAKE_KEY);
    });

    it(`an unlisted model costs ${setup.unlistedModelCost === null ? 'unknown (null), never $0' : '$0 (local)'}`, async () => {
      const server = await start();
      const { modelClient } = client(server);
      const result = await modelClient.generate({ candidates: [model('model-nobody-priced')], messages });
      expect(result.text).toBe('Hello, world');
      expect(result.costUsd).toBe(setup.unlistedModelCost);
    });

    it('retries a 429 after the Retry-After the server sent', async () => {
      const server = await start({ responses: [{ status: 429, retryAfter: '2' }, {}] });
      const { modelClient, events, sleeps } = client(server);
      const result = await modelClient.generate({ candidates: [model('priced-model')], messages });
      expect(result.text).toBe('Hello, world');
      expect(sleeps).toEqual([2000]);
      expect(result.attempts.map((attempt) => [attempt.outcome, attempt.status, attempt.waitedMs])).toEqual([
        ['retry', 429, 2000],
        ['ok', undefined, undefined],
      ]);
      expect(events.find((event) => event.type === 'model-retry')?.payload).toMatchObject({
        status: 429,
        waitMs: 2000,
        retryAfter: true,
      });
      expect(server.requests).toHaveLength(2);
    });

    it('names the provider and the fix on a 401, without retrying or leaking the key', async () => {
      const server = await start({ apiKey: 'the-right-key' });
      const { modelClient } = client(server);
      const error = await failure(modelClient.generate({ candidates: [model('priced-model')], messages }));
      expect(error.message).toBe(
        `401 from ${setup.provider}: the key for '${setup.provider}' was rejected; run 'venom auth set ${setup.provider}'`,
      );
      expect(error.code).toBe('MODEL_AUTH_REJECTED');
      expect(error.exitCode).toBe(4);
      expect(server.requests).toHaveLength(1);
      expect(JSON.stringify(error.toJSON())).not.toContain(FAKE_KEY);
    });

    it('falls back to the next candidate after repeated 5xx, and says so', async () => {
      const server = await start({
        responses: [{ status: 500 }, { status: 503 }, { chunks: ['from backup'] }],
      });
      const { modelClient, events } = client(server, { retry: { maxAttempts: 2 } });
      const result = await modelClient.generate({
        candidates: [model('priced-model'), model('backup-model')],
        messages,
      });
      expect(result.text).toBe('from backup');
      expect(result.model).toEqual(model('backup-model'));
      expect(
        result.attempts.map((attempt) => [attempt.model.model, attempt.outcome, attempt.status]),
      ).toEqual([
        ['priced-model', 'retry', 500],
        ['priced-model', 'fallback', 503],
        ['backup-model', 'ok', undefined],
      ]);
      const fallback = events.find((event) => event.type === 'model-fallback');
      expect(fallback?.payload).toMatchObject({
        from: `${setup.provider}/priced-model`,
        to: `${setup.provider}/backup-model`,
        errorCode: 'MODEL_SERVER_ERROR',
      });
    });

    it('gives up on a server that sends nothing within the timeout', async () => {
      const server = await start({ responses: [{ delayMs: 10_000 }] });
      const { modelClient } = client(server, { retry: { maxAttempts: 1 } });
      const error = await failure(
        modelClient.generate({ candidates: [model('priced-model')], messages, timeoutMs: 150 }),
      );
      expect(error.code).toBe('MODEL_TIMEOUT');
      expect(error.message).toContain('150 ms');
      expect(error.exitCode).toBe(4);
    });

    it('reports malformed JSON in the stream as an invalid response', async () => {
      const server = await start({ responses: [{ malformed: true }] });
      const { modelClient } = client(server, { retry: { maxAttempts: 1 } });
      const error = await failure(modelClient.generate({ candidates: [model('priced-model')], messages }));
      expect(error.code).toBe('MODEL_RESPONSE_INVALID');
      expect(error.message).toContain(`${setup.provider} sent a malformed response`);
    });

    it('retries a stream cut before any text', async () => {
      const server = await start({ responses: [{ cutAfterChunks: 0 }, {}] });
      const { modelClient } = client(server);
      const result = await modelClient.generate({ candidates: [model('priced-model')], messages });
      expect(result.text).toBe('Hello, world');
      expect(result.attempts.map((attempt) => attempt.outcome)).toEqual(['retry', 'ok']);
    });

    it('fails without retrying when the stream is cut after text was shown', async () => {
      const server = await start({ responses: [{ chunks: ['Hello', ' wor', 'ld'], cutAfterChunks: 1 }, {}] });
      const { modelClient } = client(server);
      const deltas: string[] = [];
      const error = await failure(
        modelClient.generate({
          candidates: [model('priced-model'), model('backup-model')],
          messages,
          onTextDelta: (text) => deltas.push(text),
        }),
      );
      expect(deltas).toEqual(['Hello']);
      expect(error.code).toBe('MODEL_STREAM_FAILED');
      expect(error.message).toContain('after 5 characters');
      expect(server.requests).toHaveLength(1);
    });

    it('returns the partial text, costed, when the caller aborts mid-stream', async () => {
      const server = await start({ responses: [{ chunks: ['Hello', ' never'], hangAfterChunks: 1 }] });
      const { modelClient, events } = client(server);
      const controller = new AbortController();
      const result = await modelClient.generate({
        candidates: [model('priced-model')],
        messages,
        signal: controller.signal,
        onTextDelta: () => controller.abort(),
      });
      expect(result.aborted).toBe(true);
      expect(result.text).toBe('Hello');
      expect(result.finishReason).toBe('aborted');
      expect(result.usageEstimated).toBe(true);
      expect(result.usage.outputTokens).toBeGreaterThan(0);
      expect(result.usage.inputTokens).toBeGreaterThan(0);
      expect(result.costUsd).toBeGreaterThan(0);
      expect(events.at(-1)).toMatchObject({ type: 'model-call-end', payload: { outcome: 'aborted' } });
    });

    if (setup.keyRequired) {
      it('refuses to call without a key and says how to add one', async () => {
        const server = await start();
        const { modelClient } = client(server, { settingsFor: async () => ({ baseUrl: server.url }) });
        const error = await failure(modelClient.generate({ candidates: [model('priced-model')], messages }));
        expect(error.code).toBe('MODEL_KEY_MISSING');
        expect(error.hint).toContain(`venom auth set ${setup.provider}`);
        expect(server.requests).toHaveLength(0);
      });
    }
  });
}
