import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VenomError } from '../errors/index.js';
import { findExecutable } from './find-executable.js';
import { runCommand } from './run-command.js';

describe('findExecutable', () => {
  it('finds an executable file on PATH and skips non-executable ones', () => {
    const first = mkdtempSync(join(tmpdir(), 'venom-path-'));
    const second = mkdtempSync(join(tmpdir(), 'venom-path-'));
    writeFileSync(join(first, 'tool'), 'not executable');
    writeFileSync(join(second, 'tool'), '#!/bin/sh\necho hi\n');
    chmodSync(join(second, 'tool'), 0o755);
    expect(findExecutable('tool', { PATH: `${first}:${second}` })).toBe(join(second, 'tool'));
    expect(findExecutable('missing-tool', { PATH: `${first}:${second}` })).toBeUndefined();
    expect(findExecutable('tool', {})).toBeUndefined();
  });
});

describe('runCommand', () => {
  it('collects output, exit code and passes stdin', async () => {
    const result = await runCommand('/bin/sh', ['-c', 'cat; echo err >&2; exit 3'], { input: 'hello' });
    expect(result).toMatchObject({ exitCode: 3, stdout: 'hello', stderr: 'err\n', timedOut: false });
  });

  it('kills a child that runs past its timeout', async () => {
    const result = await runCommand('/bin/sh', ['-c', 'sleep 30'], { timeoutMs: 100 });
    expect(result.timedOut).toBe(true);
    expect(result.signal).toBe('SIGKILL');
  });

  it('reports a missing program as an environment error', async () => {
    const failure = await runCommand('/nonexistent/tool', []).catch((error: unknown) => error);
    expect(VenomError.isInstance(failure) && failure.code).toBe('COMMAND_NOT_FOUND');
  });
});
