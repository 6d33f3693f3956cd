import {
  bearerKey,
  type FakeProtocol,
  type FakeServer,
  type FakeServerOptions,
  startFakeServer,
} from './fake-server.js';

const line = (value: unknown) => `${JSON.stringify(value)}\n`;

/** Ollama's native `POST /api/chat`, streaming newline-delimited JSON. */
export const ollamaProtocol: FakeProtocol = {
  basePath: '',
  accepts: (method, path) => method === 'POST' && path.split('?')[0] === '/api/chat',
  keyOf: bearerKey,
  contentType: 'application/x-ndjson',
  errorBody: (_status, message) => ({ error: message }),
  frames(response, request) {
    const model = (request.body as { model?: string } | undefined)?.model ?? 'llama-test';
    const createdAt = '2026-11-21T00:00:00.000000Z';
    return {
      head: [],
      chunk: (text) =>
        line({ model, created_at: createdAt, message: { role: 'assistant', content: text }, done: false }),
      tail: [
        line({
          model,
          created_at: createdAt,
          message: { role: 'assistant', content: '' },
          done: true,
          done_reason: 'stop',
          total_duration: 1_000_000,
          load_duration: 1_000,
          ...(response.omitUsage
            ? {}
            : {
                prompt_eval_count: response.usage.inputTokens,
                prompt_eval_duration: 1_000,
                eval_count: response.usage.outputTokens,
                eval_duration: 1_000,
              }),
        }),
      ],
      malformed: '{"model":"x","message":{"role":"assistant","content":"Hel\n',
    };
  },
};

/** Starts a fake Ollama server; its `url` is the server URL (no `/api`). */
export function startFakeOllama(options: FakeServerOptions = {}): Promise<FakeServer> {
  return startFakeServer(ollamaProtocol, options);
}
