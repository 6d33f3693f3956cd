import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defaultCandidates } from './default-candidates.js';
import { candidatesFromConfig, createRouterConfigSchema } from './router-config-schema.js';

const schema = createRouterConfigSchema(z);

describe('createRouterConfigSchema', () => {
  it('defaults to the built-in candidates and weights when the section is absent', () => {
    const section = schema.parse(undefined);
    expect(section).toEqual({
      prior_strength: 5,
      adapt_prior_strength: true,
      cost_weight: 0.1,
      latency_weight: 0,
    });
    expect(candidatesFromConfig(section, defaultCandidates)).toEqual(defaultCandidates());
  });

  it('turns configured candidates into router candidates, keeping an unknown price unknown', () => {
    const section = schema.parse({
      candidates: [
        {
          provider: 'ollama',
          model: 'qwen3:8b',
          local: true,
          input_per_million_usd: 0,
          output_per_million_usd: 0,
          quality: { simple: 0.85 },
          latency_ms: 15000,
          capabilities: ['tools'],
          context_window: 40960,
        },
        { id: 'lan/coder', provider: 'openai-compatible', model: 'coder' },
      ],
    });
    expect(candidatesFromConfig(section, defaultCandidates)).toEqual([
      {
        id: 'ollama/qwen3:8b',
        provider: 'ollama',
        model: 'qwen3:8b',
        local: true,
        inputPerMillionUsd: 0,
        outputPerMillionUsd: 0,
        qualityPrior: { simple: 0.85 },
        latencyMs: 15000,
        capabilities: ['tools'],
        contextWindow: 40960,
      },
      {
        id: 'lan/coder',
        provider: 'openai-compatible',
        model: 'coder',
        local: false,
        inputPerMillionUsd: null,
        outputPerMillionUsd: null,
        qualityPrior: {},
        latencyMs: 5000,
        capabilities: [],
      },
    ]);
  });

  it.each([
    [
      { candidates: [{ provider: 'a', model: 'b', quality: { simple: 1.5 } }] },
      ['candidates', 0, 'quality', 'simple'],
    ],
    [
      { candidates: [{ provider: 'a', model: 'b', input_per_million_usd: -1 }] },
      ['candidates', 0, 'input_per_million_usd'],
    ],
    [{ candidates: [{ provider: 'a', model: 'b', colour: 'red' }] }, ['candidates', 0]],
    [
      {
        candidates: [
          { provider: 'a', model: 'b' },
          { provider: 'a', model: 'b' },
        ],
      },
      ['candidates', 1, 'id'],
    ],
    [{ cost_weight: -0.1 }, ['cost_weight']],
  ])('rejects %j at its key path', (value, path) => {
    const result = schema.safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path)).toContainEqual(path);
  });
});

describe('defaultCandidates', () => {
  it('has unique ids, known prices, priors in range, and a local model', () => {
    const candidates = defaultCandidates();
    expect(new Set(candidates.map((candidate) => candidate.id)).size).toBe(candidates.length);
    expect(new Set(candidates.map((candidate) => candidate.provider))).toEqual(
      new Set(['anthropic', 'openai', 'google', 'ollama']),
    );
    for (const candidate of candidates) {
      expect(candidate.id).toBe(`${candidate.provider}/${candidate.model}`);
      expect(candidate.inputPerMillionUsd).not.toBeNull();
      for (const prior of Object.values(candidate.qualityPrior)) expect(prior).toBeGreaterThan(0);
    }
    expect(candidates.filter((candidate) => candidate.local).map((candidate) => candidate.id)).toEqual([
      'ollama/qwen3:8b',
    ]);
  });
});
