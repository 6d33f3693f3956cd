import { describe, expect, it } from 'vitest';
import { findPrice } from '../models/index.js';
import { defaultCandidates } from './default-candidates.js';

describe('defaultCandidates', () => {
  it('prices every default model from the bundled pricing table, so costs are never unknown', () => {
    for (const candidate of defaultCandidates()) {
      const price = findPrice({ provider: candidate.provider, model: candidate.model });
      expect(price, candidate.id).toBeDefined();
      expect(candidate.inputPerMillionUsd).toBe(price?.inputPerMillionUsd);
      expect(candidate.outputPerMillionUsd).toBe(price?.outputPerMillionUsd);
    }
  });

  it('has unique ids', () => {
    const ids = defaultCandidates().map((candidate) => candidate.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
