import { isLevelEnabled, type LogLevel, type RecordLevel } from './log-level.js';
import { redactSecrets, redactText } from './redact.js';

/**
 * One log entry as every sink sees it: already redacted, JSON-safe. Context and call fields sit
 * beside the four fixed fields; a field named like a fixed field never replaces it.
 */
export interface LogRecord {
  /** ISO 8601 time from the logger's clock. */
  time: string;
  level: RecordLevel;
  /** The logger's name, e.g. `venom` or `omgd`. */
  name: string;
  message: string;
  [field: string]: unknown;
}

/** Where records go. A sink receives only redacted records and filters by its own level. */
export interface LogSink {
  write(record: LogRecord): void;
  /** Releases what the sink holds open (a file descriptor). */
  close?(): void;
}

/** Writes structured, redacted records. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** A logger that adds `context` (e.g. `runId`, `sessionId`) to every record, over this one's context. */
  child(context: Record<string, unknown>): Logger;
  /** The minimum level of records this logger writes. */
  readonly level: LogLevel;
}

export interface CreateLoggerOptions {
  name: string;
  /** Minimum level; default `info`. Each sink may filter further. */
  level?: LogLevel;
  sinks: LogSink[];
  /** Source of record times; default the system clock. */
  clock?: () => Date;
  /** Fields added to every record. */
  context?: Record<string, unknown>;
  /**
   * Called when a sink throws (disk full, closed stream). The other sinks still receive the record.
   * Default: the first sink error is rethrown after all sinks have been tried.
   */
  onSinkError?: (error: unknown, sink: LogSink) => void;
}

const fixedFields = new Set(['time', 'level', 'name', 'message']);

/**
 * A logger that redacts every record ({@link redactSecrets} on fields and context, {@link redactText}
 * on the message) before any sink sees it. An `Error` in any field (conventionally `error`) is
 * serialised with name, message, code, category, details, stack and its cause chain, then redacted.
 */
export function createLogger(options: CreateLoggerOptions): Logger {
  const settings: LoggerSettings = {
    name: options.name,
    level: options.level ?? 'info',
    sinks: [...options.sinks],
    clock: options.clock ?? (() => new Date()),
    onSinkError: options.onSinkError,
  };
  return buildLogger(settings, { ...options.context });
}

interface LoggerSettings {
  name: string;
  level: LogLevel;
  sinks: LogSink[];
  clock: () => Date;
  onSinkError: ((error: unknown, sink: LogSink) => void) | undefined;
}

function buildLogger(settings: LoggerSettings, context: Record<string, unknown>): Logger {
  const log = (level: RecordLevel, message: string, fields: Record<string, unknown> | undefined): void => {
    if (!isLevelEnabled(level, settings.level)) return;
    writeRecord(settings, buildRecord(settings, level, message, context, fields));
  };
  return {
    debug: (message, fields) => log('debug', message, fields),
    info: (message, fields) => log('info', message, fields),
    warn: (message, fields) => log('warn', message, fields),
    error: (message, fields) => log('error', message, fields),
    child: (childContext) => buildLogger(settings, { ...context, ...childContext }),
    level: settings.level,
  };
}

function buildRecord(
  settings: LoggerSettings,
  level: RecordLevel,
  message: string,
  context: Record<string, unknown>,
  fields: Record<string, unknown> | undefined,
): LogRecord {
  const record: LogRecord = {
    time: settings.clock().toISOString(),
    level,
    name: redactText(settings.name),
    message: redactText(String(message)),
  };
  // Redacted separately so a hostile `fields` object (throwing getter, revoked proxy) cannot make
  // logging throw: redactSecrets never throws and fails closed.
  for (const part of [redactSecrets(context), redactSecrets(fields ?? {})]) {
    if (typeof part === 'object' && part !== null && !Array.isArray(part)) {
      for (const [key, value] of Object.entries(part)) {
        if (!fixedFields.has(key)) record[key] = value;
      }
    } else {
      record.fields = part;
    }
  }
  return record;
}

function writeRecord(settings: LoggerSettings, record: LogRecord): void {
  let firstError: { error: unknown } | undefined;
  for (const sink of settings.sinks) {
    try {
      sink.write(record);
    } catch (error) {
      if (settings.onSinkError !== undefined) settings.onSinkError(error, sink);
      else firstError ??= { error };
    }
  }
  if (firstError !== undefined) throw firstError.error;
}
