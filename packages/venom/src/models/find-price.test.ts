import { describe, expect, it } from 'vitest';
import { costOf, worstCaseCost } from './cost-of.js';
import { findPrice, pricingTableDate } from './find-price.js';

describe('findPrice', () => {
  it('finds bundled prices, also for dated and -latest model ids', () => {
    expect(findPrice({ provider: 'anthropic', model: 'claude-sonnet-4-5' })).toMatchObject({
      inputPerMillionUsd: 3,
      outputPerMillionUsd: 15,
      contextWindow: 200_000,
    });
    expect(
      findPrice({ provider: 'anthropic', model: 'claude-sonnet-4-5-20250929' })?.inputPerMillionUsd,
    ).toBe(3);
    expect(findPrice({ provider: 'openai', model: 'gpt-4o-mini' })?.outputPerMillionUsd).toBe(0.6);
    expect(pricingTableDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('leaves unlisted models unknown, including every OpenAI-compatible model', () => {
    expect(findPrice({ provider: 'openai', model: 'gpt-99' })).toBeUndefined();
    expect(findPrice({ provider: 'openai-compatible', model: 'gpt-4o' })).toBeUndefined();
  });

  it('prices local Ollama models at a known $0', () => {
    expect(findPrice({ provider: 'ollama', model: 'qwen3:4b' })).toEqual({
      inputPerMillionUsd: 0,
      outputPerMillionUsd: 0,
    });
  });

  it('lets overrides win, by exact id or provider wildcard', () => {
    const overrides = {
      'anthropic/claude-sonnet-4-5': { inputPerMillionUsd: 1, outputPerMillionUsd: 2 },
      'openai-compatible/*': { inputPerMillionUsd: 0.1, outputPerMillionUsd: 0.2 },
    };
    expect(
      findPrice({ provider: 'anthropic', model: 'claude-sonnet-4-5' }, overrides)?.inputPerMillionUsd,
    ).toBe(1);
    expect(findPrice({ provider: 'openai-compatible', model: 'local' }, overrides)?.outputPerMillionUsd).toBe(
      0.2,
    );
  });
});

describe('costOf', () => {
  const price = { inputPerMillionUsd: 3, outputPerMillionUsd: 15, cachedInputPerMillionUsd: 0.3 };

  it('charges uncached input, cached input and output at their prices', () => {
    expect(costOf({ inputTokens: 1_000_000, outputTokens: 0 }, price)).toBeCloseTo(3, 10);
    expect(
      costOf({ inputTokens: 1_000_000, outputTokens: 1_000_000, cachedInputTokens: 500_000 }, price),
    ).toBeCloseTo(1.5 + 0.15 + 15, 10);
  });

  it('is null, never 0, for an unknown price', () => {
    expect(costOf({ inputTokens: 10, outputTokens: 10 }, undefined)).toBeNull();
    expect(worstCaseCost(10, 10, undefined)).toBeNull();
  });

  it('bounds a call by its prompt estimate and output limit', () => {
    expect(worstCaseCost(2000, 1000, price)).toBeCloseTo((2000 * 3 + 1000 * 15) / 1_000_000, 12);
  });
});
