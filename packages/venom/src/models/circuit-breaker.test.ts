import { describe, expect, it } from 'vitest';
import { createCircuitBreaker } from './circuit-breaker.js';

describe('createCircuitBreaker', () => {
  it('opens after the threshold, lets one trial through after the cooldown, and closes on success', () => {
    let now = 0;
    const breaker = createCircuitBreaker({ failureThreshold: 3, cooldownMs: 1000, clock: () => now });
    expect(breaker.recordFailure('anthropic')).toBe(false);
    expect(breaker.recordFailure('anthropic')).toBe(false);
    expect(breaker.recordFailure('anthropic')).toBe(true);
    expect(breaker.allow('anthropic')).toBe(false);
    expect(breaker.allow('openai')).toBe(true);
    now = 999;
    expect(breaker.state('anthropic')).toBe('open');
    now = 1000;
    expect(breaker.state('anthropic')).toBe('half-open');
    expect(breaker.allow('anthropic')).toBe(true);
    expect(breaker.allow('anthropic')).toBe(false);
    expect(breaker.recordSuccess('anthropic')).toBe('half-open');
    expect(breaker.state('anthropic')).toBe('closed');
    expect(breaker.allow('anthropic')).toBe(true);
  });

  it('re-opens for a full cooldown when the half-open trial fails', () => {
    let now = 0;
    const breaker = createCircuitBreaker({ failureThreshold: 1, cooldownMs: 1000, clock: () => now });
    breaker.recordFailure('google');
    now = 1500;
    expect(breaker.allow('google')).toBe(true);
    expect(breaker.recordFailure('google')).toBe(true);
    now = 2499;
    expect(breaker.allow('google')).toBe(false);
    now = 2500;
    expect(breaker.allow('google')).toBe(true);
  });

  it('resets the count on success, so only consecutive failures open it', () => {
    const breaker = createCircuitBreaker({ failureThreshold: 2, cooldownMs: 1000, clock: () => 0 });
    breaker.recordFailure('ollama');
    breaker.recordSuccess('ollama');
    expect(breaker.recordFailure('ollama')).toBe(false);
    expect(breaker.state('ollama')).toBe('closed');
  });
});

describe('createCircuitBreaker release', () => {
  it('frees the half-open trial when a call ends without saying anything about health', () => {
    let now = 0;
    const breaker = createCircuitBreaker({ failureThreshold: 1, cooldownMs: 100, clock: () => now });
    breaker.recordFailure('openai');
    now = 100;
    expect(breaker.allow('openai')).toBe(true);
    expect(breaker.allow('openai')).toBe(false);
    breaker.release('openai');
    expect(breaker.allow('openai')).toBe(true);
  });
});
