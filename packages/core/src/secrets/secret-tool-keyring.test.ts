import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { findExecutable, runCommand } from '../process/index.js';
import { createSecretStore } from './create-secret-store.js';

// A real Secret Service: a private D-Bus session with gnome-keyring-daemon, driven through secret-tool.
// Debian packages: libsecret-tools (secret-tool), gnome-keyring (gnome-keyring-daemon), dbus (dbus-run-session).
const requiredPrograms = ['secret-tool', 'dbus-run-session', 'gnome-keyring-daemon'];
const missingPrograms = requiredPrograms.filter((name) => findExecutable(name, process.env) === undefined);
const title =
  missingPrograms.length === 0
    ? 'Secret Service keyring (gnome-keyring in a private D-Bus session)'
    : `Secret Service keyring: skipped, ${missingPrograms.join(', ')} not on PATH (apt-get install libsecret-tools gnome-keyring dbus)`;

describe.skipIf(missingPrograms.length > 0)(title, () => {
  let directory: string;
  let session: ChildProcess | undefined;
  let env: Record<string, string | undefined>;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'venom-keyring-'));
    const runtimeDirectory = join(directory, 'run');
    mkdirSync(runtimeDirectory, { mode: 0o700 });
    mkdirSync(join(directory, 'data', 'keyrings'), { recursive: true });
    const sessionEnv = {
      PATH: process.env.PATH,
      HOME: directory,
      XDG_DATA_HOME: join(directory, 'data'),
      XDG_RUNTIME_DIR: runtimeDirectory,
    };
    // The session lives as long as `cat` reads our stdin: closing it (or our exit) ends the bus and the daemon.
    const script =
      'printf "test-keyring-password" | gnome-keyring-daemon --unlock --components=secrets >/dev/null && ' +
      'echo "BUS=$DBUS_SESSION_BUS_ADDRESS" && exec cat';
    const child = spawn('dbus-run-session', ['--', 'sh', '-c', script], {
      env: sessionEnv,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    session = child;
    const address = await new Promise<string>((resolve, reject) => {
      let output = '';
      let errors = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
        const match = /^BUS=(.+)$/m.exec(output);
        if (match?.[1] !== undefined) resolve(match[1]);
      });
      child.stderr?.on('data', (chunk: Buffer) => {
        errors += chunk.toString('utf8');
      });
      child.on('exit', (code) => reject(new Error(`the D-Bus session ended early (${code}): ${errors}`)));
      child.on('error', reject);
    });
    env = { ...sessionEnv, DBUS_SESSION_BUS_ADDRESS: address };
  });

  afterAll(async () => {
    if (session !== undefined && session.exitCode === null) {
      const exited = new Promise((resolve) => session?.on('exit', resolve));
      session.stdin?.end();
      await exited;
    }
    rmSync(directory, { recursive: true, force: true });
  });

  const store = (credentialsFile = join(directory, 'credentials.json')) =>
    createSecretStore({ tool: 'venom-test', env, credentialsFile });

  test('is available, stores in the keyring and not in the file', async () => {
    const secrets = store();
    expect(await secrets.keyringAvailable()).toBe(true);
    const result = await secrets.set('anthropic', 'sk-ant-keyring-value\n');
    expect(result.backend).toBe('keyring');
    expect(result.location).toContain('venom-test');
    expect(existsSync(join(directory, 'credentials.json'))).toBe(false);
    // The item is really in the Secret Service, under service/account attributes.
    const lookup = await runCommand(
      'secret-tool',
      ['lookup', 'service', 'venom-test', 'account', 'anthropic'],
      {
        env,
      },
    );
    expect(lookup.stdout).toBe('sk-ant-keyring-value');
  });

  test('get reads the keyring; the environment still wins', async () => {
    await store().set('openai', 'openai-keyring-value');
    expect(await store().get('openai')).toEqual({ value: 'openai-keyring-value', backend: 'keyring' });
    const withEnv = createSecretStore({
      tool: 'venom-test',
      env: { ...env, OPENAI_API_KEY: 'from-env' },
      credentialsFile: join(directory, 'credentials.json'),
    });
    expect(await withEnv.get('openai', ['OPENAI_API_KEY'])).toEqual({
      value: 'from-env',
      backend: 'env',
      envVar: 'OPENAI_API_KEY',
    });
  });

  test('list shows keyring and file names with their backend, never values', async () => {
    const credentialsFile = join(directory, 'credentials.json');
    await store().set('google', 'google-keyring-value');
    const fileOnly = createSecretStore({ tool: 'venom-test', env, credentialsFile, keyring: 'off' });
    await fileOnly.set('github', 'github-file-value');
    const listed = await store().list();
    expect(listed).toContainEqual({ name: 'google', backend: 'keyring' });
    expect(listed).toContainEqual({ name: 'github', backend: 'file' });
    expect(JSON.stringify(listed)).not.toMatch(/-value/);
  });

  test('remove clears the keyring and the file', async () => {
    const credentialsFile = join(directory, 'credentials.json');
    await store().set('mistral', 'mistral-keyring-value');
    await createSecretStore({ tool: 'venom-test', env, credentialsFile, keyring: 'off' }).set(
      'mistral',
      'file-copy',
    );
    expect(await store().remove('mistral')).toEqual({ removed: true, backends: ['keyring', 'file'] });
    expect(await store().get('mistral')).toBeUndefined();
    expect(await store().remove('mistral')).toEqual({ removed: false, backends: [] });
  });
});
