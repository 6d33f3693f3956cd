import { VenomError } from '@venom/core';

// The query commands (search, info, list) validate their few flags by hand: loading zod costs
// ~40 ms of start-up, more than everything else a daemon-down search does.

/** A positive integer flag value, or undefined when absent; USAGE error otherwise. */
export function positiveIntegerOption(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed =
    typeof value === 'string' && /^[0-9]+$/.test(value) ? Number.parseInt(value, 10) : Number.NaN;
  if (!Number.isSafeInteger(parsed) || parsed <= 0) {
    throw new VenomError({
      code: 'USAGE',
      category: 'usage',
      message: `--${flag}: expected a positive integer, got '${String(value)}'`,
      hint: `Pass a whole number, e.g. --${flag} 20.`,
    });
  }
  return parsed;
}

/** An optional string flag. */
export function stringOption(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
