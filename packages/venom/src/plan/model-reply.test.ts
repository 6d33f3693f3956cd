import { describe, expect, it } from 'vitest';
import { parsePlan } from './model-reply.js';

const plan = (steps: unknown[]): string => JSON.stringify({ steps });

describe('parsePlan', () => {
  it('accepts a plan over catalog actions with their parameters, in a code fence too', () => {
    const text = plan([
      {
        id: 's1',
        skill: 'files',
        action: 'search',
        params: { text: 'TODO', directory: 'src' },
        dependsOn: [],
      },
      { id: 's2', skill: 'git', action: 'log', params: { limit: 2 }, dependsOn: ['s1'] },
    ]);
    expect(parsePlan(text)).toMatchObject({
      ok: true,
      steps: [{ id: 's1' }, { id: 's2', dependsOn: ['s1'] }],
    });
    expect(parsePlan(`\`\`\`json\n${text}\n\`\`\``).ok).toBe(true);
  });

  it.each([
    ['not JSON', '{"steps": [', /not JSON/],
    ['no steps', '{"steps": []}', /non-empty/],
    [
      'an unknown action',
      plan([{ id: 's1', skill: 'disk', action: 'wipe', params: {} }]),
      /unknown action disk\.wipe/,
    ],
    [
      'an unknown parameter',
      plan([{ id: 's1', skill: 'files', action: 'search', params: { pattern: 'TODO', text: 'x' } }]),
      /unknown parameter pattern for files\.search/,
    ],
    [
      'a missing required parameter',
      plan([{ id: 's1', skill: 'files', action: 'search', params: {} }]),
      /missing text/,
    ],
    [
      'a dependency on a later step',
      plan([
        { id: 's1', skill: 'git', action: 'status', params: {}, dependsOn: ['s2'] },
        { id: 's2', skill: 'git', action: 'status', params: {} },
      ]),
      /dependsOn/,
    ],
    [
      'a duplicate id',
      plan([
        { id: 's1', skill: 'git', action: 'status', params: {} },
        { id: 's1', skill: 'git', action: 'status', params: {} },
      ]),
      /used twice/,
    ],
  ])('rejects %s with a reason the model can act on', (_name, text, reason) => {
    const parsed = parsePlan(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toMatch(reason);
  });
});
