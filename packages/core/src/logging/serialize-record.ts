import type { LogRecord } from './create-logger.js';
import { REDACTED } from './redact.js';

/** One JSON line for `record`, without the newline. Falls back to a redacted stub if it cannot be serialised. */
export function serializeRecord(record: LogRecord): string {
  try {
    return JSON.stringify(record, (_key, value: unknown) =>
      typeof value === 'bigint' ? value.toString() : value,
    );
  } catch {
    return JSON.stringify({
      time: record.time,
      level: record.level,
      name: record.name,
      message: record.message,
      fields: REDACTED,
    });
  }
}
