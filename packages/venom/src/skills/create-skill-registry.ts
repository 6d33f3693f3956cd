import { VenomError } from '@venom/core';
import type { Skill, SkillAction, SkillRegistry } from './types.js';

/**
 * A registry over `skills`, listed in name order. Two skills with one name, or two actions with one
 * name in a skill, are a bug in whoever assembled the list: VenomError SKILL_DUPLICATE (internal).
 */
export function createSkillRegistry(skills: Skill[]): SkillRegistry {
  const byName = new Map<string, Skill>();
  const actionsBySkill = new Map<string, Map<string, SkillAction>>();
  for (const skill of skills) {
    const previous = byName.get(skill.name);
    if (previous !== undefined) {
      throw new VenomError({
        code: 'SKILL_DUPLICATE',
        category: 'internal',
        message: `two skills are named '${skill.name}' (${describeOrigin(previous)} and ${describeOrigin(skill)})`,
        hint: 'Rename one of them; SKILL.md names must not repeat a built-in or each other.',
        details: { skill: skill.name, sources: [describeOrigin(previous), describeOrigin(skill)] },
      });
    }
    const actions = new Map<string, SkillAction>();
    for (const action of skill.actions) {
      if (actions.has(action.name)) {
        throw new VenomError({
          code: 'SKILL_DUPLICATE',
          category: 'internal',
          message: `skill '${skill.name}' has two actions named '${action.name}'`,
          details: { skill: skill.name, action: action.name },
        });
      }
      actions.set(action.name, action);
    }
    byName.set(skill.name, skill);
    actionsBySkill.set(skill.name, actions);
  }
  const sorted = [...byName.values()].sort((left, right) => left.name.localeCompare(right.name));
  return {
    list: () => [...sorted],
    get: (name) => byName.get(name),
    findAction: (skill, action) => actionsBySkill.get(skill)?.get(action),
  };
}

function describeOrigin(skill: Skill): string {
  return skill.location === undefined ? skill.source : `${skill.source} at ${skill.location}`;
}
