export {
  type ApprovalQueue,
  type ApprovalState,
  createApprovalQueue,
  type QueuedApproval,
} from './approval-queue.js';
export { type AskDependencies, type AskOptions, type AskOutcome, askRequest } from './ask-request.js';
export { digestOutput, executePlan, type ResumePlanOptions, resumePlan } from './execute-plan.js';
export { formatApprovalPrompt } from './format-approval-prompt.js';
export { buildSystemPrompt, parsePlan, readModelReply } from './model-reply.js';
export { planMigrations } from './plan-migrations.js';
export type {
  ApprovalAnswer,
  ApprovalRequestInfo,
  AskApproval,
  ExecutePlanOptions,
  PlanEvent,
  PlanProblem,
  PlanRun,
  RunState,
  StepRun,
  StepState,
} from './plan-run.js';
export { getRun, listRuns } from './plan-run-store.js';
export { findReferences, type PlanReference, resolveReferences } from './resolve-references.js';
export { formatStepLine, type RunSummary, summarizeRun } from './summarize-run.js';
export { validatePlan } from './validate-plan.js';
