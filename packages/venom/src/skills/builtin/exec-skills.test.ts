import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinSkills } from '../builtin-skills.js';
import { createSkillRegistry } from '../create-skill-registry.js';
import { createTestWorkspace, sandboxUnavailableReason } from '../testing/create-test-workspace.js';
import { runAction } from '../testing/run-action.js';

const sandboxReason = await sandboxUnavailableReason();
const sandboxed = describe.skipIf(sandboxReason !== undefined);
const skipNote = sandboxReason === undefined ? '' : ` (skipped: ${sandboxReason})`;

sandboxed(`shell.run${skipNote}`, () => {
  it('runs a command line in the sandbox: workspace writable, outside read-only, no network', async () => {
    const workspace = createTestWorkspace();
    const chunks: string[] = [];
    const result = await runAction(
      workspace.context({ onOutput: (text) => chunks.push(text) }),
      'shell.run',
      { command: 'echo hello > out.txt && cat out.txt && echo oops >&2' },
    );
    expect(result).toMatchObject({
      ok: true,
      exitCode: 0,
      output: { stdout: 'hello\n', stderr: 'oops\n', sandbox: 'bubblewrap' },
    });
    expect(chunks.join('')).toContain('hello');
    expect(readFileSync(join(workspace.root, 'out.txt'), 'utf8')).toBe('hello\n');
    const outside = await runAction(workspace.context(), 'shell.run', {
      command: `touch ${join(workspace.home, 'escaped')}`,
    });
    expect(outside.ok).toBe(false);
    expect(existsSync(join(workspace.home, 'escaped'))).toBe(false);
    const failing = await runAction(workspace.context(), 'shell.run', { command: 'exit 7' });
    expect(failing).toMatchObject({ ok: false, exitCode: 7 });
  });

  it('describes itself with the exact command for the policy', () => {
    const run = createSkillRegistry(builtinSkills()).findAction('shell', 'run');
    expect(run?.describe({ command: 'git status && rm -rf build' })).toMatchObject({
      command: 'git status && rm -rf build',
    });
    expect(run).toMatchObject({ risk: 'exec', mutating: true });
  });
});

sandboxed(`tests.run and tests.affected${skipNote}`, () => {
  it('tests.run detects an npm test script and passes the path; reports failures', async () => {
    const workspace = createTestWorkspace();
    workspace.write('package.json', JSON.stringify({ name: 'x', scripts: { test: 'node check.js' } }));
    workspace.write(
      'check.js',
      'const file = process.argv[2] ?? "all"; console.log("checked " + file); process.exit(file === "bad" ? 1 : 0);\n',
    );
    const all = await runAction(workspace.context(), 'tests.run', {});
    expect(all.ok, all.text).toBe(true);
    expect(all.output).toMatchObject({ runner: 'npm', passed: true });
    expect(all.text).toContain('checked all');
    const bad = await runAction(workspace.context(), 'tests.run', { path: 'bad', filter: 'ignored' });
    expect(bad).toMatchObject({ ok: false, output: { passed: false } });
  });

  it('tests.run says clearly when no test runner is found', async () => {
    const workspace = createTestWorkspace();
    const none = await runAction(workspace.context(), 'tests.run', {});
    expect(none.ok).toBe(false);
    expect(none.text).toMatch(/No test runner found/);
  });

  it('tests.affected says clearly when dep-ci is not present', async () => {
    const workspace = createTestWorkspace({ git: true });
    const context = { ...workspace.context(), env: { ...workspace.env, PATH: '/usr/bin:/bin' } };
    const result = await runAction(context, 'tests.affected', { base: 'main', listOnly: true });
    expect(result).toMatchObject({ ok: false, output: { depCi: false } });
    expect(result.text).toMatch(/dep-ci is not present/);
  });

  it('tests.affected lists through a dep-ci found in node_modules/.bin', async () => {
    const workspace = createTestWorkspace({ git: true });
    mkdirSync(join(workspace.root, 'node_modules/.bin'), { recursive: true });
    const fake = join(workspace.root, 'node_modules/.bin/dep-ci');
    // A stand-in with dep-ci's CLI contract: `affected [--since ref] --json` prints one JSON document.
    writeFileSync(
      fake,
      '#!/bin/sh\necho "{\\"changed\\":[\\"src/a.ts\\"],\\"tests\\":[\\"src/a.test.ts\\"],\\"args\\":\\"$*\\"}"\n',
    );
    chmodSync(fake, 0o755);
    const result = await runAction(workspace.context(), 'tests.affected', { base: 'main', listOnly: true });
    expect(result).toMatchObject({
      ok: true,
      output: { tests: ['src/a.test.ts'], args: 'affected --since main --json' },
      text: 'src/a.test.ts',
    });
  });

  it('tests.affected runs dep-ci run with the detected runner in the sandbox', async () => {
    const workspace = createTestWorkspace({ git: true });
    workspace.write('package.json', JSON.stringify({ scripts: { test: 'node check.js' } }));
    mkdirSync(join(workspace.root, 'node_modules/.bin'), { recursive: true });
    const fake = join(workspace.root, 'node_modules/.bin/dep-ci');
    // Stand-in for `dep-ci run [--since ref] -- <command>`: records its arguments inside the workspace.
    writeFileSync(fake, '#!/bin/sh\necho "$*" > dep-ci-args.txt\necho ran\n');
    chmodSync(fake, 0o755);
    const result = await runAction(workspace.context(), 'tests.affected', { base: 'HEAD~1' });
    expect(result.ok, result.text).toBe(true);
    expect(result.output).toMatchObject({ runner: 'npm', depCi: true, passed: true });
    expect(readFileSync(join(workspace.root, 'dep-ci-args.txt'), 'utf8')).toBe(
      'run --since HEAD~1 -- npm test --\n',
    );
  });
});

