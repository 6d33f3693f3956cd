import {
  bearerKey,
  type FakeProtocol,
  type FakeServer,
  type FakeServerOptions,
  sse,
  startFakeServer,
} from './fake-server.js';

/**
 * OpenAI Chat Completions (`POST /v1/chat/completions`, bearer key) streaming `chat.completion.chunk`
 * events, with a final usage chunk only when the request asks for it (`stream_options.include_usage`).
 */
export const openaiChatProtocol: FakeProtocol = {
  basePath: '/v1',
  accepts: (method, path) => method === 'POST' && path.split('?')[0] === '/v1/chat/completions',
  keyOf: bearerKey,
  contentType: 'text/event-stream',
  errorBody: (status, message) => ({
    error: {
      message,
      type: status === 429 ? 'rate_limit_exceeded' : status >= 500 ? 'server_error' : 'invalid_request_error',
      param: null,
      code: status === 401 ? 'invalid_api_key' : null,
    },
  }),
  frames(response, request) {
    const body = request.body as { model?: string; stream_options?: { include_usage?: boolean } } | undefined;
    const base = {
      id: 'chatcmpl-fake01',
      object: 'chat.completion.chunk',
      created: 1_760_000_000,
      model: body?.model ?? 'gpt-test',
    };
    const includeUsage = body?.stream_options?.include_usage === true && response.omitUsage !== true;
    const cached = response.usage.cachedInputTokens ?? 0;
    return {
      head: [
        sse({
          ...base,
          choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }],
        }),
      ],
      chunk: (text) =>
        sse({ ...base, choices: [{ index: 0, delta: { content: text }, finish_reason: null }] }),
      tail: [
        sse({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }),
        ...(includeUsage
          ? [
              sse({
                ...base,
                choices: [],
                usage: {
                  prompt_tokens: response.usage.inputTokens,
                  completion_tokens: response.usage.outputTokens,
                  total_tokens: response.usage.inputTokens + response.usage.outputTokens,
                  prompt_tokens_details: { cached_tokens: cached },
                },
              }),
            ]
          : []),
        sse('[DONE]'),
      ],
      malformed:
        'data: {"id":"chatcmpl-fake01","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":\n\n',
    };
  },
};

/** Starts a fake OpenAI API; its `url` is the base URL (`.../v1`). */
export function startFakeOpenAI(options: FakeServerOptions = {}): Promise<FakeServer> {
  return startFakeServer(openaiChatProtocol, options);
}

/** Starts a fake OpenAI-compatible server (LM Studio, vLLM, llama.cpp): the same wire format. */
export function startFakeOpenAICompatible(options: FakeServerOptions = {}): Promise<FakeServer> {
  return startFakeServer(openaiChatProtocol, options);
}
