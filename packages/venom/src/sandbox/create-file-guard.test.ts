import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VenomError } from '@venom/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileGuard } from './create-file-guard.js';
import type { FileGuardOptions, PathViolation } from './types.js';

const directories: string[] = [];

afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

/** A workspace, a home directory and an outside directory, all real. */
function layout() {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'venom-guard-')));
  directories.push(base);
  const workspace = join(base, 'workspace');
  const home = join(base, 'home');
  const outside = join(base, 'outside');
  for (const directory of [
    join(workspace, 'src'),
    join(workspace, '.git', 'hooks'),
    join(home, '.ssh'),
    outside,
  ]) {
    mkdirSync(directory, { recursive: true });
  }
  writeFileSync(join(workspace, 'src', 'a.ts'), 'a');
  writeFileSync(join(outside, 'secret.txt'), 's');
  writeFileSync(join(home, '.ssh', 'id_ed25519'), 'key');
  return { base, workspace, home, outside };
}

function guardFor(options: Partial<FileGuardOptions> & { roots: string[]; home: string }) {
  const violations: PathViolation[] = [];
  const guard = createFileGuard({ ...options, onViolation: (violation) => violations.push(violation) });
  return { guard, violations };
}

function deniedReason(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(VenomError.isInstance(error)).toBe(true);
    const venomError = error as VenomError;
    expect(venomError.code).toBe('SECURITY_PATH_DENIED');
    expect(venomError.category).toBe('usage');
    return String(venomError.details.reason);
  }
  throw new Error('expected the guard to deny the path');
}

