import type { Segment } from './segment.js';

/** A date range resolved against the caller's clock. */
export interface DateRange {
  since?: string;
  until?: string;
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const UNIT_DAYS: Readonly<Record<string, number>> = { day: 1, days: 1, week: 7, weeks: 7 };
const UNIT_MONTHS: Readonly<Record<string, number>> = { month: 1, months: 1, year: 12, years: 12 };
const UNIT_HOURS: Readonly<Record<string, number>> = { hour: 1, hours: 1 };
const OPEN_START = new Set(['since', 'after', 'from']);
const OPEN_END = new Set(['until', 'till', 'before']);
const LEAD_INS = new Set(['in', 'over', 'during', 'for', 'within', 'the', 'of']);

/** `YYYY-MM-DD` of a local calendar day. */
export function formatDay(day: Date): string {
  const month = String(day.getMonth() + 1).padStart(2, '0');
  const date = String(day.getDate()).padStart(2, '0');
  return `${day.getFullYear()}-${month}-${date}`;
}

function startOfDay(now: Date, offsetDays = 0): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + offsetDays);
}

function addMonths(now: Date, months: number): Date {
  return new Date(now.getFullYear(), now.getMonth() + months, now.getDate());
}

interface Resolved {
  /** Token indexes of the expression. */
  indexes: number[];
  start: string;
  /** The day after, for single-day expressions ("yesterday", "on monday", an ISO date). */
  nextDay?: string;
}

/**
 * Resolves the date expression starting at `index`: today, yesterday, (last) <weekday>, this/last/past
 * week|month|year, (the) last/past N hours|days|weeks|months, N days ago, an ISO date.
 */
function resolveAt(segment: Segment, index: number, now: Date): Resolved | undefined {
  const token = segment.token(index);
  if (token === undefined || segment.isUsed(index)) return undefined;
  if (token.kind === 'date') {
    const [year, month, day] = token.raw.split('-').map(Number);
    const start = new Date(year ?? 1970, (month ?? 1) - 1, day ?? 1);
    return { indexes: [index], start: formatDay(start), nextDay: formatDay(startOfDay(start, 1)) };
  }
  if (token.kind === 'number' && token.number !== undefined) {
    const unit = segment.word(index + 1);
    if (unit !== undefined && segment.word(index + 2) === 'ago') {
      const resolved = resolveUnits(now, token.number, unit);
      if (resolved !== undefined) return { indexes: [index, index + 1, index + 2], start: resolved };
    }
    return undefined;
  }
  const word = segment.word(index);
  if (word === undefined) return undefined;
  if (word === 'today' || word === 'tonight') return { indexes: [index], start: formatDay(now) };
  if (word === 'yesterday') {
    return { indexes: [index], start: formatDay(startOfDay(now, -1)), nextDay: formatDay(startOfDay(now)) };
  }
  const weekday = WEEKDAYS.indexOf(word);
  if (weekday >= 0) {
    let back = (now.getDay() - weekday + 7) % 7;
    const previous = segment.word(index - 1) === 'last';
    if (previous && back === 0) back = 7;
    const day = startOfDay(now, -back);
    return {
      indexes: previous ? [index - 1, index] : [index],
      start: formatDay(day),
      nextDay: formatDay(startOfDay(day, 1)),
    };
  }
  if (word === 'this' || word === 'last' || word === 'past' || word === 'previous') {
    const count = segment.isUsed(index + 1) ? undefined : segment.token(index + 1)?.number;
    const next = count !== undefined ? String(count) : segment.word(index + 1);
    if (next === undefined) return undefined;
    if (count !== undefined && word !== 'this') {
      const unit = segment.word(index + 2);
      const resolved = unit === undefined ? undefined : resolveUnits(now, count, unit);
      return resolved === undefined ? undefined : { indexes: [index, index + 1, index + 2], start: resolved };
    }
    if (word === 'this') {
      if (next === 'morning' || next === 'afternoon' || next === 'evening') {
        return { indexes: [index, index + 1], start: formatDay(now) };
      }
      if (next === 'week') {
        const mondayOffset = (now.getDay() + 6) % 7;
        return { indexes: [index, index + 1], start: formatDay(startOfDay(now, -mondayOffset)) };
      }
      if (next === 'month') {
        return {
          indexes: [index, index + 1],
          start: formatDay(new Date(now.getFullYear(), now.getMonth(), 1)),
        };
      }
      if (next === 'year')
        return { indexes: [index, index + 1], start: formatDay(new Date(now.getFullYear(), 0, 1)) };
      return undefined;
    }
    const resolved = resolveUnits(now, 1, next);
    return resolved === undefined ? undefined : { indexes: [index, index + 1], start: resolved };
  }
  return undefined;
}

function resolveUnits(now: Date, count: number, unit: string): string | undefined {
  const days = UNIT_DAYS[unit];
  if (days !== undefined) return formatDay(startOfDay(now, -count * days));
  const months = UNIT_MONTHS[unit];
  if (months !== undefined) return formatDay(addMonths(now, -count * months));
  const hours = UNIT_HOURS[unit];
  if (hours !== undefined) return new Date(now.getTime() - count * hours * 3_600_000).toISOString();
  return undefined;
}

/**
 * Finds and takes one date expression (with its lead-in: since/after/from, until/before, on, in the) and
 * resolves it against `now`. "since X" gives `since`; "before X" gives `until`; a bare single day such as
 * "yesterday" or "on monday" gives that day (`since` and the next day as `until`); a bare period such as
 * "this week" or "last 3 days" gives `since`.
 */
export function takeDateRange(segment: Segment, now: Date): DateRange | undefined {
  for (let index = 0; index < segment.length; index++) {
    const resolved = resolveAt(segment, index, now);
    if (resolved === undefined) continue;
    const first = resolved.indexes[0] ?? index;
    let leadIn = first - 1;
    const lead: number[] = [];
    while (leadIn >= 0 && LEAD_INS.has(segment.word(leadIn) ?? '')) {
      lead.push(leadIn);
      leadIn--;
    }
    const introducer = segment.word(leadIn);
    segment.take(...resolved.indexes, ...lead);
    if (introducer !== undefined && OPEN_START.has(introducer)) {
      segment.take(leadIn);
      return { since: resolved.start };
    }
    if (introducer !== undefined && OPEN_END.has(introducer)) {
      segment.take(leadIn);
      return { until: resolved.start };
    }
    if (introducer === 'on') segment.take(leadIn);
    const last = resolved.indexes[resolved.indexes.length - 1] ?? index;
    if (segment.word(last + 1) === 'ago') segment.take(last + 1);
    return resolved.nextDay === undefined
      ? { since: resolved.start }
      : { since: resolved.start, until: resolved.nextDay };
  }
  return undefined;
}
