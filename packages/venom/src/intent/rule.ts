import type { Segment } from './segment.js';

/** What a rule needs besides the tokens. */
export interface RuleContext {
  readonly now: Date;
}

/** A rule's reading of a segment, before leftovers are counted. */
export interface RuleMatch {
  readonly skill: string;
  readonly action: string;
  readonly params: Record<string, unknown>;
  /** Confidence when every token is understood; leftovers lower it (see scoreSegment). */
  readonly base: number;
  /** The question to ask when a required parameter is missing. */
  readonly clarification?: string;
}

/** One intent pattern: takes the tokens it understands from the segment and returns its reading. */
export interface Rule {
  readonly name: string;
  match(segment: Segment, context: RuleContext): RuleMatch | undefined;
}

/** Base confidence of a match with a required parameter missing: never enough to act on. */
export const MISSING_PARAMETER_BASE = 0.5;

/** `params` without its undefined and false entries. */
export function definedParams(params: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== false) result[key] = value;
  return result;
}
