/** A point to compare: lower cost, higher quality and lower latency are better. */
export interface FrontPoint {
  id: string;
  /** null = unknown price: it can never be shown cheaper than another point. */
  costUsd: number | null;
  /** Expected quality (posterior mean). */
  quality: number;
  /**
   * Optimistic quality (e.g. mean + 2 sd); default `quality`. Another point beats this one on quality
   * only when its expected quality reaches this, so an under-explored point is not dropped on a few
   * unlucky outcomes.
   */
  qualityUpper?: number;
  latencyMs: number;
}

function dominates(a: FrontPoint, b: FrontPoint): boolean {
  const costA = a.costUsd ?? Number.POSITIVE_INFINITY;
  const costB = b.costUsd ?? Number.POSITIVE_INFINITY;
  const upperB = b.qualityUpper ?? b.quality;
  const noWorse = costA <= costB && a.quality >= upperB && a.latencyMs <= b.latencyMs;
  const better = costA < costB || a.quality > upperB || a.latencyMs < b.latencyMs;
  return noWorse && better;
}

/**
 * Ids of the points no other point dominates (no worse on cost, quality and latency, and better on
 * one; on quality, A must reach B's optimistic quality), in input order. O(n²), fine for the handful of configured models.
 */
export function paretoFront(points: readonly FrontPoint[]): string[] {
  return points
    .filter((point) => !points.some((other) => other !== point && dominates(other, point)))
    .map((point) => point.id);
}
