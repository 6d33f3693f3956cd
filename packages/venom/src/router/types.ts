/**
 * How hard a request is, as the local classifier, a cheap classifier model or the length/keyword
 * heuristic judged it. Posteriors are kept per (candidate, task class).
 */
export type TaskClass = 'simple' | 'moderate' | 'complex';

/** Every task class, easiest first. */
export const taskClasses: readonly TaskClass[] = ['simple', 'moderate', 'complex'];

/** A model the router may pick, from configuration or {@link defaultCandidates}. */
export interface Candidate {
  /** `provider/model`, e.g. `anthropic/claude-sonnet-4-5`; the key of its posteriors in the store. */
  id: string;
  provider: string;
  model: string;
  /** Runs on this machine (Ollama, a local OpenAI-compatible server): eligible under `localOnly`. */
  local: boolean;
  /** USD per million input tokens; null = unknown (never treated as free). */
  inputPerMillionUsd: number | null;
  /** USD per million output tokens; null = unknown. */
  outputPerMillionUsd: number | null;
  /** Prior success rate (0..1) per task class, before any outcome is observed. */
  qualityPrior: Partial<Record<TaskClass, number>>;
  /** Typical time to a complete answer, in milliseconds. */
  latencyMs: number;
  /** What it can do: `tools`, `long-context`, `structured-output`, … */
  capabilities: string[];
  /** Input plus output tokens it accepts; unset = not checked. */
  contextWindow?: number;
}

/** What a request needs from the model that answers it. */
export interface RouteConstraints {
  /** Candidates whose worst-case cost for this request exceeds this are excluded. */
  maxCostUsd?: number;
  /** Privacy: only local candidates are eligible. */
  localOnly?: boolean;
  /** Capabilities every eligible candidate must list, e.g. `['tools']`. */
  requiredCapabilities?: string[];
  estimatedInputTokens: number;
  /** The output limit the call will be made with; worst-case cost assumes all of it is used. */
  maxOutputTokens: number;
  /**
   * Candidates to pass over while another is eligible: the model whose answer the user just retried.
   * Unlike the other constraints this never leaves the request without a model.
   */
  avoid?: readonly string[];
}

/** Which request an outcome belongs to, so a later retry or rejection can correct it. */
export interface OutcomeContext {
  requestId: string;
  sessionId?: string;
  /** {@link requestKey} of the request text (a hash: no request text is kept here). */
  requestKey?: string;
}

/** One candidate's standing in a decision, for `venom ask --explain`. */
export interface CandidateScore {
  candidateId: string;
  /** Posterior mean success rate for the task class. */
  expectedQuality: number;
  /** Posterior mean + 2 standard deviations (capped at 1): another candidate must reach this to dominate it. */
  upperQuality: number;
  /** The Thompson sample drawn for it (front members only). */
  sample?: number;
  /**
   * sample − costWeight × cost / (most expensive eligible cost) − latencyWeight × latency / (slowest
   * eligible latency); the winner has the highest. Front members only.
   */
  utility?: number;
}

/** The router's answer for one request, with everything needed to explain it. */
export interface RouteDecision {
  /** undefined => nothing eligible; `reason` says why (e.g. all over budget). */
  winner: Candidate | undefined;
  /** Winner first, then fallbacks in order (for the model client's fallback chain). */
  ranked: Candidate[];
  /** Every candidate, with why it was excluded (no `excludedBecause` = eligible). */
  eligible: Array<{ candidate: Candidate; excludedBecause?: string }>;
  /** Ids on the Pareto front (worst-case cost vs quality vs latency; see CandidateScore.upperQuality). */
  front: string[];
  /** Thompson sample per front member. */
  samples: Record<string, number>;
  /** Worst-case cost of this request per candidate (all of maxOutputTokens used); null = unknown price. */
  expectedCostUsd: Record<string, number | null>;
  /** One sentence: why the winner won. */
  reason: string;
  /** Posterior mean, sample and utility per eligible candidate, best utility first. */
  scores: CandidateScore[];
  taskClass: TaskClass;
  /** The weights the utility used. */
  costWeight: number;
  latencyWeight: number;
  /** How many outcomes the quality priors were worth in this decision (see `adaptPriorStrength`). */
  priorStrength: number;
}

/** One (candidate, task class) posterior, as `venom router stats` shows it. */
export interface PosteriorStats {
  candidateId: string;
  taskClass: TaskClass;
  /** Prior pseudo-successes plus observed successes. */
  alpha: number;
  /** Prior pseudo-failures plus observed failures. */
  beta: number;
  /** alpha / (alpha + beta). */
  mean: number;
  /** Observed outcomes (successes + failures). */
  trials: number;
  /** Whether the candidate is in the current configuration (stored posteriors of removed models stay). */
  configured: boolean;
}

/** Picks a model per request and learns from outcomes; posteriors live in the store. */
export interface Router {
  route(taskClass: TaskClass, constraints: RouteConstraints): RouteDecision;
  /**
   * Updates Beta(α, β) of (candidate, task class) in the store. Success = no error, valid structured
   * output, and the user did not reject or retry.
   */
  recordOutcome(candidateId: string, taskClass: TaskClass, success: boolean, context?: OutcomeContext): void;
  stats(): PosteriorStats[];
  /** What the quality priors are worth now, in outcomes. */
  priorStrength(): number;
}
