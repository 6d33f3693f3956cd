import { randomUUID } from 'node:crypto';
import { VenomError } from '@venom/core';
import {
  LOCAL_CONFIDENCE_THRESHOLD,
  type LocalIntent,
  type PlanStep,
  parseLocalIntent,
} from '../intent/index.js';
import type { SessionStore } from '../memory/index.js';
import {
  type BudgetLedger,
  type ChatMessage,
  estimateTokens,
  type GenerateResult,
  type ModelClient,
  parseModelRef,
  type Reservation,
} from '../models/index.js';
import {
  buildClassifierPrompt,
  type Candidate,
  classifyTaskHeuristically,
  estimateCostUsd,
  mostCapableCandidate,
  type OutcomeLog,
  parseClassifierReply,
  type RouteDecision,
  type Router,
  requestKey,
  type TaskClass,
} from '../router/index.js';
import { buildSystemPrompt, readModelReply } from './model-reply.js';

/** The document `venom ask --json` prints (the contract; fields are never renamed). */
export interface AskOutcome {
  route: { tier: 'local' | 'model'; model: string | null; reason: string };
  intent: { confidence: number; clarification: string | null };
  plan: { steps: PlanStep[] };
  estimate: { usd: number | null };
  /** The model's answer to a question that needs no action. */
  answer?: {
    text: string;
    costUsd: number | null;
    cached: boolean;
    aborted: boolean;
    usage: { inputTokens: number; outputTokens: number };
    fallbacks: string[];
    warnings: string[];
    /** The text was already written to the terminal as it arrived. */
    streamed?: boolean;
  };
  /** Model tier: the id the router recorded this request's outcome under (a retry or rejection corrects it). */
  requestId?: string;
  /** With --explain: how the decision was made. */
  explain?: { taskClass: TaskClass | null; local: LocalIntent; routing: RouteDecision | null };
  session: string;
}

export interface AskOptions {
  request: string;
  dryRun: boolean;
  explain: boolean;
  /** Start a new conversation instead of continuing the current one. */
  fresh: boolean;
  /**
   * The user found the previous answer of this conversation wrong and asks again: that answer's model is
   * recorded as failed and sits this one out, and the local tier is skipped.
   */
  retry?: boolean;
  /** The user said yes to the local tier's proposed steps ("Do you want me to run …?"). */
  acceptProposedSteps?: boolean;
  maxOutputTokens: number;
  signal: AbortSignal;
  onTextDelta?: (text: string) => void;
  now?: Date;
}

export interface AskDependencies {
  sessions: SessionStore;
  ledger: BudgetLedger;
  /** Undefined when no model provider is usable (no keys, no local server configured). */
  router: Router | undefined;
  modelClient: ModelClient | undefined;
  /** How many earlier messages of the session go with a model call. */
  historyMessages?: number;
  /** A cheap model that classifies task difficulty when the local tier cannot (else a heuristic). */
  classifier?: Candidate;
  /** Outcomes per request, for the retry and rejection signals; without it they are not learned. */
  outcomes?: OutcomeLog;
}

/** Asking the same thing again within this time counts as a retry of the earlier answer. */
const RETRY_WINDOW_MS = 10 * 60 * 1000;

/**
 * Turns one request into an answer or a plan: the local intent engine first (free, offline); below
 * its confidence threshold, a model chosen by the router within the budget. Executes nothing.
 */
