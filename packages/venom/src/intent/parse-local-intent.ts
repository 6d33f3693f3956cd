import { fileRules } from './file-rules.js';
import { gitRules } from './git-rules.js';
import type { Rule, RuleMatch } from './rule.js';
import { runtimeRules } from './runtime-rules.js';
import { Segment } from './segment.js';
import { shellRules } from './shell-rules.js';
import { skillCatalog } from './skill-catalog.js';
import { testRules } from './test-rules.js';
import { type Token, tokenize } from './tokenize.js';
import { venomRules } from './venom-rules.js';
import { BLOCKERS, FILLERS, KEYWORDS, normalizeWord } from './vocabulary.js';

/** One step of a plan. */
export interface PlanStep {
  id: string;
  skill: string;
  action: string;
  params: Record<string, unknown>;
  dependsOn: string[];
  /** for "X; if it passes, Y" */
  condition?: 'previous-succeeded';
}

/** The local tier's reading of a request. */
export interface LocalIntent {
  /** 0..1; at or above LOCAL_CONFIDENCE_THRESHOLD the local answer is used without a model */
  confidence: number;
  /** empty when nothing matched */
  steps: PlanStep[];
  /** A question to ask when the request is ambiguous/unknown, else null */
  clarification: string | null;
  /** Which rule(s) matched, for --explain and tests, e.g. ['git.log'] */
  matched: string[];
}

/**
 * At or above this confidence the local answer is used without a model. Chosen on bench/intent: one
 * word the rules do not understand costs 0.2 and takes a 0.95 match below it.
 */
export const LOCAL_CONFIDENCE_THRESHOLD = 0.8;

/** Every rule, in tie-break order (earlier wins a tie). */
const RULES: readonly Rule[] = [
  ...gitRules,
  ...fileRules,
  ...testRules,
  ...runtimeRules,
  ...venomRules,
  ...shellRules,
];

const PENALTY = {
  blocker: 0.6,
  unknownWord: 0.2,
  keyword: 0.15,
  entity: 0.2,
  flag: 0.2,
  correctedKeyword: 0.03,
  /** Another action scored within AMBIGUITY_MARGIN of the best one. */
  ambiguity: 0.1,
} as const;
const AMBIGUITY_MARGIN = 0.05;

/** Longer requests are a model's job (and would make "and"-splitting expensive). */
export const MAX_LOCAL_TOKENS = 60;

const CONDITION_SUBJECTS = new Set([
  'it',
  'they',
  'that',
  'this',
  'everything',
  'all',
  'the',
  'tests',
  'test',
  'build',
  'checks',
  'is',
  'are',
  'was',
  'were',
  'only',
]);
const CONDITION_VERBS = new Set([
  'pass',
  'passes',
  'passed',
  'succeed',
  'succeeds',
  'succeeded',
  'successful',
  'works',
  'work',
  'worked',
  'green',
  'ok',
  'good',
  'fine',
]);

type Relation = 'first' | 'sequential' | 'conditional' | 'parallel';

interface RawSegment {
  tokens: Token[];
  relation: Relation;
}

interface Scored {
  rule: string;
  match: RuleMatch;
  confidence: number;
  leftover: Token[];
}

function normalizeTokens(tokens: Token[]): Token[] {
  for (const token of tokens) {
    if (token.kind !== 'word' || token.number !== undefined) continue;
    const normalized = normalizeWord(token.word);
    if (normalized !== token.word) {
      token.corrected = !token.word.startsWith(normalized);
      token.word = normalized;
    }
  }
  return tokens;
}

/** Length of a condition marker ("if it passes", "if successful") starting at `index`, or 0. */
function conditionLength(tokens: readonly Token[], index: number): number {
  const start = tokens[index];
  if (start?.kind !== 'word') return 0;
  let cursor = index;
  if (start.word === 'only' && tokens[index + 1]?.word === 'if') cursor++;
  if (tokens[cursor]?.word !== 'if') {
    return start.word === 'on' && tokens[index + 1]?.word === 'success' ? 2 : 0;
  }
  cursor++;
  for (let count = 0; count < 4; count++) {
    const token = tokens[cursor];
    if (token?.kind !== 'word') return 0;
    if (CONDITION_VERBS.has(token.word)) return cursor + 1 - index;
    if (!CONDITION_SUBJECTS.has(token.word)) return 0;
    cursor++;
  }
  return 0;
}

