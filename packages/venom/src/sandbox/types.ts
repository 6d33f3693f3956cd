/** How much harm an action can do; the policy's defaults are keyed by it. */
export type RiskLevel = 'read' | 'write' | 'exec' | 'network' | 'destructive';

/** One refused file access, as logged in the event log. */
export interface PathViolation {
  path: string;
  access: 'read' | 'write';
  reason: string;
}

export interface FileGuardOptions {
  /** Workspace roots; every checked path must resolve inside one of them. */
  roots: string[];
  /** The user's home directory, for the deny list (~/.ssh, ~/.aws, ...). */
  home: string;
  /** Further denied paths or globs (absolute, `~/`-prefixed, or relative to roots[0]). */
  extraDeny?: string[];
  /** Called before the security error is thrown, e.g. to record a `security-violation` event. */
  onViolation?(violation: PathViolation): void;
}

export interface FileGuard {
  readonly roots: readonly string[];
  /**
   * The real absolute path (symlinks resolved; for a file that does not exist yet, its nearest
   * existing parent is resolved) if it is inside a root and not denied for `access`; otherwise calls
   * onViolation and throws VenomError SECURITY_PATH_DENIED (category 'usage') naming the path and why.
   * Relative paths are relative to roots[0].
   */
  check(path: string, access: 'read' | 'write'): string;
}

/** Resource limits applied to every sandboxed command. */
export interface SandboxLimits {
  cpuSeconds: number;
  memoryBytes: number;
  processes: number;
  outputBytes: number;
  timeoutMs: number;
}

export interface SandboxRunRequest {
  argv: string[];
  cwd: string;
  network?: boolean;
  env?: Record<string, string>;
  stdin?: string;
  limits?: Partial<SandboxLimits>;
  signal?: AbortSignal;
  onOutput?(stream: 'stdout' | 'stderr', chunk: string): void;
}

export interface SandboxRunResult {
  /** The command's exit code; 128 + n when a signal n ended it inside the sandbox (e.g. SIGXCPU at the CPU limit); null when killed by us. */
  exitCode: number | null;
  /** 'SIGKILL' when the sandbox killed the tree (see killedBy). */
  signal: string | null;
  stdout: string;
  stderr: string;
  outputTruncated: boolean;
  timedOut: boolean;
  /** What killed the process tree; 'process-limit' only where the kernel cannot enforce RLIMIT_NPROC (uid 0). */
  killedBy: 'timeout' | 'output-limit' | 'abort' | 'process-limit' | null;
  durationMs: number;
}

export type SandboxCheckResult = { ok: true } | { ok: false; reason: string; hint: string };

export interface Sandbox {
  readonly kind: 'bubblewrap' | 'host';
  /** Whether it can run here; when not, why and what an administrator can do. */
  check(): Promise<SandboxCheckResult>;
  /**
   * Runs argv inside the sandbox; cwd must be inside a workspace root (checked). Throws VenomError
   * SANDBOX_UNAVAILABLE (environment) when bwrap cannot run.
   */
  run(request: SandboxRunRequest): Promise<SandboxRunResult>;
}

export type PolicyDecisionKind = 'allow' | 'ask' | 'deny';

export interface PolicyRule {
  /** 'shell.run', 'files.*', '*' */
  action: string;
  /** shell.run: command glob like 'git *'; files.*: path glob */
  pattern?: string;
  decision: PolicyDecisionKind;
  /** 'config', 'project', 'remembered' */
  source?: string;
}

export interface Policy {
  rules: PolicyRule[];
  defaults: Record<RiskLevel, PolicyDecisionKind>;
}

export interface PolicyRequest {
  skill: string;
  action: string;
  risk: RiskLevel;
  command?: string;
  paths?: string[];
}

export interface PolicyDecision {
  decision: PolicyDecisionKind;
  reason: string;
  rule?: PolicyRule;
  parts?: Array<{ part: string; decision: PolicyDecisionKind; rule?: PolicyRule }>;
}
