import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect, createVenomHome, venomBin } from './run-venom.js';

const hasScript = existsSync('/usr/bin/script');

/** Runs `venom auth set <provider>` on a real terminal (a pty from util-linux `script`) and types `keys`. */
async function typeIntoPrompt(env: Record<string, string | undefined>, provider: string, keys: string) {
  const child = spawn(
    'script',
    ['-qec', `'${process.execPath}' '${venomBin}' auth set ${provider}`, '/dev/null'],
    {
      env: env as NodeJS.ProcessEnv,
      cwd: env.HOME,
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  const finished = collect(child);
  let seen = '';
  await new Promise<void>((resolve) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes('(input hidden)')) resolve();
    });
  });
  child.stdin?.write(keys);
  return finished;
}

describe.skipIf(!hasScript)('venom auth set on a terminal', () => {
  it('prompts without echoing the key and saves it', async () => {
    const venomHome = createVenomHome();
    const key = 'sk-ant-api03-TypedAtThePrompt0123456789abcdefXYZ';
    const run = await typeIntoPrompt(venomHome.env, 'anthropic', `${key}\r`);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('Saved the key for anthropic');
    expect(run.stdout).not.toContain(key);
    expect(readFileSync(join(venomHome.configDir, 'credentials.json'), 'utf8')).toContain(key);
  });

  it('stops on Ctrl-C with exit code 130 and saves nothing', async () => {
    const venomHome = createVenomHome();
    const run = await typeIntoPrompt(venomHome.env, 'openai', 'sk-half-typed\u0003');
    expect(run.exitCode).toBe(130);
    expect(run.stdout).toContain('no key was saved');
    expect(existsSync(join(venomHome.configDir, 'credentials.json'))).toBe(false);
  });
});
