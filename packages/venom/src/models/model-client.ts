import type { Usage } from './cost-of.js';
import type { ModelPrice } from './find-price.js';
import type { ModelRef } from './model-ref.js';

/** One message of a chat prompt. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** Where and how to reach one provider; the caller resolves them from config and the secret store. */
export interface ProviderSettings {
  /**
   * API base URL. Conventions follow the AI SDK: `https://api.anthropic.com/v1`, `https://api.openai.com/v1`,
   * `https://generativelanguage.googleapis.com/v1beta`, an OpenAI-compatible server's `.../v1`, and
   * Ollama's server URL without `/api` (`http://127.0.0.1:11434`).
   */
  baseUrl?: string;
  apiKey?: string;
}

/** One model call. */
export interface GenerateRequest {
  model: ModelRef;
  messages: ChatMessage[];
  maxOutputTokens?: number;
  temperature?: number;
  /** Ask for JSON matching this zod schema (structured output); the parsed value is `result.object`. */
  schema?: unknown;
  /** Aborting (Ctrl-C) stops the stream; the partial text and usage so far are returned, costed. */
  signal?: AbortSignal;
  /** Receives the text as it streams. Never called again for a call once it failed. */
  onTextDelta?: (text: string) => void;
  /**
   * Abort an attempt when no data arrived for this long: before the response starts and between
   * streamed chunks. Default: the client's `timeoutMs` (60 s).
   */
  timeoutMs?: number;
  /** Ollama only: context size (`num_ctx`). Default: sized to the prompt, at least 4096. */
  contextTokens?: number;
  /** Use the client's response cache for this call (default true when the client has one). */
  cache?: boolean;
}

/** What happened to one try of one candidate. */
export interface CallAttempt {
  model: ModelRef;
  /** ok: answered; retry: failed and retried on the same model; fallback: gave up on it for the next; error: the last one failed. */
  outcome: 'ok' | 'retry' | 'fallback' | 'error';
  status?: number;
  errorCode?: string;
  waitedMs?: number;
  message?: string;
}

/** The answer to a call, with what it cost and how it was obtained. */
export interface GenerateResult {
  model: ModelRef;
  text: string;
  object?: unknown;
  usage: Usage;
  /** True when the provider did not report usage (stream stopped early, server sent none) and the tokens were estimated. */
  usageEstimated: boolean;
  /** USD; null when the price is unknown; 0 for a cache hit. */
  costUsd: number | null;
  finishReason: string;
  cached: boolean;
  attempts: CallAttempt[];
  timeToFirstTokenMs: number | null;
  durationMs: number;
  /** Ctrl-C: partial text and usage so far are still returned and costed. */
  aborted: boolean;
  /** E.g. an Ollama prompt longer than its context, an unsupported setting, estimated usage. */
  warnings: string[];
}

/** Options of {@link createModelClient}. */
export interface ModelClientOptions {
  /** Base URL from config and key from the secret store, for a provider name. */
  settingsFor(provider: string): Promise<ProviderSettings>;
  fetch?: typeof fetch;
  /** Milliseconds since the epoch. Default Date.now. */
  clock?: () => number;
  /** Uniform in [0, 1), for retry jitter. Default Math.random. */
  random?: () => number;
  /** Waits between retries; must reject when `signal` aborts. Default: a timer. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Attempts per candidate (default 3), backoff base (500 ms) and cap (30 s; a longer Retry-After falls back instead of waiting). */
  retry?: { maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number };
  /** Consecutive failures that open a provider's circuit (default 5) and how long it stays open (30 s). */
  circuitBreaker?: { failureThreshold?: number; cooldownMs?: number };
  /** Keyed `provider/model` or `provider/*`; win over the bundled table. */
  priceOverrides?: Record<string, ModelPrice>;
  cache?: ResponseCache;
  /** How long a cached response stays valid. Default 24 h. */
  cacheTtlMs?: number;
  /** Default idle timeout of an attempt. Default 60 s. */
  timeoutMs?: number;
  /**
   * Events for the event log: `model-call-start`, `model-call-end`, `model-retry`, `model-fallback`,
   * `model-cache-hit`, `circuit-open`, `circuit-half-open`, `circuit-close`. Payloads never hold secrets.
   */
  onEvent?(event: { type: string; payload: Record<string, unknown> }): void;
}

/** Calls models with retries, fallback, a circuit breaker per provider, cost accounting and a cache. */
export interface ModelClient {
  /** Tries `candidates` in order: retries per candidate, then falls back to the next; never silently. */
  generate(request: Omit<GenerateRequest, 'model'> & { candidates: ModelRef[] }): Promise<GenerateResult>;
}

/** An exact response cache, keyed by {@link cacheKey}. */
export interface ResponseCache {
  get(key: string): GenerateResult | undefined;
  set(key: string, value: GenerateResult, ttlMs: number): void;
}
