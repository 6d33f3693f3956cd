import { VenomError } from '../errors/index.js';
import { redactText } from './redact.js';

/** How much a logger or sink lets through; `silent` lets nothing through. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** The levels a record can have. */
export type RecordLevel = Exclude<LogLevel, 'silent'>;

const rankByLevel: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** The valid level names, lowest first. */
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

/** True when a record at `recordLevel` passes a minimum of `minimum`. */
export function isLevelEnabled(recordLevel: RecordLevel, minimum: LogLevel): boolean {
  return rankByLevel[recordLevel] >= rankByLevel[minimum];
}

/**
 * The level named by `text` (case and surrounding space ignored), e.g. from `--log-level` or a
 * config file. Throws VenomError `LOG_LEVEL_INVALID` (usage) listing the valid levels.
 */
export function parseLogLevel(text: string): LogLevel {
  const normalised = text.trim().toLowerCase();
  const level = LOG_LEVELS.find((candidate) => candidate === normalised);
  if (level !== undefined) return level;
  const shown = redactText(text);
  return invalid(shown);
}

function invalid(shown: string): never {
  throw new VenomError({
    code: 'LOG_LEVEL_INVALID',
    category: 'usage',
    message: `invalid log level ${JSON.stringify(shown)}: expected one of ${LOG_LEVELS.join(', ')}`,
    hint: `Use one of: ${LOG_LEVELS.join(', ')}.`,
    details: { value: shown, validLevels: [...LOG_LEVELS] },
  });
}
