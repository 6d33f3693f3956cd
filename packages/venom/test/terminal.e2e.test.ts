import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startFakeAnthropic } from './fake-providers/index.js';
import { canRunOnTerminal, createVenomHome, runOnTerminal, runVenom } from './run-venom.js';

describe.skipIf(!canRunOnTerminal)('venom on a terminal', () => {
  it('auth set prompts without echoing the key and saves it', async () => {
    const venomHome = createVenomHome();
    const key = 'sk-ant-api03-TypedAtThePrompt0123456789abcdefXYZ';
    const run = await runOnTerminal(['auth', 'set', 'anthropic'], {
      env: venomHome.env,
      conversation: [{ waitFor: '(input hidden)', keys: `${key}\r` }],
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
      conversation: [{ waitFor: '(input hidden)', keys: 'sk-half-typed\u0003' }],
    });
    expect(run.exitCode).toBe(130);
    expect(run.stdout).toContain('no key was saved');
    expect(existsSync(join(venomHome.configDir, 'credentials.json'))).toBe(false);
  });

  it('ask asks its clarifying question and completes the request with the answer', async () => {
    const venomHome = createVenomHome();
    const run = await runOnTerminal(['ask', '--dry-run', 'switch to the branch'], {
      env: venomHome.env,
      conversation: [{ waitFor: 'Which branch', keys: 'feature-x\r' }],
    });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/s1 +git\.switch +branch=feature-x/);
  });

  it('ask runs a command after it is allowed once at the prompt, and stops when denied', async () => {
    const venomHome = createVenomHome();
    const allowed = await runOnTerminal(['ask', 'run echo sandboxed-hello'], {
      env: venomHome.env,
      conversation: [{ waitFor: '[d]eny?', keys: 'o\r' }],
    });
    expect(allowed.stdout).toContain('command: echo sandboxed-hello');
    expect(allowed.stdout).toContain('sandboxed-hello');
    expect(allowed.stdout).toMatch(/plan .*: succeeded/);
    expect(allowed.exitCode).toBe(0);

    const denied = await runOnTerminal(['ask', 'run echo never-shown'], {
      env: venomHome.env,
      conversation: [{ waitFor: '[d]eny?', keys: 'd\r' }],
    });
    expect(denied.exitCode).toBe(1);
    expect(denied.stdout).toMatch(/plan .*: failed/);
  });

  it("counts a denied step of a model's plan as that model's failure", async () => {
    const apiKey = 'sk-ant-api03-terminalDenyKey0123456789abcdefghij';
    const plan =
      '{"steps":[{"id":"s1","skill":"shell","action":"run","params":{"command":"echo planned"},"dependsOn":[]}]}';
    const server = await startFakeAnthropic({ apiKey, responses: [{ chunks: [plan] }] });
    onTestFinished(() => server.close());
    const venomHome = createVenomHome();
    mkdirSync(venomHome.configDir, { recursive: true });
    writeFileSync(
      join(venomHome.configDir, 'config.yaml'),
      'router:\n  candidates:\n    - { provider: anthropic, model: claude-test, input_per_million_usd: 1, output_per_million_usd: 1, quality: { simple: 0.9, moderate: 0.9, complex: 0.9 } }\n',
    );
    const env = {
      ...venomHome.env,
      ANTHROPIC_API_KEY: apiKey,
      VENOM_PROVIDERS_ANTHROPIC_BASE_URL: server.url,
    };
    const denied = await runOnTerminal(
      ['ask', 'please greet the planet from a shell, politely and briefly'],
      {
        env,
        conversation: [{ waitFor: '[d]eny?', keys: 'd\r' }],
      },
    );
    expect(denied.stdout).toContain('command: echo planned');
    expect(denied.exitCode).toBe(1);
    const stats = JSON.parse((await runVenom(['router', 'stats', '--json'], { env })).stdout) as {
      corrections: { rejected: number };
    };
    expect(stats.corrections.rejected).toBe(1);
  });

  it('remembers "allow always for this project" as a narrow, editable rule', async () => {
    const venomHome = createVenomHome();
    const project = join(venomHome.home, 'work');
    mkdirSync(join(project, '.git'), { recursive: true });
    const first = await runOnTerminal(['ask', 'run echo first-time'], {
      env: venomHome.env,
      conversation: [{ waitFor: '[d]eny?', keys: 'a\r' }],
      cwd: project,
    });
    expect(first.exitCode).toBe(0);
    const rules = readFileSync(join(project, '.venom', 'policy-rules.yaml'), 'utf8');
    expect(rules).toContain('shell.run');
    expect(rules).toContain('echo');
    const again = await runVenom(['ask', 'run echo second-time'], { env: venomHome.env, cwd: project });
    expect(again.stdout).toContain('second-time');
    expect(again.exitCode).toBe(0);
  });

  it('ask confirms a proposed step with "yes", and Ctrl-C cancels the running plan with exit 130', async () => {
    const venomHome = createVenomHome();
    const run = await runOnTerminal(['ask', 'run sleep 30'], {
      env: venomHome.env,
      conversation: [
        { waitFor: 'sleep 30`?', keys: 'yes\r' },
        { waitFor: '[d]eny?', keys: 'o\r' },
        { waitFor: 's1 shell.run', keys: '\u0003', delayMs: 500 },
      ],
    });
    expect(run.exitCode).toBe(130);
    expect(run.stdout).toContain('cancelled');
    const unfinished = await runVenom(['resume', '--json'], { env: venomHome.env });
    expect(JSON.parse(unfinished.stdout)).toMatchObject({ unfinished: [{ state: 'cancelled' }] });
  });
});
