/** MCP: configured MCP servers as skills, and venom's skills as an MCP server. See docs/architecture/mcp.md. */
export {
  type CreateMcpSkillsOptions,
  createMcpSkills,
  type McpProblem,
  type McpSkills,
} from './create-mcp-skills.js';
export {
  createSkillsMcpServer,
  mcpToolName,
  type SkillsMcpServerOptions,
} from './create-skills-mcp-server.js';
export { createMcpConfigSchema, type McpServerConfig } from './mcp-config-schema.js';
