import {
  startFakeAnthropic,
  startFakeGemini,
  startFakeOllama,
  startFakeOpenAI,
  startFakeOpenAICompatible,
} from './fake-providers/index.js';
import { runProviderConformance } from './fake-providers/provider-conformance.js';

runProviderConformance('Anthropic Messages (SSE)', {
  provider: 'anthropic',
  start: startFakeAnthropic,
  keyRequired: true,
  unlistedModelCost: null,
});
runProviderConformance('OpenAI chat completions (SSE)', {
  provider: 'openai',
  start: startFakeOpenAI,
  keyRequired: true,
  unlistedModelCost: null,
});
runProviderConformance('Gemini streamGenerateContent (SSE)', {
  provider: 'google',
  start: startFakeGemini,
  keyRequired: true,
  unlistedModelCost: null,
});
runProviderConformance('OpenAI-compatible server (SSE)', {
  provider: 'openai-compatible',
  start: startFakeOpenAICompatible,
  keyRequired: false,
  unlistedModelCost: null,
});
runProviderConformance('Ollama /api/chat (NDJSON)', {
  provider: 'ollama',
  start: startFakeOllama,
  keyRequired: false,
  unlistedModelCost: 0,
});
