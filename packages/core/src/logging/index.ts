export {
  type CreateLoggerOptions,
  createLogger,
  type Logger,
  type LogRecord,
  type LogSink,
} from './create-logger.js';
export { type FileSinkOptions, fileSink } from './file-sink.js';
export { isLevelEnabled, LOG_LEVELS, type LogLevel, parseLogLevel, type RecordLevel } from './log-level.js';
export { memorySink } from './memory-sink.js';
export { isSecretKeyName, looksLikeSecret, REDACTED, redactSecrets, redactText } from './redact.js';
export { type StreamSinkOptions, streamSink } from './stream-sink.js';
