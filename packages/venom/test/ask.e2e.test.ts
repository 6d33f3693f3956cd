import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  type FakeServer,
  type FakeServerOptions,
  startFakeAnthropic,
  startFakeOpenAI,
} from './fake-providers/index.js';
import {
  collect,
  createVenomHome,
  runVenom,
  startVenom,
  type VenomHome,
  waitForOutput,
} from './run-venom.js';

const anthropicKey = 'sk-ant-api03-e2eTestKey0123456789abcdefghijklmnop';
const openaiKey = 'sk-proj-e2eTestKey0123456789abcdefghijklmnopqr';

async function fakeAnthropic(options: FakeServerOptions = {}): Promise<FakeServer> {
  const server = await startFakeAnthropic({ apiKey: anthropicKey, ...options });
  onTestFinished(() => server.close());
  return server;
}

/** A venom home whose only usable provider is the fake Anthropic server (one pinned candidate). */
function anthropicHome(
  server: FakeServer,
  extraConfig = '',
): VenomHome & { env: Record<string, string | undefined> } {
  const venomHome = createVenomHome();
  mkdirSync(venomHome.configDir, { recursive: true });
  writeFileSync(
    join(venomHome.configDir, 'config.yaml'),
    [
      'router:',
      '  candidates:',
      '    - provider: anthropic',
      '      model: claude-test',
      '      input_per_million_usd: 3',
      '      output_per_million_usd: 15',
      '      quality: { simple: 0.9, moderate: 0.9, complex: 0.9 }',
      'models:',
      '  prices:',
      '    - model: anthropic/claude-test',
      '      input_per_million_usd: 3',
      '      output_per_million_usd: 15',
      extraConfig,
    ].join('\n'),
  );
  return {
    ...venomHome,
    env: {
      ...venomHome.env,
      ANTHROPIC_API_KEY: anthropicKey,
      VENOM_PROVIDERS_ANTHROPIC_BASE_URL: server.url,
    },
  };
}

/**
 * A venom home with two usable providers, the fake Anthropic and OpenAI servers: anthropic/claude-test
 * is believed far better (0.99 vs 0.5, priors worth 100,000 outcomes), so it is routed to first.
 */
function twoProviderEnv(
  anthropic: FakeServer,
  openai: FakeServer,
  extraConfig: string[] = [],
): Record<string, string | undefined> {
  const venomHome = createVenomHome();
  mkdirSync(venomHome.configDir, { recursive: true });
  writeFileSync(
    join(venomHome.configDir, 'config.yaml'),
    [
      'router:',
      '  prior_strength: 100000',
      '  candidates:',
      '    - { provider: anthropic, model: claude-test, input_per_million_usd: 1, output_per_million_usd: 1, quality: { simple: 0.99, moderate: 0.99, complex: 0.99 } }',
      '    - { provider: openai, model: gpt-test, input_per_million_usd: 1, output_per_million_usd: 1, quality: { simple: 0.5, moderate: 0.5, complex: 0.5 } }',
      ...extraConfig,
    ].join('\n'),
  );
  return {
    ...venomHome.env,
    ANTHROPIC_API_KEY: anthropicKey,
    OPENAI_API_KEY: openaiKey,
    VENOM_PROVIDERS_ANTHROPIC_BASE_URL: anthropic.url,
    VENOM_PROVIDERS_OPENAI_BASE_URL: openai.url,
  };
}

interface AskJson {
  route: { tier: string; model: string | null; reason: string };
  intent: { confidence: number; clarification: string | null };
  plan: { steps: Array<{ id: string; skill: string; action: string; params: Record<string, unknown> }> };
  estimate: { usd: number | null };
  answer?: { text: string; costUsd: number | null; fallbacks: string[]; usage: { inputTokens: number } };
  session: string;
}

const question = 'why does a rebase give commits new hashes?';