/** Splits on the definite boundaries: ";", "&&", ",", "then", "and then", "after that", "if it passes". */
function splitDefinite(tokens: readonly Token[]): RawSegment[] {
  const segments: RawSegment[] = [];
  let current: Token[] = [];
  let relation: Relation = 'first';
  const close = (next: Relation) => {
    while (current.length > 0 && ['and', ','].includes(current[current.length - 1]?.word ?? ''))
      current.pop();
    if (current.length > 0) {
      segments.push({ tokens: current, relation });
      relation = next;
    } else if (segments.length > 0 && next === 'conditional') {
      // "then, if it passes": the condition wins over plain order.
      relation = next;
    }
    current = [];
  };
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index];
    if (token === undefined) continue;
    const condition = conditionLength(tokens, index);
    if (condition > 0) {
      close('conditional');
      index += condition - 1;
      if (tokens[index + 1]?.word === ',') index++;
      continue;
    }
    if (token.kind === 'separator') {
      close(token.word === '&&' ? 'conditional' : 'sequential');
      continue;
    }
    if (token.kind === 'word' && token.raw.toLowerCase() === 'then') {
      close('sequential');
      continue;
    }
    if (token.kind === 'word' && token.word === 'after' && tokens[index + 1]?.word === 'that') {
      close('sequential');
      index++;
      continue;
    }
    if (token.kind === 'word' && token.raw.toLowerCase() === 'afterwards') {
      close('sequential');
      continue;
    }
    current.push(token);
  }
  close('sequential');
  return segments;
}

function isFiller(token: Token): boolean {
  return token.kind === 'separator' || (token.kind === 'word' && FILLERS.has(token.word));
}

function leftoverPenalty(token: Token): number {
  switch (token.kind) {
    case 'separator':
      return 0;
    case 'flag':
      return PENALTY.flag;
    case 'word':
      if (FILLERS.has(token.word)) return 0;
      if (BLOCKERS.has(token.word)) return PENALTY.blocker;
      if (KEYWORDS.has(token.word)) return PENALTY.keyword;
      return PENALTY.unknownWord;
    default:
      return PENALTY.entity;
  }
}

/** Runs every rule on the tokens; the candidates best first. */
function rank(tokens: readonly Token[], text: string, now: Date): Scored[] {
  const scored: Scored[] = [];
  for (const rule of RULES) {
    const segment = new Segment(tokens, text);
    const match = rule.match(segment, { now });
    if (match === undefined) continue;
    const leftover = segment.unused().map((index) => tokens[index] as Token);
    let penalty = segment.correctedKeywords * PENALTY.correctedKeyword;
    for (const token of leftover) penalty += leftoverPenalty(token);
    scored.push({ rule: rule.name, match, confidence: Math.max(0, match.base - penalty), leftover });
  }
  scored.sort((left, right) => right.confidence - left.confidence);
  const [best, second] = scored;
  if (best !== undefined && second !== undefined && best.confidence - second.confidence < AMBIGUITY_MARGIN) {
    const sameAction = best.match.skill === second.match.skill && best.match.action === second.match.action;
    if (!sameAction) best.confidence = Math.max(0, best.confidence - PENALTY.ambiguity);
  }
  return scored;
}

interface SegmentReading {
  relation: Relation;
  best: Scored | undefined;
}

/** Reads one definite segment; tries a split on a plain "and" when the whole does not read well. */
function readSegment(segment: RawSegment, text: string, now: Date, depth = 0): SegmentReading[] {
  const ranked = rank(segment.tokens, text, now);
  let [best] = ranked;
  if (best !== undefined && best.confidence >= LOCAL_CONFIDENCE_THRESHOLD)
    return [{ relation: segment.relation, best }];
  // A reading that understood every word and only lacks a parameter beats a partial one: ask for the parameter.
  const complete = ranked.find(
    (scored) => scored.match.clarification !== undefined && scored.leftover.every(isFiller),
  );
  if (complete !== undefined) best = complete;
  for (let index = 1; index < segment.tokens.length - 1 && depth < 3; index++) {
    if (segment.tokens[index]?.word !== 'and') continue;
    const left = segment.tokens.slice(0, index);
    const right = segment.tokens.slice(index + 1);
    const [leftBest] = rank(left, text, now);
    if (leftBest === undefined || leftBest.confidence < LOCAL_CONFIDENCE_THRESHOLD) continue;
    const rightReadings = readSegment({ tokens: right, relation: 'parallel' }, text, now, depth + 1);
    const same = (reading: SegmentReading) =>
      reading.best?.match.skill === leftBest.match.skill &&
      reading.best?.match.action === leftBest.match.action &&
      JSON.stringify(reading.best?.match.params) === JSON.stringify(leftBest.match.params);
    if (rightReadings.some(same)) continue;
    if (rightReadings.every((reading) => (reading.best?.confidence ?? 0) >= LOCAL_CONFIDENCE_THRESHOLD)) {
      return [{ relation: segment.relation, best: leftBest }, ...rightReadings];
    }
  }
  return [{ relation: segment.relation, best }];
}