describe('code.run', () => {
  it('evaluates JavaScript in a QuickJS isolate and captures console output', async () => {
    const workspace = createTestWorkspace();
    const result = await runAction(workspace.context(), 'code.run', {
      code: 'console.log("sum", 1 + 2); ({ squares: [1, 2, 3].map((n) => n * n) })',
    });
    expect(result).toMatchObject({ ok: true, output: { value: { squares: [1, 4, 9] }, logs: ['sum 3'] } });
  });

  it('has no file system or network and stops runaway loops and memory hogs', async () => {
    const workspace = createTestWorkspace();
    const context = workspace.context();
    expect(
      (await runAction(context, 'code.run', { code: 'typeof require + typeof process + typeof fetch' }))
        .output,
    ).toMatchObject({ value: 'undefinedundefinedundefined' });
    const loop = await runAction(context, 'code.run', { code: 'while (true) {}', timeoutMs: 100 });
    expect(loop).toMatchObject({ ok: false, output: { stoppedBy: 'timeout' } });
    const hog = await runAction(context, 'code.run', {
      code: 'new Array(1e8).fill(1)',
      timeoutMs: 30_000,
      memoryBytes: 8 * 1024 * 1024,
    });
    expect(hog.ok).toBe(false);
    expect(hog.text).toMatch(/memory limit/);
    const thrown = await runAction(context, 'code.run', { code: 'throw new TypeError("nope")' });
    expect(thrown).toMatchObject({ ok: false, text: 'TypeError: nope' });
    await expect(
      runAction(context, 'code.run', { code: 'print 1', language: 'python' }),
    ).rejects.toMatchObject({ code: 'SKILL_PARAMS_INVALID' });
  });
});

describe('http.fetch', () => {
  it('is off by default and fetches over http when enabled', async () => {
    expect(builtinSkills().some((skill) => skill.name === 'http')).toBe(false);
    const server = createServer((request, response) => {
      response.setHeader('content-type', 'text/plain');
      response.end(`${request.method} ${request.url}`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const workspace = createTestWorkspace();
      const result = await runAction(workspace.context(), 'http.fetch', {
        url: `http://127.0.0.1:${port}/hello`,
      });
      expect(result).toMatchObject({ ok: true, output: { status: 200, body: 'GET /hello' } });
      const fetch = createSkillRegistry(builtinSkills({ httpFetch: true })).findAction('http', 'fetch');
      expect(fetch?.risk).toBe('network');
      await expect(
        runAction(workspace.context(), 'http.fetch', { url: 'file:///etc/passwd' }),
      ).rejects.toMatchObject({ code: 'SKILL_PARAMS_INVALID' });
    } finally {
      server.close();
    }
  });
});

describe('runtime, packages and venom actions', () => {
  it('accept the intent catalog parameters and explain when omg is missing', async () => {
    const workspace = createTestWorkspace();
    const context = { ...workspace.context(), env: { ...workspace.env, PATH: workspace.home } };
    for (const [name, params] of [
      ['runtime.use', { runtime: 'node', version: '20', scope: 'project' }],
      ['runtime.current', { runtime: 'python' }],
      ['runtime.list', { runtime: 'go', available: true }],
      ['packages.search', { term: 'ripgrep' }],
      ['packages.info', { name: 'ripgrep' }],
    ] as const) {
      const result = await runAction(context, name, params);
      expect(result.ok, name).toBe(false);
      expect(result.text, name).toMatch(/omg is not installed/);
    }
  });

  it('answer venom.* with the CLI command that handles them', async () => {
    const workspace = createTestWorkspace();
    const costs = await runAction(workspace.context(), 'venom.costs', {
      since: '2026-11-01',
      until: '2026-11-21',
      groupBy: 'model',
    });
    expect(costs).toMatchObject({
      ok: false,
      output: {
        handledBy: 'cli',
        command: ['venom', 'costs', '--since', '2026-11-01', '--until', '2026-11-21', '--group-by', 'model'],
      },
    });
    for (const [name, params] of [
      ['venom.budget', {}],
      ['venom.history', { limit: 5, since: '2026-11-01', until: '2026-11-02' }],
      ['venom.snapshots', { limit: 3 }],
      ['venom.snapshot', { label: 'before refactor' }],
    ] as const) {
      expect((await runAction(workspace.context(), name, params)).text).toMatch(/handled by the venom CLI/);
    }
  });
});
