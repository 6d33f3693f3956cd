import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3FinishReason,
  LanguageModelV3GenerateResult,
  LanguageModelV3Prompt,
  LanguageModelV3StreamPart,
  LanguageModelV3StreamResult,
  LanguageModelV3Usage,
  SharedV3Warning,
} from '@ai-sdk/provider';
import {
  createJsonErrorResponseHandler,
  extractResponseHeaders,
  type FetchFunction,
  type ParseResult,
  postJsonToApi,
  type ResponseHandler,
  safeParseJSON,
  withoutTrailingSlash,
} from '@ai-sdk/provider-utils';
import { z } from 'zod';
import { estimateTokens } from './estimate-tokens.js';

/** Settings of the native Ollama provider. */
export interface OllamaSettings {
  /** Server URL without `/api`, e.g. `http://127.0.0.1:11434`. */
  baseURL: string;
  /** Sent as `Authorization: Bearer` when set (Ollama behind an authenticating proxy, or ollama.com). */
  apiKey?: string;
  fetch?: FetchFunction;
}

/** Per-request options under `providerOptions.ollama`. */
export interface OllamaCallOptions {
  /** `options.num_ctx`: the context size Ollama allocates for this request. */
  numCtx?: number;
}

const chunkSchema = z.object({
  model: z.string().optional(),
  message: z.object({ role: z.string().optional(), content: z.string().optional() }).optional(),
  done: z.boolean(),
  done_reason: z.string().optional(),
  prompt_eval_count: z.number().optional(),
  eval_count: z.number().optional(),
});
type OllamaChunk = z.infer<typeof chunkSchema>;

const errorSchema = z.object({ error: z.string() });

const failedResponseHandler = createJsonErrorResponseHandler({
  errorSchema,
  errorToMessage: (data) => data.error,
});

/** Splits an NDJSON body into parsed (or failed) chunks, one per non-empty line. */
const ndjsonResponseHandler: ResponseHandler<
  ReadableStream<ParseResult<OllamaChunk> | { success: false; error: Error }>
> = async ({ response }) => {
  const responseHeaders = extractResponseHeaders(response);
  if (response.body === null) throw new Error('Ollama sent an empty response body');
  let buffer = '';
  const parseLine = async (line: string) => safeParseJSON({ text: line, schema: chunkSchema });
  const value = response.body.pipeThrough(new TextDecoderStream()).pipeThrough(
    new TransformStream<string, ParseResult<OllamaChunk>>({
      async transform(text, controller) {
        buffer += text;
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        for (const line of lines) {
          if (line.trim() !== '') controller.enqueue(await parseLine(line));
        }
      },
      async flush(controller) {
        if (buffer.trim() !== '') controller.enqueue(await parseLine(buffer));
      },
    }),
  );
  return { responseHeaders, value };
};

function toOllamaMessages(prompt: LanguageModelV3Prompt): { role: string; content: string }[] {
  return prompt.flatMap((message) => {
    if (message.role === 'system') return [{ role: 'system', content: message.content }];
    if (message.role === 'user' || message.role === 'assistant') {
      const text = message.content
        .map((part) => (part.type === 'text' ? part.text : ''))
        .filter((part) => part !== '')
        .join('');
      return [{ role: message.role, content: text }];
    }
    return [];
  });
}

function mapDoneReason(reason: string | undefined): LanguageModelV3FinishReason {
  if (reason === 'stop') return { unified: 'stop', raw: reason };
  if (reason === 'length') return { unified: 'length', raw: reason };
  return { unified: 'other', raw: reason };
}

function toUsage(chunk: OllamaChunk | undefined): LanguageModelV3Usage {
  const input = chunk?.prompt_eval_count;
  const output = chunk?.eval_count;
  return {
    inputTokens: { total: input, noCache: input, cacheRead: undefined, cacheWrite: undefined },
    outputTokens: { total: output, text: output, reasoning: undefined },
  };
}

/**
 * An AI SDK language model (provider spec v3) over Ollama's native `/api/chat` with NDJSON streaming,
 * so `num_ctx` can be set per request (the OpenAI-compatible endpoint cannot). Text only: no tools.
 *
 * Ollama silently drops the start of a prompt longer than `num_ctx`. This model warns in
 * `stream-start` when the estimated prompt does not fit, and sets `providerMetadata.ollama.contextFull`
 * when the reported prompt + output tokens reached `num_ctx`.
 */
export class OllamaChatLanguageModel implements LanguageModelV3 {
  readonly specificationVersion = 'v3' as const;
  readonly provider = 'ollama';
  readonly supportedUrls = {};

  constructor(
    readonly modelId: string,
    private readonly settings: OllamaSettings,
  ) {}

