import type { LogRecord, LogSink } from './create-logger.js';

/** A sink that keeps every record in `records`, for tests and in-process inspection. */
export function memorySink(): LogSink & { records: LogRecord[] } {
  const records: LogRecord[] = [];
  return {
    records,
    write(record: LogRecord): void {
      records.push(record);
    },
  };
}
