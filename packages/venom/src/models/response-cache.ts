import { createHash } from 'node:crypto';
import type { Migration, Store } from '@venom/core';
import type { ChatMessage, GenerateResult, ResponseCache } from './model-client.js';
import type { ModelRef } from './model-ref.js';
import { toJsonSchema } from './output-schema.js';

/**
 * Schema of the models namespace: open the store with `{ models: modelsMigrations }`.
 * `model_responses` is the exact response cache; `expires_at` is milliseconds since the epoch.
 */
export const modelsMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'create-model-responses',
    up: `
      CREATE TABLE model_responses (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE INDEX model_responses_expires_at ON model_responses (expires_at);
    `,
  },
];

/** JSON with object keys sorted, so equal requests serialise equally. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The cache key of a request: sha256 (hex) of its normalised JSON: model, messages (line endings
 * normalised to `\n`, trailing whitespace of each message trimmed), temperature, max output tokens
 * and the JSON Schema of `schema`. Any other difference is a different key.
 */
export function cacheKey(request: {
  model: ModelRef;
  messages: ChatMessage[];
  temperature?: number;
  maxOutputTokens?: number;
  schema?: unknown;
}): string {
  const normalised = {
    version: 1,
    model: { provider: request.model.provider, model: request.model.model },
    messages: request.messages.map((message) => ({
      role: message.role,
      content: message.content.replace(/\r\n?/g, '\n').trimEnd(),
    })),
    temperature: request.temperature,
    maxOutputTokens: request.maxOutputTokens,
    schema: request.schema === undefined ? undefined : toJsonSchema(request.schema),
  };
  return createHash('sha256').update(canonicalJson(normalised)).digest('hex');
}

/**
 * The exact response cache in the `model_responses` table of `store` (opened with {@link modelsMigrations}).
 * Expired entries read as misses and are deleted when met.
 */
export function createResponseCache(store: Store, options: { clock?: () => number } = {}): ResponseCache {
  const clock = options.clock ?? Date.now;
  const database = store.database;
  const select = database.prepare<[string], { value: string; expires_at: number }>(
    'SELECT value, expires_at FROM model_responses WHERE key = ?',
  );
  const remove = database.prepare<[string]>('DELETE FROM model_responses WHERE key = ?');
  const upsert = database.prepare<[string, string, number, number]>(
    `INSERT INTO model_responses (key, value, created_at, expires_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, created_at = excluded.created_at, expires_at = excluded.expires_at`,
  );
  return {
    get(key) {
      const row = select.get(key);
      if (row === undefined) return undefined;
      if (row.expires_at <= clock()) {
        remove.run(key);
        return undefined;
      }
      return JSON.parse(row.value) as GenerateResult;
    },
    set(key, value, ttlMs) {
      const now = clock();
      upsert.run(key, JSON.stringify(value), now, now + ttlMs);
    },
  };
}
