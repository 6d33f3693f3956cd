import { closeSync, fchmodSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { LogRecord, LogSink } from './create-logger.js';
import { isLevelEnabled, type LogLevel } from './log-level.js';
import { serializeRecord } from './serialize-record.js';

export interface FileSinkOptions {
  /** Minimum level this sink writes; default `debug` (everything the logger lets through). */
  level?: LogLevel;
}

/**
 * Appends records to `path` as JSON lines, one record per line. The directory is created (0700)
 * and the file opened (0600) on the first record; each record is one synchronous write to a kept,
 * append-only descriptor, so records already logged survive a crash of the process.
 */
export function fileSink(path: string, options: FileSinkOptions = {}): LogSink {
  const level = options.level ?? 'debug';
  let descriptor: number | undefined;
  const open = (): number => {
    if (descriptor !== undefined) return descriptor;
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const opened = openSync(path, 'a', 0o600);
    try {
      fchmodSync(opened, 0o600);
    } catch (error) {
      closeSync(opened);
      throw error;
    }
    descriptor = opened;
    return opened;
  };
  return {
    write(record: LogRecord): void {
      if (!isLevelEnabled(record.level, level)) return;
      writeSync(open(), `${serializeRecord(record)}\n`);
    },
    close(): void {
      if (descriptor === undefined) return;
      const closing = descriptor;
      descriptor = undefined;
      closeSync(closing);
    },
  };
}