export async function askRequest(options: AskOptions, dependencies: AskDependencies): Promise<AskOutcome> {
  const request = options.request.trim();
  if (request === '') {
    throw new VenomError({
      code: 'ASK_EMPTY',
      category: 'usage',
      message: 'nothing to ask',
      hint: 'Run venom ask "show the last 3 commits".',
    });
  }
  const session = dependencies.sessions.current({ fresh: options.fresh, title: request });
  const local = parseLocalIntent(request, options.now === undefined ? {} : { now: options.now });
  const requestId = randomUUID();

  const confirmed = options.acceptProposedSteps === true && local.steps.length > 0;
  if (
    options.retry !== true &&
    local.steps.length > 0 &&
    (local.confidence >= LOCAL_CONFIDENCE_THRESHOLD || confirmed)
  ) {
    if (!options.dryRun) dependencies.ledger.recordLocal({ requestId });
    dependencies.sessions.append(session.id, { role: 'user', content: request, model: null, costUsd: null });
    return {
      route: {
        tier: 'local',
        model: null,
        reason: `the local intent engine matched ${local.matched.join(', ')} with confidence ${local.confidence.toFixed(2)}${confirmed && local.confidence < LOCAL_CONFIDENCE_THRESHOLD ? ', confirmed by you' : ''}`,
      },
      intent: { confidence: local.confidence, clarification: null },
      plan: { steps: local.steps },
      estimate: { usd: 0 },
      ...(options.explain ? { explain: { taskClass: null, local, routing: null } } : {}),
      session: session.id,
    };
  }

  const { router, modelClient } = dependencies;
  if (router === undefined || modelClient === undefined) {
    return {
      route: {
        tier: 'model',
        model: null,
        reason: 'no model provider is configured, and the local intent engine is not sure',
      },
      intent: {
        confidence: local.confidence,
        clarification:
          local.clarification ??
          "I can't do that without a model. Rephrase it as a git, files, tests or run request, or configure a provider with 'venom auth set anthropic'.",
      },
      plan: { steps: [] },
      estimate: { usd: null },
      ...(options.explain ? { explain: { taskClass: null, local, routing: null } } : {}),
      session: session.id,
    };
  }

  const history = dependencies.sessions.recent(session.id, dependencies.historyMessages ?? 10);
  const messages: ChatMessage[] = [
    { role: 'system', content: buildSystemPrompt() },
    ...history.map((message) => ({ role: message.role, content: message.content })),
    { role: 'user', content: request },
  ];
  const retried = options.dryRun ? undefined : noteRetry(request, session.id, options, dependencies.outcomes);
  const classified = options.dryRun
    ? { taskClass: classifyTaskHeuristically(request), warnings: [] }
    : await classifyTask(request, dependencies, modelClient, requestId, options.signal);
  const taskClass = classified.taskClass;
  const estimatedInputTokens = messages.reduce(
    (total, message) => total + estimateTokens(message.content),
    0,
  );
  const limits = dependencies.ledger.status().limits;
  const decision = router.route(taskClass, {
    estimatedInputTokens,
    maxOutputTokens: options.maxOutputTokens,
    ...(limits.perRequestUsd === undefined ? {} : { maxCostUsd: limits.perRequestUsd }),
    ...(retried === undefined ? {} : { avoid: [retried.candidateId] }),
  });
  const explain = options.explain ? { explain: { taskClass, local, routing: decision } } : {};
  const winner = decision.winner;
  if (winner === undefined) {
    throw new VenomError({
      code: 'ROUTE_NONE',
      category: 'usage',
      message: `no model can take this request: ${decision.reason}`,
      hint: "Raise the per-request budget with 'venom config set models.budget_request_usd <usd>', or add a candidate.",
      details: {
        excluded: decision.eligible.map((entry) => ({ id: entry.candidate.id, why: entry.excludedBecause })),
      },
    });
  }
  const expected = decision.expectedCostUsd[winner.id] ?? null;
  if (options.dryRun) {
    return {
      route: { tier: 'model', model: winner.id, reason: decision.reason },
      intent: { confidence: local.confidence, clarification: null },
      plan: { steps: [] },
      estimate: { usd: expected },
      ...explain,
      session: session.id,
    };
  }

  // Reserve the worst case of the first candidate the budget allows; cheaper ones are the downgrade path.
  let reservation: Reservation | undefined;
  let refusal: string | undefined;
  const affordable: string[] = [];
  for (const candidate of decision.ranked) {
    const worstCase = estimateCostUsd(candidate, estimatedInputTokens, options.maxOutputTokens);
    const reserved = dependencies.ledger.reserve(worstCase, { model: candidate.id, requestId });
    if (reserved.ok) {
      reservation = reserved.reservation;
      affordable.push(
        candidate.id,
        ...decision.ranked.slice(decision.ranked.indexOf(candidate) + 1).map((next) => next.id),
      );
      break;
    }
    refusal ??= reserved.message;
    // The velocity breaker stops every call; a cheaper model is no way around it.
    if (reserved.reason === 'velocity' || reserved.reason === 'velocity-tripped') break;
  }
  if (reservation === undefined) {
    throw new VenomError({
      code: 'BUDGET_EXCEEDED',
      category: 'usage',
      message: `refused: ${refusal ?? 'the budget does not allow this call'}`,
      hint:
        "See 'venom budget'. Raise a limit with 'venom config set models.budget_daily_usd <usd>' " +
        "(or budget_request_usd, budget_monthly_usd); after the spend-velocity breaker, run 'venom budget confirm'.",
    });
  }

  dependencies.sessions.append(session.id, { role: 'user', content: request, model: null, costUsd: null });
  const outcomeContext = { requestId, sessionId: session.id, requestKey: requestKey(request) };
  let result: GenerateResult;
  try {
    result = await readModelReply(modelClient, {
      candidates: affordable.map(parseModelRef),
      messages,
      maxOutputTokens: options.maxOutputTokens,
      signal: options.signal,
      ...(options.onTextDelta === undefined ? {} : { onTextDelta: options.onTextDelta }),
    });
  } catch (error) {
    dependencies.ledger.release(reservation);
    router.recordOutcome(winner.id, taskClass, false, outcomeContext);
    throw error;
  }
  const used = `${result.model.provider}/${result.model.model}`;
  dependencies.ledger.settle(reservation, {
    costUsd: result.costUsd,
    model: used,
    provider: result.model.provider,
    inputTokens: result.usage.inputTokens,
    outputTokens: result.usage.outputTokens,
    cached: result.cached,
    tier: 'model',
    baselineCostUsd: baselineCost(decision, taskClass, result),
  });
  const plan = result.object as { steps?: PlanStep[] } | undefined;
  router.recordOutcome(used, taskClass, !result.aborted, outcomeContext);
  dependencies.sessions.append(session.id, {
    role: 'assistant',
    content: plan?.steps === undefined ? result.text : JSON.stringify(plan),
    model: used,
    costUsd: result.costUsd,
  });
  const fallbacks = result.attempts
    .filter((attempt) => attempt.outcome === 'fallback')
    .map((attempt) => attempt.message ?? '');
  return {
    route: {
      tier: 'model',
      model: used,
      reason: used === winner.id ? decision.reason : `${decision.reason}; fell back to ${used}`,
    },
    intent: { confidence: plan?.steps === undefined ? local.confidence : 1, clarification: null },
    plan: { steps: plan?.steps ?? [] },
    estimate: { usd: expected },
    answer: {
      text: plan?.steps === undefined ? result.text : '',
      costUsd: result.costUsd,
      cached: result.cached,
      aborted: result.aborted,
      usage: { inputTokens: result.usage.inputTokens, outputTokens: result.usage.outputTokens },
      fallbacks,
      warnings: [
        ...(retried === undefined
          ? []
          : [`you retried: ${retried.candidateId}'s earlier answer is recorded as a failure`]),
        ...classified.warnings,
        ...result.warnings,
      ],
    },
    requestId,
    ...explain,
    session: session.id,
  };
}

