import { describe, expect, it } from 'vitest';
import { normalizeWord } from './vocabulary.js';

describe('normalizeWord', () => {
  it.each([
    ['stauts', 'status'],
    ['histroy', 'history'],
    ['swtich', 'switch'],
    ['filez', 'files'],
    ['largst', 'largest'],
    ['serach', 'search'],
    ['rn', 'run'],
    ['gti', 'git'],
    ['delte', 'delete'],
  ])('corrects %s to %s', (typo, word) => {
    expect(normalizeWord(typo)).toBe(word);
  });

  it.each(['ana', 'bob', 'main', 'develop', 'ripgrep', 'they', 'postgres'])('leaves %s alone', (word) => {
    expect(normalizeWord(word)).toBe(word);
  });

  it('keeps a word more than one edit from every keyword', () => {
    expect(normalizeWord('lisbon')).toBe('lisbon');
  });
});
