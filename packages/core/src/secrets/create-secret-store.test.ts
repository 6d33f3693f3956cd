import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { VenomError } from '../errors/index.js';
import {
  createSecretStore,
  type SecretStoreOptions,
  type SecretStoreWarning,
} from './create-secret-store.js';

let directory: string;
let credentialsFile: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'venom-secrets-'));
  credentialsFile = join(directory, 'config', 'venom', 'credentials.json');
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

function fileStore(overrides: Partial<SecretStoreOptions> = {}) {
  return createSecretStore({ tool: 'venom', env: {}, credentialsFile, keyring: 'off', ...overrides });
}

async function rejection(promise: Promise<unknown>): Promise<VenomError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(VenomError.isInstance(error)).toBe(true);
  return error as VenomError;
}

describe('file backend', () => {
  test('round-trips a secret through a 0600 file in a 0700 directory', async () => {
    const store = fileStore();
    expect(await store.get('anthropic')).toBeUndefined();
    expect(await store.set('anthropic', 'sk-ant-file-value\n')).toEqual({
      backend: 'file',
      location: credentialsFile,
    });
    expect(await store.get('anthropic')).toEqual({ value: 'sk-ant-file-value', backend: 'file' });
    expect(statSync(credentialsFile).mode & 0o777).toBe(0o600);
    expect(statSync(join(directory, 'config', 'venom')).mode & 0o777).toBe(0o700);
    expect(JSON.parse(readFileSync(credentialsFile, 'utf8'))).toEqual({
      version: 1,
      secrets: { anthropic: 'sk-ant-file-value' },
    });
  });

  test('a second store instance reads what the first wrote, and set overwrites', async () => {
    await fileStore().set('openai', 'first');
    await fileStore().set('openai', 'second');
    await fileStore().set('google', 'third');
    expect(await fileStore().get('openai')).toEqual({ value: 'second', backend: 'file' });
    expect(await fileStore().get('google')).toEqual({ value: 'third', backend: 'file' });
  });

  test('the environment wins over the file, in the order the variables are given', async () => {
    await fileStore().set('anthropic', 'from-file');
    const env = { ANTHROPIC_API_KEY: '  from-env-2\n', EMPTY: '   ' };
    const store = fileStore({ env });
    expect(await store.get('anthropic', ['VENOM_ANTHROPIC_KEY', 'EMPTY', 'ANTHROPIC_API_KEY'])).toEqual({
      value: 'from-env-2',
      backend: 'env',
      envVar: 'ANTHROPIC_API_KEY',
    });
    expect(await store.get('anthropic', ['UNSET'])).toEqual({ value: 'from-file', backend: 'file' });
  });

  test('remove deletes from the file and says whether anything was there', async () => {
    const store = fileStore();
    await store.set('anthropic', 'value-a');
    await store.set('openai', 'value-b');
    expect(await store.remove('anthropic')).toEqual({ removed: true, backends: ['file'] });
    expect(await store.remove('anthropic')).toEqual({ removed: false, backends: [] });
    expect(await store.get('anthropic')).toBeUndefined();
    expect(await store.get('openai')).toEqual({ value: 'value-b', backend: 'file' });
  });

  test('list names secrets and their backend, never values', async () => {
    const store = fileStore();
    await store.set('openai', 'value-openai-123');
    await store.set('anthropic', 'value-anthropic-456');
    const listed = await store.list();
    expect(listed).toEqual([
      { name: 'anthropic', backend: 'file' },
      { name: 'openai', backend: 'file' },
    ]);
    expect(JSON.stringify(listed)).not.toMatch(/value-/);
  });

  test.each([
    ['empty', ''],
    ['blank', '  \t '],
    ['only a newline', '\n'],
    ['multi-line', 'line-one\nline-two'],
    ['carriage return inside', 'abc\rdef'],
  ])('rejects a %s value with SECRET_INVALID without storing it', async (_kind, value) => {
    const store = fileStore();
    const error = await rejection(store.set('anthropic', value));
    expect(error.code).toBe('SECRET_INVALID');
    expect(error.category).toBe('usage');
    expect(await store.list()).toEqual([]);
  });

  test('the SECRET_INVALID message does not echo the value', async () => {
    const error = await rejection(fileStore().set('anthropic', 'sk-ant-part-one\nsk-ant-part-two'));
    expect(
      JSON.stringify({ message: error.message, hint: error.hint, details: error.details }),
    ).not.toContain('sk-ant-part');
  });

  test('rejects names that are not plain identifiers', async () => {
    const error = await rejection(fileStore().set('../etc/passwd', 'value'));
    expect(error.code).toBe('SECRET_NAME_INVALID');
    expect((await rejection(fileStore().set('__proto__ x', 'value'))).code).toBe('SECRET_NAME_INVALID');
  });

  test('a corrupt file is CREDENTIALS_CORRUPT naming the path and never quoting the content', async () => {
    mkdirSync(join(directory, 'config', 'venom'), { recursive: true });
    writeFileSync(credentialsFile, '{"version":1,"secrets":{"anthropic":"sk-ant-leaked-value', {
      mode: 0o600,
    });
    const error = await rejection(fileStore().get('anthropic'));
    expect(error.code).toBe('CREDENTIALS_CORRUPT');
    expect(error.category).toBe('environment');
    expect(error.message).toContain(credentialsFile);
    const everything = JSON.stringify({ ...error.toJSON(), stack: error.stack, cause: String(error.cause) });
    expect(everything).not.toContain('sk-ant-leaked-value');
    // Writing over a corrupt file would lose the other secrets in it: refuse.
    expect((await rejection(fileStore().set('openai', 'value'))).code).toBe('CREDENTIALS_CORRUPT');
    expect(readFileSync(credentialsFile, 'utf8')).toContain('sk-ant-leaked-value');
  });

  test.each([
    ['an array', '[]'],
    ['a wrong version', '{"version":2,"secrets":{}}'],
    ['a non-string value', '{"version":1,"secrets":{"anthropic":{"value":"sk-ant-nested-value"}}}'],
  ])('a file holding %s is CREDENTIALS_CORRUPT', async (_kind, content) => {
    mkdirSync(join(directory, 'config', 'venom'), { recursive: true });
    writeFileSync(credentialsFile, content, { mode: 0o600 });
    const error = await rejection(fileStore().list());
    expect(error.code).toBe('CREDENTIALS_CORRUPT');
    expect(error.message).not.toContain('sk-ant-nested-value');
  });

  test('a file readable by others is reported through onWarning and fixed to 0600 on the next write', async () => {
    await fileStore().set('anthropic', 'value-a');
    chmodSync(credentialsFile, 0o644);
    const warnings: SecretStoreWarning[] = [];
    const store = fileStore({ onWarning: (warning) => warnings.push(warning) });
    expect(await store.get('anthropic')).toEqual({ value: 'value-a', backend: 'file' });
    expect(warnings).toMatchObject([{ code: 'CREDENTIALS_MODE_OPEN', path: credentialsFile, mode: 0o644 }]);
    expect(warnings[0]?.message).not.toContain('value-a');
    await store.set('openai', 'value-b');
    expect(statSync(credentialsFile).mode & 0o777).toBe(0o600);
  });

  test('with keyring auto but no session bus, secrets go to the file', async () => {
    const store = createSecretStore({
      tool: 'venom',
      env: { PATH: process.env.PATH, DBUS_SESSION_BUS_ADDRESS: undefined },
      credentialsFile,
    });
    expect(await store.keyringAvailable()).toBe(false);
    expect(await store.set('anthropic', 'value-a')).toEqual({ backend: 'file', location: credentialsFile });
  });

  test('with a session bus address that answers nothing, secrets go to the file', async () => {
    const store = createSecretStore({
      tool: 'venom',
      env: { PATH: process.env.PATH, DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(directory, 'no-bus')}` },
      credentialsFile,
    });
    expect(await store.keyringAvailable()).toBe(false);
    expect((await store.set('anthropic', 'value-a')).backend).toBe('file');
  });
});
