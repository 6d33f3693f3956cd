import { redactText, VenomError } from '@venom/core';
import { formatModelRef, type ModelRef } from './model-ref.js';
import { parseRetryAfter } from './retry-delay.js';

/** A failed attempt, translated for the retry loop. */
export interface ClassifiedModelError {
  error: VenomError;
  status?: number;
  /** Worth trying the same model again (429, 5xx, timeout, a cut or garbled stream, a reset connection). */
  retryable: boolean;
  /** Worth trying the next candidate. */
  fallback: boolean;
  /** Counts towards opening the provider's circuit (the provider looks unhealthy, not misconfigured). */
  countsForBreaker: boolean;
  /** The wait the server asked for, in milliseconds. */
  retryAfterMs?: number;
}

/** What the attempt was doing when it failed. */
export interface FailureContext {
  model: ModelRef;
  /** The provider base URL in use (never holds a secret: keys travel in headers). */
  baseUrl: string | undefined;
  timedOut: boolean;
  timeoutMs: number;
  /** Characters of text already delivered to `onTextDelta` when it failed. */
  deliveredCharacters: number;
  now: number;
}

interface ApiCallErrorLike {
  name: string;
  message: string;
  url?: string;
  statusCode?: number;
  responseHeaders?: Record<string, string>;
  responseBody?: string;
  isRetryable?: boolean;
  cause?: unknown;
}

function isApiCallError(error: unknown): error is ApiCallErrorLike {
  return error instanceof Error && error.name === 'AI_APICallError';
}

const NOT_WORTH_RETRYING_NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ConnectionRefused',
]);

