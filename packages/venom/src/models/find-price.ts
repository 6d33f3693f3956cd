import { formatModelRef, type ModelRef } from './model-ref.js';
import { type PricingDataModel, pricingData } from './pricing-data.js';

/** What a model costs, in USD per million tokens, and its limits when known. */
export interface ModelPrice {
  inputPerMillionUsd: number;
  outputPerMillionUsd: number;
  /** Price of input tokens read from the provider's prompt cache; the input price when absent. */
  cachedInputPerMillionUsd?: number;
  contextWindow?: number;
  maxOutputTokens?: number;
}

export { pricingTableDate } from './pricing-data.js';

function toModelPrice(entry: PricingDataModel): ModelPrice {
  return {
    inputPerMillionUsd: entry.cost.input,
    outputPerMillionUsd: entry.cost.output,
    ...(entry.cost.cache_read === undefined ? {} : { cachedInputPerMillionUsd: entry.cost.cache_read }),
    ...(entry.limit?.context === undefined ? {} : { contextWindow: entry.limit.context }),
    ...(entry.limit?.output === undefined ? {} : { maxOutputTokens: entry.limit.output }),
  };
}

/** Model ids to try for `model`: itself, then without a date or `-latest` suffix (`claude-sonnet-4-5-20250929`). */
function candidateIds(model: string): string[] {
  const ids = [model];
  const undated = model.replace(/-(?:\d{8}|\d{4}-\d{2}-\d{2}|latest)$/, '');
  if (undated !== model) ids.push(undated);
  return ids;
}

/**
 * The price of `ref`: from `overrides` (keyed `provider/model`, also `provider/*`) first, then the
 * bundled table (see {@link pricingTableDate}). A dated model id falls back to its undated alias.
 * Undefined means the price is unknown; callers must show "unknown", never $0.
 */
export function findPrice(ref: ModelRef, overrides?: Record<string, ModelPrice>): ModelPrice | undefined {
  const ids = [...candidateIds(ref.model), '*'];
  for (const id of ids) {
    const override = overrides?.[formatModelRef({ provider: ref.provider, model: id })];
    if (override !== undefined) return override;
    const entry = pricingData[ref.provider]?.models[id];
    if (entry !== undefined) return toModelPrice(entry);
  }
  return undefined;
}
