import type { LanguageModelV3 } from '@ai-sdk/provider';
import { VenomError } from '@venom/core';
import type { ProviderSettings } from './model-client.js';
import { formatModelRef, type ModelRef } from './model-ref.js';
import { findProvider } from './provider-catalog.js';

/** Ollama's default address, used when no base URL is configured. */
export const DEFAULT_OLLAMA_URL = 'http://127.0.0.1:11434';

function requireKey(ref: ModelRef, settings: ProviderSettings): string {
  const info = findProvider(ref.provider);
  if (settings.apiKey !== undefined && settings.apiKey !== '') return settings.apiKey;
  const variables = info?.envVars.join(' or ') ?? '';
  throw new VenomError({
    code: 'MODEL_KEY_MISSING',
    category: 'environment',
    message: `no key for '${ref.provider}' to call ${formatModelRef(ref)}`,
    hint: `Run 'venom auth set ${ref.provider}'${variables === '' ? '' : ` or set ${variables}`}.`,
    details: { provider: ref.provider, model: ref.model },
  });
}

/**
 * The AI SDK language model (provider spec v3) for `ref`. Provider packages load here, on first use,
 * never when the models module is imported. OpenAI uses the Chat Completions API (`openai.chat`);
 * Ollama uses our native `/api/chat` model so `num_ctx` can be set per request.
 */
export async function createLanguageModel(
  ref: ModelRef,
  settings: ProviderSettings,
  fetchFunction: typeof fetch | undefined,
): Promise<LanguageModelV3> {
  const fetchOption = fetchFunction === undefined ? {} : { fetch: fetchFunction };
  const baseURLOption = settings.baseUrl === undefined ? {} : { baseURL: settings.baseUrl };
  switch (ref.provider) {
    case 'anthropic': {
      const { createAnthropic } = await import('@ai-sdk/anthropic');
      return createAnthropic({ apiKey: requireKey(ref, settings), ...baseURLOption, ...fetchOption })(
        ref.model,
      );
    }
    case 'openai': {
      const { createOpenAI } = await import('@ai-sdk/openai');
      return createOpenAI({ apiKey: requireKey(ref, settings), ...baseURLOption, ...fetchOption }).chat(
        ref.model,
      );
    }
    case 'google': {
      const { createGoogleGenerativeAI } = await import('@ai-sdk/google');
      return createGoogleGenerativeAI({
        apiKey: requireKey(ref, settings),
        ...baseURLOption,
        ...fetchOption,
      })(ref.model);
    }
    case 'openai-compatible': {
      if (settings.baseUrl === undefined) {
        throw new VenomError({
          code: 'MODEL_BASE_URL_MISSING',
          category: 'usage',
          message: `no base URL for 'openai-compatible' to call ${formatModelRef(ref)}`,
          hint: "Set it with 'venom config set providers.openai_compatible.base_url http://host:port/v1'.",
          details: { provider: ref.provider, model: ref.model },
        });
      }
      const { createOpenAICompatible } = await import('@ai-sdk/openai-compatible');
      return createOpenAICompatible({
        name: 'openai-compatible',
        baseURL: settings.baseUrl,
        ...(settings.apiKey === undefined || settings.apiKey === '' ? {} : { apiKey: settings.apiKey }),
        includeUsage: true,
        ...fetchOption,
      }).chatModel(ref.model);
    }
    case 'ollama': {
      const { OllamaChatLanguageModel } = await import('./ollama-chat-language-model.js');
      return new OllamaChatLanguageModel(ref.model, {
        baseURL: settings.baseUrl ?? DEFAULT_OLLAMA_URL,
        ...(settings.apiKey === undefined || settings.apiKey === '' ? {} : { apiKey: settings.apiKey }),
        ...fetchOption,
      });
    }
    default:
      throw new VenomError({
        code: 'MODEL_PROVIDER_UNKNOWN',
        category: 'usage',
        message: `unknown provider '${ref.provider}' in ${formatModelRef(ref)}`,
        hint: 'Use one of: anthropic, openai, google, openai-compatible, ollama.',
        details: { provider: ref.provider },
      });
  }
}
