import { chmodSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createVenomHome, runVenom, type VenomRun } from './run-venom.js';

const plantedKey = 'sk-ant-api03-Zq8vTnW2xYk4Lp0sRm7QeBc5HdJ9FgUi3AoKw6NyEt1MvXr';

function everyFileUnder(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

function expectNoLeak(runs: VenomRun[], files: string[]): void {
  for (const run of runs) {
    expect(run.stdout).not.toContain(plantedKey);
    expect(run.stderr).not.toContain(plantedKey);
  }
  for (const file of files) expect(readFileSync(file).toString('latin1'), file).not.toContain(plantedKey);
}

describe('venom auth', () => {
  it('stores a key from stdin in a 0600 file and never prints, logs or records it', async () => {
    const venomHome = createVenomHome();
    const { env } = venomHome;
    const set = await runVenom(['auth', 'set', 'anthropic', '--verbose'], { env, input: `${plantedKey}\n` });
    expect(set.exitCode).toBe(0);
    expect(set.stdout).toContain('anthropic');
    const credentials = join(venomHome.configDir, 'credentials.json');
    expect(statSync(credentials).mode & 0o777).toBe(0o600);
    expect(readFileSync(credentials, 'utf8')).toContain(plantedKey);

    const list = await runVenom(['auth', 'list', '--json', '--verbose'], { env });
    const { providers } = JSON.parse(list.stdout) as {
      providers: Array<{ provider: string; source?: string }>;
    };
    expect(providers.find((provider) => provider.provider === 'anthropic')).toMatchObject({ source: 'file' });
    const doctor = await runVenom(['doctor', '--json', '--verbose'], { env });
    const events = await runVenom(['events', 'list', '--json'], { env });
    expect(
      (JSON.parse(events.stdout) as { events: Array<{ type: string }> }).events.map((event) => event.type),
    ).toContain('credential-set');
    const otherFiles = everyFileUnder(venomHome.home).filter((file) => file !== credentials);
    expect(otherFiles.some((file) => file.endsWith('venom.log'))).toBe(true);
    expectNoLeak([set, list, doctor, events], otherFiles);
  });

  it('shows an environment key taking precedence over the stored one', async () => {
    const { env } = createVenomHome();
    await runVenom(['auth', 'set', 'openai'], { env, input: 'sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z' });
    const run = await runVenom(['auth', 'list', '--json'], {
      env: { ...env, OPENAI_API_KEY: 'sk-proj-other-key-000000000000000' },
    });
    const { providers } = JSON.parse(run.stdout) as {
      providers: Array<{ provider: string; source?: string; envVar?: string }>;
    };
    expect(providers.find((provider) => provider.provider === 'openai')).toMatchObject({
      source: 'env',
      envVar: 'OPENAI_API_KEY',
    });
  });

  it('warns when the credentials file is readable by others, and narrows it on the next write', async () => {
    const venomHome = createVenomHome();
    const { env } = venomHome;
    await runVenom(['auth', 'set', 'anthropic'], { env, input: plantedKey });
    const credentials = join(venomHome.configDir, 'credentials.json');
    chmodSync(credentials, 0o644);
    const list = await runVenom(['auth', 'list'], { env });
    expect(list.exitCode).toBe(0);
    expect(list.stderr).toMatch(/warning: .*credentials/);
    expectNoLeak([list], []);
    await runVenom(['auth', 'set', 'openai'], { env, input: 'sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z' });
    expect(statSync(credentials).mode & 0o777).toBe(0o600);
  });

  it('removes a stored key, and exits 1 when there is none', async () => {
    const { env } = createVenomHome();
    await runVenom(['auth', 'set', 'google'], { env, input: 'AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW' });
    const removed = await runVenom(['auth', 'remove', 'google'], { env });
    expect(removed.exitCode).toBe(0);
    const again = await runVenom(['auth', 'remove', 'google'], { env });
    expect(again.exitCode).toBe(1);
    const list = await runVenom(['auth', 'list', '--json'], { env });
    const { providers } = JSON.parse(list.stdout) as {
      providers: Array<{ provider: string; configured: boolean }>;
    };
    expect(providers.find((provider) => provider.provider === 'google')?.configured).toBe(false);
  });

  it('refuses a key given as a flag without echoing it, and shows the right way', async () => {
    const { env } = createVenomHome();
    for (const args of [
      ['auth', 'set', 'anthropic', '--api-key', plantedKey],
      ['auth', 'set', 'anthropic', `--key=${plantedKey}`],
      ['auth', 'set', plantedKey],
    ]) {
      const run = await runVenom(args, { env });
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain('venom auth set');
      expectNoLeak([run], []);
    }
  });

  it('rejects an empty key and saves nothing', async () => {
    const venomHome = createVenomHome();
    const run = await runVenom(['auth', 'set', 'anthropic'], { env: venomHome.env, input: '\n' });
    expect(run.exitCode).toBe(2);
    expect(() => statSync(join(venomHome.configDir, 'credentials.json'))).toThrow();
  });

  it('suggests the right provider name for a typo', async () => {
    const { env } = createVenomHome();
    const run = await runVenom(['auth', 'set', 'anthropc'], { env, input: 'x' });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("'anthropic'");
  });
});
