import { chmodSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { evaluatePolicy } from './evaluate-policy.js';
import { createSandbox, limitsFromConfig, policyFromConfig } from './sandbox-from-config.js';

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function brokenBwrap(): { workspace: string; bwrap: string } {
  const workspace = realpathSync(mkdtempSync(join(tmpdir(), 'venom-sandbox-config-')));
  directories.push(workspace);
  const bwrap = join(workspace, 'fake-bwrap');
  writeFileSync(bwrap, '#!/bin/sh\necho "bwrap: setting up uid map: Permission denied" >&2\nexit 1\n');
  chmodSync(bwrap, 0o755);
  return { workspace, bwrap };
}

describe('createSandbox', () => {
  it('never falls back to the host without the administrator switch', async () => {
    const { workspace, bwrap } = brokenBwrap();
    const env = { PATH: process.env.PATH, HOME: workspace };
    const sandbox = await createSandbox({ config: { bwrap_path: bwrap }, workspaceRoots: [workspace], env });
    expect(sandbox.kind).toBe('bubblewrap');
    await expect(sandbox.run({ argv: ['true'], cwd: '.' })).rejects.toMatchObject({
      code: 'SANDBOX_UNAVAILABLE',
    });
  });

  it('uses the host runner only when bwrap cannot run and the switch is set', async () => {
    const { workspace, bwrap } = brokenBwrap();
    const env = { PATH: process.env.PATH, HOME: workspace };
    const host = await createSandbox({
      config: { bwrap_path: bwrap, allow_unsandboxed_exec: true },
      workspaceRoots: [workspace],
      env,
    });
    expect(host.kind).toBe('host');
    const working = await createSandbox({
      config: { allow_unsandboxed_exec: true },
      workspaceRoots: [workspace],
      env,
    });
    expect(working.kind).toBe('bubblewrap');
  });
});

describe('limitsFromConfig and policyFromConfig', () => {
  it('maps snake_case limits and merges config defaults and rules with remembered ones', () => {
    expect(limitsFromConfig({ timeout_ms: 10, processes: 5 })).toEqual({ timeoutMs: 10, processes: 5 });
    const policy = policyFromConfig(
      { defaults: { read: 'ask' }, rules: [{ action: 'shell.run', pattern: 'rm *', decision: 'deny' }] },
      [{ action: 'shell.run', pattern: 'git log *', decision: 'allow' }],
    );
    expect(policy.defaults).toMatchObject({ read: 'ask', write: 'ask' });
    expect(policy.rules.map((rule) => rule.source)).toEqual(['config', 'remembered']);
    expect(
      evaluatePolicy({ skill: 'shell', action: 'run', risk: 'exec', command: 'git log && rm x' }, policy)
        .decision,
    ).toBe('deny');
  });

  it('keeps the built-in defaults for risk levels the loaded config leaves unset (present as undefined)', () => {
    const loaded = { defaults: { read: undefined, write: undefined, exec: 'allow' as const }, rules: [] };
    const policy = policyFromConfig(loaded);
    expect(policy.defaults).toMatchObject({ read: 'allow', write: 'ask', exec: 'allow', destructive: 'ask' });
  });
});
