import { expect, test } from 'vitest';
import { VenomError } from '../errors/index.js';
import { isLevelEnabled, parseLogLevel } from './log-level.js';

test('parseLogLevel accepts every level, ignoring case and surrounding space', () => {
  expect(parseLogLevel('debug')).toBe('debug');
  expect(parseLogLevel(' WARN ')).toBe('warn');
  expect(parseLogLevel('Silent')).toBe('silent');
});

test('parseLogLevel rejects an unknown level with LOG_LEVEL_INVALID listing the valid ones', () => {
  let thrown: unknown;
  try {
    parseLogLevel('verbose');
  } catch (error) {
    thrown = error;
  }
  expect(VenomError.isInstance(thrown)).toBe(true);
  const error = thrown as VenomError;
  expect(error.code).toBe('LOG_LEVEL_INVALID');
  expect(error.category).toBe('usage');
  expect(error.message).toContain('"verbose"');
  expect(error.message).toContain('debug, info, warn, error, silent');
});

test('parseLogLevel does not echo a secret passed by mistake', () => {
  expect(() => parseLogLevel('sk-ant-api03-0123456789abcdefghijABCDEFGHIJ')).toThrow(/\[REDACTED\]/);
});

test('isLevelEnabled orders the levels', () => {
  expect(isLevelEnabled('warn', 'info')).toBe(true);
  expect(isLevelEnabled('info', 'warn')).toBe(false);
  expect(isLevelEnabled('error', 'silent')).toBe(false);
});
