import type {
  LanguageModelV3CallOptions,
  LanguageModelV3Prompt,
  LanguageModelV3StreamPart,
  SharedV3Warning,
} from '@ai-sdk/provider';
import { redactSecrets, VenomError } from '@venom/core';
import { type CircuitBreaker, createCircuitBreaker } from './circuit-breaker.js';
import { classifyModelError } from './classify-model-error.js';
import { costOf, type Usage } from './cost-of.js';
import { createLanguageModel } from './create-language-model.js';
import { estimatePromptTokens, estimateTokens } from './estimate-tokens.js';
import { findPrice, type ModelPrice } from './find-price.js';
import type {
  CallAttempt,
  ChatMessage,
  GenerateRequest,
  GenerateResult,
  ModelClient,
  ModelClientOptions,
  ProviderSettings,
} from './model-client.js';
import { formatModelRef, type ModelRef } from './model-ref.js';
import { toJsonSchema, validateWithSchema } from './output-schema.js';
import { cacheKey } from './response-cache.js';
import { backoffDelay } from './retry-delay.js';

const DEFAULT_MAX_ATTEMPTS = 3;
const DEFAULT_BASE_DELAY_MS = 500;
const DEFAULT_MAX_DELAY_MS = 30_000;
const DEFAULT_FAILURE_THRESHOLD = 5;
const DEFAULT_COOLDOWN_MS = 30_000;
const DEFAULT_CACHE_TTL_MS = 24 * 60 * 60 * 1000;
const DEFAULT_TIMEOUT_MS = 60_000;
const MIN_OLLAMA_CONTEXT = 4096;
/** Output room assumed when sizing an Ollama context for a request without maxOutputTokens. */
const DEFAULT_OLLAMA_OUTPUT_ROOM = 2048;

type CallRequest = Omit<GenerateRequest, 'model'> & { candidates: ModelRef[] };

interface AttemptOutcome {
  text: string;
  usage: Usage;
  usageEstimated: boolean;
  finishReason: string;
  aborted: boolean;
  timeToFirstTokenMs: number | null;
  warnings: string[];
}

/** A failed attempt with what it had delivered, so the classifier knows whether a retry is safe. */
class AttemptFailure extends Error {
  constructor(
    readonly failure: unknown,
    readonly deliveredCharacters: number,
    readonly timedOut: boolean,
  ) {
    super('model attempt failed');
  }
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function toPrompt(messages: ChatMessage[]): LanguageModelV3Prompt {
  return messages.map((message) =>
    message.role === 'system'
      ? { role: 'system', content: message.content }
      : { role: message.role, content: [{ type: 'text', text: message.content }] },
  );
}

function describeWarning(provider: string, warning: SharedV3Warning): string {
  if (warning.type === 'other') return `${provider}: ${warning.message}`;
  const details = warning.details === undefined ? '' : ` (${warning.details})`;
  return warning.type === 'unsupported'
    ? `${provider} does not support ${warning.feature}${details}; it was ignored`
    : `${provider}: ${warning.feature} runs in compatibility mode${details}`;
}

/** A power-of-two context (Ollama reloads a model when num_ctx changes, so few sizes are better) that fits the call. */
function ollamaContextFor(
  promptTokens: number,
  maxOutputTokens: number | undefined,
  price: ModelPrice | undefined,
): number {
  const needed = (promptTokens + (maxOutputTokens ?? DEFAULT_OLLAMA_OUTPUT_ROOM)) * 1.1;
  let size = MIN_OLLAMA_CONTEXT;
  while (size < needed) size *= 2;
  return price?.contextWindow === undefined
    ? size
    : Math.min(size, Math.max(price.contextWindow, MIN_OLLAMA_CONTEXT));
}

function isIncomplete(finish: Extract<LanguageModelV3StreamPart, { type: 'finish' }>): boolean {
  return (
    finish.finishReason.unified === 'other' &&
    finish.finishReason.raw === undefined &&
    finish.usage.outputTokens.total === undefined
  );
}

/**
 * Creates the model client: one abstraction over every provider (AI SDK provider spec v3 models),
 * with idle timeouts, retries with backoff and jitter on 429/5xx (honouring Retry-After), a circuit
 * breaker per provider, fallback to the next candidate (each one recorded in `attempts` and emitted as
 * `model-fallback`), cost from the pricing table, and an optional exact response cache.
 */
export function createModelClient(options: ModelClientOptions): ModelClient {
  const clock = options.clock ?? Date.now;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? defaultSleep;
  const maxAttempts = Math.max(1, options.retry?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
  const baseDelayMs = options.retry?.baseDelayMs ?? DEFAULT_BASE_DELAY_MS;
  const maxDelayMs = options.retry?.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  const cacheTtlMs = options.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS;
  const cooldownMs = options.circuitBreaker?.cooldownMs ?? DEFAULT_COOLDOWN_MS;
  const breaker: CircuitBreaker = createCircuitBreaker({
    failureThreshold: options.circuitBreaker?.failureThreshold ?? DEFAULT_FAILURE_THRESHOLD,
    cooldownMs,
    clock,
  });

  const emit = (type: string, payload: Record<string, unknown>): void => {
    options.onEvent?.({ type, payload: redactSecrets(payload) as Record<string, unknown> });
  };

  async function runAttempt(
    ref: ModelRef,
    settings: ProviderSettings,
    request: CallRequest,
    price: ModelPrice | undefined,
  ): Promise<AttemptOutcome> {
    const timeoutMs = request.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const started = clock();
    const controller = new AbortController();
    let timedOut = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        controller.abort(new Error(`no data for ${timeoutMs} ms`));
      }, timeoutMs);
    };
    const onUserAbort = () => controller.abort(request.signal?.reason);
    request.signal?.addEventListener('abort', onUserAbort, { once: true });

