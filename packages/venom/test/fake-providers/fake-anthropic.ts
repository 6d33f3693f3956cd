import {
  type FakeProtocol,
  type FakeServer,
  type FakeServerOptions,
  requestHeader,
  sse,
  startFakeServer,
} from './fake-server.js';

/** Anthropic Messages API (`POST /v1/messages`, `x-api-key`) streaming with server-sent events. */
export const anthropicProtocol: FakeProtocol = {
  basePath: '/v1',
  accepts: (method, path) => method === 'POST' && path.split('?')[0] === '/v1/messages',
  keyOf: (request) => requestHeader(request, 'x-api-key'),
  contentType: 'text/event-stream',
  errorBody: (status, message) => ({
    type: 'error',
    error: {
      type:
        status === 401
          ? 'authentication_error'
          : status === 429
            ? 'rate_limit_error'
            : status === 529
              ? 'overloaded_error'
              : status >= 500
                ? 'api_error'
                : 'invalid_request_error',
      message,
    },
  }),
  frames(response, request) {
    const model = (request.body as { model?: string } | undefined)?.model ?? 'claude-test';
    const cached = response.usage.cachedInputTokens ?? 0;
    return {
      head: [
        sse(
          {
            type: 'message_start',
            message: {
              id: 'msg_fake_01',
              type: 'message',
              role: 'assistant',
              model,
              content: [],
              stop_reason: null,
              stop_sequence: null,
              usage: {
                input_tokens: response.omitUsage ? 0 : response.usage.inputTokens - cached,
                cache_creation_input_tokens: 0,
                cache_read_input_tokens: response.omitUsage ? 0 : cached,
                output_tokens: 1,
              },
            },
          },
          'message_start',
        ),
        sse(
          { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
          'content_block_start',
        ),
        sse({ type: 'ping' }, 'ping'),
      ],
      chunk: (text) =>
        sse(
          { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } },
          'content_block_delta',
        ),
      tail: [
        sse({ type: 'content_block_stop', index: 0 }, 'content_block_stop'),
        sse(
          {
            type: 'message_delta',
            delta: { stop_reason: 'end_turn', stop_sequence: null },
            usage: { output_tokens: response.omitUsage ? 0 : response.usage.outputTokens },
          },
          'message_delta',
        ),
        sse({ type: 'message_stop' }, 'message_stop'),
      ],
      malformed:
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_de\n\n',
    };
  },
};

/** Starts a fake Anthropic API; its `url` is the base URL (`.../v1`). */
export function startFakeAnthropic(options: FakeServerOptions = {}): Promise<FakeServer> {
  return startFakeServer(anthropicProtocol, options);
}
