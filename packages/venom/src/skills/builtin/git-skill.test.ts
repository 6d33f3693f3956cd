import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtinSkills } from '../builtin-skills.js';
import { createSkillRegistry } from '../create-skill-registry.js';
import { parseActionParams } from '../parse-action-params.js';
import {
  createTestWorkspace,
  sandboxUnavailableReason,
  type TestWorkspace,
} from '../testing/create-test-workspace.js';
import type { SkillResult } from '../types.js';

const registry = createSkillRegistry(builtinSkills());

/** Runs skill.action the way a plan does: validate the params, then execute. */
async function run(workspace: TestWorkspace, name: string, params: unknown): Promise<SkillResult> {
  const [skill = '', action = ''] = name.split('.');
  const found = registry.findAction(skill, action);
  if (found === undefined) throw new Error(`no action ${name}`);
  return found.execute(workspace.context(), await parseActionParams(name, found, params));
}

describe('git read-only actions', () => {
  let repo: TestWorkspace;
  const shas: string[] = [];
  beforeAll(() => {
    repo = createTestWorkspace({ git: true });
    repo.write('README.md', 'hello\n');
    shas.push(repo.commit('first commit', '2026-01-05T10:00:00Z'));
    repo.write('src/app.ts', 'export const a = 1;\n');
    shas.push(
      repo.commit('add app', '2026-02-10T09:30:00Z', { name: 'Grace Hopper', email: 'grace@example.com' }),
    );
    repo.write('src/app.ts', 'export const a = 2;\nexport const b = 3;\n');
    shas.push(repo.commit('change app\n\nWith a body.', '2026-03-15T18:00:00Z'));
  });

  it('git.log returns structured commits, newest first, honouring limit, author, since and path', async () => {
    const all = await run(repo, 'git.log', {});
    expect(all.ok).toBe(true);
    expect(all.output).toEqual([
      {
        sha: shas[2],
        author: 'Ada Lovelace',
        email: 'ada@example.com',
        date: '2026-03-15T18:00:00+00:00',
        subject: 'change app',
      },
      {
        sha: shas[1],
        author: 'Grace Hopper',
        email: 'grace@example.com',
        date: '2026-02-10T09:30:00+00:00',
        subject: 'add app',
      },
      {
        sha: shas[0],
        author: 'Ada Lovelace',
        email: 'ada@example.com',
        date: '2026-01-05T10:00:00+00:00',
        subject: 'first commit',
      },
    ]);
    expect((await run(repo, 'git.log', { limit: 1 })).output).toHaveLength(1);
    const byGrace = (await run(repo, 'git.log', { author: 'grace' })).output as Array<{ subject: string }>;
    expect(byGrace.map((commit) => commit.subject)).toEqual(['add app']);
    const mine = (await run(repo, 'git.log', { author: '@me' })).output as Array<{ subject: string }>;
    expect(mine.map((commit) => commit.subject)).toEqual(['change app', 'first commit']);
    const ranged = (await run(repo, 'git.log', { since: '2026-02-01', until: '2026-03-01' }))
      .output as Array<{ subject: string }>;
    expect(ranged.map((commit) => commit.subject)).toEqual(['add app']);
    const readme = (await run(repo, 'git.log', { path: 'README.md', ref: 'HEAD' })).output as Array<{
      subject: string;
    }>;
    expect(readme.map((commit) => commit.subject)).toEqual(['first commit']);
  });

  it('git.log treats a calendar day as midnight, not the current time of day', async () => {
    // The 2026-02-10 commit was at 09:30; `--since=2026-02-10` alone would mean "from now's time of day".
    const fromDay = (await run(repo, 'git.log', { since: '2026-02-10' })).output as Array<{
      subject: string;
    }>;
    expect(fromDay.map((commit) => commit.subject)).toEqual(['change app', 'add app']);
  });

  it('git.show returns one commit with body, file stats and patch', async () => {
    const result = await run(repo, 'git.show', { ref: 'HEAD' });
    expect(result.output).toMatchObject({
      sha: shas[2],
      subject: 'change app',
      body: 'With a body.',
      files: [{ path: 'src/app.ts', added: 2, deleted: 1 }],
    });
    expect((result.output as { patch: string }).patch).toContain('+export const b = 3;');
  });

  it('git.status, git.diff (working tree, staged, ref, since) report changes', async () => {
    const workspace = createTestWorkspace({ git: true });
    workspace.write('a.txt', 'one\n');
    workspace.commit('one', '2026-01-01T12:00:00Z');
    workspace.write('a.txt', 'one\ntwo\n');
    workspace.commit('two', '2026-02-01T12:00:00Z');
    workspace.write('a.txt', 'one\ntwo\nthree\n');
    workspace.write('new.txt', 'new\n');
    const status = await run(workspace, 'git.status', {});
    expect(status.output).toMatchObject({
      branch: 'main',
      clean: false,
      files: [
        { path: 'a.txt', index: '.', workTree: 'M', kind: 'changed' },
        { path: 'new.txt', kind: 'untracked' },
      ],
    });
    expect(status.text).toContain(' M a.txt');
    expect((await run(workspace, 'git.status', { path: 'new.txt' })).output).toMatchObject({
      files: [{ path: 'new.txt' }],
    });

    expect((await run(workspace, 'git.diff', {})).output).toMatchObject({
      files: [{ path: 'a.txt', added: 1, deleted: 0 }],
    });
    expect((await run(workspace, 'git.diff', { staged: true })).output).toMatchObject({ files: [] });
    workspace.git(['add', 'new.txt']);
    expect((await run(workspace, 'git.diff', { staged: true, path: 'new.txt' })).output).toMatchObject({
      files: [{ path: 'new.txt', added: 1 }],
    });
    expect((await run(workspace, 'git.diff', { ref: 'HEAD~1', path: 'a.txt' })).output).toMatchObject({
      files: [{ path: 'a.txt', added: 2 }],
    });
    // Since mid-January: compared with the first commit, the state before that day.
    expect((await run(workspace, 'git.diff', { since: '2026-01-15', path: 'a.txt' })).output).toMatchObject({
      files: [{ path: 'a.txt', added: 2 }],
    });
    // Since before any commit: everything is new.
    expect((await run(workspace, 'git.diff', { since: '2025-01-01', path: 'a.txt' })).output).toMatchObject({
      files: [{ path: 'a.txt', added: 3 }],
    });
  });

  it('git.branch lists branches and the current one', async () => {
    repo.git(['branch', 'feature', shas[0] ?? 'HEAD']);
    const branches = (await run(repo, 'git.branch', {})).output as Array<{
      name: string;
      current: boolean;
      sha: string;
    }>;
    expect(branches.map((entry) => [entry.name, entry.current])).toEqual([
      ['feature', false],
      ['main', true],
    ]);
    expect((await run(repo, 'git.branch', { current: true })).output).toEqual({ current: 'main' });
    expect((await run(repo, 'git.branch', { remote: true })).ok).toBe(true);
  });

  it('git.blame attributes lines, optionally a range', async () => {
    const all = (await run(repo, 'git.blame', { path: 'src/app.ts' })).output as Array<{
      line: number;
      sha: string;
      author: string;
      content: string;
    }>;
    expect(all.map((entry) => [entry.line, entry.sha, entry.content])).toEqual([
      [1, shas[2], 'export const a = 2;'],
      [2, shas[2], 'export const b = 3;'],
    ]);
    const one = (await run(repo, 'git.blame', { path: 'README.md', line: 1, endLine: 1 })).output as Array<{
      author: string;
      date: string;
    }>;
    expect(one).toEqual([
      expect.objectContaining({ author: 'Ada Lovelace', date: '2026-01-05T10:00:00.000Z' }),
    ]);
  });

  it('refuses option-like refs, paths outside the workspace and unknown parameters', async () => {
    await expect(run(repo, 'git.show', { ref: '--output=/tmp/x' })).rejects.toThrow(/not a valid git name/);
    await expect(run(repo, 'git.blame', { path: '../../etc/passwd' })).rejects.toMatchObject({
      code: 'SECURITY_PATH_DENIED',
    });
    await expect(run(repo, 'git.log', { count: 3 })).rejects.toMatchObject({ code: 'SKILL_PARAMS_INVALID' });
  });

  it('does not run a hostile core.fsmonitor program on a read', async () => {
    const workspace = createTestWorkspace({ git: true });
    workspace.write('a.txt', 'a\n');
    workspace.commit('a', '2026-01-01T00:00:00Z');
    const marker = join(workspace.home, 'pwned');
    workspace.git(['config', 'core.fsmonitor', `touch ${marker}; false`]);
    expect((await run(workspace, 'git.status', {})).ok).toBe(true);
    expect(() => readFileSync(marker)).toThrow();
  });
});

