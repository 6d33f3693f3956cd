import { describe, expect, it } from 'vitest';
import { buildClassifierPrompt, parseClassifierReply } from './classify-with-model.js';

describe('classifier model prompt and reply', () => {
  it('puts the rubric and the request in the prompt', () => {
    const prompt = buildClassifierPrompt('fix the flaky test');
    expect(prompt).toContain('fix the flaky test');
    expect(prompt).toContain('"task_class"');
  });

  it('reads the class from a JSON reply, also inside a code fence', () => {
    expect(parseClassifierReply('{"reasoning":"one edit","task_class":"simple"}')).toBe('simple');
    expect(parseClassifierReply('```json\n{"reasoning":"x","task_class":"complex"}\n```')).toBe('complex');
  });

  it.each(['', 'complex', '{"task_class":"hard"}', '{"task_class":', '[1,2]', 'null'])(
    'returns null for a malformed reply: %j',
    (reply) => {
      expect(parseClassifierReply(reply)).toBeNull();
    },
  );
});
