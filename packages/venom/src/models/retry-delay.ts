/**
 * Milliseconds to wait before retry number `retry` (1 for the first retry): exponential backoff
 * `baseDelayMs * 2^(retry-1)` capped at `maxDelayMs`, with "equal jitter" (half fixed, half random)
 * so clients that failed together do not retry together.
 */
export function backoffDelay(
  retry: number,
  options: { baseDelayMs: number; maxDelayMs: number; random: () => number },
): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * options.random());
}

/**
 * The wait a server asked for, in milliseconds: `retry-after-ms`, else `retry-after` as seconds or an
 * HTTP date (relative to `now`). Undefined when absent or unreadable.
 */
export function parseRetryAfter(
  headers: Record<string, string> | undefined,
  now: number,
): number | undefined {
  if (headers === undefined) return undefined;
  const lower = Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
  const milliseconds = lower['retry-after-ms'];
  if (milliseconds !== undefined && /^\d+(?:\.\d+)?$/.test(milliseconds.trim())) {
    return Math.ceil(Number(milliseconds));
  }
  const value = lower['retry-after']?.trim();
  if (value === undefined || value === '') return undefined;
  if (/^\d+(?:\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
