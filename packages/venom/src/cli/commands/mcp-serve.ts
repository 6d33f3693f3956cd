import type { Readable, Writable } from 'node:stream';
import { defineCommand } from '@venom/core';
import { openRuntime } from '../runtime.js';

export const mcpServeCommand = defineCommand({
  name: 'mcp serve',
  streams: true,
  summary: "Serve venom's skills as an MCP server over stdio (read actions only by default)",
  description:
    'Speaks MCP on stdin/stdout until stdin closes. Tools are <skill>_<action> for the workspace the ' +
    'command starts in, with the same file guard, sandbox and policy as plans. Write, exec, network ' +
    "and destructive actions need venom's approval prompt, which an MCP client cannot answer: they " +
    "are left out unless --allow-writes, and then run only where the policy says 'allow' (a call the " +
    'policy would ask about returns a tool error).',
  options: {
    'allow-writes': {
      type: 'boolean',
      description: "also list non-read actions; they still run only where the policy says 'allow'",
    },
  },
  examples: ['venom mcp serve', 'claude mcp add venom -- venom mcp serve'],
  input: (z) => z.object({ allowWrites: z.boolean().default(false) }),
  async run(input, context) {
    const runtime = await openRuntime(context, 'mcp serve');
    try {
      const { openExecutionServices } = await import('../execution-services.js');
      const services = await openExecutionServices(runtime, context);
      const { createSkillsMcpServer } = await import('../../skills/mcp/create-skills-mcp-server.js');
      const { StdioServerTransport } = await import('@modelcontextprotocol/sdk/server/stdio.js');
      const server = await createSkillsMcpServer({
        registry: services.registry,
        context: services.context,
        policy: services.policy,
        allowWrites: input.allowWrites,
        version: context.program.version,
      });
      const stdin = context.stdin as Readable;
      const transport = new StdioServerTransport(stdin, context.stdout as Writable);
      const closed = new Promise<void>((resolve) => {
        const done = (): void => resolve();
        stdin.once('end', done);
        stdin.once('close', done);
        context.signal.addEventListener('abort', done, { once: true });
        transport.onclose = done;
      });
      await server.connect(transport);
      await closed;
      await server.close();
      await services.close();
      return { streamed: true as const };
    } finally {
      runtime.close();
    }
  },
});
