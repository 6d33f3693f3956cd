import { VenomError } from '@venom/core';
import { describe, expect, it } from 'vitest';
import { formatModelRef, parseModelRef } from './model-ref.js';

describe('parseModelRef', () => {
  it('splits at the first slash, keeping slashes and colons of the model id', () => {
    expect(parseModelRef('anthropic/claude-sonnet-4-5')).toEqual({
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
    });
    expect(parseModelRef('ollama/qwen3:4b')).toEqual({ provider: 'ollama', model: 'qwen3:4b' });
    expect(parseModelRef('openai-compatible/meta-llama/Llama-3-8b')).toEqual({
      provider: 'openai-compatible',
      model: 'meta-llama/Llama-3-8b',
    });
  });

  it.each([
    ['claude-sonnet-4-5', 'expected provider/model'],
    ['anthropics/claude', "unknown provider 'anthropics'"],
    ['openai/', 'the model id is empty'],
  ])('rejects %s as a usage error', (text, reason) => {
    const error = (() => {
      try {
        parseModelRef(text);
      } catch (thrown) {
        return thrown;
      }
      return undefined;
    })();
    expect(VenomError.isInstance(error)).toBe(true);
    expect((error as VenomError).code).toBe('MODEL_REF_INVALID');
    expect((error as VenomError).exitCode).toBe(2);
    expect((error as VenomError).message).toContain(reason);
  });

  it('round-trips through formatModelRef', () => {
    expect(formatModelRef(parseModelRef('google/gemini-2.5-flash'))).toBe('google/gemini-2.5-flash');
  });
});
