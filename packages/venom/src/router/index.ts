/**
 * Routing: which model answers a request. Candidates -> eligibility (local-only, capabilities,
 * context window, cost cap) -> Pareto front (cost, quality, latency) -> Thompson sampling on
 * per-(model, task class) Beta posteriors kept in the store. See docs/architecture/router.md.
 */
export { classifyTaskHeuristically } from './classify-task-heuristically.js';
export { buildClassifierPrompt, parseClassifierReply } from './classify-with-model.js';
export { type CreateRouterOptions, createRouter } from './create-router.js';
export { defaultCandidates } from './default-candidates.js';
export { estimateCostUsd, mostCapableCandidate } from './estimate-cost.js';
export {
  createOutcomeLog,
  type OutcomeCorrection,
  type OutcomeLog,
  type RecordedOutcome,
  requestKey,
} from './outcome-log.js';
export { type FrontPoint, paretoFront } from './pareto-front.js';
export { candidatesFromConfig, createRouterConfigSchema, type RouterConfig } from './router-config-schema.js';
export { routerMigrations } from './router-migrations.js';
export { createSeededRandom, sampleBeta } from './sample-beta.js';
export {
  type Candidate,
  type CandidateScore,
  type OutcomeContext,
  type PosteriorStats,
  type RouteConstraints,
  type RouteDecision,
  type Router,
  type TaskClass,
  taskClasses,
} from './types.js';
