import { describe, expect, test } from 'vitest';
import { VenomError } from '../errors/index.js';
import { isSecretKeyName, looksLikeSecret, REDACTED, redactSecrets, redactText } from './redact.js';

describe('isSecretKeyName', () => {
  test.each([
    'apiKey',
    'api-key',
    'API_KEY',
    'x-api-key',
    'Authorization',
    'proxy-authorization',
    'token',
    'access_token',
    'refreshToken',
    'id.token',
    'password',
    'passwd',
    'secret',
    'client_secret',
    'privateKey',
    'Cookie',
    'set-cookie',
    'credentials',
    'sessionToken',
    'anthropicApiKey',
    'OPENAI_API_KEY',
    'GITHUB_TOKEN',
    'dbPassword',
    'AWS_SECRET_ACCESS_KEY',
    '--api-key',
  ])('%s is secret', (name) => {
    expect(isSecretKeyName(name)).toBe(true);
  });

  test.each([
    'promptTokens',
    'maxTokens',
    'max_tokens',
    'completion_tokens',
    'totalTokens',
    'tokenCount',
    'sessionId',
    'runId',
    'monkey',
    'keyboard',
    'secretary_name',
    'passwordPolicy',
    'message',
    '',
  ])('%s is not secret', (name) => {
    expect(isSecretKeyName(name)).toBe(false);
  });
});