/**
 * A retry — `--retry`, or the same request asked again in the conversation within ten minutes —
 * turns the earlier answer's success into a failure (the router learns from it) and returns that
 * outcome, whose model then sits this request out. Only the conversation's latest model answer, and
 * only when it answered this same request, is ever corrected.
 */
function noteRetry(
  request: string,
  sessionId: string,
  options: AskOptions,
  outcomes: OutcomeLog | undefined,
): { candidateId: string } | undefined {
  if (outcomes === undefined) return undefined;
  const previous = outcomes.last(sessionId);
  if (previous === undefined || previous.correctedBecause !== null) return undefined;
  // Only the answer to this same request is blamed: never a model that answered something else.
  if (previous.requestKey !== requestKey(request)) return undefined;
  const now = (options.now ?? new Date()).getTime();
  const recent = now - new Date(previous.createdAt).getTime() <= RETRY_WINDOW_MS;
  if (options.retry !== true && !recent) return undefined;
  const corrected = outcomes.correct({ requestId: previous.requestId }, 'retried');
  return corrected === undefined ? undefined : { candidateId: previous.candidateId };
}

/**
 * What the call would have cost on the most capable configured model: the baseline of `venom stats`'
 * savings figure.
 */
function baselineCost(decision: RouteDecision, taskClass: TaskClass, result: GenerateResult): number | null {
  const strongest = mostCapableCandidate(
    decision.eligible.map((entry) => entry.candidate),
    taskClass,
  );
  if (strongest === undefined || result.cached) return null;
  return estimateCostUsd(strongest, result.usage.inputTokens, result.usage.outputTokens);
}

const CLASSIFIER_OUTPUT_TOKENS = 100;

/**
 * The task class, from the configured cheap classifier model (Gemini CLI's pattern) when there is one
 * and the budget allows it, else from the heuristic. A classifier that fails or answers badly falls
 * back to the heuristic with a warning; it never fails the request.
 */
async function classifyTask(
  request: string,
  dependencies: AskDependencies,
  modelClient: ModelClient,
  requestId: string,
  signal: AbortSignal,
): Promise<{ taskClass: TaskClass; warnings: string[] }> {
  const classifier = dependencies.classifier;
  const heuristic = classifyTaskHeuristically(request);
  if (classifier === undefined) return { taskClass: heuristic, warnings: [] };
  const prompt = buildClassifierPrompt(request);
  const worstCase = estimateCostUsd(classifier, estimateTokens(prompt), CLASSIFIER_OUTPUT_TOKENS);
  const reserved = dependencies.ledger.reserve(worstCase, { model: classifier.id, requestId });
  if (!reserved.ok) {
    return {
      taskClass: heuristic,
      warnings: [`classifier skipped (${reserved.message}); used the heuristic`],
    };
  }
  try {
    const reply = await modelClient.generate({
      candidates: [{ provider: classifier.provider, model: classifier.model }],
      messages: [{ role: 'user', content: prompt }],
      maxOutputTokens: CLASSIFIER_OUTPUT_TOKENS,
      signal,
    });
    dependencies.ledger.settle(reserved.reservation, {
      costUsd: reply.costUsd,
      model: classifier.id,
      provider: classifier.provider,
      inputTokens: reply.usage.inputTokens,
      outputTokens: reply.usage.outputTokens,
      cached: reply.cached,
      tier: 'model',
    });
    const taskClass = parseClassifierReply(reply.text);
    return taskClass === null
      ? {
          taskClass: heuristic,
          warnings: [`classifier ${classifier.id} gave no usable answer; used the heuristic`],
        }
      : { taskClass, warnings: [] };
  } catch (error) {
    dependencies.ledger.release(reserved.reservation);
    if (signal.aborted) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    return {
      taskClass: heuristic,
      warnings: [`classifier ${classifier.id} failed (${reason}); used the heuristic`],
    };
  }
}
