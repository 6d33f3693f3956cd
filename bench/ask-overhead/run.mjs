#!/usr/bin/env node
// Time to first token through venom vs calling the AI SDK provider directly, against the same
// loopback server speaking Anthropic's Messages SSE protocol. See README.md.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values: flags } = parseArgs({
  options: {
    runs: { type: 'string', default: '40' },
    'process-runs': { type: 'string', default: '15' },
    json: { type: 'boolean', default: false },
  },
});
const runs = Number(flags.runs);
const processRuns = Number(flags['process-runs']);
const root = new URL('../../', import.meta.url).pathname;
const apiKey = 'sk-ant-api03-benchmarkKey000000000000000000000000000';

// --- a loopback Anthropic Messages server: first delta at once, the rest 20 ms later -------------
function sse(event, data) {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    response.write(
      sse('message_start', {
        type: 'message_start',
        message: {
          id: 'msg_1',
          type: 'message',
          role: 'assistant',
          model: 'claude-bench',
          content: [],
          stop_reason: null,
          usage: { input_tokens: 20, output_tokens: 1 },
        },
      }),
    );
    response.write(
      sse('content_block_start', {
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'text', text: '' },
      }),
    );
    response.write(
      sse('content_block_delta', {
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'text_delta', text: 'first' },
      }),
    );
    setTimeout(() => {
      response.write(
        sse('content_block_delta', {
          type: 'content_block_delta',
          index: 0,
          delta: { type: 'text_delta', text: ' token' },
        }),
      );
      response.write(sse('content_block_stop', { type: 'content_block_stop', index: 0 }));
      response.write(
        sse('message_delta', {
          type: 'message_delta',
          delta: { stop_reason: 'end_turn' },
          usage: { output_tokens: 2 },
        }),
      );
      response.end(sse('message_stop', { type: 'message_stop' }));
    }, 20);
  });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const baseUrl = `http://127.0.0.1:${server.address().port}/v1`;

// --- in-process: direct SDK, venom's model client, venom's whole ask pipeline --------------------
const { createAnthropic } = await import('@ai-sdk/anthropic');
const models = await import(join(root, 'packages/venom/dist/models/index.js'));
const plan = await import(join(root, 'packages/venom/dist/plan/index.js'));
const memory = await import(join(root, 'packages/venom/dist/memory/index.js'));
const router = await import(join(root, 'packages/venom/dist/router/index.js'));
const core = await import(join(root, 'packages/core/dist/index.js'));

const messages = [{ role: 'user', content: 'why does a rebase give commits new hashes?' }];

async function directFirstToken() {
  const started = performance.now();
  const model = createAnthropic({ apiKey, baseURL: baseUrl })('claude-bench');
  const { stream } = await model.doStream({
    prompt: [{ role: 'user', content: [{ type: 'text', text: messages[0].content }] }],
    maxOutputTokens: 256,
  });
  const reader = stream.getReader();
  let first;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (value.type === 'text-delta' && first === undefined) first = performance.now() - started;
  }
  return first;
}

const settingsFor = async () => ({ baseUrl, apiKey });
const client = models.createModelClient({ settingsFor });
async function clientFirstToken() {
  const started = performance.now();
  let first;
  await client.generate({
    candidates: [{ provider: 'anthropic', model: 'claude-bench' }],
    messages,
    maxOutputTokens: 256,
    cache: false,
    onTextDelta: () => {
      first ??= performance.now() - started;
    },
  });
  return first;
}

const home = mkdtempSync(join(tmpdir(), 'venom-bench-ask-'));
const store = core.openStore({
  path: join(home, 'venom.db'),
  migrations: {
    'event-log': core.eventLogMigrations,
    memory: memory.memoryMigrations,
    models: models.modelsMigrations,
    budget: models.budgetMigrations,
    router: router.routerMigrations,
  },
});
const candidate = {
  id: 'anthropic/claude-bench',
  provider: 'anthropic',
  model: 'claude-bench',
  local: false,
  inputPerMillionUsd: 3,
  outputPerMillionUsd: 15,
  qualityPrior: { simple: 0.9, moderate: 0.9, complex: 0.9 },
  latencyMs: 1000,
  capabilities: [],
};
const dependencies = {
  sessions: memory.createSessionStore(store),
  ledger: models.createBudgetLedger(store, { dailyUsd: 1000 }),
  router: router.createRouter({ store, candidates: [candidate] }),
  modelClient: models.createModelClient({ settingsFor }),
  historyMessages: 0,
};
async function askFirstToken() {
  const started = performance.now();
  let first;
  await plan.askRequest(
    {
      request: messages[0].content,
      dryRun: false,
      explain: false,
      fresh: true,
      maxOutputTokens: 256,
      signal: new AbortController().signal,
      onTextDelta: () => {
        first ??= performance.now() - started;
      },
    },
    dependencies,
  );
  return first;
}

