/**
 * Skills: the contract every action follows, the registry, the built-ins and the Agent Skills
 * (SKILL.md) loader. See docs/architecture/skills.md.
 */

export type { FetchFunction } from './builtin/http-skill.js';
export { type DetectedRunner, detectTestRunner } from './builtin/tests-skill.js';
export { type BuiltinSkillsOptions, builtinSkillNames, builtinSkills } from './builtin-skills.js';
export { createSkillRegistry } from './create-skill-registry.js';
export { describeSkill, type SkillDescription } from './describe-skill.js';
export { describeSkillsForModel } from './describe-skills-for-model.js';
export {
  type LoadSkillFoldersOptions,
  loadSkillFolders,
  type SkillFolderProblem,
} from './load-skill-folders.js';
export {
  type CreateMcpSkillsOptions,
  createMcpConfigSchema,
  createMcpSkills,
  createSkillsMcpServer,
  type McpProblem,
  type McpServerConfig,
  type McpSkills,
  mcpToolName,
  type SkillsMcpServerOptions,
} from './mcp/index.js';
export { actionParamsJsonSchema, parseActionParams } from './parse-action-params.js';
export type {
  ActionDescription,
  Skill,
  SkillAction,
  SkillContext,
  SkillRegistry,
  SkillResult,
} from './types.js';
