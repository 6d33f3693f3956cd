import { VenomError } from '@venom/core';
import { providerCatalog } from './provider-catalog.js';

/** A model at a provider: `anthropic/claude-sonnet-4-5` is `{ provider: 'anthropic', model: 'claude-sonnet-4-5' }`. */
export interface ModelRef {
  /** A provider name from {@link providerCatalog}: `anthropic`, `openai`, `google`, `openai-compatible`, `ollama`. */
  provider: string;
  /** The provider's own model id; may itself contain `/` or `:` (`qwen3:4b`, `meta-llama/Llama-3-8b`). */
  model: string;
}

/**
 * Parses `provider/model`. The provider must be in the catalog; everything after the first `/` is the
 * model id. Throws VenomError MODEL_REF_INVALID (usage) otherwise.
 */
export function parseModelRef(text: string): ModelRef {
  const trimmed = text.trim();
  const slash = trimmed.indexOf('/');
  const provider = slash === -1 ? '' : trimmed.slice(0, slash);
  const model = slash === -1 ? '' : trimmed.slice(slash + 1);
  const known = providerCatalog.map((entry) => entry.name);
  if (provider === '' || model === '' || !known.includes(provider)) {
    const reason =
      slash === -1
        ? 'expected provider/model'
        : !known.includes(provider)
          ? `unknown provider '${provider}'`
          : 'the model id is empty';
    throw new VenomError({
      code: 'MODEL_REF_INVALID',
      category: 'usage',
      message: `'${text}' is not a model reference: ${reason}`,
      hint: `Write provider/model, e.g. 'anthropic/claude-sonnet-4-5' or 'ollama/qwen3:4b'; providers: ${known.join(', ')}.`,
      details: { text, providers: known },
    });
  }
  return { provider, model };
}

/** `provider/model`, the inverse of {@link parseModelRef}. */
export function formatModelRef(ref: ModelRef): string {
  return `${ref.provider}/${ref.model}`;
}
