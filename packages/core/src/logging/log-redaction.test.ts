import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { VenomError } from '../errors/index.js';
import { createLogger, type Logger, type LogSink } from './create-logger.js';
import { fileSink } from './file-sink.js';
import { memorySink } from './memory-sink.js';
import { REDACTED } from './redact.js';
import { streamSink } from './stream-sink.js';

// Secrets are generated at run time so no credential-shaped literal sits in the repository.
const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function randomText(length: number, characters = alphabet): string {
  return [...randomBytes(length)].map((byte) => characters[byte % characters.length]).join('');
}
const base64Url = (text: string): string => Buffer.from(text).toString('base64url');
const upperAlphanumeric = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const pem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

/** What leaks would look like: the part of each planted secret that must never reach a sink. */
const planted = {
  anthropic: `sk-ant-api03-${randomText(93)}7-AA`,
  openaiProject: `sk-proj-${randomText(48)}T3BlbkFJ${randomText(48)}9`,
  google: `AIza${randomText(34)}1`,
  github: `ghp_${randomText(35)}1`,
  githubFineGrained: `github_pat_11${randomText(20)}_${randomText(58)}1`,
  slack: `xoxb-${randomText(12, '0123456789')}-${randomText(13, '0123456789')}-${randomText(24)}`,
  aws: `AKIA${randomText(16, upperAlphanumeric)}`,
  jwt: `${base64Url('{"alg":"HS256","typ":"JWT"}')}.${base64Url(`{"sub":"${randomText(12)}","admin":true}`)}.${randomBytes(32).toString('base64url')}`,
  bearer: `${randomText(39)}7`,
  basicPassword: `pw-${randomText(16)}`,
  pemBody: pem.split('\n')[1] ?? '',
  urlPassword: `pw${randomText(20)}`,
  // Values with no recognisable shape: only their key names give them away.
  apiKeyValue: `plain-${randomText(16)}`,
  dashedApiKeyValue: `plain-${randomText(16)}`,
  authorizationValue: `plain-${randomText(16)}`,
  tokenValue: `plain-${randomText(16)}`,
  passwordValue: `plain-${randomText(16)}`,
  secretValue: `plain-${randomText(16)}`,
  cookieValue: `plain-${randomText(16)}`,
};

const basic = `Basic ${Buffer.from(`admin:${planted.basicPassword}`).toString('base64')}`;
const url = `postgres://admin:${planted.urlPassword}@db.internal:5432/app`;
const shaped = [
  planted.anthropic,
  planted.openaiProject,
  planted.google,
  planted.github,
  planted.githubFineGrained,
  planted.slack,
  planted.aws,
  planted.jwt,
  `Bearer ${planted.bearer}`,
  basic,
  pem,
  url,
];

function logEverything(logger: Logger): void {
  for (const secret of shaped) logger.info(`calling the provider with ${secret} now`);
  logger.warn('nested fields', {
    request: {
      url,
      body: { apiKey: planted.apiKeyValue, 'api-key': planted.dashedApiKeyValue, prompt: shaped.join(' | ') },
      attempts: [{ key: planted.anthropic }, [planted.github, planted.slack]],
      rawBody: JSON.stringify({ password: planted.passwordValue, model: 'claude' }),
    },
    token: planted.tokenValue,
    password: planted.passwordValue,
    secret: planted.secretValue,
  });
  logger.info('headers', {
    headers: {
      Authorization: `Bearer ${planted.bearer}`,
      'x-api-key': planted.apiKeyValue,
      Cookie: planted.cookieValue,
      accept: 'application/json',
    },
    fetchHeaders: new Headers({
      authorization: planted.authorizationValue,
      'x-goog-api-key': planted.google,
    }),
    headerPairs: [
      ['authorization', planted.authorizationValue],
      ['cookie', planted.cookieValue],
    ],
  });
  const cause = new VenomError({
    code: 'PROVIDER_AUTH_FAILED',
    category: 'upstream',
    message: `the provider rejected ${planted.openaiProject}`,
    details: { apiKey: planted.apiKeyValue, pem, jwt: planted.jwt, headers: { authorization: basic } },
    cause: new Error(`socket sent ${planted.aws} and ${url}`),
  });
  const error = new VenomError({
    code: 'REQUEST_FAILED',
    category: 'upstream',
    message: `request with ${planted.google} failed`,
    details: { secret: planted.secretValue, attempts: [planted.githubFineGrained] },
    cause,
  });
  logger.error(`failed: ${error.message}`, { error, errors: [new Error(planted.slack)] });
  logger.child({ runId: 'run-1', authorization: planted.authorizationValue }).debug('child context', {
    token: planted.tokenValue,
  });
}

