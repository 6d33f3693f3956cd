/**
 * Fake model providers on 127.0.0.1:0 that speak each provider's real wire protocol, for tests and
 * benchmarks. Each `startFake*` returns `{ url, requests, close() }`; `url` is the base URL to configure.
 */
export { anthropicProtocol, startFakeAnthropic } from './fake-anthropic.js';
export { geminiProtocol, startFakeGemini } from './fake-gemini.js';
export { ollamaProtocol, startFakeOllama } from './fake-ollama.js';
export { openaiChatProtocol, startFakeOpenAI, startFakeOpenAICompatible } from './fake-openai.js';
export {
  type FakeProtocol,
  type FakeResponse,
  type FakeServer,
  type FakeServerOptions,
  type RecordedRequest,
  startFakeServer,
} from './fake-server.js';