const round = (value: number): number => Math.round(value * 100) / 100;

function describe(match: RuleMatch): string {
  const entry = skillCatalog.find((item) => item.skill === match.skill && item.action === match.action);
  return `${match.skill}.${match.action}${entry === undefined ? '' : ` (${entry.summary})`}`;
}

function clarify(readings: readonly SegmentReading[]): string {
  const weak = readings.find((reading) => (reading.best?.confidence ?? 0) < LOCAL_CONFIDENCE_THRESHOLD);
  const best = weak?.best;
  if (best === undefined) {
    return 'What would you like me to do? Without a model I can answer requests such as "git status", "show the last 5 commits", "find *.ts files", "run the tests" or "costs this week".';
  }
  if (best.match.clarification !== undefined) return best.match.clarification;
  const blocker = best.leftover.find((token) => token.kind === 'word' && BLOCKERS.has(token.word));
  if (blocker !== undefined) {
    const readAs = blocker.corrected ? ` (read as "${blocker.word}")` : '';
    return `"${blocker.raw}"${readAs} needs a model: I only run read-only and explicitly named commands locally. Could you rephrase, or configure a model to handle it?`;
  }
  const unknown = best.leftover
    .filter((token) => token.kind !== 'separator' && !(token.kind === 'word' && FILLERS.has(token.word)))
    .map((token) => token.raw);
  const suffix = unknown.length > 0 ? ` (I did not understand: ${unknown.join(', ')})` : '';
  return `Did you mean ${describe(best.match)}${suffix}?`;
}

/**
 * The zero-cost local tier of `venom ask`: reads a request with deterministic rules (no model, no I/O)
 * and returns a plan with a confidence. Pure and synchronous; relative dates resolve against
 * `options.now` (default: the current time) in the local time zone.
 */
export function parseLocalIntent(request: string, options: { now?: Date } = {}): LocalIntent {
  const now = options.now ?? new Date();
  const tokens = normalizeTokens(tokenize(request));
  if (tokens.length > MAX_LOCAL_TOKENS) {
    return {
      confidence: 0,
      steps: [],
      clarification: `That request is too long for me to read without a model (${tokens.length} words, at most ${MAX_LOCAL_TOKENS}). Could you shorten it, or configure a model?`,
      matched: [],
    };
  }
  // A segment of fillers only ("hey venom," before the request) is no step.
  const segments = splitDefinite(tokens).filter((segment) => !segment.tokens.every(isFiller));
  const readings = segments.flatMap((segment) => readSegment(segment, request, now));
  const steps: PlanStep[] = [];
  const matched: string[] = [];
  let confidence = readings.length === 0 ? 0 : 1;
  for (const reading of readings) {
    confidence = Math.min(confidence, reading.best?.confidence ?? 0);
    if (reading.best === undefined) continue;
    const id = `s${steps.length + 1}`;
    const previous = steps[steps.length - 1];
    const ordered =
      previous !== undefined && (reading.relation === 'sequential' || reading.relation === 'conditional');
    const step: PlanStep = {
      id,
      skill: reading.best.match.skill,
      action: reading.best.match.action,
      params: reading.best.match.params,
      dependsOn: ordered ? [previous.id] : [],
    };
    if (ordered && reading.relation === 'conditional') step.condition = 'previous-succeeded';
    steps.push(step);
    matched.push(reading.best.rule);
  }
  confidence = round(confidence);
  return {
    confidence,
    steps,
    clarification: confidence >= LOCAL_CONFIDENCE_THRESHOLD ? null : clarify(readings),
    matched,
  };
}
