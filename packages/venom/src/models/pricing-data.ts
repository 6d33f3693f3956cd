/**
 * The bundled pricing table, in the shape of models.dev's `api.json` (provider -> models -> cost and
 * limit; costs in USD per million tokens), trimmed to the providers venom speaks and to text models.
 * Keys are AI SDK model ids. Users override or extend it in config (`models.prices`).
 *
 * Refresh: take https://models.dev/api.json, keep these providers' `cost` and `limit` fields, update
 * {@link pricingTableDate}. A model missing here has an unknown price, never $0.
 */
export interface PricingDataModel {
  cost: { input: number; output: number; cache_read?: number };
  limit?: { context?: number; output?: number };
}

/** models.dev-style provider entry. */
export interface PricingDataProvider {
  models: Record<string, PricingDataModel>;
}

/** The day the prices below were taken from the providers' public price lists. */
export const pricingTableDate = '2025-11-01';

/**
 * `ollama/*` is a wildcard: a local model has no per-token charge, so its price is a known $0.
 * `openai-compatible` has no entries: any server may sit behind it, so its prices come from config.
 */
export const pricingData: Readonly<Record<string, PricingDataProvider>> = {
  anthropic: {
    models: {
      // Added 2026-11-21 from the providers' model docs, for the router's default candidates.
      'claude-opus-5': {
        cost: { input: 5, output: 25, cache_read: 0.5 },
        limit: { context: 1_000_000, output: 64_000 },
      },
      'claude-sonnet-5': {
        cost: { input: 2, output: 10, cache_read: 0.2 },
        limit: { context: 1_000_000, output: 64_000 },
      },
      'claude-opus-4-5': {
        cost: { input: 5, output: 25, cache_read: 0.5 },
        limit: { context: 200_000, output: 64_000 },
      },
      'claude-opus-4-1': {
        cost: { input: 15, output: 75, cache_read: 1.5 },
        limit: { context: 200_000, output: 32_000 },
      },
      'claude-opus-4-0': {
        cost: { input: 15, output: 75, cache_read: 1.5 },
        limit: { context: 200_000, output: 32_000 },
      },
      'claude-sonnet-4-5': {
        cost: { input: 3, output: 15, cache_read: 0.3 },
        limit: { context: 200_000, output: 64_000 },
      },
      'claude-sonnet-4-0': {
        cost: { input: 3, output: 15, cache_read: 0.3 },
        limit: { context: 200_000, output: 64_000 },
      },
      'claude-3-7-sonnet-latest': {
        cost: { input: 3, output: 15, cache_read: 0.3 },
        limit: { context: 200_000, output: 64_000 },
      },
      'claude-haiku-4-5': {
        cost: { input: 1, output: 5, cache_read: 0.1 },
        limit: { context: 200_000, output: 64_000 },
      },
      'claude-3-5-haiku-latest': {
        cost: { input: 0.8, output: 4, cache_read: 0.08 },
        limit: { context: 200_000, output: 8_192 },
      },
    },
  },
  openai: {
    models: {
      // Added 2026-11-21 from the providers' pricing docs, for the router's default candidates.
      'gpt-5.4': {
        cost: { input: 2.5, output: 15, cache_read: 0.25 },
        limit: { context: 400_000, output: 128_000 },
      },
      'gpt-5.4-mini': {
        cost: { input: 0.75, output: 4.5, cache_read: 0.075 },
        limit: { context: 400_000, output: 128_000 },
      },
      'gpt-5.4-nano': {
        cost: { input: 0.2, output: 1.25, cache_read: 0.02 },
        limit: { context: 400_000, output: 128_000 },
      },
      'gpt-5': {
        cost: { input: 1.25, output: 10, cache_read: 0.125 },
        limit: { context: 400_000, output: 128_000 },
      },
      'gpt-5-mini': {
        cost: { input: 0.25, output: 2, cache_read: 0.025 },
        limit: { context: 400_000, output: 128_000 },
      },
      'gpt-5-nano': {
        cost: { input: 0.05, output: 0.4, cache_read: 0.005 },
        limit: { context: 400_000, output: 128_000 },
      },
      'gpt-4.1': {
        cost: { input: 2, output: 8, cache_read: 0.5 },
        limit: { context: 1_047_576, output: 32_768 },
      },
      'gpt-4.1-mini': {
        cost: { input: 0.4, output: 1.6, cache_read: 0.1 },
        limit: { context: 1_047_576, output: 32_768 },
      },
      'gpt-4.1-nano': {
        cost: { input: 0.1, output: 0.4, cache_read: 0.025 },
        limit: { context: 1_047_576, output: 32_768 },
      },
      'gpt-4o': {
        cost: { input: 2.5, output: 10, cache_read: 1.25 },
        limit: { context: 128_000, output: 16_384 },
      },
      'gpt-4o-mini': {
        cost: { input: 0.15, output: 0.6, cache_read: 0.075 },
        limit: { context: 128_000, output: 16_384 },
      },
      o3: { cost: { input: 2, output: 8, cache_read: 0.5 }, limit: { context: 200_000, output: 100_000 } },
      'o4-mini': {
        cost: { input: 1.1, output: 4.4, cache_read: 0.275 },
        limit: { context: 200_000, output: 100_000 },
      },
    },
  },
  google: {
    models: {
      'gemini-2.5-pro': {
        cost: { input: 1.25, output: 10, cache_read: 0.31 },
        limit: { context: 1_048_576, output: 65_536 },
      },
      'gemini-2.5-flash': {
        cost: { input: 0.3, output: 2.5, cache_read: 0.075 },
        limit: { context: 1_048_576, output: 65_536 },
      },
      'gemini-2.5-flash-lite': {
        cost: { input: 0.1, output: 0.4, cache_read: 0.025 },
        limit: { context: 1_048_576, output: 65_536 },
      },
      'gemini-2.0-flash': {
        cost: { input: 0.1, output: 0.4, cache_read: 0.025 },
        limit: { context: 1_048_576, output: 8_192 },
      },
      'gemini-2.0-flash-lite': {
        cost: { input: 0.075, output: 0.3 },
        limit: { context: 1_048_576, output: 8_192 },
      },
    },
  },
  ollama: {
    models: {
      '*': { cost: { input: 0, output: 0 } },
    },
  },
};
