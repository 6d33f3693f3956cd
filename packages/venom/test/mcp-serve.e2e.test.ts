import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createVenomHome, runVenom, venomBin } from './run-venom.js';

const entry = venomBin;

function gitRepo(dir: string, env: Record<string, string | undefined>): void {
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: dir,
      env: {
        ...env,
        GIT_AUTHOR_NAME: 'Ada',
        GIT_AUTHOR_EMAIL: 'ada@example.test',
        GIT_COMMITTER_NAME: 'Ada',
        GIT_COMMITTER_EMAIL: 'ada@example.test',
        GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z',
        GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z',
      } as NodeJS.ProcessEnv,
    });
  git('init', '-q', '-b', 'main');
  writeFileSync(join(dir, 'README.md'), 'hello from the repo\n');
  git('add', 'README.md');
  git('commit', '-q', '-m', 'first');
  writeFileSync(join(dir, 'notes.txt'), 'untracked\n');
}

async function serve(args: string[] = []) {
  const venomHome = createVenomHome();
  const work = join(venomHome.home, 'work');
  gitRepo(work, venomHome.env);
  const stderr: string[] = [];
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [entry, 'mcp', 'serve', ...args],
    cwd: work,
    env: venomHome.env as Record<string, string>,
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const client = new Client({ name: 'test', version: '1.0.0' });
  onTestFinished(() => client.close());
  try {
    await client.connect(transport, { timeout: 20_000 });
  } catch (error) {
    throw new Error(`venom mcp serve did not start: ${String(error)}; stderr: ${stderr.join('')}`);
  }
  return { client, work };
}

function text(result: Record<string, unknown>): string {
  return (result.content as Array<{ type: string; text?: string }>)
    .map((block) => block.text ?? '')
    .join('\n');
}

describe('venom mcp serve', () => {
  it('lists read actions only and runs git status and files read in the workspace', async () => {
    const { client } = await serve();
    const { tools } = await client.listTools();
    const names = tools.map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(['git_status', 'git_log', 'files_read', 'files_search']));
    expect(names).not.toContain('files_write');
    expect(names).not.toContain('shell_run');
    const read = tools.find((tool) => tool.name === 'files_read');
    expect(read?.inputSchema).toMatchObject({ type: 'object', properties: { path: { type: 'string' } } });
    expect(read?.annotations?.readOnlyHint).toBe(true);

    const status = await client.callTool({ name: 'git_status', arguments: {} });
    expect(status.isError).toBeFalsy();
    expect(text(status)).toContain('notes.txt');

    const file = await client.callTool({ name: 'files_read', arguments: { path: 'README.md' } });
    expect(file.isError).toBeFalsy();
    expect(text(file)).toContain('hello from the repo');
  }, 60_000);

  it('returns tool errors for bad parameters, paths outside the workspace and unknown tools', async () => {
    const { client } = await serve();
    const bad = await client.callTool({ name: 'files_read', arguments: { path: 'README.md', bogus: 1 } });
    expect(bad.isError).toBe(true);
    expect(text(bad)).toContain('SKILL_PARAMS_INVALID');
    const outside = await client.callTool({ name: 'files_read', arguments: { path: '/etc/passwd' } });
    expect(outside.isError).toBe(true);
    const unknown = await client.callTool({ name: 'files_write', arguments: { path: 'x', content: 'y' } });
    expect(unknown.isError).toBe(true);
    expect(text(unknown)).toMatch(/unknown tool 'files_write'.*--allow-writes/);
  }, 60_000);

  it('with --allow-writes lists writes but refuses those the policy would ask about', async () => {
    const { client, work } = await serve(['--allow-writes']);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain('files_write');
    const write = await client.callTool({
      name: 'files_write',
      arguments: { path: 'new.txt', content: 'x' },
    });
    expect(write.isError).toBe(true);
    expect(text(write)).toMatch(/needs approval in venom/);
    expect(spawnSync('test', ['-e', join(work, 'new.txt')]).status).toBe(1);
  }, 60_000);
});

describe('configured MCP servers', () => {
  it('become skills that venom skills list shows, and a broken one is reported, not fatal', async () => {
    const fixture = join(import.meta.dirname, 'fixtures', 'mcp', 'server.mjs');
    const venomHome = createVenomHome();
    mkdirSync(venomHome.configDir, { recursive: true });
    writeFileSync(
      join(venomHome.configDir, 'config.yaml'),
      [
        'mcp:',
        '  servers:',
        `    - { name: demo, command: ${JSON.stringify(process.execPath)}, args: [${JSON.stringify(fixture)}, good] }`,
        `    - { name: broken, command: ${JSON.stringify(process.execPath)}, args: [${JSON.stringify(fixture)}, crash-start] }`,
      ].join('\n'),
    );
    const run = await runVenom(['skills', 'list', '--json'], { env: venomHome.env });
    expect(run.exitCode).toBe(0);
    const result = JSON.parse(run.stdout) as {
      skills: Array<{ name: string; source: string; actions: Array<{ name: string; risk: string }> }>;
      problems: Array<{ path: string }>;
    };
    const demo = result.skills.find((skill) => skill.name === 'mcp-demo');
    expect(demo).toMatchObject({ source: 'mcp' });
    expect(demo?.actions.map((action) => action.name)).toEqual(expect.arrayContaining(['echo', 'add']));
    expect(demo?.actions.every((action) => action.risk === 'exec')).toBe(true);
    expect(result.problems.map((problem) => problem.path)).toContain('mcp broken');
  });
});
