import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { z as zod } from 'zod';
import type { RiskLevel } from '../../sandbox/index.js';
import type { Skill, SkillAction, SkillContext, SkillResult } from '../types.js';
import type { McpServerConfig } from './mcp-config-schema.js';
import { mcpContentText } from './mcp-content-text.js';

/** What a server that could not become a skill did wrong. */
export interface McpProblem {
  server: string;
  message: string;
}

export interface CreateMcpSkillsOptions {
  /** The caller's environment: a stdio server gets only HOME, PATH, USER, LOGNAME, SHELL, TERM, LANG from it. */
  env: Record<string, string | undefined>;
  /** Aborts the start-up of every server. */
  signal?: AbortSignal;
  /** Limit for one tool call (default 60 s). */
  timeoutMs?: number;
  /** Limit for connecting and listing the tools of one server (default 10 s). */
  startTimeoutMs?: number;
  /** Working directory of stdio servers (the workspace). */
  cwd?: string;
  /** Injected fetch for HTTP servers (tests, proxies). */
  fetch?: typeof globalThis.fetch;
}

export interface McpSkills {
  skills: Skill[];
  problems: McpProblem[];
  /** Closes every connection and stops every stdio server. Safe to call twice. */
  close(): Promise<void>;
}

const inheritedVariables = ['HOME', 'PATH', 'USER', 'LOGNAME', 'SHELL', 'TERM', 'LANG', 'TMPDIR'];
const maxTextLength = 1024 * 1024;

/**
 * Starts the configured MCP servers (stdio child processes or streamable HTTP endpoints) with the
 * official SDK client and turns each into a skill `mcp-<name>` whose actions are its tools. A server
 * that fails to start, crashes or does not answer in time is a problem, never an exception; a tool
 * call that fails, times out or returns a result contradicting its output schema is `ok: false`.
 */
export async function createMcpSkills(
  servers: McpServerConfig[],
  options: CreateMcpSkillsOptions,
): Promise<McpSkills> {
  const settled = await Promise.all(servers.map((server) => connectServer(server, options)));
  const skills: Skill[] = [];
  const problems: McpProblem[] = [];
  const clients: Client[] = [];
  for (const entry of settled) {
    if ('problem' in entry) problems.push(entry.problem);
    else {
      skills.push(entry.skill);
      clients.push(entry.client);
      problems.push(...entry.warnings);
    }
  }
  let closing: Promise<void> | undefined;
  return {
    skills,
    problems,
    close() {
      closing ??= Promise.all(clients.map((client) => client.close().catch(() => undefined))).then(
        () => undefined,
      );
      return closing;
    },
  };
}

type Connected = { skill: Skill; client: Client; warnings: McpProblem[] } | { problem: McpProblem };

async function connectServer(server: McpServerConfig, options: CreateMcpSkillsOptions): Promise<Connected> {
  const startTimeoutMs = options.startTimeoutMs ?? 10_000;
  const stderr: string[] = [];
  let client: Client | undefined;
  let transport: Transport | undefined;
  try {
    const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
    transport = onceClosing(await createTransport(server, options, stderr));
    client = new Client({ name: 'venom', version: '0.1.0' }, { capabilities: {} });
    const requestOptions = {
      timeout: startTimeoutMs,
      maxTotalTimeout: startTimeoutMs,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    };
    await client.connect(transport, requestOptions);
    const tools = [];
    let cursor: string | undefined;
    for (let page = 0; page < 100; page += 1) {
      const listed = await client.listTools(cursor === undefined ? {} : { cursor }, requestOptions);
      tools.push(...listed.tools);
      cursor = listed.nextCursor;
      if (cursor === undefined) break;
    }
    const warnings: McpProblem[] = [];
    const actions: SkillAction[] = [];
    const seen = new Set<string>();
    for (const tool of tools) {
      if (seen.has(tool.name)) {
        warnings.push({
          server: server.name,
          message: `tool '${tool.name}' is listed twice; the first is kept`,
        });
        continue;
      }
      seen.add(tool.name);
      actions.push(toolAction(server, client, tool, options, warnings));
    }
    const info = client.getServerVersion();
    return {
      client,
      warnings,
      skill: {
        name: `mcp-${server.name}`,
        description:
          client.getInstructions()?.slice(0, 500) ??
          `MCP server ${server.name}${info === undefined ? '' : ` (${info.name} ${info.version})`}`,
        source: 'mcp',
        location: server.url ?? [server.command, ...(server.args ?? [])].join(' '),
        actions,
      },
    };
  } catch (error) {
    // The SDK client closes the transport itself when connecting fails, without waiting; wait for
    // that same close (stdin ended, then SIGTERM/SIGKILL) so no server outlives the call.
    await client?.close().catch(() => undefined);
    await transport?.close().catch(() => undefined);
    const output = stderr.join('').trim();
    return {
      problem: {
        server: server.name,
        message: `${startFailure(server, error, startTimeoutMs)}${output === '' ? '' : `; stderr: ${output.slice(-2000)}`}`,
      },
    };
  }
}

