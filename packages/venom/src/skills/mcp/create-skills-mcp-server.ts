import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { evaluatePolicy, type Policy, type RiskLevel } from '../../sandbox/index.js';
import { actionParamsJsonSchema, parseActionParams } from '../parse-action-params.js';
import type { SkillAction, SkillContext, SkillRegistry } from '../types.js';

export interface SkillsMcpServerOptions {
  registry: SkillRegistry;
  /** Everything an action needs except the signal, which comes from each MCP request. */
  context: Omit<SkillContext, 'signal' | 'onOutput'>;
  policy: Policy;
  /** Also expose write, exec, network and destructive actions (each still needs the policy's 'allow'). */
  allowWrites?: boolean;
  version: string;
}

/** The MCP tool name of a skill action: `<skill>_<action>` (`git_status`, `files_count-lines`). */
export function mcpToolName(skill: string, action: string): string {
  return `${skill}_${action}`;
}

interface ExposedTool {
  skill: string;
  action: SkillAction;
}

/**
 * An MCP server (SDK low-level `Server`, not yet connected) whose tools are the registry's actions.
 * By default only 'read' actions: an MCP client cannot answer venom's approval prompts. Every call
 * is validated like a plan step (parseActionParams), judged by the policy (anything but 'allow' is a
 * tool error saying it needs approval in venom) and runs through the action's own execute, with the
 * file guard and sandbox of `context`. No time-machine snapshot is taken here.
 */
export async function createSkillsMcpServer(options: SkillsMcpServerOptions): Promise<Server> {
  const { Server } = await import('@modelcontextprotocol/sdk/server/index.js');
  const { CallToolRequestSchema, ListToolsRequestSchema } = await import(
    '@modelcontextprotocol/sdk/types.js'
  );
  const tools = new Map<string, ExposedTool>();
  for (const skill of options.registry.list()) {
    for (const action of skill.actions) {
      if (action.risk !== 'read' && options.allowWrites !== true) continue;
      tools.set(mcpToolName(skill.name, action.name), { skill: skill.name, action });
    }
  }
  const server = new Server(
    { name: 'venom', version: options.version },
    {
      capabilities: { tools: {} },
      instructions:
        'Tools are venom skill actions named <skill>_<action>, run in the workspace venom was started in.',
    },
  );
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: await Promise.all(
      [...tools].map(async ([name, { action }]) => {
        const { $schema: _ignored, ...inputSchema } = await actionParamsJsonSchema(action);
        return {
          name,
          description: action.description,
          inputSchema: { type: 'object' as const, ...inputSchema },
          annotations: {
            readOnlyHint: action.risk === 'read',
            destructiveHint: action.risk === 'destructive',
            openWorldHint: action.risk === 'network',
          },
        };
      }),
    ),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const name = request.params.name;
    const exposed = tools.get(name);
    if (exposed === undefined) {
      return toolError(
        `unknown tool '${name}'${options.allowWrites === true ? '' : ' (only read actions are served; see venom mcp serve --allow-writes)'}`,
      );
    }
    const qualified = `${exposed.skill}.${exposed.action.name}`;
    const context: SkillContext = { ...options.context, signal: extra.signal };
    try {
      const params = await parseActionParams(qualified, exposed.action, request.params.arguments ?? {});
      const description = exposed.action.describe(params);
      const risk: RiskLevel =
        exposed.action.assessRisk === undefined
          ? exposed.action.risk
          : await exposed.action.assessRisk(context, params);
      const decision = evaluatePolicy(
        {
          skill: exposed.skill,
          action: exposed.action.name,
          risk,
          ...(description.command === undefined ? {} : { command: description.command }),
          ...(description.paths === undefined ? {} : { paths: description.paths }),
        },
        options.policy,
      );
      if (decision.decision !== 'allow') {
        return toolError(
          decision.decision === 'deny'
            ? `${qualified} denied by venom's policy: ${decision.reason}`
            : `${qualified} needs approval in venom (${decision.reason}); an MCP client cannot approve it. Run it from venom, or add a policy rule allowing it.`,
        );
      }
      const result = await exposed.action.execute(context, params);
      const output = result.output;
      return {
        content: [{ type: 'text' as const, text: result.text }],
        ...(output !== null && typeof output === 'object' && !Array.isArray(output)
          ? { structuredContent: output as Record<string, unknown> }
          : {}),
        ...(result.ok ? {} : { isError: true }),
      };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const code = (error as { code?: unknown }).code;
      return toolError(`${qualified}: ${typeof code === 'string' ? `${code}: ` : ''}${message}`);
    }
  });
  return server;
}

function toolError(text: string) {
  return { content: [{ type: 'text' as const, text }], isError: true };
}