  private prepare(options: LanguageModelV3CallOptions) {
    const ollamaOptions = (options.providerOptions?.ollama ?? {}) as OllamaCallOptions;
    const messages = toOllamaMessages(options.prompt);
    const warnings: SharedV3Warning[] = [];
    const numCtx = ollamaOptions.numCtx;
    if (numCtx !== undefined) {
      const promptEstimate = messages.reduce((sum, message) => sum + estimateTokens(message.content) + 4, 0);
      if (promptEstimate > numCtx) {
        warnings.push({
          type: 'other',
          message: `the prompt (about ${promptEstimate} tokens) is longer than the Ollama context of ${numCtx} tokens (num_ctx); Ollama will silently drop its start. Raise the context size or shorten the prompt.`,
        });
      }
    }
    if (options.tools !== undefined && options.tools.length > 0) {
      warnings.push({
        type: 'unsupported',
        feature: 'tools',
        details: 'the native Ollama model is text only',
      });
    }
    const modelOptions: Record<string, number> = {};
    if (numCtx !== undefined) modelOptions.num_ctx = numCtx;
    if (options.temperature !== undefined) modelOptions.temperature = options.temperature;
    if (options.maxOutputTokens !== undefined) modelOptions.num_predict = options.maxOutputTokens;
    if (options.topP !== undefined) modelOptions.top_p = options.topP;
    if (options.seed !== undefined) modelOptions.seed = options.seed;
    const format =
      options.responseFormat?.type === 'json' ? (options.responseFormat.schema ?? 'json') : undefined;
    const body = {
      model: this.modelId,
      messages,
      stream: true,
      ...(Object.keys(modelOptions).length > 0 ? { options: modelOptions } : {}),
      ...(format === undefined ? {} : { format }),
    };
    return { body, warnings, numCtx };
  }

  async doStream(options: LanguageModelV3CallOptions): Promise<LanguageModelV3StreamResult> {
    const { body, warnings, numCtx } = this.prepare(options);
    const headers: Record<string, string | undefined> = { ...options.headers };
    if (this.settings.apiKey !== undefined && this.settings.apiKey !== '') {
      headers.authorization = `Bearer ${this.settings.apiKey}`;
    }
    const { responseHeaders, value: chunks } = await postJsonToApi({
      url: `${withoutTrailingSlash(this.settings.baseURL)}/api/chat`,
      headers,
      body,
      failedResponseHandler,
      successfulResponseHandler: ndjsonResponseHandler,
      ...(options.abortSignal === undefined ? {} : { abortSignal: options.abortSignal }),
      ...(this.settings.fetch === undefined ? {} : { fetch: this.settings.fetch }),
    });

    let last: OllamaChunk | undefined;
    let textStarted = false;
    let failed = false;
    const stream = chunks.pipeThrough(
      new TransformStream<ParseResult<OllamaChunk>, LanguageModelV3StreamPart>({
        start(controller) {
          controller.enqueue({ type: 'stream-start', warnings });
        },
        transform(chunk, controller) {
          if (!chunk.success) {
            // An `{"error": "..."}` line mid-stream is a server-side failure, not a parse error.
            const raw = chunk.rawValue as { error?: unknown } | undefined;
            failed = true;
            controller.enqueue({
              type: 'error',
              error: typeof raw?.error === 'string' ? new Error(`Ollama: ${raw.error}`) : chunk.error,
            });
            return;
          }
          const content = chunk.value.message?.content ?? '';
          if (content !== '') {
            if (!textStarted) controller.enqueue({ type: 'text-start', id: '0' });
            textStarted = true;
            controller.enqueue({ type: 'text-delta', id: '0', delta: content });
          }
          if (chunk.value.done) last = chunk.value;
        },
        flush(controller) {
          if (textStarted) controller.enqueue({ type: 'text-end', id: '0' });
          if (failed) return;
          if (last === undefined) {
            // The body ended without a `"done": true` line: the stream was cut.
            controller.enqueue({
              type: 'error',
              error: new Error('the Ollama stream ended before its final "done" line'),
            });
            return;
          }
          const used = (last.prompt_eval_count ?? 0) + (last.eval_count ?? 0);
          controller.enqueue({
            type: 'finish',
            finishReason: mapDoneReason(last.done_reason),
            usage: toUsage(last),
            providerMetadata: {
              ollama: { numCtx: numCtx ?? null, contextFull: numCtx !== undefined && used >= numCtx },
            },
          });
        },
      }),
    );
    return { stream, request: { body }, response: { headers: responseHeaders } };
  }

  async doGenerate(options: LanguageModelV3CallOptions): Promise<LanguageModelV3GenerateResult> {
    const { stream } = await this.doStream(options);
    let text = '';
    let finish: Extract<LanguageModelV3StreamPart, { type: 'finish' }> | undefined;
    let warnings: SharedV3Warning[] = [];
    const reader = stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (value.type === 'text-delta') text += value.delta;
      else if (value.type === 'stream-start') warnings = value.warnings;
      else if (value.type === 'finish') finish = value;
      else if (value.type === 'error') throw value.error;
    }
    return {
      content: text === '' ? [] : [{ type: 'text', text }],
      finishReason: finish?.finishReason ?? { unified: 'other', raw: undefined },
      usage: finish?.usage ?? toUsage(undefined),
      warnings,
      ...(finish?.providerMetadata === undefined ? {} : { providerMetadata: finish.providerMetadata }),
    };
  }
}