    const promptTokens = estimatePromptTokens(request.messages);
    const warnings: string[] = [];
    let text = '';
    let firstTokenAt: number | null = null;
    let finish: Extract<LanguageModelV3StreamPart, { type: 'finish' }> | undefined;
    let reader: ReadableStreamDefaultReader<LanguageModelV3StreamPart> | undefined;

    const estimatedUsage = (): Usage => ({ inputTokens: promptTokens, outputTokens: estimateTokens(text) });
    try {
      if (request.signal?.aborted) throw request.signal.reason;
      arm();
      const model = await createLanguageModel(ref, settings, options.fetch);
      const callOptions: LanguageModelV3CallOptions = {
        prompt: toPrompt(request.messages),
        abortSignal: controller.signal,
        ...(request.maxOutputTokens === undefined ? {} : { maxOutputTokens: request.maxOutputTokens }),
        ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
        ...(request.schema === undefined
          ? {}
          : {
              responseFormat: {
                type: 'json' as const,
                schema: toJsonSchema(request.schema),
                name: 'response',
              },
            }),
      };
      if (ref.provider === 'ollama') {
        const numCtx =
          request.contextTokens ?? ollamaContextFor(promptTokens, request.maxOutputTokens, price);
        callOptions.providerOptions = { ollama: { numCtx } };
      }
      const { stream } = await model.doStream(callOptions);
      reader = stream.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        arm();
        if (value.type === 'stream-start') {
          warnings.push(...value.warnings.map((warning) => describeWarning(ref.provider, warning)));
        } else if (value.type === 'text-delta') {
          if (value.delta === '') continue;
          firstTokenAt ??= clock();
          text += value.delta;
          request.onTextDelta?.(value.delta);
        } else if (value.type === 'finish') {
          finish = value;
        } else if (value.type === 'error') {
          throw value.error;
        }
      }
      if (finish === undefined || isIncomplete(finish)) {
        throw new Error('the stream ended before the provider reported the end of the answer');
      }
    } catch (error) {
      if (request.signal?.aborted && !timedOut) {
        return {
          text,
          usage: estimatedUsage(),
          usageEstimated: true,
          finishReason: 'aborted',
          aborted: true,
          timeToFirstTokenMs: firstTokenAt === null ? null : firstTokenAt - started,
          warnings,
        };
      }
      throw new AttemptFailure(error, text.length, timedOut);
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onUserAbort);
      reader?.cancel().catch(() => {});
      controller.abort();
    }

    const reported = finish.usage;
    let usage: Usage;
    let usageEstimated = false;
    if (reported.inputTokens.total === undefined || reported.outputTokens.total === undefined) {
      usage = estimatedUsage();
      usageEstimated = true;
      warnings.push(
        `${ref.provider} did not report token usage; tokens and cost are estimated from the text`,
      );
    } else {
      usage = { inputTokens: reported.inputTokens.total, outputTokens: reported.outputTokens.total };
      if (reported.inputTokens.cacheRead !== undefined && reported.inputTokens.cacheRead > 0) {
        usage.cachedInputTokens = reported.inputTokens.cacheRead;
      }
    }
    const ollamaMetadata = finish.providerMetadata?.ollama as
      | { contextFull?: boolean; numCtx?: number }
      | undefined;
    if (ollamaMetadata?.contextFull === true) {
      warnings.push(
        `ollama: the prompt and answer filled the context of ${ollamaMetadata.numCtx} tokens (num_ctx); the prompt may have been truncated or the answer cut. Raise the context size.`,
      );
    }
    return {
      text,
      usage,
      usageEstimated,
      finishReason: finish.finishReason.unified,
      aborted: false,
      timeToFirstTokenMs: firstTokenAt === null ? null : firstTokenAt - started,
      warnings,
    };
  }

  async function parseObject(text: string, schema: unknown, ref: ModelRef): Promise<unknown> {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new VenomError({
        code: 'MODEL_OUTPUT_INVALID',
        category: 'upstream',
        message: `${formatModelRef(ref)} did not answer with JSON: ${(error as Error).message}`,
        hint: 'Retry, or use a model that supports structured output.',
        details: { provider: ref.provider, model: ref.model, text: text.slice(0, 500) },
        cause: error,
      });
    }
    const checked = await validateWithSchema(schema, value);
    if (checked.ok) return checked.value;
    throw new VenomError({
      code: 'MODEL_OUTPUT_INVALID',
      category: 'upstream',
      message: `${formatModelRef(ref)} answered JSON that does not match the schema: ${checked.problems.slice(0, 3).join('; ')}`,
      hint: 'Retry, or use a stronger model.',
      details: { provider: ref.provider, model: ref.model, problems: checked.problems },
    });
  }

  function finalError(failures: { ref: ModelRef; error: VenomError }[], attempts: CallAttempt[]): VenomError {
    const last = failures.at(-1);
    if (last === undefined) {
      return new VenomError({
        code: 'MODEL_CANDIDATES_EMPTY',
        category: 'usage',
        message: 'no model to call: the candidate list is empty',
        hint: "Pass a model, e.g. '--model anthropic/claude-sonnet-4-5'.",
      });
    }
    if (failures.length === 1) {
      return new VenomError({
        code: last.error.code,
        category: last.error.category,
        message: last.error.message,
        ...(last.error.hint === undefined ? {} : { hint: last.error.hint }),
        details: { ...last.error.details, attempts },
        cause: last.error.cause ?? last.error,
      });
    }
    return new VenomError({
      code: 'MODEL_ALL_CANDIDATES_FAILED',
      category: last.error.category,
      message: `every candidate failed: ${failures.map((failure) => `${formatModelRef(failure.ref)}: ${failure.error.message}`).join('; ')}`,
      ...((failures[0]?.error.hint ?? last.error.hint) === undefined
        ? {}
        : { hint: failures[0]?.error.hint ?? last.error.hint }),
      details: {
        failures: failures.map((failure) => ({
          model: formatModelRef(failure.ref),
          code: failure.error.code,
          message: failure.error.message,
        })),
        attempts,
      },
      cause: last.error,
    });
  }

  return {
    async generate(request) {
      const started = clock();
      const attempts: CallAttempt[] = [];
      const failures: { ref: ModelRef; error: VenomError }[] = [];
      const candidates = request.candidates;

      const abortedResult = (ref: ModelRef, outcome: AttemptOutcome | undefined): GenerateResult => {
        const usage = outcome?.usage ?? { inputTokens: 0, outputTokens: 0 };
        const costUsd = costOf(usage, findPrice(ref, options.priceOverrides));
        attempts.push({ model: ref, outcome: 'error', errorCode: 'ABORTED', message: 'stopped by the user' });
        emit('model-call-end', {
          provider: ref.provider,
          model: ref.model,
          outcome: 'aborted',
          usage,
          usageEstimated: true,
          costUsd,
          durationMs: clock() - started,
        });
        return {
          model: ref,
          text: outcome?.text ?? '',
          usage,
          usageEstimated: true,
          costUsd,
          finishReason: 'aborted',
          cached: false,
          attempts,
          timeToFirstTokenMs: outcome?.timeToFirstTokenMs ?? null,
          durationMs: clock() - started,
          aborted: true,
          warnings: outcome?.warnings ?? [],
        };
      };

      for (const [index, ref] of candidates.entries()) {
        const next = candidates[index + 1];
        const isLast = next === undefined;
        const name = formatModelRef(ref);
        const fallBack = (error: VenomError, status?: number): void => {
          failures.push({ ref, error });
          attempts.push({
            model: ref,
            outcome: isLast ? 'error' : 'fallback',
            errorCode: error.code,
            message: error.message,
            ...(status === undefined ? {} : { status }),
          });
          if (!isLast) {
            emit('model-fallback', {
              from: name,
              to: formatModelRef(next),
              errorCode: error.code,
              reason: error.message,
            });
          }
        };

        if (request.signal?.aborted) return abortedResult(ref, undefined);

        const key =
          options.cache !== undefined && request.cache !== false
            ? cacheKey({
                model: ref,
                messages: request.messages,
                ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
                ...(request.maxOutputTokens === undefined
                  ? {}
                  : { maxOutputTokens: request.maxOutputTokens }),
                ...(request.schema === undefined ? {} : { schema: request.schema }),
              })
            : undefined;
        const hit = key === undefined ? undefined : options.cache?.get(key);
        if (hit !== undefined) {
          request.onTextDelta?.(hit.text);
          attempts.push({ model: ref, outcome: 'ok', message: 'cache hit' });
          emit('model-cache-hit', {
            provider: ref.provider,
            model: ref.model,
            key,
            usage: hit.usage,
            costUsd: 0,
          });
          return {
            ...hit,
            model: ref,
            costUsd: 0,
            cached: true,
            aborted: false,
            attempts,
            timeToFirstTokenMs: null,
            durationMs: clock() - started,
          };
        }

        const stateBefore = breaker.state(ref.provider);
        if (!breaker.allow(ref.provider)) {
          fallBack(
            new VenomError({
              code: 'CIRCUIT_OPEN',
              category: 'upstream',
              message: `${ref.provider} is paused after ${breaker.failures(ref.provider)} consecutive failures; ${name} was skipped`,
              hint: `Calls to ${ref.provider} resume after a ${Math.round(cooldownMs / 1000)} s cooldown.`,
              details: { provider: ref.provider, model: ref.model },
            }),
          );
          continue;
        }
        if (stateBefore === 'open' || stateBefore === 'half-open') {
          emit('circuit-half-open', { provider: ref.provider });
        }

        let settings: ProviderSettings;
        try {
          settings = await options.settingsFor(ref.provider);
        } catch (error) {
          const classified = classifyModelError(error, {
            model: ref,
            baseUrl: undefined,
            timedOut: false,
            timeoutMs: 0,
            deliveredCharacters: 0,
            now: clock(),
          });
          breaker.release(ref.provider);
          fallBack(classified.error);
          if (isLast) throw finalError(failures, attempts);
          continue;
        }
        const price = findPrice(ref, options.priceOverrides);

        for (let attempt = 1; ; attempt += 1) {
          emit('model-call-start', {
            provider: ref.provider,
            model: ref.model,
            attempt,
            candidate: index + 1,
          });
          const attemptStarted = clock();
          let outcome: AttemptOutcome;
          try {
            outcome = await runAttempt(ref, settings, request, price);
          } catch (thrown) {
            const failure = thrown instanceof AttemptFailure ? thrown : new AttemptFailure(thrown, 0, false);
            const classified = classifyModelError(failure.failure, {
              model: ref,
              baseUrl: settings.baseUrl,
              timedOut: failure.timedOut,
              timeoutMs: request.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
              deliveredCharacters: failure.deliveredCharacters,
              now: clock(),
            });
            if (!classified.countsForBreaker) breaker.release(ref.provider);
            else if (breaker.recordFailure(ref.provider)) {
              emit('circuit-open', {
                provider: ref.provider,
                failures: breaker.failures(ref.provider),
                cooldownMs,
              });
            }
            emit('model-call-end', {
              provider: ref.provider,
              model: ref.model,
              attempt,
              outcome: 'error',
              errorCode: classified.error.code,
              ...(classified.status === undefined ? {} : { status: classified.status }),
              durationMs: clock() - attemptStarted,
            });
            const waitTooLong = classified.retryAfterMs !== undefined && classified.retryAfterMs > maxDelayMs;
            if (
              classified.retryable &&
              !waitTooLong &&
              attempt < maxAttempts &&
              breaker.state(ref.provider) === 'closed'
            ) {
              const waitMs =
                classified.retryAfterMs ?? backoffDelay(attempt, { baseDelayMs, maxDelayMs, random });
              attempts.push({
                model: ref,
                outcome: 'retry',
                errorCode: classified.error.code,
                waitedMs: waitMs,
                message: classified.error.message,
                ...(classified.status === undefined ? {} : { status: classified.status }),
              });
              emit('model-retry', {
                provider: ref.provider,
                model: ref.model,
                attempt,
                errorCode: classified.error.code,
                ...(classified.status === undefined ? {} : { status: classified.status }),
                waitMs,
                retryAfter: classified.retryAfterMs !== undefined,
              });
              try {
                await sleep(waitMs, request.signal);
              } catch (error) {
                if (request.signal?.aborted) return abortedResult(ref, undefined);
                throw error;
              }
              continue;
            }
            const error = waitTooLong
              ? new VenomError({
                  code: classified.error.code,
                  category: classified.error.category,
                  message: `${classified.error.message}; that is longer than the ${Math.round(maxDelayMs / 1000)} s retry limit, so venom did not wait`,
                  ...(classified.error.hint === undefined ? {} : { hint: classified.error.hint }),
                  details: classified.error.details,
                  cause: classified.error.cause,
                })
              : classified.error;
            fallBack(error, classified.status);
            if (!classified.fallback || isLast) throw finalError(failures, attempts);
            break;
          }

          if (outcome.aborted) return abortedResult(ref, outcome);
          const stateBeforeSuccess = breaker.recordSuccess(ref.provider);
          if (stateBeforeSuccess !== 'closed') emit('circuit-close', { provider: ref.provider });
          const costUsd = costOf(outcome.usage, price);

          let object: unknown;
          if (request.schema !== undefined) {
            try {
              object = await parseObject(outcome.text, request.schema, ref);
            } catch (error) {
              const venomError = error as VenomError;
              emit('model-call-end', {
                provider: ref.provider,
                model: ref.model,
                attempt,
                outcome: 'error',
                errorCode: venomError.code,
                usage: outcome.usage,
                costUsd,
                durationMs: clock() - attemptStarted,
              });
              fallBack(venomError);
              if (isLast) throw finalError(failures, attempts);
              break;
            }
          }

          attempts.push({ model: ref, outcome: 'ok' });
          emit('model-call-end', {
            provider: ref.provider,
            model: ref.model,
            attempt,
            outcome: 'ok',
            usage: outcome.usage,
            usageEstimated: outcome.usageEstimated,
            costUsd,
            finishReason: outcome.finishReason,
            durationMs: clock() - attemptStarted,
            timeToFirstTokenMs: outcome.timeToFirstTokenMs,
          });
          const result: GenerateResult = {
            model: ref,
            text: outcome.text,
            ...(object === undefined ? {} : { object }),
            usage: outcome.usage,
            usageEstimated: outcome.usageEstimated,
            costUsd,
            finishReason: outcome.finishReason,
            cached: false,
            attempts,
            timeToFirstTokenMs: outcome.timeToFirstTokenMs,
            durationMs: clock() - started,
            aborted: false,
            warnings: outcome.warnings,
          };
          if (key !== undefined) options.cache?.set(key, result, cacheTtlMs);
          return result;
        }
      }
      throw finalError(failures, attempts);
    },
  };
}
