import { openStore } from '@venom/core';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { GenerateResult } from './model-client.js';
import { cacheKey, createResponseCache, modelsMigrations } from './response-cache.js';

const model = { provider: 'openai', model: 'gpt-4o-mini' };
const messages = [{ role: 'user' as const, content: 'Hello\r\n' }];

describe('cacheKey', () => {
  it('is the same for requests that differ only in line endings, trailing space or key order', () => {
    const key = cacheKey({ model, messages, temperature: 0 });
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(cacheKey({ temperature: 0, messages: [{ content: 'Hello  \n', role: 'user' }], model })).toBe(key);
  });

  it('changes with the model, the parameters, the messages and the schema', () => {
    const key = cacheKey({ model, messages, temperature: 0 });
    expect(cacheKey({ model: { ...model, model: 'gpt-4o' }, messages, temperature: 0 })).not.toBe(key);
    expect(cacheKey({ model, messages, temperature: 0.7 })).not.toBe(key);
    expect(cacheKey({ model, messages, temperature: 0, maxOutputTokens: 10 })).not.toBe(key);
    expect(cacheKey({ model, messages: [{ role: 'user', content: 'Hello!' }], temperature: 0 })).not.toBe(
      key,
    );
    const withSchema = cacheKey({ model, messages, temperature: 0, schema: z.object({ a: z.string() }) });
    expect(withSchema).not.toBe(key);
    expect(cacheKey({ model, messages, temperature: 0, schema: z.object({ a: z.number() }) })).not.toBe(
      withSchema,
    );
  });
});

describe('createResponseCache', () => {
  const stores: { close(): void }[] = [];
  afterEach(() => {
    for (const store of stores.splice(0)) store.close();
  });
  const result = { model, text: 'hi', usage: { inputTokens: 1, outputTokens: 1 } } as GenerateResult;

  it('returns a stored response until its TTL passes', () => {
    let now = 1000;
    const store = openStore({ path: ':memory:', migrations: { models: modelsMigrations } });
    stores.push(store);
    const cache = createResponseCache(store, { clock: () => now });
    expect(cache.get('k')).toBeUndefined();
    cache.set('k', result, 500);
    now = 1499;
    expect(cache.get('k')).toEqual(result);
    now = 1500;
    expect(cache.get('k')).toBeUndefined();
    expect(store.database.prepare('SELECT COUNT(*) AS count FROM model_responses').get()).toEqual({
      count: 0,
    });
  });
});
