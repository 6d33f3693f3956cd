import { describe, expect, test } from 'vitest';
import { VenomError } from '../errors/index.js';
import { createLogger, type LogRecord, type LogSink } from './create-logger.js';
import { memorySink } from './memory-sink.js';
import { REDACTED } from './redact.js';

const fixedClock = () => new Date('2026-03-04T12:01:02.345Z');

describe('createLogger', () => {
  test('writes records with time from the clock, level, name, message and fields', () => {
    const sink = memorySink();
    const logger = createLogger({ name: 'venom', sinks: [sink], clock: fixedClock });
    logger.info('plan started', { steps: 3 });
    expect(sink.records).toEqual([
      { time: '2026-03-04T12:01:02.345Z', level: 'info', name: 'venom', message: 'plan started', steps: 3 },
    ]);
  });

  test('drops records below the logger level; default level is info', () => {
    const sink = memorySink();
    const defaultLogger = createLogger({ name: 'venom', sinks: [sink] });
    defaultLogger.debug('hidden');
    defaultLogger.info('shown');
    const warnLogger = createLogger({ name: 'venom', level: 'warn', sinks: [sink] });
    warnLogger.info('hidden');
    warnLogger.warn('shown too');
    warnLogger.error('and this');
    createLogger({ name: 'venom', level: 'silent', sinks: [sink] }).error('never');
    expect(defaultLogger.level).toBe('info');
    expect(sink.records.map((record) => record.message)).toEqual(['shown', 'shown too', 'and this']);
  });

  test('child loggers merge context into every record, innermost wins', () => {
    const sink = memorySink();
    const logger = createLogger({ name: 'venom', sinks: [sink], context: { tool: 'venom', runId: 'outer' } });
    const child = logger.child({ runId: 'run-7' }).child({ sessionId: 'session-2' });
    child.warn('step failed', { step: 'build' });
    logger.info('parent untouched');
    expect(sink.records[0]).toMatchObject({
      tool: 'venom',
      runId: 'run-7',
      sessionId: 'session-2',
      step: 'build',
    });
    expect(sink.records[1]).not.toHaveProperty('sessionId');
    expect(sink.records[1]).toMatchObject({ runId: 'outer' });
  });

  test('fields cannot replace the fixed fields', () => {
    const sink = memorySink();
    const logger = createLogger({ name: 'venom', sinks: [sink], clock: fixedClock });
    logger.info('real message', { message: 'fake', level: 'error', time: 'then', name: 'other', kept: true });
    expect(sink.records[0]).toEqual({
      time: '2026-03-04T12:01:02.345Z',
      level: 'info',
      name: 'venom',
      message: 'real message',
      kept: true,
    });
  });

  test('serialises an error field with code, category, details and cause, redacted', () => {
    const sink = memorySink();
    const logger = createLogger({ name: 'venom', sinks: [sink] });
    const error = new VenomError({
      code: 'CONFIG_INVALID',
      category: 'usage',
      message: 'bad config',
      details: { key: 'models.budget', password: 'plain-value' },
      cause: new Error('parse failed'),
    });
    logger.error('command failed', { error });
    const serialised = (sink.records[0] as LogRecord).error as Record<string, unknown>;
    expect(serialised).toMatchObject({
      name: 'VenomError',
      message: 'bad config',
      code: 'CONFIG_INVALID',
      category: 'usage',
      details: { key: 'models.budget', password: REDACTED },
      cause: { name: 'Error', message: 'parse failed' },
    });
    expect(serialised.stack).toContain('bad config');
  });

  test('every sink sees the record even when one throws; the error is then rethrown', () => {
    const seen = memorySink();
    const failing: LogSink = {
      write() {
        throw new Error('disk full');
      },
    };
    const logger = createLogger({ name: 'venom', sinks: [failing, seen] });
    expect(() => logger.info('hello')).toThrow('disk full');
    expect(seen.records).toHaveLength(1);
  });

  test('onSinkError receives sink failures instead of the caller', () => {
    const failures: unknown[] = [];
    const failing: LogSink = {
      write() {
        throw new Error('disk full');
      },
    };
    const logger = createLogger({
      name: 'venom',
      sinks: [failing],
      onSinkError: (error) => failures.push(error),
    });
    logger.info('hello');
    expect(failures).toHaveLength(1);
  });
});

test('a field object that throws when read is logged as redacted instead of throwing', () => {
  const sink = memorySink();
  const logger = createLogger({ name: 'venom', sinks: [sink] });
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  logger.info('still logged', revoked.proxy as Record<string, unknown>);
  expect(sink.records[0]).toMatchObject({ message: 'still logged', fields: REDACTED });
});
