import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { parseActionParams, type SkillContext } from '../src/skills/index.js';
import { createMcpConfigSchema, createMcpSkills, type McpSkills } from '../src/skills/mcp/index.js';

const fixture = fileURLToPath(new URL('./fixtures/mcp/server.mjs', import.meta.url));
const env = { PATH: process.env.PATH, HOME: process.env.HOME, SECRET_TOKEN: 'must-not-leak' };
const opened: McpSkills[] = [];
const children: ChildProcess[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((mcp) => mcp.close()));
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

async function open(mode: string, options: { timeoutMs?: number; startTimeoutMs?: number } = {}) {
  const mcp = await createMcpSkills([{ name: mode, command: process.execPath, args: [fixture, mode] }], {
    env,
    ...options,
  });
  opened.push(mcp);
  return mcp;
}

function context(): SkillContext {
  // MCP actions use only the signal; the file guard and sandbox belong to the built-ins.
  return { workspace: process.cwd(), env, signal: new AbortController().signal } as unknown as SkillContext;
}

async function run(mcp: McpSkills, action: string, params: unknown) {
  const skill = mcp.skills[0];
  const found = skill?.actions.find((candidate) => candidate.name === action);
  if (skill === undefined || found === undefined) throw new Error(`no action ${action}`);
  const parsed = await parseActionParams(`${skill.name}.${action}`, found, params);
  return found.execute(context(), parsed);
}

describe('createMcpSkills over stdio', () => {
  it('turns a server into a skill whose actions are its tools, and calls them', async () => {
    const mcp = await open('good');
    expect(mcp.problems).toEqual([]);
    const [skill] = mcp.skills;
    expect(skill?.name).toBe('mcp-good');
    expect(skill?.source).toBe('mcp');
    expect(skill?.actions.map((action) => [action.name, action.risk, action.mutating])).toEqual([
      ['echo', 'exec', true],
      ['add', 'exec', true],
      ['fail', 'exec', true],
    ]);
    const echo = await run(mcp, 'echo', { text: 'hi' });
    expect(echo).toMatchObject({ ok: true, text: 'echo: hi', exitCode: 0 });
    const add = await run(mcp, 'add', { a: 2, b: 40 });
    expect(add.ok).toBe(true);
    expect(add.text).toBe('42');
    expect(add.output).toMatchObject({ structuredContent: { sum: 42 } });
    const fail = await run(mcp, 'fail', {});
    expect(fail).toMatchObject({ ok: false, exitCode: 1 });
    expect(fail.text).toContain('disk on fire');
  });

  it('validates parameters with the schema derived from the tool', async () => {
    const mcp = await open('good');
    await expect(run(mcp, 'add', { a: 'two', b: 1 })).rejects.toMatchObject({ code: 'SKILL_PARAMS_INVALID' });
    await expect(run(mcp, 'echo', {})).rejects.toThrow(/text/);
  });

  it('describes a call for the policy without a command line', async () => {
    const mcp = await open('good');
    const echo = mcp.skills[0]?.actions.find((action) => action.name === 'echo');
    expect(echo?.describe({ text: 'x' })).toEqual({ summary: 'MCP good: echo {"text":"x"}' });
  });

  it('reports a server that exits on start as a problem, with its stderr', async () => {
    const mcp = await open('crash-start');
    expect(mcp.skills).toEqual([]);
    expect(mcp.problems).toHaveLength(1);
    expect(mcp.problems[0]?.server).toBe('crash-start');
    expect(mcp.problems[0]?.message).toMatch(/closed the connection while starting/);
    expect(mcp.problems[0]?.message).toContain('config missing');
  });

  it('reports a missing command as a problem', async () => {
    const mcp = await createMcpSkills([{ name: 'missing', command: '/nonexistent/mcp-server' }], { env });
    opened.push(mcp);
    expect(mcp.skills).toEqual([]);
    expect(mcp.problems[0]?.message).toMatch(/not found|ENOENT/);
  });

  it('reports a server that never answers within the start timeout, and stops it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'venom-mcp-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const pidFile = join(dir, 'pid');
    const mcp = await createMcpSkills(
      [{ name: 'silent', command: process.execPath, args: [fixture, 'silent'], env: { PID_FILE: pidFile } }],
      { env, startTimeoutMs: 500 },
    );
    opened.push(mcp);
    expect(mcp.skills).toEqual([]);
    expect(mcp.problems[0]?.message).toMatch(/did not answer within 500 ms/);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
  });

  it('turns a crash in the middle of a call into a failed result, and later calls fail too', async () => {
    const mcp = await open('crash-call');
    const boom = await run(mcp, 'boom', {});
    expect(boom.ok).toBe(false);
    expect(boom.text).toMatch(/exited or closed the connection/);
    const after = await run(mcp, 'echo', { text: 'still there?' });
    expect(after.ok).toBe(false);
  });

  it('fails a call that gets no answer within the call timeout, and the server stays usable', async () => {
    const mcp = await open('crash-call', { timeoutMs: 300 });
    const hang = await run(mcp, 'hang', {});
    expect(hang.ok).toBe(false);
    expect(hang.text).toMatch(/no answer within 300 ms/);
    expect(await run(mcp, 'echo', { text: 'after' })).toMatchObject({ ok: true, text: 'echo: after' });
  });

  it('fails a call whose result contradicts the declared output schema', async () => {
    const mcp = await open('liar');
    expect(mcp.problems).toEqual([]);
    const count = await run(mcp, 'count', {});
    expect(count.ok).toBe(false);
    expect(count.text).toMatch(/structured content does not match|output schema/i);
  });

  it('fails a call the server rejects although it matches the advertised schema', async () => {
    const mcp = await open('liar');
    const greet = await run(mcp, 'greet', { name: 'ada' });
    expect(greet.ok).toBe(false);
    expect(greet.text).toContain("expected 'nom'");
  });

  it('gives a stdio server only the basic environment plus its configured env', async () => {
    const mcp = await createMcpSkills(
      [
        {
          name: 'env',
          command: process.execPath,
          args: ['-e', 'process.stderr.write(JSON.stringify(process.env)); process.exit(1)'],
          env: { EXTRA: 'yes' },
        },
      ],
      { env },
    );
    opened.push(mcp);
    const message = mcp.problems[0]?.message ?? '';
    expect(message).toContain('"EXTRA":"yes"');
    expect(message).toContain('"PATH"');
    expect(message).not.toContain('must-not-leak');
  });

  it('keeps good servers when another one fails, and never lets a stdio server below exec risk', async () => {
    const mcp = await createMcpSkills(
      [
        { name: 'a', command: process.execPath, args: [fixture, 'good'], risk: 'read' },
        { name: 'b', command: process.execPath, args: [fixture, 'crash-start'] },
      ],
      { env },
    );
    opened.push(mcp);
    expect(mcp.skills.map((skill) => skill.name)).toEqual(['mcp-a']);
    expect(mcp.skills[0]?.actions[0]?.risk).toBe('exec');
    expect(mcp.problems.map((problem) => problem.server)).toEqual(['b']);
  });
});

