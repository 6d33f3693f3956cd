import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtinSkills } from '../builtin-skills.js';
import { createTestWorkspace, type TestWorkspace } from '../testing/create-test-workspace.js';
import { runAction } from '../testing/run-action.js';

function files(workspace: TestWorkspace, action: string, params: unknown) {
  return runAction(workspace.context(), `files.${action}`, params);
}

describe('files read actions', () => {
  let workspace: TestWorkspace;
  beforeAll(() => {
    workspace = createTestWorkspace({ git: true });
    workspace.write('.gitignore', 'dist/\n');
    workspace.write('src/app.ts', 'const greeting = "Hello";\nconsole.log(greeting);\n');
    workspace.write('src/util.ts', 'export const hello = 1;\n');
    workspace.write('src/deep/readme.md', '# Hello world\n');
    workspace.write('dist/app.js', 'ignored Hello\n');
    workspace.write('big.txt', `${'x'.repeat(5000)}\n`);
    workspace.write('lines.txt', 'one\ntwo\nthree\nfour\n');
  });

  it('files.find finds by name part and by glob, honouring .gitignore', async () => {
    expect((await files(workspace, 'find', { name: 'app' })).output).toMatchObject({ files: ['src/app.ts'] });
    expect((await files(workspace, 'find', { glob: '*.ts' })).output).toMatchObject({
      files: ['src/app.ts', 'src/util.ts'],
    });
    expect((await files(workspace, 'find', { glob: '*.md', directory: 'src' })).output).toMatchObject({
      files: ['src/deep/readme.md'],
    });
  });

  it('files.search finds literal text with line and column, case-insensitively when asked', async () => {
    const exact = await files(workspace, 'search', { text: 'Hello' });
    expect(exact.output).toMatchObject({
      matches: [
        { path: 'src/app.ts', line: 1, column: 19, text: 'const greeting = "Hello";' },
        { path: 'src/deep/readme.md', line: 1, column: 3, text: '# Hello world' },
      ],
      total: 2,
    });
    const loose = (
      await files(workspace, 'search', { text: 'hello', ignoreCase: true, glob: '*.ts', directory: 'src' })
    ).output as { matches: Array<{ path: string }> };
    expect(loose.matches.map((match) => match.path).sort()).toEqual(['src/app.ts', 'src/util.ts']);
    const none = await files(workspace, 'search', { text: 'nowhere to be found' });
    expect(none).toMatchObject({ ok: true, output: { matches: [], total: 0 }, text: 'no matches' });
    // Literal, not a regular expression.
    expect((await files(workspace, 'search', { text: '(greeting)' })).output).toMatchObject({ total: 1 });
  });

  it('files.list lists a directory, folders first', async () => {
    const listed = (await files(workspace, 'list', { directory: 'src' })).output as {
      entries: Array<{ name: string; type: string }>;
    };
    expect(listed.entries.map((entry) => [entry.name, entry.type])).toEqual([
      ['deep', 'directory'],
      ['app.ts', 'file'],
      ['util.ts', 'file'],
    ]);
    expect((await files(workspace, 'list', {})).ok).toBe(true);
  });

  it('files.read reads a file, its first or last lines', async () => {
    expect((await files(workspace, 'read', { path: 'lines.txt' })).output).toMatchObject({
      content: 'one\ntwo\nthree\nfour',
      totalLines: 4,
    });
    expect((await files(workspace, 'read', { path: 'lines.txt', lines: 2 })).text).toBe('one\ntwo');
    expect((await files(workspace, 'read', { path: 'lines.txt', lines: 2, fromEnd: true })).text).toBe(
      'three\nfour',
    );
  });

  it('files.read refuses path traversal, symlinks out of the workspace and credentials', async () => {
    await expect(files(workspace, 'read', { path: '../../etc/passwd' })).rejects.toMatchObject({
      code: 'SECURITY_PATH_DENIED',
    });
    await expect(files(workspace, 'read', { path: '/etc/passwd' })).rejects.toMatchObject({
      code: 'SECURITY_PATH_DENIED',
    });
    symlinkSync('/etc/passwd', join(workspace.root, 'passwd-link'));
    await expect(files(workspace, 'read', { path: 'passwd-link' })).rejects.toMatchObject({
      code: 'SECURITY_PATH_DENIED',
    });
    workspace.write('.env', 'SECRET=1\n');
    await expect(files(workspace, 'read', { path: '.env' })).rejects.toMatchObject({
      code: 'SECURITY_PATH_DENIED',
    });
  });

  it('files.count-lines counts by extension and files.largest sorts by size', async () => {
    const counted = await files(workspace, 'count-lines', { glob: '*.ts' });
    expect(counted.output).toEqual({
      totalLines: 3,
      files: 2,
      byExtension: [{ extension: '.ts', files: 2, lines: 3 }],
    });
    expect((await files(workspace, 'count-lines', { directory: 'src' })).output).toMatchObject({
      totalLines: 4,
      files: 3,
    });
    const largest = (await files(workspace, 'largest', { limit: 2 })).output as Array<{
      path: string;
      size: number;
    }>;
    expect(largest).toEqual([
      { path: 'big.txt', size: 5001 },
      { path: 'src/app.ts', size: 49 },
    ]);
    expect((await files(workspace, 'largest', { directory: 'src' })).output).toHaveLength(3);
  });
});

