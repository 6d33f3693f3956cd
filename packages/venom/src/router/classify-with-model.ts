import type { TaskClass } from './types.js';

/**
 * Gemini CLI's classifier pattern (packages/core/src/routing/strategies/classifierStrategy.ts): a
 * cheap model reads the request with a rubric and answers JSON; any malformed answer yields null so
 * the next strategy (the heuristic) decides. The model call itself belongs to the caller.
 */

/** The rubric prompt for a cheap classifier model; ask for JSON output with a small token limit (~100). */
export function buildClassifierPrompt(request: string): string {
  return [
    'Classify how hard the following request is for an AI coding assistant.',
    'Answer with JSON only: {"reasoning": "<one short sentence>", "task_class": "simple" | "moderate" | "complex"}.',
    'simple: a lookup, a single command, or a small self-contained edit.',
    'moderate: an ordinary change of one or a few files with a clear goal.',
    'complex: 4 or more steps, strategic "why" or design questions, high ambiguity, or deep debugging.',
    '',
    'Request:',
    '"""',
    request.slice(0, 8000),
    '"""',
  ].join('\n');
}

/** The task class from a classifier model's reply, or null when the reply is not the JSON asked for. */
export function parseClassifierReply(reply: string): TaskClass | null {
  const start = reply.indexOf('{');
  const end = reply.lastIndexOf('}');
  if (start === -1 || end <= start) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(reply.slice(start, end + 1));
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const value = (parsed as Record<string, unknown>).task_class;
  return value === 'simple' || value === 'moderate' || value === 'complex' ? value : null;
}
