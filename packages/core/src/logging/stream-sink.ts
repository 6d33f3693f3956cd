import type { LogRecord, LogSink } from './create-logger.js';
import { isLevelEnabled, type LogLevel, type RecordLevel } from './log-level.js';
import { serializeRecord } from './serialize-record.js';

export interface StreamSinkOptions {
  /** Minimum level this sink writes; default `debug` (everything the logger lets through). */
  level?: LogLevel;
  /** `json`: one JSON line per record (default). `pretty`: `12:01:02 WARN  message key=value` for humans. */
  format?: 'json' | 'pretty';
  /**
   * Colour the level in `pretty` output. Default false: the caller decides (TTY, `NO_COLOR`),
   * since library code does not read the environment.
   */
  color?: boolean;
}

const colorByLevel: Record<RecordLevel, string> = {
  debug: '\u001b[90m',
  info: '\u001b[36m',
  warn: '\u001b[33m',
  error: '\u001b[31m',
};
const resetColor = '\u001b[39m';
const fixedFields = new Set(['time', 'level', 'name', 'message']);

/**
 * Writes records to `stream` (usually `process.stderr`, passed in by the CLI layer), one line each.
 * The stream is not closed by the sink.
 */
export function streamSink(stream: NodeJS.WritableStream, options: StreamSinkOptions = {}): LogSink {
  const level = options.level ?? 'debug';
  const format = options.format ?? 'json';
  const color = options.color ?? false;
  return {
    write(record: LogRecord): void {
      if (!isLevelEnabled(record.level, level)) return;
      const line = format === 'pretty' ? formatPretty(record, color) : serializeRecord(record);
      stream.write(`${line}\n`);
    },
  };
}

/** `12:01:02 WARN  message key=value ...`; the time is the record's UTC time of day. */
export function formatPretty(record: LogRecord, color: boolean): string {
  const time = record.time.length >= 19 ? record.time.slice(11, 19) : record.time;
  const levelText = record.level.toUpperCase().padEnd(5);
  const shownLevel = color ? `${colorByLevel[record.level]}${levelText}${resetColor}` : levelText;
  const parts = [`${time} ${shownLevel} ${escapeControl(record.message)}`];
  for (const [key, value] of Object.entries(record)) {
    if (fixedFields.has(key) || value === undefined) continue;
    parts.push(`${escapeControl(key)}=${formatValue(value)}`);
  }
  return parts.join(' ');
}

function formatValue(value: unknown): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters force quoting.
  if (typeof value === 'string' && /^[^\s"=\\\u0000-\u001f\u007f-\u009f]+$/.test(value)) return value;
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  // JSON escapes C0 controls but not C1 (e.g. U+009B, a one-byte CSI).
  return escapeControl(text);
}

/** Keeps terminal control sequences and line breaks in logged text from reaching the terminal raw. */
function escapeControl(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (character) => {
    if (character === '\n') return '\\n';
    if (character === '\t') return '\\t';
    if (character === '\r') return '\\r';
    return `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}