function expectNoSecret(output: string): void {
  expect(output).toContain(REDACTED);
  for (const [kind, secret] of Object.entries(planted)) {
    expect(secret.length, kind).toBeGreaterThan(15);
    expect(output.includes(secret), `${kind} leaked`).toBe(false);
  }
  expect(output).not.toContain('PRIVATE KEY');
}

describe('no planted secret reaches any sink', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'venom-log-redaction-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  test('the planted values are present in what is logged before redaction', () => {
    // Guards the test itself: every planted value must occur in the input, or its absence proves nothing.
    const input = [...shaped, JSON.stringify(planted)].join('\n');
    for (const secret of Object.values(planted)) expect(input).toContain(secret);
  });

  test('file sink, stream sinks (json and pretty) and memory sink', () => {
    const path = join(directory, 'logs', 'venom.log');
    const file = fileSink(path);
    const chunks: Record<'json' | 'pretty' | 'prettyColor', string[]> = {
      json: [],
      pretty: [],
      prettyColor: [],
    };
    const streams = Object.fromEntries(
      Object.entries(chunks).map(([format, collected]) => {
        const stream = new PassThrough();
        stream.on('data', (chunk: Buffer) => collected.push(chunk.toString('utf8')));
        return [format, stream];
      }),
    ) as Record<keyof typeof chunks, PassThrough>;
    const memory = memorySink();
    const sinks: LogSink[] = [
      file,
      streamSink(streams.json, { format: 'json' }),
      streamSink(streams.pretty, { format: 'pretty' }),
      streamSink(streams.prettyColor, { format: 'pretty', color: true }),
      memory,
    ];
    const logger = createLogger({
      name: 'venom',
      level: 'debug',
      sinks,
      context: { sessionId: 'session-1', apiKey: planted.apiKeyValue },
    });

    logEverything(logger);
    file.close?.();

    const fileText = readFileSync(path, 'utf8');
    const lines = fileText.trimEnd().split('\n');
    expect(lines).toHaveLength(shaped.length + 4);
    for (const line of lines)
      expect(JSON.parse(line)).toMatchObject({ sessionId: 'session-1', apiKey: REDACTED });
    expectNoSecret(fileText);
    expectNoSecret(chunks.json.join(''));
    expectNoSecret(chunks.pretty.join(''));
    expectNoSecret(chunks.prettyColor.join(''));
    expect(memory.records).toHaveLength(shaped.length + 4);
    expectNoSecret(JSON.stringify(memory.records));
  });

  test('counters, sk-learn and ordinary prose survive unredacted', () => {
    const memory = memorySink();
    const logger = createLogger({ name: 'venom', sinks: [memory] });
    const prose = 'We use sk-learn for the task-list; the bearer of the token budget is the planner.';
    logger.info(prose, {
      promptTokens: 1200,
      maxTokens: 4096,
      tokenCount: 7,
      sessionId: 'session-1',
      note: prose,
    });
    expect(memory.records[0]).toMatchObject({
      message: prose,
      promptTokens: 1200,
      maxTokens: 4096,
      tokenCount: 7,
      sessionId: 'session-1',
      note: prose,
    });
    expect(JSON.stringify(memory.records)).not.toContain(REDACTED);
  });
});
