import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createVenomHome, runVenom } from './run-venom.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

describe('venom basics', () => {
  it('prints its version', async () => {
    const { env } = createVenomHome();
    for (const flag of ['--version', '-V']) {
      const run = await runVenom([flag], { env });
      expect(run).toMatchObject({ exitCode: 0, stdout: `${version}\n`, stderr: '' });
    }
  });

  it('lists every command in --help', async () => {
    const { env } = createVenomHome();
    const run = await runVenom(['--help'], { env });
    expect(run.exitCode).toBe(0);
    for (const command of [
      'doctor',
      'config get',
      'config set',
      'config explain',
      'auth set',
      'events tail',
      'completion',
    ]) {
      expect(run.stdout).toContain(command);
    }
  });

  it('prints help for one command', async () => {
    const { env } = createVenomHome();
    const run = await runVenom(['events', 'list', '--help'], { env });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('--since');
    expect(run.stdout).toContain('--json');
  });

  it('rejects an unknown command with a suggestion and exit code 2', async () => {
    const { env } = createVenomHome();
    const run = await runVenom(['doctr'], { env });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("'doctor'");
    expect(run.stdout).toBe('');
  });

  it('rejects an unknown flag with exit code 2', async () => {
    const { env } = createVenomHome();
    const run = await runVenom(['config', 'list', '--jsno'], { env });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('--json');
  });

  it('prints a completion script that bash accepts', async () => {
    const { env } = createVenomHome();
    const run = await runVenom(['completion', 'bash'], { env });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('complete');
  });

  it('explains a missing HOME instead of crashing', async () => {
    const run = await runVenom(['config', 'list'], { env: { PATH: process.env.PATH }, cwd: '/' });
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toContain('HOME');
    expect(run.stderr).not.toContain('    at ');
  });
});