async function createTransport(
  server: McpServerConfig,
  options: CreateMcpSkillsOptions,
  stderr: string[],
): Promise<Transport> {
  if (server.url !== undefined) {
    const { StreamableHTTPClientTransport } = await import(
      '@modelcontextprotocol/sdk/client/streamableHttp.js'
    );
    return new StreamableHTTPClientTransport(
      new URL(server.url),
      options.fetch === undefined ? {} : { fetch: options.fetch },
    );
  }
  const { StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');
  const env: Record<string, string> = {};
  for (const key of inheritedVariables) {
    const value = options.env[key];
    if (value !== undefined && !value.startsWith('()')) env[key] = value;
  }
  Object.assign(env, server.env);
  const transport = new StdioClientTransport({
    command: server.command as string,
    args: server.args ?? [],
    env,
    stderr: 'pipe',
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
  });
  let kept = 0;
  transport.stderr?.on('data', (chunk: Buffer) => {
    // Keep the last 8 KiB or so: enough to say why a server died.
    stderr.push(chunk.toString('utf8'));
    kept += chunk.length;
    while (kept > 8192 && stderr.length > 1) kept -= (stderr.shift() as string).length;
  });
  return transport;
}

/** Makes every `close()` return the first call's promise, so a later caller can wait for it. */
function onceClosing(transport: Transport): Transport {
  const close = transport.close.bind(transport);
  let closing: Promise<void> | undefined;
  transport.close = () => {
    closing ??= close();
    return closing;
  };
  return transport;
}

function startFailure(server: McpServerConfig, error: unknown, timeoutMs: number): string {
  const message = error instanceof Error ? error.message : String(error);
  const what = server.url !== undefined ? `HTTP server ${server.url}` : `stdio server '${server.command}'`;
  if (/timed out|timeout/i.test(message)) return `${what} did not answer within ${timeoutMs} ms (${message})`;
  if (/ENOENT/.test(message)) return `${what}: command not found (${message})`;
  if (/connection closed/i.test(message))
    return `${what} exited or closed the connection while starting (${message})`;
  return `${what} failed to start: ${message}`;
}

interface ListedTool {
  name: string;
  description?: string | undefined;
  inputSchema: Record<string, unknown>;
}

function toolAction(
  server: McpServerConfig,
  client: Client,
  tool: ListedTool,
  options: CreateMcpSkillsOptions,
  warnings: McpProblem[],
): SkillAction<Record<string, unknown>> {
  const risk = effectiveRisk(server);
  const timeoutMs = options.timeoutMs ?? 60_000;
  let cached: { z: typeof zod; schema: zod.ZodType<Record<string, unknown>> } | undefined;
  return {
    name: tool.name,
    description: (tool.description ?? `MCP tool ${tool.name}`).slice(0, 1000),
    risk,
    // A local server can touch the workspace behind venom's back: snapshot before every call.
    mutating: server.url === undefined,
    params(z) {
      if (cached?.z !== z) {
        cached = { z, schema: paramsSchema(z, server, tool, warnings) };
      }
      return cached.schema;
    },
    describe(params) {
      const shown = JSON.stringify(params);
      return {
        summary: `MCP ${server.name}: ${tool.name} ${shown.length > 200 ? `${shown.slice(0, 200)}…` : shown}`,
      };
    },
    async execute(context: SkillContext, params): Promise<SkillResult> {
      const started = Date.now();
      try {
        const result = await client.callTool({ name: tool.name, arguments: params }, undefined, {
          timeout: timeoutMs,
          maxTotalTimeout: timeoutMs,
          signal: context.signal,
        });
        const content = Array.isArray(result.content) ? result.content : [];
        const text = mcpContentText(content, maxTextLength);
        const ok = result.isError !== true;
        return {
          ok,
          output: {
            server: server.name,
            tool: tool.name,
            content,
            ...(result.structuredContent === undefined
              ? {}
              : { structuredContent: result.structuredContent }),
            ...(ok ? {} : { isError: true }),
          },
          text: ok ? text : `${server.name}.${tool.name} reported an error: ${text}`,
          exitCode: ok ? 0 : 1,
          durationMs: Date.now() - started,
        };
      } catch (error) {
        if (context.signal.aborted) throw error;
        const message = error instanceof Error ? error.message : String(error);
        const reason = /timed out/i.test(message)
          ? `no answer within ${timeoutMs} ms`
          : /connection closed|not connected/i.test(message)
            ? 'the server exited or closed the connection'
            : 'the call failed';
        return {
          ok: false,
          output: { server: server.name, tool: tool.name, error: message },
          text: `MCP ${server.name}.${tool.name}: ${reason} (${message})`,
          exitCode: null,
          durationMs: Date.now() - started,
        };
      }
    },
  };
}

function effectiveRisk(server: McpServerConfig): RiskLevel {
  if (server.url !== undefined) return server.risk ?? 'network';
  // Stdio servers run on the host, outside bubblewrap: never below 'exec', so the policy asks.
  return server.risk === 'destructive' ? 'destructive' : 'exec';
}

/**
 * The tool's JSON Schema as zod (z.fromJSONSchema). A schema zod cannot convert becomes a plain
 * object of anything, left to the server's own validation, and is reported once as a warning.
 */
function paramsSchema(
  z: typeof zod,
  server: McpServerConfig,
  tool: ListedTool,
  warnings: McpProblem[],
): zod.ZodType<Record<string, unknown>> {
  try {
    const converted = z.fromJSONSchema(tool.inputSchema as Parameters<typeof z.fromJSONSchema>[0]);
    return converted as zod.ZodType<Record<string, unknown>>;
  } catch (error) {
    warnings.push({
      server: server.name,
      message: `tool '${tool.name}': input schema not understood (${error instanceof Error ? error.message : String(error)}); the server validates the parameters`,
    });
    return z.record(z.string(), z.unknown());
  }
}
