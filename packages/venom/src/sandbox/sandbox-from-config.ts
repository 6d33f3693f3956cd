import { createBubblewrapSandbox } from './create-bubblewrap-sandbox.js';
import { createHostRunner } from './create-host-runner.js';
import { defaultPolicy } from './evaluate-policy.js';
import type { Policy, PolicyDecisionKind, PolicyRule, Sandbox, SandboxLimits } from './types.js';

/** The parsed `sandbox` config section (see createSandboxConfigSchema). */
export interface SandboxConfig {
  allow_unsandboxed_exec?: boolean;
  bwrap_path?: string;
  limits?: {
    cpu_seconds?: number;
    memory_bytes?: number;
    processes?: number;
    output_bytes?: number;
    timeout_ms?: number;
  };
  deny_paths?: string[];
}

/** The parsed `policy` config section (see createPolicyConfigSchema). */
export interface PolicyConfig {
  defaults?: Partial<Record<keyof Policy['defaults'], PolicyDecisionKind>>;
  rules?: PolicyRule[];
}

/** The limits set in the config, as SandboxLimits fields. */
export function limitsFromConfig(limits: SandboxConfig['limits'] = {}): Partial<SandboxLimits> {
  const out: Partial<SandboxLimits> = {};
  if (limits.cpu_seconds !== undefined) out.cpuSeconds = limits.cpu_seconds;
  if (limits.memory_bytes !== undefined) out.memoryBytes = limits.memory_bytes;
  if (limits.processes !== undefined) out.processes = limits.processes;
  if (limits.output_bytes !== undefined) out.outputBytes = limits.output_bytes;
  if (limits.timeout_ms !== undefined) out.timeoutMs = limits.timeout_ms;
  return out;
}

/**
 * The sandbox for exec actions: bubblewrap. Only when bubblewrap cannot run here AND the
 * administrator set `sandbox.allow_unsandboxed_exec: true` is it the host runner (`kind: 'host'`;
 * callers should say so to the user). Otherwise the bubblewrap sandbox is returned even when it
 * cannot run: its `run` then refuses with SANDBOX_UNAVAILABLE and the hint naming the switch.
 */
export async function createSandbox(options: {
  config: SandboxConfig;
  workspaceRoots: string[];
  env: Record<string, string | undefined>;
  /** Keep a pre-started spare sandbox for the next command (default true; one-shot CLI runs pass false). */
  warm?: boolean;
}): Promise<Sandbox> {
  const { config, workspaceRoots, env } = options;
  const limits = limitsFromConfig(config.limits);
  const bubblewrapOptions: Parameters<typeof createBubblewrapSandbox>[0] = {
    workspaceRoots,
    env,
    limits,
    extraHiddenPaths: (config.deny_paths ?? []).filter(
      (path) => path.startsWith('/') || path.startsWith('~/'),
    ),
  };
  if (config.bwrap_path !== undefined) bubblewrapOptions.bwrapPath = config.bwrap_path;
  if (options.warm !== undefined) bubblewrapOptions.warm = options.warm;
  const bubblewrap = createBubblewrapSandbox(bubblewrapOptions);
  if (config.allow_unsandboxed_exec !== true) return bubblewrap;
  const status = await bubblewrap.check();
  return status.ok ? bubblewrap : createHostRunner({ workspaceRoots, env, limits });
}

/**
 * The effective policy: built-in defaults overridden by the config's, then the config rules and the
 * remembered project rules (both take part in "most specific wins"; see evaluatePolicy).
 */
export function policyFromConfig(config: PolicyConfig = {}, remembered: PolicyRule[] = []): Policy {
  return {
    defaults: {
      ...defaultPolicy.defaults,
      // A loaded config holds unset keys as undefined; only the ones set override the defaults.
      ...Object.fromEntries(
        Object.entries(config.defaults ?? {}).filter(([, decision]) => decision !== undefined),
      ),
    },
    rules: [
      ...(config.rules ?? []).map((rule) => ({ ...rule, source: rule.source ?? 'config' })),
      ...remembered.map((rule) => ({ ...rule, source: rule.source ?? 'remembered' })),
    ],
  };
}
