import { describe, expect, it } from 'vitest';
import { skillCatalog } from '../intent/index.js';
import { builtinSkills } from './builtin-skills.js';
import { createSkillRegistry } from './create-skill-registry.js';
import { describeSkill } from './describe-skill.js';
import { describeSkillsForModel } from './describe-skills-for-model.js';
import { actionParamsJsonSchema, parseActionParams } from './parse-action-params.js';
import type { Skill } from './types.js';

/** Valid sample values for catalog parameters whose type is narrower than its primitive. */
const samples: Record<string, unknown> = {
  'runtime.runtime': 'node',
  'runtime.scope': 'project',
  'venom.groupBy': 'model',
  'git.endLine': 9,
  'git.line': 3,
};

function sampleFor(skill: string, name: string, type: string): unknown {
  if (`${skill}.${name}` in samples) return samples[`${skill}.${name}`];
  if (type.startsWith('number')) return 3;
  if (type.startsWith('boolean')) return true;
  return 'x';
}

describe('built-in skills against the intent catalog', () => {
  const registry = createSkillRegistry(builtinSkills({ httpFetch: true }));

  it.each(skillCatalog.map((entry) => [`${entry.skill}.${entry.action}`, entry] as const))(
    '%s accepts every catalog parameter and only required ones',
    async (name, entry) => {
      const action = registry.findAction(entry.skill, entry.action);
      expect(action, `${name} is missing`).toBeDefined();
      if (action === undefined) return;
      const all = Object.fromEntries(
        Object.entries(entry.params).map(([key, type]) => [key, sampleFor(entry.skill, key, type)]),
      );
      await expect(parseActionParams(name, action, all)).resolves.toEqual(all);
      const required = Object.fromEntries(
        Object.entries(entry.params)
          .filter(([, type]) => !type.split(':')[0]?.includes('?'))
          .map(([key, type]) => [key, sampleFor(entry.skill, key, type)]),
      );
      await expect(parseActionParams(name, action, required)).resolves.toEqual(required);
      await expect(
        parseActionParams(name, action, { ...all, notACatalogParameter: 1 }),
      ).rejects.toMatchObject({ code: 'SKILL_PARAMS_INVALID' });
      expect(action.describe(all as never).summary).not.toBe('');
      expect(['read', 'write', 'exec', 'network', 'destructive']).toContain(action.risk);
    },
  );

  it('marks write, exec and destructive actions as mutating and read-only ones as not', () => {
    for (const skill of registry.list()) {
      for (const action of skill.actions) {
        const name = `${skill.name}.${action.name}`;
        if (action.risk === 'write' || action.risk === 'destructive')
          expect(action.mutating, name).toBe(true);
        if (action.risk === 'read') expect(action.mutating, name).toBe(false);
      }
    }
  });

  it('names a missing required parameter in the error', async () => {
    const show = registry.findAction('git', 'show');
    await expect(parseActionParams('git.show', show as never, {})).rejects.toThrow(/git\.show: ref:/);
  });

  it('gives every action parameters as JSON Schema and a catalog for models', async () => {
    const log = registry.findAction('git', 'log');
    const schema = await actionParamsJsonSchema(log as never);
    expect(schema).toMatchObject({
      type: 'object',
      properties: { limit: { type: 'integer' }, author: { type: 'string' } },
    });
    const catalog = describeSkillsForModel(registry.list());
    expect(catalog).toContain('git.log [read]');
    expect(catalog).toContain('files.delete [destructive]');
    expect(catalog).toContain('http.fetch [network]');
    const git = await describeSkill(registry.get('git') as Skill);
    expect(git).toMatchObject({ name: 'git', source: 'builtin', location: null });
    expect(git.actions.find((action) => action.name === 'commit')).toMatchObject({
      risk: 'write',
      mutating: true,
      params: {
        required: ['message'],
        properties: { message: { type: 'string' }, all: { type: 'boolean' } },
      },
    });
    expect(JSON.parse(JSON.stringify(git))).toEqual(git);
  });
});

describe('createSkillRegistry', () => {
  const skill = (name: string, actions: string[] = ['go']): Skill => ({
    name,
    description: name,
    source: 'skill-md',
    location: `/skills/${name}`,
    actions: actions.map((action) => ({
      name: action,
      description: action,
      risk: 'read',
      mutating: false,
      params: (z) => z.object({}),
      describe: () => ({ summary: action }),
      execute: async () => ({ ok: true, output: null, text: '', exitCode: 0, durationMs: 0 }),
    })),
  });

  it('lists skills by name and finds actions', () => {
    const registry = createSkillRegistry([skill('zeta'), skill('alpha', ['one', 'two'])]);
    expect(registry.list().map((entry) => entry.name)).toEqual(['alpha', 'zeta']);
    expect(registry.get('alpha')?.actions).toHaveLength(2);
    expect(registry.findAction('alpha', 'two')?.name).toBe('two');
    expect(registry.findAction('alpha', 'three')).toBeUndefined();
    expect(registry.findAction('nope', 'one')).toBeUndefined();
  });

  it('refuses duplicate skill names and duplicate action names', () => {
    expect(() => createSkillRegistry([skill('git'), skill('git')])).toThrow(
      expect.objectContaining({ code: 'SKILL_DUPLICATE', category: 'internal' }),
    );
    expect(() => createSkillRegistry([...builtinSkills(), skill('files')])).toThrow(
      /two skills are named 'files'/,
    );
    expect(() => createSkillRegistry([skill('x', ['a', 'a'])])).toThrow(
      expect.objectContaining({ code: 'SKILL_DUPLICATE' }),
    );
  });
});
