import { type OptionSpec, type Output, type StoredEvent, VenomError } from '@venom/core';

/** `--type`, repeatable, shared by the events commands. */
export const typeOption: OptionSpec = {
  type: 'string',
  multiple: true,
  valueName: 'type',
  description: 'only events of this type (repeatable), e.g. config-set',
};

const durationUnits: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** `--since` accepts an ISO date/time or a duration back from now: 30s, 15m, 2h, 7d, 1w. */
export function parseSince(text: string, now: Date): Date {
  const duration = /^(\d+)([smhdw])$/.exec(text.trim());
  if (duration)
    return new Date(now.getTime() - Number(duration[1]) * (durationUnits[duration[2] ?? 's'] ?? 1000));
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) {
    throw new VenomError({
      code: 'SINCE_INVALID',
      category: 'usage',
      message: `--since '${text}' is neither a date nor a duration`,
      hint: "Use an ISO date ('2026-11-21T10:00:00Z') or a duration ('15m', '2h', '7d').",
    });
  }
  return date;
}

/** `--correlation key=value` pairs as a map. */
export function parseCorrelation(pairs: readonly string[] | undefined): Record<string, string> | undefined {
  if (pairs === undefined || pairs.length === 0) return undefined;
  const correlation: Record<string, string> = {};
  for (const pair of pairs) {
    const separator = pair.indexOf('=');
    if (separator <= 0) {
      throw new VenomError({
        code: 'CORRELATION_INVALID',
        category: 'usage',
        message: `--correlation '${pair}' is not key=value`,
        hint: 'Use e.g. --correlation runId=7f3a',
      });
    }
    correlation[pair.slice(0, separator)] = pair.slice(separator + 1);
  }
  return correlation;
}

/** One event as a line for humans: id, local time, type, correlation ids, payload. */
export function renderEvent(event: StoredEvent, output: Output): void {
  const correlation = Object.entries(event.correlation)
    .map(([key, value]) => `${key}=${value}`)
    .join(' ');
  const payload = event.payload === undefined || event.payload === null ? '' : JSON.stringify(event.payload);
  output.line(
    [
      output.style.dim(`#${event.id}`),
      output.style.dim(event.time),
      output.style.cyan(event.type),
      correlation,
      payload,
    ]
      .filter((part) => part !== '')
      .join('  '),
  );
}
