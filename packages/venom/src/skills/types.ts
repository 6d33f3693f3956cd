import type { FileGuard, RiskLevel, Sandbox } from '../sandbox/index.js';

/** What an action gets to work with. Everything that touches the machine goes through it. */
export interface SkillContext {
  /** The first workspace root: relative paths and commands start here. */
  workspace: string;
  fileGuard: FileGuard;
  sandbox: Sandbox;
  /** The caller's environment (PATH finds git, rg, dep-ci, omg; HOME; GIT_* identity). */
  env: Record<string, string | undefined>;
  signal: AbortSignal;
  /** Live output of long-running actions (shell.run, tests.run), as it arrives. */
  onOutput?(text: string): void;
}

/** The outcome of one action run. */
export interface SkillResult {
  /** The action did what was asked (a search with no match is still ok). */
  ok: boolean;
  /** Structured, JSON-safe output for plans and models. */
  output: unknown;
  /** The same for humans. */
  text: string;
  /** The exit code of the process behind the action, 0 for in-process actions, null when killed. */
  exitCode: number | null;
  durationMs: number;
}

/** What an action will do, known before it runs: for the policy and for approval prompts. */
export interface ActionDescription {
  summary: string;
  /** The exact command line, for approval prompts and the shell policy. */
  command?: string;
  /** Paths it reads or writes. */
  paths?: string[];
}

/** One thing a skill can do. */
// biome-ignore lint/suspicious/noExplicitAny: a registry holds actions of every parameter type; each action is typed where it is defined.
export interface SkillAction<Params = any> {
  name: string;
  description: string;
  risk: RiskLevel;
  /** The parameter schema; zod is handed in lazily to keep it off the start-up path. */
  params: (z: typeof import('zod').z) => import('zod').ZodType<Params>;
  /** What it will do, for policy and approval prompts, before it runs. */
  describe(params: Params): ActionDescription;
  /** True for write/exec/destructive actions: the time-machine hook runs before them. */
  mutating: boolean;
  /**
   * The risk of this particular call when it can be higher than `risk` (an overwrite of an untracked
   * or modified file is 'destructive'); absent means `risk`. Looks at the disk, so it is async.
   */
  assessRisk?(context: SkillContext, params: Params): Promise<RiskLevel>;
  execute(context: SkillContext, params: Params): Promise<SkillResult>;
}

/** A named group of actions: a built-in, an Agent Skill folder (SKILL.md) or an MCP server. */
export interface Skill {
  name: string;
  description: string;
  source: 'builtin' | 'skill-md' | 'mcp';
  /** The folder of a SKILL.md skill. */
  location?: string;
  /** The SKILL.md body: instructions offered to models. */
  instructions?: string;
  actions: SkillAction[];
}

/** Every skill venom can use, by name. */
export interface SkillRegistry {
  list(): Skill[];
  get(name: string): Skill | undefined;
  findAction(skill: string, action: string): SkillAction | undefined;
}
