import type { ModelPrice } from './find-price.js';

/** Tokens one call consumed. `inputTokens` includes `cachedInputTokens`. */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens?: number;
}

const MILLION = 1_000_000;

/**
 * The USD cost of `usage` at `price`; null when the price is unknown (never 0 for unknown).
 * Cached input tokens are charged at the cached price when the table has one.
 */
export function costOf(usage: Usage, price: ModelPrice | undefined): number | null {
  if (price === undefined) return null;
  const cached = Math.min(usage.cachedInputTokens ?? 0, usage.inputTokens);
  const uncached = usage.inputTokens - cached;
  const cachedPrice = price.cachedInputPerMillionUsd ?? price.inputPerMillionUsd;
  return (
    (uncached * price.inputPerMillionUsd +
      cached * cachedPrice +
      usage.outputTokens * price.outputPerMillionUsd) /
    MILLION
  );
}

/**
 * The most a call can cost: the estimated prompt at the full input price plus `maxOutputTokens` of
 * output. Null when the price is unknown. Budgets check this before a call.
 */
export function worstCaseCost(
  promptTokensEstimate: number,
  maxOutputTokens: number,
  price: ModelPrice | undefined,
): number | null {
  if (price === undefined) return null;
  return (
    (promptTokensEstimate * price.inputPerMillionUsd + maxOutputTokens * price.outputPerMillionUsd) / MILLION
  );
}