describe('venom ask with a model', () => {
  it('streams the answer, costs it from the price table, and records the spend', async () => {
    const server = await fakeAnthropic({
      responses: [
        { chunks: ['Because the ', 'parent changes.'], usage: { inputTokens: 1000, outputTokens: 200 } },
      ],
    });
    const { env } = anthropicHome(server);
    const run = await runVenom(['ask', question], { env });
    expect(run.stderr).toContain('anthropic/claude-test');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe('Because the parent changes.\n');
    expect(run.stderr).toContain('$0.0060');
    expect(server.requests).toHaveLength(1);
    expect(JSON.stringify(server.requests[0]?.body)).toContain(question);

    const stats = await runVenom(['stats', '--json'], { env });
    expect(JSON.parse(stats.stdout)).toMatchObject({ totalUsd: 0.006 });
    const events = await runVenom(['events', 'list', '--json'], { env });
    const types = (JSON.parse(events.stdout) as { events: Array<{ type: string }> }).events.map(
      (event) => event.type,
    );
    expect(types).toEqual(expect.arrayContaining(['model-call-start', 'model-call-end', 'ask-end']));
  });

  it('answers the JSON contract, and --dry-run calls nothing', async () => {
    const server = await fakeAnthropic();
    const { env } = anthropicHome(server);
    const dry = await runVenom(['ask', '--dry-run', '--json', question], { env });
    expect(dry.exitCode).toBe(0);
    const planned = JSON.parse(dry.stdout) as AskJson;
    expect(planned.route).toMatchObject({ tier: 'model', model: 'anthropic/claude-test' });
    expect(planned.estimate.usd).toBeGreaterThan(0);
    expect(server.requests).toHaveLength(0);

    const run = await runVenom(['ask', '--json', question], { env });
    const outcome = JSON.parse(run.stdout) as AskJson;
    expect(outcome.route.tier).toBe('model');
    expect(outcome.answer?.text).toBe('Hello, world');
    expect(outcome.plan.steps).toEqual([]);
  });

  it('continues the conversation, and --new starts another', async () => {
    const server = await fakeAnthropic();
    const { env } = anthropicHome(server);
    await runVenom(['ask', question], { env });
    await runVenom(['ask', 'and what about a merge?'], { env });
    expect(JSON.stringify(server.requests[1]?.body)).toContain(question);
    await runVenom(['ask', '--new', 'and what about a squash?'], { env });
    expect(JSON.stringify(server.requests[2]?.body)).not.toContain(question);
  });

  it('turns a model reply that is a plan into validated steps, without printing the JSON, and runs them', async () => {
    const plan =
      '{"steps":[{"id":"s1","skill":"files","action":"search","params":{"text":"TODO"},"dependsOn":[]}]}';
    const server = await fakeAnthropic({ responses: [{ chunks: [plan.slice(0, 20), plan.slice(20)] }] });
    const venomHome = anthropicHome(server);
    writeFileSync(join(venomHome.home, 'notes.txt'), 'remember: TODO buy milk\n');
    const run = await runVenom(['ask', 'please hunt down every leftover todo marker in the sources'], {
      env: venomHome.env,
    });
    expect(run.stdout).not.toContain('"steps"');
    expect(run.stdout).toMatch(/s1 +files\.search +text=TODO/);
    expect(run.stdout).toContain('notes.txt:1');
    expect(run.stdout).toMatch(/plan .*: succeeded/);
    expect(run.exitCode).toBe(0);
  });

  it('asks the model to repair a plan with wrong parameter names', async () => {
    const wrong =
      '{"steps":[{"id":"s1","skill":"files","action":"search","params":{"pattern":"TODO"},"dependsOn":[]}]}';
    const right =
      '{"steps":[{"id":"s1","skill":"files","action":"search","params":{"text":"TODO"},"dependsOn":[]}]}';
    const server = await fakeAnthropic({ responses: [{ chunks: [wrong] }, { chunks: [right] }] });
    const { env } = anthropicHome(server);
    const run = await runVenom(
      ['ask', '--dry-run', '--json', 'please hunt down every leftover todo marker'],
      { env },
    );
    expect(server.requests).toHaveLength(0);
    const live = await runVenom(['ask', '--json', 'please hunt down every leftover todo marker'], { env });
    expect(server.requests).toHaveLength(2);
    expect(JSON.stringify(server.requests[1]?.body)).toContain('unknown parameter pattern');
    expect(JSON.parse(live.stdout)).toMatchObject({ plan: { steps: [{ params: { text: 'TODO' } }] } });
    expect(run.exitCode).toBe(0);
  });

  it('repairs an invalid plan once, then fails clearly', async () => {
    const bad = '{"steps":[{"id":"s1","skill":"disk","action":"wipe","params":{},"dependsOn":[]}]}';
    const server = await fakeAnthropic({ responses: [{ chunks: [bad] }] });
    const { env } = anthropicHome(server);
    const run = await runVenom(['ask', 'please hunt down every leftover todo marker in the sources'], {
      env,
    });
    expect(run.exitCode).toBe(4);
    expect(run.stderr).toContain('invalid plan twice');
    expect(server.requests).toHaveLength(2);
  });

  it('names the provider and the fix when the key is rejected (401), exit 4, key never shown', async () => {
    const server = await fakeAnthropic({ apiKey: 'sk-ant-api03-theOtherKey000000000000000000000000' });
    const { env } = anthropicHome(server);
    const run = await runVenom(['ask', question], { env });
    expect(run.exitCode).toBe(4);
    expect(run.stderr).toContain(
      "401 from anthropic: the key for 'anthropic' was rejected; run 'venom auth set anthropic'",
    );
    expect(`${run.stdout}${run.stderr}`).not.toContain(anthropicKey);
  });

  it('refuses a call whose worst case would exceed the daily budget, without calling', async () => {
    const server = await fakeAnthropic();
    const { env } = anthropicHome(server, '  budget_daily_usd: 0.000001');
    const run = await runVenom(['ask', question], { env });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('refused');
    expect(server.requests).toHaveLength(0);
  });

  it('trips the spend-velocity breaker, stops every call until confirmed, then continues', async () => {
    const server = await fakeAnthropic({ responses: [{ usage: { inputTokens: 1000, outputTokens: 200 } }] });
    // Worst case of one call: ~0.016 USD (1,024 output tokens at $15/M); actual: 0.006 USD.
    const { env } = anthropicHome(server, '  velocity_limit_usd: 0.02\n  velocity_window_minutes: 60');
    expect((await runVenom(['ask', question], { env })).exitCode).toBe(0);
    const stopped = await runVenom(['ask', question], { env });
    expect(stopped.exitCode).toBe(2);
    expect(stopped.stderr).toContain('venom budget confirm');
    const again = await runVenom(['ask', question], { env });
    expect(again.exitCode).toBe(2);
    expect(server.requests).toHaveLength(1);
    const status = await runVenom(['budget', '--json'], { env });
    expect(JSON.parse(status.stdout)).toMatchObject({ velocityTripped: true });
    expect((await runVenom(['budget', 'confirm'], { env })).exitCode).toBe(0);
    expect((await runVenom(['ask', question], { env })).exitCode).toBe(0);
    expect(server.requests).toHaveLength(2);
  });

  it('lets a configured cheap model classify the task first, and records both calls and the savings baseline', async () => {
    const server = await fakeAnthropic({
      responses: [
        {
          chunks: ['{"reasoning":"design question","task_class":"complex"}'],
          usage: { inputTokens: 150, outputTokens: 20 },
        },
        { chunks: ['the answer'], usage: { inputTokens: 1000, outputTokens: 200 } },
      ],
    });
    const { env } = anthropicHome(server, '');
    const withClassifier = { ...env, VENOM_ROUTER_CLASSIFIER: 'anthropic/claude-test' };
    const run = await runVenom(['ask', '--json', '--explain', question], { env: withClassifier });
    expect(run.exitCode).toBe(0);
    const outcome = JSON.parse(run.stdout) as AskJson & { explain: { taskClass: string } };
    expect(outcome.explain.taskClass).toBe('complex');
    expect(outcome.answer?.text).toBe('the answer');
    expect(server.requests).toHaveLength(2);
    expect(JSON.stringify(server.requests[0]?.body)).toContain('task_class');
    const stats = JSON.parse((await runVenom(['stats', '--json'], { env })).stdout) as {
      totalUsd: number;
      byModel: Array<{ calls: number }>;
    };
    expect(stats.byModel[0]?.calls).toBe(2);
    expect(stats.totalUsd).toBeCloseTo(0.00075 + 0.006, 6);
  });

  it('falls back to the next candidate when the first provider fails, and says so', async () => {
    const anthropic = await fakeAnthropic({ responses: [{ status: 500 }] });
    const openai = await startFakeOpenAI({ apiKey: openaiKey, responses: [{ chunks: ['from openai'] }] });
    onTestFinished(() => openai.close());
    const env = twoProviderEnv(anthropic, openai, ['models:', '  retry_max_attempts: 1']);
    const run = await runVenom(['ask', '--json', question], { env });
    expect(run.exitCode).toBe(0);
    const outcome = JSON.parse(run.stdout) as AskJson;
    expect(outcome.answer?.text).toBe('from openai');
    expect(outcome.route.model).toBe('openai/gpt-test');
    expect(outcome.route.reason).toContain('fell back');
    expect(outcome.answer?.fallbacks.length).toBeGreaterThan(0);
  });

  it('learns from a retry: the first model is recorded as failed and sits the retry out', async () => {
    const anthropic = await fakeAnthropic({ responses: [{ chunks: ['first answer'] }] });
    const openai = await startFakeOpenAI({ apiKey: openaiKey, responses: [{ chunks: ['second answer'] }] });
    onTestFinished(() => openai.close());
    const env = twoProviderEnv(anthropic, openai);
    const posterior = async (id: string) => {
      const stats = JSON.parse((await runVenom(['router', 'stats', '--json'], { env })).stdout) as {
        posteriors: Array<{ candidateId: string; taskClass: string; trials: number; alpha: number }>;
      };
      return stats.posteriors.filter((entry) => entry.candidateId === id && entry.trials > 0);
    };

    const first = JSON.parse((await runVenom(['ask', '--json', question], { env })).stdout) as AskJson & {
      requestId: string;
    };
    expect(first.route.model).toBe('anthropic/claude-test');
    expect(first.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const before = await posterior('anthropic/claude-test');
    expect(before).toHaveLength(1);

    // Asking the same thing again (case and spacing aside) is a retry.
    const again = await runVenom(['ask', '--json', `  ${question.toUpperCase()} `], { env });
    expect(again.exitCode).toBe(0);
    const second = JSON.parse(again.stdout) as AskJson & { answer: { warnings: string[] } };
    expect(second.route.model).toBe('openai/gpt-test');
    expect(second.answer.text).toBe('second answer');
    expect(second.answer.warnings.join('\n')).toContain("anthropic/claude-test's earlier answer");
    const after = await posterior('anthropic/claude-test');
    // One trial still, but its success became a failure: alpha fell by one.
    expect(after[0]?.trials).toBe(1);
    expect((before[0]?.alpha ?? 0) - (after[0]?.alpha ?? 0)).toBeCloseTo(1, 6);

    const stats = JSON.parse((await runVenom(['router', 'stats', '--json'], { env })).stdout) as {
      corrections: { retried: number; rejected: number };
    };
    expect(stats.corrections).toEqual({ retried: 1, rejected: 0 });
  });

  it("learns from a rejection: rejecting a queued step of the model's plan counts against the model", async () => {
    const plan =
      '{"steps":[{"id":"s1","skill":"shell","action":"run","params":{"command":"echo hi > out.txt"},"dependsOn":[]}]}';
    const server = await fakeAnthropic({ responses: [{ chunks: [plan] }] });
    const venomHome = anthropicHome(server);
    const { env } = venomHome;
    const run = await runVenom(['ask', '--json', 'please put a greeting into a new file called out.txt'], {
      env,
    });
    expect(run.exitCode).toBe(1);
    const outcome = JSON.parse(run.stdout) as AskJson & { run: { state: string } };
    expect(outcome.route.tier).toBe('model');
    expect(outcome.run.state).toBe('blocked');
    const list = JSON.parse((await runVenom(['approvals', 'list', '--json'], { env })).stdout) as {
      approvals: Array<{ id: string }>;
    };
    expect(list.approvals).toHaveLength(1);
    const reject = await runVenom(['approvals', 'reject', list.approvals[0]?.id ?? ''], { env });
    expect(reject.exitCode).toBe(0);
    const stats = JSON.parse((await runVenom(['router', 'stats', '--json'], { env })).stdout) as {
      corrections: { retried: number; rejected: number };
      posteriors: Array<{ candidateId: string; trials: number; mean: number }>;
    };
    expect(stats.corrections).toEqual({ retried: 0, rejected: 1 });
  });

  it('--retry asks the previous request again; without one it says there is nothing to retry', async () => {
    const server = await fakeAnthropic({ responses: [{ chunks: ['one'] }, { chunks: ['two'] }] });
    const { env } = anthropicHome(server);
    const nothing = await runVenom(['ask', '--retry'], { env });
    expect(nothing.exitCode).toBe(2);
    expect(nothing.stderr).toContain('nothing to retry');
    const missing = await runVenom(['ask'], { env });
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('missing required argument');

    await runVenom(['ask', question], { env });
    const retried = await runVenom(['ask', '--retry', '--json'], { env });
    expect(retried.exitCode).toBe(0);
    const outcome = JSON.parse(retried.stdout) as AskJson & { answer: { warnings: string[] } };
    // The only candidate answers again (avoiding it would leave nobody), and the request is the same.
    expect(outcome.answer.text).toBe('two');
    expect(JSON.stringify(server.requests[1]?.body)).toContain(question);
    expect(outcome.answer.warnings.join('\n')).toContain('recorded as a failure');
  });

  it('never blames a model for a request it did not answer', async () => {
    const server = await fakeAnthropic({ responses: [{ chunks: ['one'] }, { chunks: ['two'] }] });
    const { env } = anthropicHome(server);
    await runVenom(['ask', question], { env });
    // Answered by the local tier: no model outcome of its own.
    await runVenom(['ask', '--dry-run', 'show the last 3 commits'], { env });
    const retried = await runVenom(['ask', '--retry', '--json', 'show the last 3 commits'], { env });
    const outcome = JSON.parse(retried.stdout) as AskJson & { answer: { warnings: string[] } };
    expect(outcome.route.tier).toBe('model');
    expect(outcome.answer.warnings.join('\n')).not.toContain('recorded as a failure');
    const stats = JSON.parse((await runVenom(['router', 'stats', '--json'], { env })).stdout) as {
      corrections: { retried: number };
    };
    expect(stats.corrections.retried).toBe(0);
  });

  it('stops on Ctrl-C mid-stream, keeps what was shown, and records the spend', async () => {
    const server = await fakeAnthropic({
      responses: [{ chunks: ['partial ', 'answer', ' never sent'], hangAfterChunks: 2 }],
    });
    const { env } = anthropicHome(server);
    const child = startVenom(['ask', question], { env });
    const finished = collect(child);
    await waitForOutput(child, 'partial answer');
    child.kill('SIGINT');
    const run = await finished;
    expect(run.exitCode).toBe(130);
    expect(run.stdout).toContain('partial answer');
    const stats = await runVenom(['stats', '--json'], { env });
    const byModel = (JSON.parse(stats.stdout) as { byModel: Array<{ model: string; calls: number }> })
      .byModel;
    expect(byModel).toEqual([expect.objectContaining({ model: 'anthropic/claude-test', calls: 1 })]);
  });
});

describe('venom ask without a model', () => {
  it('answers common requests locally, at no cost, in the JSON contract', async () => {
    const { env } = createVenomHome();
    const run = await runVenom(['ask', '--dry-run', '--json', 'show the last 3 commits by ana'], { env });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      route: { tier: 'local', model: null },
      intent: { clarification: null },
      plan: {
        steps: [
          { id: 's1', skill: 'git', action: 'log', params: { limit: 3, author: 'ana' }, dependsOn: [] },
        ],
      },
      estimate: { usd: 0 },
    });
  });

  it('asks a clarifying question when unsure and nothing is configured', async () => {
    const { env } = createVenomHome();
    const run = await runVenom(['ask', '--json', question], { env });
    expect(run.exitCode).toBe(1);
    const outcome = JSON.parse(run.stdout) as AskJson;
    expect(outcome.route).toMatchObject({ tier: 'model', model: null });
    expect(outcome.intent.clarification).toEqual(expect.any(String));
  });
});
