import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createVenomHome, runVenom } from './run-venom.js';

function writeUserConfig(configDir: string, text: string): string {
  mkdirSync(configDir, { recursive: true });
  const file = join(configDir, 'config.yaml');
  writeFileSync(file, text);
  return file;
}

describe('venom config', () => {
  it('reports the XDG paths under HOME, overridable by XDG variables', async () => {
    const venomHome = createVenomHome();
    const run = await runVenom(['config', 'path', '--json'], { env: venomHome.env });
    expect(run.exitCode).toBe(0);
    const paths = JSON.parse(run.stdout) as Record<string, string>;
    expect(paths.userConfig).toBe(join(venomHome.configDir, 'config.yaml'));
    expect(paths.database).toBe(join(venomHome.dataDir, 'venom.db'));
    expect(paths.logFile).toBe(join(venomHome.stateDir, 'venom.log'));

    const custom = join(venomHome.home, 'custom-config');
    const overridden = await runVenom(['config', 'path', '--json'], {
      env: { ...venomHome.env, XDG_CONFIG_HOME: custom },
    });
    expect((JSON.parse(overridden.stdout) as Record<string, string>).userConfig).toBe(
      join(custom, 'venom', 'config.yaml'),
    );
  });

  it('writes a starter file with init, and refuses to overwrite it without --force', async () => {
    const { env, configDir } = createVenomHome();
    const first = await runVenom(['config', 'init'], { env });
    expect(first.exitCode).toBe(0);
    const text = readFileSync(join(configDir, 'config.yaml'), 'utf8');
    expect(text).toContain('log.level');
    const second = await runVenom(['config', 'init'], { env });
    expect(second.exitCode).toBe(2);
    expect(second.stderr).toContain('--force');
    const forced = await runVenom(['config', 'init', '--force'], { env });
    expect(forced.exitCode).toBe(0);
    const list = await runVenom(['config', 'list'], { env });
    expect(list.exitCode).toBe(0);
  });

  it('sets and gets a value, keeping comments in the file', async () => {
    const { env, configDir } = createVenomHome();
    const file = writeUserConfig(configDir, '# my settings\nlog:\n  level: warn # quiet please\n');
    const set = await runVenom(['config', 'set', 'models.budget_daily_usd', '7.5'], { env });
    expect(set.exitCode).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('# quiet please');
    const get = await runVenom(['config', 'get', 'models.budget_daily_usd', '--json'], { env });
    expect(JSON.parse(get.stdout)).toMatchObject({ key: 'models.budget_daily_usd', value: 7.5 });
    const level = await runVenom(['config', 'get', 'log.level'], { env });
    expect(level.stdout).toBe('warn\n');
  });

  it('keeps every change when several config set run at once (the file is locked while edited)', async () => {
    const venomHome = createVenomHome();
    const settings: Array<[string, string]> = [
      ['log.level', 'debug'],
      ['models.budget_daily_usd', '7'],
      ['models.budget_monthly_usd', '70'],
      ['models.budget_request_usd', '0.5'],
      ['models.max_output_tokens', '1234'],
      ['models.timeout_ms', '45000'],
      ['router.cost_weight', '0.2'],
      ['router.prior_strength', '9'],
    ];
    const runs = await Promise.all(
      settings.map(([key, value]) => runVenom(['config', 'set', key, value], { env: venomHome.env })),
    );
    expect(runs.map((run) => run.exitCode)).toEqual(settings.map(() => 0));
    for (const [key, value] of settings) {
      const got = await runVenom(['config', 'get', key], { env: venomHome.env });
      expect({ key, value: got.stdout.trim() }).toEqual({ key, value });
    }
  });

  it('writes project settings to .venom/config.yaml at the repository root', async () => {
    const venomHome = createVenomHome();
    const project = join(venomHome.home, 'work');
    mkdirSync(join(project, '.git'), { recursive: true });
    mkdirSync(join(project, 'src'), { recursive: true });
    const run = await runVenom(['config', 'set', 'models.default', 'claude-sonnet', '--project'], {
      env: venomHome.env,
      cwd: join(project, 'src'),
    });
    expect(run.exitCode).toBe(0);
    expect(readFileSync(join(project, '.venom', 'config.yaml'), 'utf8')).toContain('claude-sonnet');
    const get = await runVenom(['config', 'get', 'models.default', '--json'], {
      env: venomHome.env,
      cwd: project,
    });
    expect(JSON.parse(get.stdout)).toMatchObject({
      value: 'claude-sonnet',
      source: `${join(project, '.venom', 'config.yaml')}:2`,
    });
  });

  it('exits 1 for an unset optional value', async () => {
    const { env } = createVenomHome();
    const run = await runVenom(['config', 'get', 'redis.url'], { env });
    expect(run.exitCode).toBe(1);
  });

  it('applies flags over environment over project file over user file over defaults', async () => {
    const venomHome = createVenomHome();
    const project = join(venomHome.home, 'work');
    mkdirSync(join(project, '.git'), { recursive: true });
    mkdirSync(join(project, 'src', 'deep'), { recursive: true });
    const cwd = join(project, 'src', 'deep');
    const level = async (extraEnv: Record<string, string>, args: string[] = []): Promise<unknown> => {
      const run = await runVenom(['config', 'get', 'log.level', '--json', ...args], {
        env: { ...venomHome.env, ...extraEnv },
        cwd,
      });
      expect(run.stderr).toBe('');
      return JSON.parse(run.stdout);
    };
    expect(await level({})).toMatchObject({ value: 'info', source: 'default' });
    writeUserConfig(venomHome.configDir, 'log:\n  level: warn\n');
    expect(await level({})).toMatchObject({ value: 'warn' });
    mkdirSync(join(project, '.venom'));
    writeFileSync(join(project, '.venom', 'config.yaml'), 'log:\n  level: error\n');
    expect(await level({})).toMatchObject({ value: 'error' });
    expect(await level({ VENOM_LOG_LEVEL: 'debug' })).toMatchObject({
      value: 'debug',
      source: 'env VENOM_LOG_LEVEL',
    });
    expect(await level({ VENOM_LOG_LEVEL: 'debug' }, ['-c', 'log.level=silent'])).toMatchObject({
      value: 'silent',
    });
  });

  it('explains where each value came from', async () => {
    const { env, configDir } = createVenomHome();
    const file = writeUserConfig(configDir, 'log:\n  stderr: false\n  level: warn\n');
    const run = await runVenom(['config', 'explain', '--json'], {
      env: { ...env, VENOM_MODELS_BUDGET_DAILY_USD: '3' },
    });
    expect(run.exitCode).toBe(0);
    const { entries } = JSON.parse(run.stdout) as {
      entries: Array<{ key: string; source: string; value: unknown }>;
    };
    const byKey = new Map(entries.map((entry) => [entry.key, entry]));
    expect(byKey.get('log.level')).toMatchObject({ value: 'warn', source: `${file}:3` });
    expect(byKey.get('models.budget_daily_usd')).toMatchObject({
      value: 3,
      source: 'env VENOM_MODELS_BUDGET_DAILY_USD',
    });
    expect(byKey.get('providers.ollama.base_url')).toMatchObject({ source: 'default' });
  });

  describe('bad input', () => {
    it('reports malformed YAML with file and line, exit 2', async () => {
      const { env, configDir } = createVenomHome();
      const file = writeUserConfig(configDir, 'log:\n  level: [debug\n  stderr: true\n');
      const run = await runVenom(['config', 'list'], { env });
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toMatch(new RegExp(`${file.replaceAll('.', '\\.')}:\\d+`));
    });

    it('reports an unknown key with a suggestion', async () => {
      const { env, configDir } = createVenomHome();
      writeUserConfig(configDir, 'models:\n  budget_daly_usd: 5\n');
      const run = await runVenom(['config', 'list'], { env });
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain('budget_daly_usd');
      expect(run.stderr).toContain('budget_daily_usd');
      expect(run.stderr).toContain(':2');
    });

    it('reports a wrong type with the key path and the fix, and config set repairs it', async () => {
      const { env, configDir } = createVenomHome();
      writeUserConfig(configDir, 'models:\n  budget_daily_usd: ten\n');
      const run = await runVenom(['config', 'list'], { env });
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain('models.budget_daily_usd');
      expect(run.stderr).toContain('"ten"');
      const repaired = await runVenom(['config', 'set', 'models.budget_daily_usd', '10'], { env });
      expect(repaired.exitCode).toBe(0);
      expect((await runVenom(['config', 'list'], { env })).exitCode).toBe(0);
    });

    it('refuses to set a value of the wrong type and leaves the file as it was', async () => {
      const { env, configDir } = createVenomHome();
      const file = writeUserConfig(configDir, 'log:\n  level: warn\n');
      const run = await runVenom(['config', 'set', 'log.level', 'loud'], { env });
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain('log.level');
      expect(readFileSync(file, 'utf8')).toBe('log:\n  level: warn\n');
    });

    it('reports a bad environment value naming the variable', async () => {
      const { env } = createVenomHome();
      const run = await runVenom(['config', 'list'], {
        env: { ...env, VENOM_MODELS_BUDGET_DAILY_USD: 'lots' },
      });
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain('VENOM_MODELS_BUDGET_DAILY_USD');
    });

    it('reports an unreadable config file as an environment problem, exit 3', async () => {
      const { env, configDir } = createVenomHome();
      mkdirSync(join(configDir, 'config.yaml'), { recursive: true });
      const run = await runVenom(['config', 'list'], { env });
      expect(run.exitCode).toBe(3);
      expect(run.stderr).toContain(join(configDir, 'config.yaml'));
    });

    it('prints errors as one JSON document with --json', async () => {
      const { env, configDir } = createVenomHome();
      writeUserConfig(configDir, 'colour: red\n');
      const run = await runVenom(['config', 'list', '--json'], { env });
      expect(run.exitCode).toBe(2);
      expect(JSON.parse(run.stdout)).toMatchObject({
        error: { code: 'CONFIG_UNKNOWN_KEY', category: 'usage' },
      });
    });
  });
});