describe('looksLikeSecret and redactText', () => {
  test.each([
    ['Anthropic key', `key sk-ant-api03-${'a1B2'.repeat(20)}`],
    ['OpenAI project key', `sk-proj-${'Zx9_'.repeat(10)}`],
    ['legacy OpenAI key', `sk-${'aB3d'.repeat(12)}`],
    ['Google key', `AIza${'SyD4'.repeat(9)}`],
    ['GitHub token', `ghp_${'Ab1'.repeat(12)}`],
    ['GitHub fine-grained token', `github_pat_11ABCDEFG0${'x9Y'.repeat(20)}`],
    ['Slack bot token', 'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx'],
    ['AWS key id', 'AKIAIOSFODNN7EXAMPLE'],
    ['JWT', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'],
    ['Bearer token', 'Authorization: Bearer abc123.def456'],
    ['Basic credential', 'Basic dXNlcjpodW50ZXIy'],
    ['PEM block', '-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----'],
    ['URL password', 'postgres://admin:hunter2@db.internal:5432/app'],
    ['password assignment', 'connecting with password=hunter2 now'],
    ['JSON in a string', '{"user":"bob","apiKey":"plainvalue"}'],
  ])('%s is found and removed', (_kind, text) => {
    expect(looksLikeSecret(text)).toBe(true);
    expect(redactText(text)).toContain(REDACTED);
    expect(looksLikeSecret(redactText(text))).toBe(false);
  });

  test.each([
    'sk-learn is a Python library',
    'the task-list is long',
    'sk-some-long-hyphenated-branch-name',
    'the bearer of bad news',
    'Bearer authentication is described in RFC 6750',
    'Basic authentication',
    'http://localhost:8080/path?q=1',
    'promptTokens: 1200, maxTokens=4096',
    'AKIA is a prefix',
    'Ordinary prose about tokens, secrets and passwords survives.',
    'ghp_short',
  ])('%s is left alone', (text) => {
    expect(looksLikeSecret(text)).toBe(false);
    expect(redactText(text)).toBe(text);
  });

  test('keeps the context around a secret', () => {
    expect(redactText('Authorization: Bearer abc123.def456')).toBe(`Authorization: Bearer ${REDACTED}`);
    expect(redactText('postgres://admin:hunter2@db:5432/app')).toBe(
      `postgres://admin:${REDACTED}@db:5432/app`,
    );
    expect(redactText('a=1&api_key=xyz&b=2')).toBe(`a=1&api_key=${REDACTED}&b=2`);
    expect(redactText('{\\"password\\":\\"hunter2\\"}')).toBe(`{\\"password\\":\\"${REDACTED}\\"}`);
  });

  test('redacts a PEM block cut off before its END line', () => {
    expect(redactText('key: -----BEGIN PRIVATE KEY-----\nMIIEvQIBADAN')).toBe(`key: ${REDACTED}`);
  });
});

describe('redactSecrets', () => {
  test('redacts by key name at any depth, in Maps, Sets, arrays and header pairs', () => {
    const input = {
      model: 'claude',
      usage: { promptTokens: 12, maxTokens: 100 },
      nested: [{ config: { apiKey: 'plain-one', token: null } }],
      map: new Map<string, unknown>([
        ['password', 'plain-two'],
        ['user', 'bob'],
      ]),
      set: new Set(['sk-ant-api03-0123456789abcdefghijABCDEFGHIJ']),
      headerPairs: [
        ['authorization', 'plain-three'],
        ['accept', 'json'],
      ],
      rawHeaders: ['X-Api-Key', 'plain-four', 'Host', 'example.com'],
      missingVariables: ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY'],
    };
    expect(redactSecrets(input)).toEqual({
      model: 'claude',
      usage: { promptTokens: 12, maxTokens: 100 },
      nested: [{ config: { apiKey: REDACTED, token: null } }],
      map: { password: REDACTED, user: 'bob' },
      set: [REDACTED],
      headerPairs: [
        ['authorization', REDACTED],
        ['accept', 'json'],
      ],
      rawHeaders: ['X-Api-Key', REDACTED, 'Host', 'example.com'],
      missingVariables: ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY'],
    });
  });

  test('turns a Headers instance into a redacted plain object', () => {
    const headers = new Headers({ Authorization: 'Token plain-five', 'Content-Type': 'application/json' });
    expect(redactSecrets({ headers })).toEqual({
      headers: { authorization: REDACTED, 'content-type': 'application/json' },
    });
  });

  test('serialises errors with details and the cause chain', () => {
    const cause = new Error('upstream said sk-proj-abcdefghijklmnopqrstuvwx0123');
    const error = new VenomError({
      code: 'PROVIDER_FAILED',
      category: 'upstream',
      message: 'request failed',
      details: { apiKey: 'plain-six', status: 401 },
      cause,
    });
    const result = redactSecrets(error) as Record<string, unknown>;
    expect(result).toMatchObject({
      name: 'VenomError',
      message: 'request failed',
      code: 'PROVIDER_FAILED',
      category: 'upstream',
      details: { apiKey: REDACTED, status: 401 },
      cause: { name: 'Error', message: `upstream said ${REDACTED}` },
    });
    expect(JSON.stringify(result)).not.toContain('abcdefghijklmnopqrstuvwx0123');
    expect(typeof result.stack).toBe('string');
  });

  test('marks cycles but not shared references', () => {
    const shared = { id: 1 };
    const cyclic: Record<string, unknown> = { first: shared, second: shared };
    cyclic.self = cyclic;
    const error = new Error('loop');
    (error as Error & { cause: unknown }).cause = error;
    expect(redactSecrets(cyclic)).toEqual({ first: { id: 1 }, second: { id: 1 }, self: '[Circular]' });
    expect(redactSecrets(error)).toMatchObject({ message: 'loop', cause: '[Circular]' });
  });

  test('fails closed on a field that throws, and never throws itself', () => {
    const hostile = {
      fine: 'ok',
      get broken(): string {
        throw new Error('sk-ant-api03-0123456789abcdefghijABCDEFGHIJ');
      },
    };
    expect(redactSecrets(hostile)).toEqual({ fine: 'ok', broken: REDACTED });
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    expect(redactSecrets(revoked.proxy)).toBe(REDACTED);
  });

  test('makes values JSON-safe', () => {
    expect(
      redactSecrets({ big: 10n, when: new Date('2026-01-02T03:04:05Z'), bytes: Buffer.from('secret') }),
    ).toEqual({
      big: '10',
      when: '2026-01-02T03:04:05.000Z',
      bytes: '[Buffer 6 bytes]',
    });
  });
});