const sandboxReason = await sandboxUnavailableReason();

describe.skipIf(sandboxReason !== undefined)(
  `git actions in the sandbox${sandboxReason === undefined ? '' : ` (skipped: ${sandboxReason})`}`,
  () => {
    it('git.create-branch, git.switch and git.commit change the repository', async () => {
      const workspace = createTestWorkspace({ git: true });
      workspace.write('a.txt', 'a\n');
      workspace.commit('a', '2026-01-01T00:00:00Z');
      const created = await run(workspace, 'git.create-branch', {
        name: 'topic',
        from: 'main',
        switch: true,
      });
      expect(created.ok, created.text).toBe(true);
      expect(workspace.git(['branch', '--show-current']).trim()).toBe('topic');
      const plain = await run(workspace, 'git.create-branch', { name: 'other' });
      expect(plain.ok, plain.text).toBe(true);
      const switched = await run(workspace, 'git.switch', { branch: 'other' });
      expect(switched.ok, switched.text).toBe(true);
      expect(workspace.git(['branch', '--show-current']).trim()).toBe('other');
      workspace.write('a.txt', 'changed\n');
      const committed = await run(workspace, 'git.commit', { message: 'change a', all: true });
      expect(committed.ok, committed.text).toBe(true);
      expect(workspace.git(['log', '-1', '--format=%s']).trim()).toBe('change a');
      expect((committed.output as { sha: string }).sha).toBe(workspace.git(['rev-parse', 'HEAD']).trim());
      const nothing = await run(workspace, 'git.commit', { message: 'empty' });
      expect(nothing.ok).toBe(false);
    });

    it('git.clone clones over git:// with network on, and refuses local paths and targets outside', async () => {
      const source = createTestWorkspace({ git: true });
      source.write('x.txt', 'x\n');
      source.commit('x', '2026-01-01T00:00:00Z');
      const daemon = await startGitDaemon(join(source.root, '..'));
      try {
        const workspace = createTestWorkspace();
        const cloned = await run(workspace, 'git.clone', {
          url: `git://127.0.0.1:${daemon.port}/work`,
          directory: 'copy',
          depth: 1,
        });
        expect(cloned.ok, cloned.text).toBe(true);
        expect(readFileSync(join(workspace.root, 'copy/x.txt'), 'utf8')).toBe('x\n');
        const action = registry.findAction('git', 'clone');
        await expect(
          parseActionParams('git.clone', action as never, { url: source.root }),
        ).rejects.toMatchObject({ code: 'SKILL_PARAMS_INVALID' });
        await expect(
          run(workspace, 'git.clone', { url: 'https://example.invalid/x.git', directory: '../outside' }),
        ).rejects.toMatchObject({ code: 'SECURITY_PATH_DENIED' });
      } finally {
        daemon.stop();
      }
    });
  },
);

/** A real `git daemon` on 127.0.0.1 serving every repository under `basePath`. */
async function startGitDaemon(basePath: string): Promise<{ port: number; stop(): void }> {
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
  const child = spawn(
    'git',
    [
      'daemon',
      '--listen=127.0.0.1',
      `--port=${port}`,
      '--export-all',
      '--reuseaddr',
      `--base-path=${basePath}`,
      basePath,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  await new Promise<void>((resolve, reject) => {
    const deadline = setTimeout(() => reject(new Error('git daemon did not start')), 10_000);
    const poll = (): void => {
      const socket = createConnection(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        clearTimeout(deadline);
        resolve();
      });
      socket.once('error', () => setTimeout(poll, 50));
    };
    poll();
  });
  return { port, stop: () => child.kill() };
}
