import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type CommandContext, findRepositoryRoot, VenomError, writeFileAtomic } from '@venom/core';
import {
  createFileGuard,
  createSandbox,
  type Policy,
  type PolicyRule,
  policyFromConfig,
  type Sandbox,
} from '../sandbox/index.js';
import {
  builtinSkillNames,
  builtinSkills,
  createMcpSkills,
  createSkillRegistry,
  loadSkillFolders,
  type SkillRegistry,
} from '../skills/index.js';
import type { VenomRuntime } from './runtime.js';

/** Where "allow always for this project" answers are kept: a small YAML list the user may edit. */
export function rememberedRulesFile(workspace: string): string {
  return join(workspace, '.venom', 'policy-rules.yaml');
}

async function readRememberedRules(file: string): Promise<PolicyRule[]> {
  if (!existsSync(file)) return [];
  const { parse } = await import('yaml');
  const value = parse(readFileSync(file, 'utf8')) as unknown;
  if (!Array.isArray(value)) {
    throw new VenomError({
      code: 'POLICY_RULES_INVALID',
      category: 'usage',
      message: `${file}: expected a list of rules (action, pattern, decision)`,
      hint: 'Fix or delete the file; it holds the answers "allow always for this project".',
    });
  }
  return value.map((rule) => ({ ...(rule as PolicyRule), source: 'remembered' }));
}

/** Appends remembered rules to the project's editable rules file. */
export async function rememberRules(workspace: string, rules: PolicyRule[]): Promise<void> {
  const file = rememberedRulesFile(workspace);
  const existing = await readRememberedRules(file);
  const { stringify } = await import('yaml');
  const plain = [...existing, ...rules].map(({ action, pattern, decision }) => ({
    action,
    ...(pattern === undefined ? {} : { pattern }),
    decision,
  }));
  writeFileAtomic(
    file,
    `# Rules venom remembered when you answered "allow always for this project". Edit or delete freely.\n${stringify(plain)}`,
  );
}

/** What running plans needs: the workspace, the file guard, the sandbox, the policy, the skills. */
export interface ExecutionServices {
  workspace: string;
  registry: SkillRegistry;
  sandbox: Sandbox;
  policy: Policy;
  skillProblems: Array<{ path: string; message: string }>;
  /** Stops the MCP servers started for this run. */
  close(): Promise<void>;
  context: {
    workspace: string;
    fileGuard: ReturnType<typeof createFileGuard>;
    sandbox: Sandbox;
    env: Record<string, string | undefined>;
  };
}

export async function openExecutionServices(
  runtime: VenomRuntime,
  context: CommandContext,
): Promise<ExecutionServices> {
  const workspace = findRepositoryRoot(context.cwd) ?? context.cwd;
  const events = runtime.events();
  const fileGuard = createFileGuard({
    roots: [workspace],
    extraDeny: runtime.config.value.sandbox.deny_paths,
    home: context.env.HOME ?? dirname(runtime.paths.configDir),
    onViolation: (violation) => {
      runtime.logger.warn('security violation', { ...violation });
      events.append({ type: 'security-violation', payload: { ...violation } });
    },
  });
  const env = context.env;
  // Bubblewrap, or the host runner only where bwrap cannot run and an administrator allowed it.
  const sandbox = await createSandbox({
    config: runtime.config.value.sandbox,
    workspaceRoots: [workspace],
    env,
    warm: false,
  });
  const loaded = await loadSkillFolders(
    [join(runtime.paths.configDir, 'skills'), join(workspace, '.venom', 'skills')],
    // `mcp-<name>` belongs to configured MCP servers.
    {
      reservedNames: [
        ...builtinSkillNames,
        ...runtime.config.value.mcp.servers.map((server) => `mcp-${server.name}`),
      ],
    },
  );
  const mcpServers = runtime.config.value.mcp.servers;
  const mcp =
    mcpServers.length === 0
      ? undefined
      : await createMcpSkills(mcpServers, { env, cwd: workspace, signal: context.signal });
  const registry = createSkillRegistry([
    ...builtinSkills({ httpFetch: runtime.config.value.skills.http_fetch }),
    ...loaded.skills,
    ...(mcp?.skills ?? []),
  ]);
  const remembered = await readRememberedRules(rememberedRulesFile(workspace));
  const policy = policyFromConfig(runtime.config.value.policy, remembered);
  return {
    workspace,
    registry,
    sandbox,
    policy,
    skillProblems: [
      ...loaded.problems,
      ...(mcp?.problems ?? []).map((problem) => ({
        path: `mcp ${problem.server}`,
        message: problem.message,
      })),
    ],
    close: async () => {
      await mcp?.close();
    },
    context: { workspace, fileGuard, sandbox, env },
  };
}
