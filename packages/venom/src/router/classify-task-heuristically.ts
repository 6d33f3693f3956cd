import type { TaskClass } from './types.js';

/** Words that signal deep work: Gemini CLI's rubric calls strategic "why" questions, deep debugging and multi-step changes COMPLEX. */
const complexSignals = [
  /\brefactor/,
  /\barchitect/,
  /\bredesign/,
  /\bmigrat/,
  /\bdebug/,
  /\broot cause/,
  /\bwhy (does|is|do|did|are|would)\b/,
  /\brace condition/,
  /\bdeadlock/,
  /\bmemory leak/,
  /\boptimi[sz]e/,
  /\bsecurity (review|audit)/,
  /\bacross (the|all|every)\b/,
  /\bend[- ]to[- ]end\b/,
  /\btrade-?offs?\b/,
  /\bdesign (a|an|the)\b/,
  /\bimplement\b/,
  /\bstep by step\b/,
];

/** Words that signal a lookup or one small action. */
const simpleSignals = [
  /^(what|which|where|who|when) (is|are|was)\b/,
  /^(list|show|print|count|open|run|start|stop|rename|delete|remove|cd|ls)\b/,
  /\bwhat time\b/,
  /\bconvert\b/,
  /\btranslate\b/,
  /\bspell\b/,
  /\bhow do i\b/,
];

/** Connectors that split a request into steps ("then", "and also", numbered items). */
const stepPattern = /\b(then|after that|afterwards|next|finally|and also)\b|^\s*\d+[.)]\s|;/gm;

/**
 * The task class of a request from its length and wording, used when neither the local tier nor a
 * cheap classifier model is available. Deliberately conservative: when unsure it says `moderate`.
 */
export function classifyTaskHeuristically(request: string): TaskClass {
  const text = request.trim().toLowerCase();
  const words = text.split(/\s+/).filter((word) => word.length > 0).length;
  const steps = (text.match(stepPattern) ?? []).length + 1;
  const complexHits = complexSignals.filter((pattern) => pattern.test(text)).length;
  const simpleHits = simpleSignals.filter((pattern) => pattern.test(text)).length;
  const hasCode = /```|\n {4}\S|\b\w+\(.*\)\s*[{;]/.test(request);

  if (steps >= 4 || words > 150 || complexHits >= 2 || (complexHits >= 1 && (words > 40 || hasCode)))
    return 'complex';
  if (complexHits === 0 && !hasCode && steps <= 1 && words <= 12) return 'simple';
  if (simpleHits > 0 && complexHits === 0 && !hasCode && steps <= 2 && words <= 25) return 'simple';
  return 'moderate';
}
