import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter } from './retry-delay.js';

describe('backoffDelay', () => {
  const options = { baseDelayMs: 500, maxDelayMs: 4000 };
  it('doubles per retry, with half of each delay random, up to the cap', () => {
    expect([1, 2, 3, 4, 5].map((retry) => backoffDelay(retry, { ...options, random: () => 0 }))).toEqual([
      250, 500, 1000, 2000, 2000,
    ]);
    expect(
      [1, 2, 3, 4, 5].map((retry) => backoffDelay(retry, { ...options, random: () => 0.999999 })),
    ).toEqual([500, 1000, 2000, 4000, 4000]);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-21T12:00:00Z');
  it('reads seconds, an HTTP date and retry-after-ms', () => {
    expect(parseRetryAfter({ 'retry-after': '3' }, now)).toBe(3000);
    expect(parseRetryAfter({ 'Retry-After': 'Sat, 21 Nov 2026 12:00:05 GMT' }, now)).toBe(5000);
    expect(parseRetryAfter({ 'retry-after-ms': '250', 'retry-after': '9' }, now)).toBe(250);
  });
  it('ignores absent or unreadable values', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter({ 'retry-after': 'soon' }, now)).toBeUndefined();
  });
});
