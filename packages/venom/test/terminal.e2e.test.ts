import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canRunOnTerminal, createVenomHome, runOnTerminal } from './run-venom.js';

describe.skipIf(!canRunOnTerminal)('venom on a terminal', () => {
  it('auth set prompts without echoing the key and saves it', async () => {
    const venomHome = createVenomHome();
    const key = 'sk-ant-api03-TypedAtThePrompt0123456789abcdefXYZ';
    const run = await runOnTerminal(['auth', 'set', 'anthropic'], {
      env: venomHome.env,
      waitFor: '(input hidden)',
      keys: `${key}\r`,
    });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('Saved the key for anthropic');
    expect(run.stdout).not.toContain(key);
    expect(readFileSync(join(venomHome.configDir, 'credentials.json'), 'utf8')).toContain(key);
  });

  it('auth set stops on Ctrl-C with exit code 130 and saves nothing', async () => {
    const venomHome = createVenomHome();
    const run = await runOnTerminal(['auth', 'set', 'openai'], {
      env: venomHome.env,
      waitFor: '(input hidden)',
      keys: 'sk-half-typed\u0003',
    });
    expect(run.exitCode).toBe(130);
    expect(run.stdout).toContain('no key was saved');
    expect(existsSync(join(venomHome.configDir, 'credentials.json'))).toBe(false);
  });

  it('ask asks its clarifying question and completes the request with the answer', async () => {
    const venomHome = createVenomHome();
    const run = await runOnTerminal(['ask', 'switch to the branch'], {
      env: venomHome.env,
      waitFor: 'Which branch',
      keys: 'feature-x\r',
    });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/s1 +git\.switch +branch=feature-x/);
  });
});
