import type { Candidate } from './types.js';

/**
 * Cost in USD of a call to `candidate` with these token counts; null when either price is unknown.
 * With `outputTokens` = the call's output limit this is the worst case the budget checks.
 */
export function estimateCostUsd(
  candidate: Candidate,
  inputTokens: number,
  outputTokens: number,
): number | null {
  if (candidate.inputPerMillionUsd === null || candidate.outputPerMillionUsd === null) return null;
  return (
    (inputTokens * candidate.inputPerMillionUsd + outputTokens * candidate.outputPerMillionUsd) / 1_000_000
  );
}

/**
 * The most capable configured candidate for a task class (highest prior, then highest price): the
 * baseline for "savings vs always using the most capable model" in `venom stats`.
 */
export function mostCapableCandidate(
  candidates: readonly Candidate[],
  taskClass: 'simple' | 'moderate' | 'complex' = 'complex',
): Candidate | undefined {
  let best: Candidate | undefined;
  for (const candidate of candidates) {
    if (best === undefined) {
      best = candidate;
      continue;
    }
    const quality = candidate.qualityPrior[taskClass] ?? 0;
    const bestQuality = best.qualityPrior[taskClass] ?? 0;
    const price = (candidate.inputPerMillionUsd ?? 0) + (candidate.outputPerMillionUsd ?? 0);
    const bestPrice = (best.inputPerMillionUsd ?? 0) + (best.outputPerMillionUsd ?? 0);
    if (quality > bestQuality || (quality === bestQuality && price > bestPrice)) best = candidate;
  }
  return best;
}
