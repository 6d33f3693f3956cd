import { findPrice } from '../models/index.js';
import type { Candidate } from './types.js';

/**
 * Default candidates: two or three common models of each provider with a published price.
 *
 * Prices come from the bundled pricing table (models/pricing-data.ts), the one price source that both
 * routing and cost accounting use; users override it with `models.prices` or `router.candidates`.
 *
 * Quality priors are rough tier guesses (0..1 success rate per task class), worth `priorStrength` (default 5)
 * observed outcomes; the posteriors learn the real rates on this user's work. Latencies are typical
 * times to a complete answer of ~500 tokens. `openai-compatible` has no default: its server and model
 * are the user's own, so it must be configured with its price (or null = unknown).
 */
export function defaultCandidates(): Candidate[] {
  const cloud = (
    provider: string,
    model: string,
    quality: [number, number, number],
    latencyMs: number,
    contextWindow: number,
  ): Candidate => {
    const price = findPrice({ provider, model });
    return {
      id: `${provider}/${model}`,
      provider,
      model,
      local: false,
      inputPerMillionUsd: price?.inputPerMillionUsd ?? null,
      outputPerMillionUsd: price?.outputPerMillionUsd ?? null,
      qualityPrior: { simple: quality[0], moderate: quality[1], complex: quality[2] },
      latencyMs,
      capabilities: ['tools', 'structured-output', ...(contextWindow >= 400_000 ? ['long-context'] : [])],
      contextWindow,
    };
  };
  return [
    // Anthropic: Opus 5 $5/$25, Sonnet 5 $2/$10, Haiku 4.5 $1/$5.
    cloud('anthropic', 'claude-opus-5', [0.97, 0.94, 0.88], 9000, 1_000_000),
    cloud('anthropic', 'claude-sonnet-5', [0.96, 0.92, 0.82], 6000, 1_000_000),
    cloud('anthropic', 'claude-haiku-4-5', [0.94, 0.84, 0.62], 3000, 200_000),
    // OpenAI: gpt-5.4 $2.50/$15, gpt-5.4-mini $0.75/$4.50, gpt-5.4-nano $0.20/$1.25.
    cloud('openai', 'gpt-5.4', [0.96, 0.92, 0.84], 8000, 400_000),
    cloud('openai', 'gpt-5.4-mini', [0.94, 0.84, 0.62], 4000, 400_000),
    cloud('openai', 'gpt-5.4-nano', [0.9, 0.74, 0.45], 2500, 400_000),
    // Google: gemini-2.5-pro $1.25/$10 (prompts <= 200k), gemini-2.5-flash $0.30/$2.50, flash-lite $0.10/$0.40.
    cloud('google', 'gemini-2.5-pro', [0.95, 0.9, 0.8], 9000, 1_048_576),
    cloud('google', 'gemini-2.5-flash', [0.93, 0.82, 0.6], 3500, 1_048_576),
    cloud('google', 'gemini-2.5-flash-lite', [0.9, 0.72, 0.42], 2000, 1_048_576),
    // Ollama on this machine: free per token, private, slow on CPU; Ollama's qwen3:8b has a 40k context.
    {
      id: 'ollama/qwen3:8b',
      provider: 'ollama',
      model: 'qwen3:8b',
      local: true,
      inputPerMillionUsd: 0,
      outputPerMillionUsd: 0,
      qualityPrior: { simple: 0.85, moderate: 0.6, complex: 0.3 },
      latencyMs: 15000,
      capabilities: ['tools', 'structured-output'],
      contextWindow: 40_960,
    },
  ];
}
