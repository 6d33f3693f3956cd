import { VenomError } from '@venom/core';
import { type PlanStep, skillCatalog } from '../intent/index.js';
import type { ChatMessage, GenerateResult, ModelClient, ModelRef } from '../models/index.js';

/**
 * The system prompt for model-tier requests: answer questions in plain text, or, for requests that
 * ask for actions, reply with only a JSON plan over the skill catalog.
 */
export function buildSystemPrompt(): string {
  const actions = skillCatalog
    .map((entry) => {
      const params = Object.entries(entry.params)
        .map(([name, description]) => `${name}: ${description}`)
        .join('; ');
      return `- ${entry.skill}.${entry.action}: ${entry.summary}${params === '' ? '' : ` (params: ${params})`}`;
    })
    .join('\n');
  return [
    'You are venom, a terminal assistant for software developers.',
    'If the request asks you to do something that these actions can do, reply with ONLY a JSON object',
    '{"steps":[{"id":"s1","skill":"git","action":"log","params":{"limit":5},"dependsOn":[]}]} and nothing else.',
    'Steps that need an earlier step list its id in dependsOn. Use only these actions:',
    actions,
    'Otherwise (a question, an explanation), answer concisely in plain text.',
  ].join('\n');
}

interface ReplyRequest {
  candidates: ModelRef[];
  messages: ChatMessage[];
  maxOutputTokens: number;
  signal: AbortSignal;
  onTextDelta?: (text: string) => void;
}

/**
 * Calls the model and reads its reply as either plain text (streamed as it arrives) or a JSON plan
 * (held back, validated; one repair attempt when invalid, then a clear error). The plan, when there
 * is one, is returned as `object`.
 */
export async function readModelReply(client: ModelClient, request: ReplyRequest): Promise<GenerateResult> {
  let decided: 'text' | 'plan' | undefined;
  let held = '';
  const onTextDelta = (delta: string): void => {
    if (decided === undefined) {
      held += delta;
      const start = held.trimStart();
      if (start === '') return;
      decided = start.startsWith('{') || start.startsWith('```') ? 'plan' : 'text';
      if (decided === 'text') request.onTextDelta?.(held);
      return;
    }
    if (decided === 'text') request.onTextDelta?.(delta);
  };
  const first = await client.generate({
    candidates: request.candidates,
    messages: request.messages,
    maxOutputTokens: request.maxOutputTokens,
    signal: request.signal,
    onTextDelta,
  });
  if (first.aborted || !looksLikePlan(first.text)) return first;
  const parsed = parsePlan(first.text);
  if (parsed.ok) return { ...first, object: { steps: parsed.steps } };

  const repair = await client.generate({
    candidates: [first.model],
    messages: [
      ...request.messages,
      { role: 'assistant', content: first.text },
      {
        role: 'user',
        content: `That JSON is not a valid plan: ${parsed.problem}. Reply with only the corrected JSON object.`,
      },
    ],
    maxOutputTokens: request.maxOutputTokens,
    signal: request.signal,
  });
  const repaired = parsePlan(repair.text);
  const combined: GenerateResult = {
    ...repair,
    usage: {
      inputTokens: first.usage.inputTokens + repair.usage.inputTokens,
      outputTokens: first.usage.outputTokens + repair.usage.outputTokens,
    },
    costUsd: first.costUsd === null || repair.costUsd === null ? null : first.costUsd + repair.costUsd,
    attempts: [...first.attempts, ...repair.attempts],
  };
  if (repaired.ok) return { ...combined, object: { steps: repaired.steps } };
  throw new VenomError({
    code: 'MODEL_PLAN_INVALID',
    category: 'upstream',
    message: `${first.model.provider}/${first.model.model} returned an invalid plan twice: ${repaired.problem}`,
    hint: 'Rephrase the request, or pick another model with -c models.default=<provider/model>.',
    details: { model: `${first.model.provider}/${first.model.model}` },
  });
}

function looksLikePlan(text: string): boolean {
  const start = text.trimStart();
  return start.startsWith('{') || start.startsWith('```');
}

const catalogActions = new Map(skillCatalog.map((entry) => [`${entry.skill}.${entry.action}`, entry.params]));

/** Unknown or missing parameters of a catalog action, as one sentence for the repair prompt; else undefined. */
function parameterProblem(action: string, params: Record<string, unknown>): string | undefined {
  const known = catalogActions.get(action) ?? {};
  const unknown = Object.keys(params).filter((name) => !(name in known));
  const missing = Object.entries(known)
    .filter(([name, description]) => !/^[^:]*\?:/.test(description) && !(name in params))
    .map(([name]) => name);
  if (unknown.length === 0 && missing.length === 0) return undefined;
  const parts = [
    ...(unknown.length === 0 ? [] : [`unknown parameter ${unknown.join(', ')}`]),
    ...(missing.length === 0 ? [] : [`missing ${missing.join(', ')}`]),
  ];
  return `${parts.join('; ')} for ${action} (parameters: ${Object.keys(known).join(', ') || 'none'})`;
}

/** Parses and checks a plan: known actions, unique ids, dependencies on earlier steps only. */
export function parsePlan(text: string): { ok: true; steps: PlanStep[] } | { ok: false; problem: string } {
  const body = text
    .trim()
    .replace(/^```(?:json)?\s*/, '')
    .replace(/```$/, '');
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    return { ok: false, problem: `not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const steps = (value as { steps?: unknown }).steps;
  if (!Array.isArray(steps) || steps.length === 0)
    return { ok: false, problem: '"steps" must be a non-empty array' };
  const seen = new Set<string>();
  const plan: PlanStep[] = [];
  for (const [index, raw] of steps.entries()) {
    const step = raw as Partial<PlanStep>;
    const where = `steps[${index}]`;
    if (typeof step.id !== 'string' || step.id === '')
      return { ok: false, problem: `${where}.id must be a string` };
    if (seen.has(step.id)) return { ok: false, problem: `${where}.id '${step.id}' is used twice` };
    if (typeof step.skill !== 'string' || typeof step.action !== 'string') {
      return { ok: false, problem: `${where} needs "skill" and "action" strings` };
    }
    if (!catalogActions.has(`${step.skill}.${step.action}`)) {
      return { ok: false, problem: `${where}: unknown action ${step.skill}.${step.action}` };
    }
    const params = step.params ?? {};
    if (typeof params !== 'object' || params === null || Array.isArray(params)) {
      return { ok: false, problem: `${where}.params must be an object` };
    }
    const problem = parameterProblem(`${step.skill}.${step.action}`, params as Record<string, unknown>);
    if (problem !== undefined) return { ok: false, problem: `${where}: ${problem}` };
    const dependsOn = step.dependsOn ?? [];
    if (!Array.isArray(dependsOn) || dependsOn.some((id) => typeof id !== 'string' || !seen.has(id))) {
      return { ok: false, problem: `${where}.dependsOn must list ids of earlier steps` };
    }
    seen.add(step.id);
    plan.push({ id: step.id, skill: step.skill, action: step.action, params, dependsOn });
  }
  return { ok: true, steps: plan };
}
