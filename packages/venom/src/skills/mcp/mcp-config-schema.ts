import type { z as zod } from 'zod';
import type { RiskLevel } from '../../sandbox/index.js';

/** One configured MCP server: a local command (stdio) or a streamable HTTP endpoint. */
export interface McpServerConfig {
  /** Lower-case letters, digits and hyphens; the skill is `mcp-<name>`. */
  name: string;
  /** Program started as a child process speaking MCP over stdio (runs outside the sandbox). */
  command?: string;
  args?: string[];
  /** Extra environment for the stdio server, on top of HOME, PATH, USER, LOGNAME, SHELL, TERM, LANG. */
  env?: Record<string, string>;
  /** Streamable HTTP endpoint (http or https). */
  url?: string;
  /** Risk of every tool; default 'exec' for stdio (never lower), 'network' for HTTP. */
  risk?: RiskLevel;
}

const riskLevels = ['read', 'write', 'exec', 'network', 'destructive'] as const;

/**
 * The `mcp` config section: `mcp: { servers: [{ name, command?, args?, env?, url?, risk? }] }`.
 * Exactly one of `command` and `url`; a stdio server's risk is 'exec' or 'destructive' because it
 * runs on the host, outside bubblewrap.
 */
export function createMcpConfigSchema(z: typeof zod) {
  const server = z
    .object({
      name: z
        .string()
        .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and hyphens (at most 63)'),
      command: z.string().min(1).optional(),
      args: z.array(z.string()).optional(),
      env: z.record(z.string(), z.string()).optional(),
      url: z
        .string()
        .url()
        .refine((value) => /^https?:\/\//i.test(value), 'an http or https URL')
        .optional(),
      risk: z.enum(riskLevels).optional(),
    })
    .strict()
    .superRefine((value, context) => {
      if ((value.command === undefined) === (value.url === undefined)) {
        context.addIssue({ code: 'custom', message: 'give exactly one of command (stdio) and url (HTTP)' });
      }
      if (value.url !== undefined && (value.args !== undefined || value.env !== undefined)) {
        context.addIssue({ code: 'custom', message: 'args and env only apply to a command (stdio) server' });
      }
      if (
        value.command !== undefined &&
        (value.risk === 'read' || value.risk === 'write' || value.risk === 'network')
      ) {
        context.addIssue({
          code: 'custom',
          path: ['risk'],
          message:
            "a stdio server runs on the host outside the sandbox: risk must be 'exec' or 'destructive'",
        });
      }
    });
  return z
    .object({
      servers: z
        .array(server)
        .default([])
        .superRefine((servers, context) => {
          const seen = new Set<string>();
          servers.forEach((entry, index) => {
            if (seen.has(entry.name)) {
              context.addIssue({
                code: 'custom',
                path: [index, 'name'],
                message: `duplicate server '${entry.name}'`,
              });
            }
            seen.add(entry.name);
          });
        }),
    })
    .strict()
    .default({ servers: [] });
}
