/**
 * The sandbox layer: file guard, process sandbox (bubblewrap), and the approval policy.
 * The lowest venom layer: imports only @venom/core and npm packages. See docs/architecture/sandbox.md.
 */

export { isDestructiveCommand } from './command-words.js';
export {
  type BubblewrapSandbox,
  type BubblewrapSandboxOptions,
  createBubblewrapSandbox,
  unsandboxedExecHint,
} from './create-bubblewrap-sandbox.js';
export { createFileGuard, deniedFileNames, homeDenyPaths } from './create-file-guard.js';
export { createHostRunner, type HostRunnerOptions } from './create-host-runner.js';
export { defaultSandboxLimits } from './default-sandbox-limits.js';
export { defaultPolicy, evaluatePolicy, fullActionName } from './evaluate-policy.js';
export { pathViolationEventType, recordPathViolations } from './record-path-violations.js';
export { rememberRule } from './remember-rule.js';
export { createPolicyConfigSchema, createSandboxConfigSchema } from './sandbox-config-schema.js';
export {
  createSandbox,
  limitsFromConfig,
  type PolicyConfig,
  policyFromConfig,
  type SandboxConfig,
} from './sandbox-from-config.js';
export { splitCompoundCommand } from './split-compound-command.js';
export type {
  FileGuard,
  FileGuardOptions,
  PathViolation,
  Policy,
  PolicyDecision,
  PolicyDecisionKind,
  PolicyRequest,
  PolicyRule,
  RiskLevel,
  Sandbox,
  SandboxCheckResult,
  SandboxLimits,
  SandboxRunRequest,
  SandboxRunResult,
} from './types.js';
