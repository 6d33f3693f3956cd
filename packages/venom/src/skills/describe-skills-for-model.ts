import type { Skill } from './types.js';

/**
 * The skills as a compact catalog for a model's system prompt: one line per action
 * (`skill.action [risk]: description`), and for SKILL.md skills their description and how to load
 * their instructions (progressive disclosure: the body is fetched with `<skill>.instructions`).
 */
export function describeSkillsForModel(skills: readonly Skill[]): string {
  const lines: string[] = [];
  for (const skill of skills) {
    lines.push(`${skill.name}: ${skill.description}`);
    if (skill.source === 'skill-md')
      lines.push(`  (an Agent Skill: call ${skill.name}.instructions before using it)`);
    for (const action of skill.actions)
      lines.push(`  ${skill.name}.${action.name} [${action.risk}]: ${action.description}`);
  }
  return lines.join('\n');
}
