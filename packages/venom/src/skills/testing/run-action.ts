import { builtinSkills } from '../builtin-skills.js';
import { createSkillRegistry } from '../create-skill-registry.js';
import { parseActionParams } from '../parse-action-params.js';
import type { SkillContext, SkillRegistry, SkillResult } from '../types.js';

const defaultRegistry = createSkillRegistry(builtinSkills({ httpFetch: true }));

/** Runs `skill.action` the way a plan does: look it up, validate the params, execute. */
export async function runAction(
  context: SkillContext,
  name: string,
  params: unknown,
  registry: SkillRegistry = defaultRegistry,
): Promise<SkillResult> {
  const [skill = '', action = ''] = name.split('.');
  const found = registry.findAction(skill, action);
  if (found === undefined) throw new Error(`no action ${name}`);
  return found.execute(context, await parseActionParams(name, found, params));
}
