import {
  type FakeProtocol,
  type FakeServer,
  type FakeServerOptions,
  requestHeader,
  sse,
  startFakeServer,
} from './fake-server.js';

/** Gemini `POST /v1beta/models/{model}:streamGenerateContent?alt=sse` with `x-goog-api-key`. */
export const geminiProtocol: FakeProtocol = {
  basePath: '/v1beta',
  accepts: (method, path) =>
    method === 'POST' && /^\/v1beta\/models\/[^/]+:streamGenerateContent\?(?:.*&)?alt=sse(?:&|$)/.test(path),
  keyOf: (request) => requestHeader(request, 'x-goog-api-key'),
  contentType: 'text/event-stream',
  errorBody: (status, message) => ({
    error: {
      code: status,
      message,
      status:
        status === 401
          ? 'UNAUTHENTICATED'
          : status === 429
            ? 'RESOURCE_EXHAUSTED'
            : status >= 500
              ? 'INTERNAL'
              : 'INVALID_ARGUMENT',
    },
  }),
  frames(response, request) {
    const model = /models\/([^:]+):/.exec(request.path)?.[1] ?? 'gemini-test';
    const cached = response.usage.cachedInputTokens ?? 0;
    const usageMetadata = (outputTokens: number) =>
      response.omitUsage
        ? {}
        : {
            usageMetadata: {
              promptTokenCount: response.usage.inputTokens,
              candidatesTokenCount: outputTokens,
              totalTokenCount: response.usage.inputTokens + outputTokens,
              ...(cached > 0 ? { cachedContentTokenCount: cached } : {}),
            },
          };
    return {
      head: [],
      chunk: (text) =>
        sse({
          candidates: [{ content: { parts: [{ text }], role: 'model' }, index: 0 }],
          ...usageMetadata(0),
          modelVersion: model,
        }),
      tail: [
        sse({
          candidates: [{ content: { parts: [{ text: '' }], role: 'model' }, finishReason: 'STOP', index: 0 }],
          ...usageMetadata(response.usage.outputTokens),
          modelVersion: model,
        }),
      ],
      malformed: 'data: {"candidates":[{"content":{"parts":[{"text":"Hel\n\n',
    };
  },
};

/** Starts a fake Gemini API; its `url` is the base URL (`.../v1beta`). */
export function startFakeGemini(options: FakeServerOptions = {}): Promise<FakeServer> {
  return startFakeServer(geminiProtocol, options);
}