// --- whole processes: `venom ask` vs a one-file script calling the SDK ------------------------------
const directScript = `
const { createAnthropic } = await import('@ai-sdk/anthropic');
const model = createAnthropic({ apiKey: ${JSON.stringify(apiKey)}, baseURL: ${JSON.stringify(baseUrl)} })('claude-bench');
const { stream } = await model.doStream({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], maxOutputTokens: 256 });
for await (const part of stream) if (part.type === 'text-delta') process.stdout.write(part.delta);
`;
function firstByteOf(command, args, env) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env, cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let first;
    let errors = '';
    child.stdout.once('data', () => {
      first = performance.now() - started;
    });
    child.stderr.on('data', (chunk) => {
      errors += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 && first !== undefined
        ? resolve(first)
        : reject(new Error(`${args.join(' ')} exited ${code}: ${errors}`)),
    );
  });
}
const venomHome = mkdtempSync(join(tmpdir(), 'venom-bench-home-'));
const venomEnv = {
  PATH: process.env.PATH,
  HOME: venomHome,
  NO_COLOR: '1',
  ANTHROPIC_API_KEY: apiKey,
  VENOM_PROVIDERS_ANTHROPIC_BASE_URL: baseUrl,
  VENOM_MODELS_CACHE_ENABLED: 'false',
  VENOM_MODELS_DEFAULT: 'anthropic/claude-haiku-4-5',
};
const venomProcess = () =>
  firstByteOf(
    process.execPath,
    [join(root, 'packages/venom/bin/venom.js'), 'ask', '--new', 'why does a rebase give commits new hashes?'],
    venomEnv,
  );
const directProcess = () =>
  firstByteOf(process.execPath, ['--input-type=module', '-e', directScript], { PATH: process.env.PATH });

// --- measure, interleaved ------------------------------------------------------------------------
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const p90 = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.9)];
const inProcess = { direct: [], client: [], ask: [] };
for (let warm = 0; warm < 5; warm++) {
  await directFirstToken();
  await clientFirstToken();
  await askFirstToken();
}
for (let round = 0; round < runs; round++) {
  const order = [
    ['direct', directFirstToken],
    ['client', clientFirstToken],
    ['ask', askFirstToken],
  ];
  for (let shift = 0; shift < round % 3; shift++) order.push(order.shift());
  for (const [name, measure] of order) inProcess[name].push(await measure());
}
const processes = { direct: [], venom: [] };
await directProcess();
await venomProcess();
for (let round = 0; round < processRuns; round++) {
  const pair = round % 2 === 0 ? ['direct', 'venom'] : ['venom', 'direct'];
  for (const name of pair) processes[name].push(await (name === 'direct' ? directProcess() : venomProcess()));
}
store.close();
server.close();
rmSync(home, { recursive: true, force: true });
rmSync(venomHome, { recursive: true, force: true });

const row = (label, values, base) => ({
  label,
  medianMs: Number(median(values).toFixed(2)),
  p90Ms: Number(p90(values).toFixed(2)),
  addedMs: base === undefined ? 0 : Number((median(values) - median(base)).toFixed(2)),
});
const report = {
  runs,
  processRuns,
  node: process.version,
  inProcess: [
    row('AI SDK provider, direct', inProcess.direct),
    row('venom model client', inProcess.client, inProcess.direct),
    row('venom ask pipeline', inProcess.ask, inProcess.direct),
  ],
  process: [
    row('node script calling the SDK', processes.direct),
    row('venom ask (process)', processes.venom, processes.direct),
  ],
};
const askAdded = report.inProcess[2].addedMs;
report.goal = { addedMsAtMost: 20, askPipelineAddedMs: askAdded, pass: askAdded <= 20 };

if (flags.json) {
  console.log(JSON.stringify(report, null, 2));
} else {
  console.log(
    `ask-overhead: time to first token, ${runs} interleaved rounds in process, ${processRuns} process pairs; node ${process.version}`,
  );
  console.log('');
  console.log('in process                      median ms   p90 ms   added vs direct');
  for (const entry of report.inProcess) {
    console.log(
      `${entry.label.padEnd(30)}  ${String(entry.medianMs).padStart(9)}  ${String(entry.p90Ms).padStart(7)}  ${String(entry.addedMs).padStart(8)}`,
    );
  }
  console.log('');
  console.log('whole process                   median ms   p90 ms   added vs direct');
  for (const entry of report.process) {
    console.log(
      `${entry.label.padEnd(30)}  ${String(entry.medianMs).padStart(9)}  ${String(entry.p90Ms).padStart(7)}  ${String(entry.addedMs).padStart(8)}`,
    );
  }
  console.log('');
  console.log(
    `${report.goal.pass ? 'PASS' : 'FAIL'}: the ask pipeline adds ${askAdded} ms to the first token (goal: under 20 ms).`,
  );
}
