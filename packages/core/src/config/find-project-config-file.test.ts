import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findProjectConfigFile, findRepositoryRoot } from './find-project-config-file.js';

function temporaryDirectory(): string {
  return realpathSync(mkdtempSync(join(tmpdir(), 'venom-project-')));
}

function writeConfig(directory: string): string {
  mkdirSync(join(directory, '.venom'), { recursive: true });
  const file = join(directory, '.venom', 'config.yaml');
  writeFileSync(file, 'telemetry: false\n');
  return file;
}

describe('findProjectConfigFile', () => {
  it('finds the file by walking up from a nested directory to the repository root', () => {
    const repo = join(temporaryDirectory(), 'repo');
    mkdirSync(join(repo, '.git'), { recursive: true });
    const nested = join(repo, 'packages', 'app', 'src');
    mkdirSync(nested, { recursive: true });
    const file = writeConfig(repo);
    expect(findProjectConfigFile('venom', nested)).toBe(file);
  });

  it('prefers the nearest project file', () => {
    const repo = join(temporaryDirectory(), 'repo');
    mkdirSync(join(repo, '.git'), { recursive: true });
    writeConfig(repo);
    const app = join(repo, 'app');
    const nearest = writeConfig(app);
    expect(findProjectConfigFile('venom', join(app))).toBe(nearest);
  });

  it('does not look beyond the repository root (.git folder)', () => {
    const outside = temporaryDirectory();
    writeConfig(outside);
    const repo = join(outside, 'repo');
    mkdirSync(join(repo, '.git'), { recursive: true });
    mkdirSync(join(repo, 'src'));
    expect(findProjectConfigFile('venom', join(repo, 'src'))).toBeUndefined();
  });

  it('treats a .git file (worktree, submodule) as the repository root too', () => {
    const outside = temporaryDirectory();
    writeConfig(outside);
    const worktree = join(outside, 'worktree');
    mkdirSync(worktree);
    writeFileSync(join(worktree, '.git'), 'gitdir: /elsewhere\n');
    expect(findProjectConfigFile('venom', worktree)).toBeUndefined();
  });

  it('walks past directories that are not repositories', () => {
    const top = temporaryDirectory();
    const file = writeConfig(top);
    const deep = join(top, 'a', 'b');
    mkdirSync(deep, { recursive: true });
    expect(findProjectConfigFile('venom', deep)).toBe(file);
  });
});

describe('findRepositoryRoot', () => {
  it('finds the nearest directory holding .git, and nothing outside a repository', () => {
    const base = realpathSync(mkdtempSync(join(tmpdir(), 'venom-root-')));
    mkdirSync(join(base, 'repo', '.git'), { recursive: true });
    mkdirSync(join(base, 'repo', 'a', 'b'), { recursive: true });
    mkdirSync(join(base, 'outside'), { recursive: true });
    expect(findRepositoryRoot(join(base, 'repo', 'a', 'b'))).toBe(join(base, 'repo'));
    expect(findRepositoryRoot(join(base, 'repo'))).toBe(join(base, 'repo'));
    expect(findRepositoryRoot(join(base, 'outside'))).toBeUndefined();
  });
});