describe('files write actions', () => {
  it('files.write creates and replaces files atomically, through the guard', async () => {
    const workspace = createTestWorkspace();
    const created = await files(workspace, 'write', {
      path: 'notes/a.txt',
      content: 'first\n',
      createDirectories: true,
    });
    expect(created.output).toMatchObject({ path: 'notes/a.txt', created: true });
    await files(workspace, 'write', { path: 'notes/a.txt', content: 'second\n' });
    expect(readFileSync(join(workspace.root, 'notes/a.txt'), 'utf8')).toBe('second\n');
    expect((await files(workspace, 'write', { path: 'missing/b.txt', content: 'x' })).ok).toBe(false);
    await expect(files(workspace, 'write', { path: '../escape.txt', content: 'x' })).rejects.toMatchObject({
      code: 'SECURITY_PATH_DENIED',
    });
    expect(existsSync(join(workspace.root, '../escape.txt'))).toBe(false);
  });

  it('files.write refuses to write into .git', async () => {
    const workspace = createTestWorkspace({ git: true });
    await expect(
      files(workspace, 'write', { path: '.git/hooks/pre-commit', content: 'evil' }),
    ).rejects.toMatchObject({ code: 'SECURITY_PATH_DENIED' });
  });

  it('files.patch replaces exact text once, refuses ambiguity, applies lists of edits', async () => {
    const workspace = createTestWorkspace();
    workspace.write('a.ts', 'let x = 1;\nlet y = 1;\n');
    expect((await files(workspace, 'patch', { path: 'a.ts', oldText: '= 1', newText: '= 2' })).ok).toBe(
      false,
    );
    expect(readFileSync(join(workspace.root, 'a.ts'), 'utf8')).toBe('let x = 1;\nlet y = 1;\n');
    expect(
      (await files(workspace, 'patch', { path: 'a.ts', oldText: 'let x = 1', newText: 'let x = $&2' })).ok,
    ).toBe(true);
    expect(readFileSync(join(workspace.root, 'a.ts'), 'utf8')).toBe('let x = $&2;\nlet y = 1;\n');
    const edits = await files(workspace, 'patch', {
      path: 'a.ts',
      edits: [
        { oldText: 'let', newText: 'const', replaceAll: true },
        { oldText: 'y = 1', newText: 'y = 3' },
      ],
    });
    expect(edits.output).toMatchObject({ replacements: 3 });
    expect(readFileSync(join(workspace.root, 'a.ts'), 'utf8')).toBe('const x = $&2;\nconst y = 3;\n');
    expect((await files(workspace, 'patch', { path: 'a.ts', oldText: 'absent', newText: 'x' })).text).toMatch(
      /not found/,
    );
    await expect(files(workspace, 'patch', { path: 'a.ts', oldText: 'x' })).rejects.toMatchObject({
      code: 'SKILL_PARAMS_INVALID',
    });
  });

  it('files.move renames inside the workspace and refuses to overwrite unless asked', async () => {
    const workspace = createTestWorkspace();
    workspace.write('a.txt', 'a');
    workspace.write('b.txt', 'b');
    expect((await files(workspace, 'move', { from: 'a.txt', to: 'c.txt' })).ok).toBe(true);
    expect(existsSync(join(workspace.root, 'c.txt'))).toBe(true);
    expect((await files(workspace, 'move', { from: 'c.txt', to: 'b.txt' })).ok).toBe(false);
    expect((await files(workspace, 'move', { from: 'c.txt', to: 'b.txt', overwrite: true })).ok).toBe(true);
    expect(readFileSync(join(workspace.root, 'b.txt'), 'utf8')).toBe('a');
    await expect(files(workspace, 'move', { from: 'b.txt', to: '../../b.txt' })).rejects.toMatchObject({
      code: 'SECURITY_PATH_DENIED',
    });
  });

  it('files.delete deletes files, folders only when recursive, never the root', async () => {
    const workspace = createTestWorkspace();
    workspace.write('dir/a.txt', 'a');
    workspace.write('b.txt', 'b');
    expect((await files(workspace, 'delete', { path: 'b.txt' })).ok).toBe(true);
    expect(existsSync(join(workspace.root, 'b.txt'))).toBe(false);
    expect((await files(workspace, 'delete', { path: 'dir' })).ok).toBe(false);
    expect((await files(workspace, 'delete', { path: 'dir', recursive: true })).ok).toBe(true);
    expect((await files(workspace, 'delete', { path: '.', recursive: true })).ok).toBe(false);
    expect(existsSync(workspace.root)).toBe(true);
    await expect(files(workspace, 'delete', { path: '../home', recursive: true })).rejects.toMatchObject({
      code: 'SECURITY_PATH_DENIED',
    });
    expect(existsSync(workspace.home)).toBe(true);
  });

  it('overwriting an untracked or modified file is destructive; a clean tracked one or a new file is a write', async () => {
    const workspace = createTestWorkspace({ git: true });
    workspace.write('clean.txt', 'c');
    workspace.commit('clean', '2026-01-01T00:00:00Z');
    workspace.write('untracked.txt', 'u');
    const write = builtinSkills()
      .find((skill) => skill.name === 'files')
      ?.actions.find((action) => action.name === 'write');
    const context = workspace.context();
    expect(write?.risk).toBe('write');
    expect(await write?.assessRisk?.(context, { path: 'new.txt', content: '' })).toBe('write');
    expect(await write?.assessRisk?.(context, { path: 'clean.txt', content: '' })).toBe('write');
    expect(await write?.assessRisk?.(context, { path: 'untracked.txt', content: '' })).toBe('destructive');
    workspace.write('clean.txt', 'dirty');
    expect(await write?.assessRisk?.(context, { path: 'clean.txt', content: '' })).toBe('destructive');
    const remove = builtinSkills()
      .find((skill) => skill.name === 'files')
      ?.actions.find((action) => action.name === 'delete');
    expect(remove?.risk).toBe('destructive');
  });
});
