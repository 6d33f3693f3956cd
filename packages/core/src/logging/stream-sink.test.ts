import { PassThrough } from 'node:stream';
import { expect, test } from 'vitest';
import { createLogger } from './create-logger.js';
import { streamSink } from './stream-sink.js';

const fixedClock = () => new Date('2026-03-04T12:01:02.345Z');

function collect(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return { stream, text: () => chunks.join('') };
}

test('json format writes one parseable line per record', () => {
  const output = collect();
  const logger = createLogger({ name: 'venom', sinks: [streamSink(output.stream)], clock: fixedClock });
  logger.info('hello', { count: 2 });
  expect(JSON.parse(output.text())).toEqual({
    time: '2026-03-04T12:01:02.345Z',
    level: 'info',
    name: 'venom',
    message: 'hello',
    count: 2,
  });
});

test('pretty format is time, padded level, message and key=value pairs', () => {
  const output = collect();
  const logger = createLogger({
    name: 'venom',
    sinks: [streamSink(output.stream, { format: 'pretty' })],
    clock: fixedClock,
  });
  logger.warn('disk low', { free: 12, path: '/tmp/a b', tags: ['x'] });
  expect(output.text()).toBe('12:01:02 WARN  disk low free=12 path="/tmp/a b" tags=["x"]\n');
});

test('pretty format colours the level only when asked', () => {
  const output = collect();
  const logger = createLogger({
    name: 'venom',
    sinks: [streamSink(output.stream, { format: 'pretty', color: true })],
    clock: fixedClock,
  });
  logger.error('boom');
  expect(output.text()).toBe('12:01:02 \u001b[31mERROR\u001b[39m boom\n');
});

test('pretty format escapes control characters so logged text cannot drive the terminal', () => {
  const output = collect();
  const logger = createLogger({
    name: 'venom',
    sinks: [streamSink(output.stream, { format: 'pretty' })],
    clock: fixedClock,
  });
  logger.info('line\n\u001b[2Jfake', { file: 'a\u001bb' });
  expect(output.text()).toBe('12:01:02 INFO  line\\n\\u001b[2Jfake file="a\\u001bb"\n');
});

test('filters by its own level', () => {
  const output = collect();
  const logger = createLogger({
    name: 'venom',
    level: 'debug',
    sinks: [streamSink(output.stream, { level: 'warn' })],
  });
  logger.info('quiet');
  logger.warn('loud');
  expect(output.text()).not.toContain('quiet');
  expect(output.text()).toContain('loud');
});
