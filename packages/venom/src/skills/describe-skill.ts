import { actionParamsJsonSchema } from './parse-action-params.js';
import type { Skill } from './types.js';

/** A skill as JSON for `venom skills show --json` and for tool definitions. */
export interface SkillDescription {
  name: string;
  description: string;
  source: Skill['source'];
  location: string | null;
  instructions: string | null;
  actions: Array<{
    name: string;
    description: string;
    risk: string;
    mutating: boolean;
    params: Record<string, unknown>;
  }>;
}

/** Everything about a skill, with each action's parameters as JSON Schema. */
export async function describeSkill(skill: Skill): Promise<SkillDescription> {
  return {
    name: skill.name,
    description: skill.description,
    source: skill.source,
    location: skill.location ?? null,
    instructions: skill.instructions ?? null,
    actions: await Promise.all(
      skill.actions.map(async (action) => ({
        name: action.name,
        description: action.description,
        risk: action.risk,
        mutating: action.mutating,
        params: await actionParamsJsonSchema(action),
      })),
    ),
  };
}