describe('createFileGuard', () => {
  it('returns the real path of files inside the workspace, relative paths resolved against the first root', () => {
    const { workspace, home } = layout();
    const { guard, violations } = guardFor({ roots: [workspace], home });
    expect(guard.check('src/a.ts', 'read')).toBe(join(workspace, 'src', 'a.ts'));
    expect(guard.check(join(workspace, 'src', 'new', 'b.ts'), 'write')).toBe(
      join(workspace, 'src', 'new', 'b.ts'),
    );
    expect(guard.roots).toEqual([workspace]);
    expect(violations).toEqual([]);
  });

  it('denies path traversal and absolute paths outside the roots, reporting each violation', () => {
    const { workspace, home } = layout();
    const { guard, violations } = guardFor({ roots: [workspace], home });
    expect(deniedReason(() => guard.check('../../../../../../etc/passwd', 'read'))).toMatch(
      /outside the workspace/,
    );
    expect(deniedReason(() => guard.check('/etc/passwd', 'read'))).toMatch(/outside the workspace/);
    expect(deniedReason(() => guard.check('src/../../outside/secret.txt', 'write'))).toMatch(/outside/);
    expect(deniedReason(() => guard.check('src/missing/../../../outside/x', 'write'))).toMatch(/outside/);
    expect(violations.map((violation) => violation.path)).toEqual([
      '../../../../../../etc/passwd',
      '/etc/passwd',
      'src/../../outside/secret.txt',
      'src/missing/../../../outside/x',
    ]);
    expect(violations[2]?.access).toBe('write');
  });

  it('follows symlinks planted inside the workspace that point out (file, directory, dangling, chained)', () => {
    const { workspace, home, outside } = layout();
    symlinkSync(join(outside, 'secret.txt'), join(workspace, 'innocent.txt'));
    symlinkSync(outside, join(workspace, 'docs'));
    symlinkSync(join(outside, 'created-later.txt'), join(workspace, 'dangling.txt'));
    symlinkSync('innocent.txt', join(workspace, 'chained.txt'));
    symlinkSync('../../outside', join(workspace, 'src', 'up'));
    const { guard } = guardFor({ roots: [workspace], home });
    for (const path of ['innocent.txt', 'docs/secret.txt', 'docs/new.txt', 'dangling.txt', 'chained.txt']) {
      expect(deniedReason(() => guard.check(path, 'write'))).toMatch(/outside the workspace/);
    }
    expect(deniedReason(() => guard.check('src/up/../outside/secret.txt', 'read'))).toMatch(/outside/);
  });

  it('allows a symlink that stays inside the workspace', () => {
    const { workspace, home } = layout();
    symlinkSync(join(workspace, 'src'), join(workspace, 'source'));
    const { guard } = guardFor({ roots: [workspace], home });
    expect(guard.check('source/a.ts', 'write')).toBe(join(workspace, 'src', 'a.ts'));
  });

  it('denies a symlink loop instead of hanging', () => {
    const { workspace, home } = layout();
    symlinkSync('loop-b', join(workspace, 'loop-a'));
    symlinkSync('loop-a', join(workspace, 'loop-b'));
    const { guard } = guardFor({ roots: [workspace], home });
    expect(deniedReason(() => guard.check('loop-a/x', 'read'))).toMatch(/symbolic links/);
  });

  it('denies writes into .git (hooks, config) but allows reading it', () => {
    const { workspace, home } = layout();
    const { guard } = guardFor({ roots: [workspace], home });
    expect(deniedReason(() => guard.check('.git/hooks/pre-commit', 'write'))).toMatch(/\.git/);
    expect(deniedReason(() => guard.check('.git/config', 'write'))).toMatch(/\.git/);
    expect(deniedReason(() => guard.check('vendor/lib/.git/hooks/post-checkout', 'write'))).toMatch(/\.git/);
    expect(guard.check('.git/hooks', 'read')).toBe(join(workspace, '.git', 'hooks'));
    expect(guard.check('.gitignore', 'write')).toBe(join(workspace, '.gitignore'));
  });

  it('denies writes to .git/hooks through a symlink that hides the .git name', () => {
    const { workspace, home } = layout();
    symlinkSync(join(workspace, '.git', 'hooks'), join(workspace, 'hooks'));
    const { guard } = guardFor({ roots: [workspace], home });
    expect(deniedReason(() => guard.check('hooks/pre-push', 'write'))).toMatch(/\.git/);
  });

  it('denies environment and credential files for reading too; templates stay allowed', () => {
    const { workspace, home } = layout();
    const { guard } = guardFor({ roots: [workspace], home });
    for (const path of [
      '.env',
      '.env.local',
      'api/.env.production',
      'credentials.json',
      'certs/server.key',
      'id_rsa',
    ]) {
      expect(deniedReason(() => guard.check(path, 'read'))).toMatch(/environment or credentials/);
    }
    expect(guard.check('.env.example', 'read')).toBe(join(workspace, '.env.example'));
    expect(guard.check('src/environment.ts', 'read')).toBe(join(workspace, 'src', 'environment.ts'));
  });

  it('lets the deny list win over a root that contains the home directory', () => {
    const { home } = layout();
    const { guard } = guardFor({ roots: [home], home });
    expect(deniedReason(() => guard.check('~/.ssh/id_ed25519', 'read'))).toMatch(/credentials location/);
    expect(deniedReason(() => guard.check(join(home, '.aws', 'config'), 'read'))).toMatch(
      /credentials location/,
    );
    expect(deniedReason(() => guard.check('.config/venom/credentials.json', 'read'))).toMatch(/credentials/);
    expect(guard.check('notes.txt', 'write')).toBe(join(home, 'notes.txt'));
  });

  it('applies extra deny paths and globs from the config', () => {
    const { workspace, home } = layout();
    const { guard } = guardFor({ roots: [workspace], home, extraDeny: ['secrets', 'config/*.prod.yaml'] });
    expect(deniedReason(() => guard.check('secrets/token.txt', 'read'))).toMatch(/deny_paths/);
    expect(deniedReason(() => guard.check('config/db.prod.yaml', 'read'))).toMatch(/deny_paths/);
    expect(guard.check('config/db.dev.yaml', 'read')).toBe(join(workspace, 'config', 'db.dev.yaml'));
  });

  it('accepts any of several roots', () => {
    const { workspace, home, outside } = layout();
    const { guard } = guardFor({ roots: [workspace, outside], home });
    expect(guard.check(join(outside, 'secret.txt'), 'read')).toBe(join(outside, 'secret.txt'));
  });
});