function networkCode(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  let current = error;
  while (typeof current === 'object' && current !== null && !seen.has(current)) {
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function withoutQuery(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return redactText(url);
  }
}

/** The provider's error text as the AI SDK extracted it from the error body, redacted and shortened. */
function providerMessage(error: ApiCallErrorLike): string {
  return redactText(error.message).slice(0, 300);
}

function describeCause(error: unknown): string {
  if (error instanceof Error) return redactText(error.message);
  if (typeof error === 'object' && error !== null && 'message' in error) {
    return redactText(String((error as { message: unknown }).message));
  }
  return redactText(String(error));
}

/** Translates any failure of one model attempt into a VenomError plus what the retry loop should do. */
export function classifyModelError(error: unknown, context: FailureContext): ClassifiedModelError {
  if (VenomError.isInstance(error)) {
    // Our own errors (missing key or base URL, output not matching the schema) concern one candidate.
    return { error, retryable: false, fallback: true, countsForBreaker: false };
  }
  const { provider } = context.model;
  const name = formatModelRef(context.model);
  const streamed = context.deliveredCharacters > 0;
  const details: Record<string, unknown> = {
    provider,
    model: context.model.model,
    ...(context.baseUrl === undefined ? {} : { baseUrl: withoutQuery(context.baseUrl) }),
    deliveredCharacters: context.deliveredCharacters,
  };

  if (context.timedOut) {
    return {
      error: new VenomError({
        code: 'MODEL_TIMEOUT',
        category: 'upstream',
        message: `${provider} sent nothing for ${context.timeoutMs} ms (${name})${streamed ? ` after ${context.deliveredCharacters} characters` : ''}`,
        hint: 'The provider may be overloaded; retry later, pick another model, or raise the timeout (models.timeout_ms).',
        details: { ...details, timeoutMs: context.timeoutMs },
        cause: error,
      }),
      retryable: !streamed,
      fallback: !streamed,
      countsForBreaker: true,
    };
  }

  if (isApiCallError(error) && error.statusCode !== undefined && error.statusCode >= 400) {
    const status = error.statusCode;
    const url = withoutQuery(error.url);
    const statusDetails = { ...details, status, ...(url === undefined ? {} : { url }) };
    if (status === 401 || status === 403) {
      return {
        status,
        error: new VenomError({
          code: 'MODEL_AUTH_REJECTED',
          category: 'upstream',
          message: `${status} from ${provider}: the key for '${provider}' was rejected; run 'venom auth set ${provider}'`,
          hint: `Store a valid key with 'venom auth set ${provider}'.`,
          details: statusDetails,
          cause: error,
        }),
        retryable: false,
        fallback: true,
        countsForBreaker: false,
      };
    }
    if (status === 429) {
      const retryAfterMs = parseRetryAfter(error.responseHeaders, context.now);
      return {
        status,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
        error: new VenomError({
          code: 'MODEL_RATE_LIMITED',
          category: 'upstream',
          message: `429 from ${provider}: rate limited (${name})${retryAfterMs === undefined ? '' : `; the server asked to wait ${Math.ceil(retryAfterMs / 1000)} s`}`,
          hint: 'Wait and retry, or use another model.',
          details: { ...statusDetails, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) },
          cause: error,
        }),
        retryable: true,
        fallback: true,
        countsForBreaker: true,
      };
    }
    if (status >= 500) {
      return {
        status,
        error: new VenomError({
          code: 'MODEL_SERVER_ERROR',
          category: 'upstream',
          message: `${status} from ${provider}: the server failed (${name}): ${providerMessage(error)}`,
          hint: 'This is on the provider side; retry later or use another model.',
          details: statusDetails,
          cause: error,
        }),
        retryable: true,
        fallback: true,
        countsForBreaker: true,
      };
    }
    if (status === 404) {
      const hint =
        provider === 'ollama'
          ? `Pull it with 'ollama pull ${context.model.model}', or check providers.ollama.base_url.`
          : `Check the model id ('${context.model.model}') and the base URL of '${provider}'.`;
      return {
        status,
        error: new VenomError({
          code: 'MODEL_NOT_FOUND',
          category: 'upstream',
          message: `404 from ${provider}${url === undefined ? '' : ` at ${url}`}: model '${context.model.model}' not found: ${providerMessage(error)}`,
          hint,
          details: statusDetails,
          cause: error,
        }),
        retryable: false,
        fallback: true,
        countsForBreaker: false,
      };
    }
    return {
      status,
      error: new VenomError({
        code: 'MODEL_REQUEST_REJECTED',
        category: 'upstream',
        message: `${status} from ${provider}: the request was rejected (${name}): ${providerMessage(error)}`,
        hint: 'The prompt may be too long for this model, or a setting unsupported; see the message above.',
        details: statusDetails,
        cause: error,
      }),
      retryable: false,
      fallback: true,
      countsForBreaker: false,
    };
  }

  const code = networkCode(error);
  const connectionFailed =
    isApiCallError(error) && error.message.startsWith('Cannot connect to API') && !streamed;
  if (connectionFailed) {
    const url = withoutQuery((error as ApiCallErrorLike).url ?? context.baseUrl) ?? '(unknown URL)';
    const hint =
      provider === 'ollama'
        ? `Start Ollama ('ollama serve') or set providers.ollama.base_url to where it listens.`
        : `Check the network and providers.${provider.replace(/-/g, '_')}.base_url.`;
    return {
      error: new VenomError({
        code: 'MODEL_UNREACHABLE',
        category: 'environment',
        message: `cannot reach ${provider} at ${url}: ${describeCause((error as ApiCallErrorLike).cause ?? error)}`,
        hint,
        details: { ...details, url, ...(code === undefined ? {} : { networkCode: code }) },
        cause: error,
      }),
      retryable: code === undefined || !NOT_WORTH_RETRYING_NETWORK_CODES.has(code),
      fallback: true,
      countsForBreaker: true,
    };
  }

  const errorName = error instanceof Error ? error.name : '';
  if (errorName === 'AI_JSONParseError' || errorName === 'AI_TypeValidationError') {
    return {
      error: new VenomError({
        code: 'MODEL_RESPONSE_INVALID',
        category: 'upstream',
        message: `${provider} sent a malformed response (${name}): ${describeCause(error).slice(0, 200)}`,
        hint: 'The server or a proxy in between sent data that is not the provider protocol; retry or use another model.',
        details,
        cause: error,
      }),
      retryable: !streamed,
      fallback: !streamed,
      countsForBreaker: true,
    };
  }

  // Anything else during the stream: a cut connection (undici "terminated"), an error event from the
  // provider (e.g. Anthropic's overloaded_error), or a stream that ended without its final event.
  return {
    error: new VenomError({
      code: 'MODEL_STREAM_FAILED',
      category: 'upstream',
      message: `the response from ${provider} (${name}) stopped ${streamed ? `after ${context.deliveredCharacters} characters` : 'before any text'}: ${describeCause(error).slice(0, 200)}`,
      hint: streamed
        ? 'The partial answer above is incomplete; run the request again.'
        : 'Retry, or use another model.',
      details: { ...details, ...(code === undefined ? {} : { networkCode: code }) },
      cause: error,
    }),
    retryable: !streamed,
    fallback: !streamed,
    countsForBreaker: true,
  };
}
