// biome-ignore-all lint/suspicious/noTemplateCurlyInString: plan references are written like ${s1.output}
import { type ChildProcess, spawn } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createEventLog, eventLogMigrations, openStore } from '@venom/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileGuard, type Sandbox } from '../sandbox/index.js';
import { createSkillRegistry, type Skill } from '../skills/index.js';
import { type ResumePlanOptions, resumePlan } from './execute-plan.js';
import { planMigrations } from './plan-migrations.js';
import type { PlanEvent } from './plan-run.js';
import { listRuns } from './plan-run-store.js';

const here = dirname(fileURLToPath(import.meta.url));
const distPlan = join(here, '../../dist/plan');
const distRoot = join(here, '../../dist');

/**
 * The skill of this test, as source, so the child process and this process define the same one:
 * `record` appends its step id to a log; `hold` appends 'hold' and waits until a release file exists.
 */
const skillSource = `
const crashSkill = (fs, logPath, releasePath) => ({
  name: 'crash',
  description: 'crash test',
  source: 'builtin',
  actions: [
    {
      name: 'record', description: 'record', risk: 'read', mutating: false,
      params: (z) => z.object({ id: z.string() }).strict(),
      describe: (params) => ({ summary: 'record ' + params.id }),
      async execute(_context, params) {
        fs.appendFileSync(logPath, params.id + '\\n');
        return { ok: true, output: { id: params.id }, text: params.id, exitCode: 0, durationMs: 0 };
      },
    },
    {
      name: 'hold', description: 'hold', risk: 'read', mutating: false,
      params: (z) => z.object({}).strict(),
      describe: () => ({ summary: 'hold until released' }),
      async execute(context) {
        fs.appendFileSync(logPath, 'hold\\n');
        while (!fs.existsSync(releasePath) && !context.signal.aborted) await new Promise((resolve) => setTimeout(resolve, 10));
        return { ok: true, output: { released: true }, text: 'released', exitCode: 0, durationMs: 0 };
      },
    },
  ],
});
`;

const childSource = `
import fs from 'node:fs';
import { openStore, eventLogMigrations, createEventLog } from '@venom/core';
const { executePlan } = await import(process.env.PLAN_DIST + '/execute-plan.js');
const { planMigrations } = await import(process.env.PLAN_DIST + '/plan-migrations.js');
const { createSkillRegistry } = await import(process.env.VENOM_DIST + '/skills/index.js');
const { createFileGuard } = await import(process.env.VENOM_DIST + '/sandbox/index.js');
${skillSource}
const store = openStore({ path: process.env.PLAN_DB, migrations: { 'event-log': eventLogMigrations, plan: planMigrations } });
const log = createEventLog(store);
await executePlan(JSON.parse(process.env.PLAN_STEPS), {
  registry: createSkillRegistry([crashSkill(fs, process.env.PLAN_LOG, process.env.PLAN_RELEASE)]),
  context: {
    workspace: process.env.PLAN_WORKSPACE,
    fileGuard: createFileGuard({ roots: [process.env.PLAN_WORKSPACE], home: process.env.PLAN_HOME }),
    sandbox: { kind: 'host', check: async () => ({ ok: true }), run: async () => { throw new Error('unused'); } },
    env: {},
  },
  policy: { rules: [], defaults: { read: 'allow', write: 'ask', exec: 'ask', network: 'ask', destructive: 'ask' } },
  store,
  signal: new AbortController().signal,
  onEvent: (event) => log.append(event),
  request: 'crash me',
});
`;

