import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { createLogger } from './create-logger.js';
import { fileSink } from './file-sink.js';

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'venom-file-sink-'));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

test('creates the directory 0700 and the file 0600 on the first record', () => {
  const path = join(directory, 'state', 'venom', 'venom.log');
  const sink = fileSink(path);
  const logger = createLogger({ name: 'venom', sinks: [sink] });
  expect(() => statSync(path)).toThrow();
  logger.info('first');
  sink.close?.();
  expect(statSync(join(directory, 'state', 'venom')).mode & 0o777).toBe(0o700);
  expect(statSync(path).mode & 0o777).toBe(0o600);
});

test('each record is on disk as one JSON line as soon as it is logged', () => {
  const path = join(directory, 'venom.log');
  const sink = fileSink(path);
  const logger = createLogger({ name: 'venom', sinks: [sink] });
  logger.info('first', { text: 'line one\nline two' });
  // Not closed yet: a crash now must not lose the record.
  expect(readFileSync(path, 'utf8').split('\n')).toHaveLength(2);
  logger.warn('second');
  const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
  expect(lines.map((line) => JSON.parse(line).message)).toEqual(['first', 'second']);
  sink.close?.();
});

test('appends to an existing log and tightens its mode to 0600', () => {
  const path = join(directory, 'venom.log');
  mkdirSync(directory, { recursive: true });
  writeFileSync(path, '{"message":"old"}\n', { mode: 0o644 });
  const sink = fileSink(path);
  createLogger({ name: 'venom', sinks: [sink] }).info('new');
  sink.close?.();
  const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
  expect(lines.map((line) => JSON.parse(line).message)).toEqual(['old', 'new']);
  expect(statSync(path).mode & 0o777).toBe(0o600);
});

test('filters by its own level', () => {
  const path = join(directory, 'errors.log');
  const sink = fileSink(path, { level: 'error' });
  const logger = createLogger({ name: 'venom', level: 'debug', sinks: [sink] });
  logger.warn('not here');
  logger.error('here');
  sink.close?.();
  expect(readFileSync(path, 'utf8')).not.toContain('not here');
  expect(readFileSync(path, 'utf8')).toContain('here');
});