describe('createMcpSkills over streamable HTTP', () => {
  it('calls the tools of a server on 127.0.0.1', async () => {
    const child = spawn(process.execPath, [fixture, 'http'], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        const match = /listening (\d+)/.exec(chunk.toString());
        if (match) resolve(Number(match[1]));
      });
      child.on('exit', (code) => reject(new Error(`fixture exited ${code}`)));
    });
    const mcp = await createMcpSkills([{ name: 'remote', url: `http://127.0.0.1:${port}/mcp` }], { env });
    opened.push(mcp);
    expect(mcp.problems).toEqual([]);
    expect(
      mcp.skills[0]?.actions.map((action) => [action.name, action.risk, action.mutating]),
    ).toContainEqual(['echo', 'network', false]);
    expect(await run(mcp, 'add', { a: 1, b: 2 })).toMatchObject({ ok: true, text: '3' });
  });

  it('reports a refused connection as a problem', async () => {
    const mcp = await createMcpSkills([{ name: 'down', url: 'http://127.0.0.1:1/mcp' }], {
      env,
      startTimeoutMs: 2000,
    });
    opened.push(mcp);
    expect(mcp.skills).toEqual([]);
    expect(mcp.problems[0]?.message).toMatch(/HTTP server http:\/\/127\.0\.0\.1:1\/mcp/);
  });
});

describe('createMcpConfigSchema', () => {
  it('accepts stdio and HTTP servers and refuses bad entries', async () => {
    const { z } = await import('zod');
    const schema = createMcpConfigSchema(z);
    expect(schema.parse(undefined)).toEqual({ servers: [] });
    expect(
      schema.parse({
        servers: [
          { name: 'fs', command: 'npx', args: ['x'] },
          { name: 'web', url: 'https://x.test/mcp' },
        ],
      }).servers,
    ).toHaveLength(2);
    const bad = [
      { name: 'both', command: 'x', url: 'https://x.test' },
      { name: 'neither' },
      { name: 'Upper', command: 'x' },
      { name: 'low', command: 'x', risk: 'read' },
      { name: 'ftp', url: 'ftp://x.test' },
      { name: 'extra', command: 'x', unknown: 1 },
    ];
    for (const server of bad)
      expect(schema.safeParse({ servers: [server] }).success, server.name).toBe(false);
    expect(
      schema.safeParse({
        servers: [
          { name: 'a', command: 'x' },
          { name: 'a', command: 'y' },
        ],
      }).success,
    ).toBe(false);
  });
});