const children: ChildProcess[] = [];
const directories: string[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

/** The child runs the built code: a stale build would test old behaviour, so refuse it. */
function assertFreshBuild(): void {
  for (const name of ['execute-plan', 'plan-run-store', 'plan-migrations']) {
    const built = join(distPlan, `${name}.js`);
    if (!existsSync(built) || statSync(built).mtimeMs < statSync(join(here, `${name}.ts`)).mtimeMs) {
      throw new Error(`${built} is missing or older than its source; run 'npx tsc --build' first`);
    }
  }
}

async function waitFor(condition: () => boolean, child: ChildProcess, stderr: () => string): Promise<void> {
  while (!condition()) {
    if (child.exitCode !== null) throw new Error(`the child exited early (${child.exitCode}): ${stderr()}`);
    await sleep(10);
  }
}

describe('resumePlan after a crash', () => {
  it('continues a run whose process was killed with SIGKILL mid-plan, without re-running finished steps', async () => {
    assertFreshBuild();
    const directory = mkdtempSync(join(tmpdir(), 'venom-plan-crash-'));
    directories.push(directory);
    const workspace = join(directory, 'workspace');
    const home = join(directory, 'home');
    mkdirSync(workspace);
    mkdirSync(home);
    const paths = {
      database: join(directory, 'venom.db'),
      log: join(directory, 'calls.log'),
      release: join(directory, 'release'),
    };
    writeFileSync(paths.log, '');
    const steps = [
      { id: 's1', skill: 'crash', action: 'record', params: { id: 's1' }, dependsOn: [] },
      { id: 's2', skill: 'crash', action: 'hold', params: {}, dependsOn: ['s1'] },
      { id: 's3', skill: 'crash', action: 'record', params: { id: 's3:${s1.output.id}' }, dependsOn: ['s2'] },
    ];

    const child = spawn(process.execPath, ['--input-type=module', '-e', childSource], {
      cwd: join(here, '../..'),
      env: {
        ...process.env,
        PLAN_DIST: pathToFileURL(distPlan).href,
        VENOM_DIST: pathToFileURL(distRoot).href,
        PLAN_DB: paths.database,
        PLAN_LOG: paths.log,
        PLAN_RELEASE: paths.release,
        PLAN_WORKSPACE: workspace,
        PLAN_HOME: home,
        PLAN_STEPS: JSON.stringify(steps),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    children.push(child);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    await waitFor(
      () => readFileSync(paths.log, 'utf8').includes('hold'),
      child,
      () => stderr,
    );
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));

    const store = openStore({
      path: paths.database,
      migrations: { 'event-log': eventLogMigrations, plan: planMigrations },
    });
    try {
      const [crashed, ...others] = listRuns(store, { unfinished: true });
      expect(others).toEqual([]);
      expect(crashed?.state).toBe('running');
      expect(crashed?.request).toBe('crash me');
      expect(crashed?.steps.map((step) => [step.id, step.state])).toEqual([
        ['s1', 'succeeded'],
        ['s2', 'running'],
        ['s3', 'pending'],
      ]);

      appendFileSync(paths.release, 'go');
      const fs = await import('node:fs');
      const makeSkill = new Function(
        'fs',
        'logPath',
        'releasePath',
        `${skillSource}; return crashSkill(fs, logPath, releasePath);`,
      );
      const skill = makeSkill(fs, paths.log, paths.release) as Skill;
      const log = createEventLog(store);
      const options: ResumePlanOptions = {
        registry: createSkillRegistry([skill]),
        context: {
          workspace,
          fileGuard: createFileGuard({ roots: [workspace], home }),
          sandbox: {
            kind: 'host',
            check: async () => ({ ok: true }),
            run: async () => ({}) as never,
          } satisfies Sandbox,
          env: {},
        },
        policy: {
          rules: [],
          defaults: { read: 'allow', write: 'ask', exec: 'ask', network: 'ask', destructive: 'ask' },
        },
        store,
        signal: new AbortController().signal,
        onEvent: (event: PlanEvent) => log.append(event),
      };
      // The dead process beat moments ago, so it still looks alive: resuming now is refused…
      await expect(resumePlan(crashed?.id as string, options)).rejects.toMatchObject({ code: 'RUN_ACTIVE' });
      // …and allowed once its heartbeat is stale (the clock says a minute has passed).
      const resumed = await resumePlan(crashed?.id as string, {
        ...options,
        clock: () => new Date(Date.now() + 60_000),
      });

      expect(resumed.state).toBe('succeeded');
      expect(resumed.steps.map((step) => [step.id, step.state, step.attempts])).toEqual([
        ['s1', 'succeeded', 1],
        ['s2', 'succeeded', 2],
        ['s3', 'succeeded', 1],
      ]);
      // s1 ran once, before the crash; its stored output still feeds s3's reference.
      expect(readFileSync(paths.log, 'utf8')).toBe('s1\nhold\nhold\ns3:s1\n');
      const starts = log
        .list({ types: ['plan-start'] })
        .map((event) => (event.payload as { resumed: boolean }).resumed);
      expect(starts).toEqual([false, true]);
      expect(listRuns(store, { unfinished: true })).toEqual([]);
    } finally {
      store.close();
    }
  });
});
