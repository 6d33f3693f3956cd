import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from './did-you-mean.js';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', 'abc', 0],
    ['abc', 'abd', 1],
    ['abc', 'acb', 1],
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
  ])('%s -> %s is %i', (left, right, distance) => {
    expect(editDistance(left, right)).toBe(distance);
  });
});

describe('didYouMean', () => {
  const keys = ['budget_daily_usd', 'budget_monthly_usd', 'default_model'];
  it('suggests the closest candidate for a typo', () => {
    expect(didYouMean('budget_daly_usd', keys)).toBe('budget_daily_usd');
    expect(didYouMean('defualt_model', keys)).toBe('default_model');
  });
  it('suggests nothing when no candidate is close', () => {
    expect(didYouMean('colour', keys)).toBeUndefined();
  });
});
