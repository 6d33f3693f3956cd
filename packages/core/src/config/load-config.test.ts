import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { VenomError } from '../errors/index.js';
import type { ConfigLayer } from './config-source.js';
import { type ConfigSpec, type LoadConfigOptions, loadConfig } from './load-config.js';

const schema = z
  .object({
    log: z
      .object({
        level: z
          .enum(['debug', 'info', 'warn', 'error'])
          .default('info')
          .describe('minimum level written to the log file'),
        json: z.boolean().default(false),
      })
      .prefault({}),
    models: z.object({
      budget_daily_usd: z.number().min(0).default(10),
      default_model: z.string().optional(),
      allowed: z.array(z.string()).default(['local']),
      retries: z.array(z.number()).default([]),
    }),
    telemetry: z.boolean().default(true),
  })
  .strict();

const spec: ConfigSpec<z.infer<typeof schema>> = { tool: 'venom', schema, envPrefix: 'VENOM' };

const defaults = {
  log: { level: 'info', json: false },
  models: { budget_daily_usd: 10, allowed: ['local'], retries: [] },
  telemetry: true,
};

interface Workspace {
  home: string;
  repo: string;
  userFile: string;
  projectFile: string;
  options: LoadConfigOptions & { flags: Record<string, string> };
}

/** A home directory and a git repository with a nested working directory, nothing configured yet. */
function workspace(): Workspace {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'venom-config-')));
  const home = join(root, 'home');
  const repo = join(root, 'repo');
  const cwd = join(repo, 'packages', 'app');
  mkdirSync(home);
  mkdirSync(join(repo, '.git'), { recursive: true });
  mkdirSync(cwd, { recursive: true });
  return {
    home,
    repo,
    userFile: join(home, '.config', 'venom', 'config.yaml'),
    projectFile: join(repo, '.venom', 'config.yaml'),
    options: { env: { HOME: home }, cwd, flags: {} },
  };
}

function write(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

async function loadError(
  options: LoadConfigOptions,
  configSpec: ConfigSpec<unknown> = spec,
): Promise<VenomError> {
  try {
    await loadConfig(configSpec, options);
  } catch (error) {
    if (VenomError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected loadConfig to fail');
}

describe('loadConfig defaults', () => {
  it('gives the schema defaults, all sourced from the default layer, when nothing is set', async () => {
    const { options, userFile } = workspace();
    const loaded = await loadConfig(spec, options);
    expect(loaded.value).toEqual(defaults);
    expect(Object.keys(loaded.sources).sort()).toEqual([
      'log.json',
      'log.level',
      'models.allowed',
      'models.budget_daily_usd',
      'models.default_model',
      'models.retries',
      'telemetry',
    ]);
    expect(new Set(Object.values(loaded.sources).map((source) => source.layer))).toEqual(
      new Set(['default']),
    );
    expect(loaded.files).toEqual({ user: userFile, project: undefined });
  });

  it('fills nested defaults even when a section has no .prefault({})', async () => {
    const bare = z.object({ section: z.object({ size: z.number().default(3) }) });
    const loaded = await loadConfig({ tool: 'venom', schema: bare, envPrefix: 'VENOM' }, workspace().options);
    expect(loaded.value).toEqual({ section: { size: 3 } });
  });

  it('reports a required key that no layer sets', async () => {
    const required = z.object({ api: z.object({ url: z.string() }) });
    const error = await loadError(workspace().options, {
      tool: 'venom',
      schema: required,
      envPrefix: 'VENOM',
    });
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toBe('config api.url: required but not set.');
    expect(error.hint).toContain('VENOM_API_URL');
  });

  it('uses XDG_CONFIG_HOME for the user file', async () => {
    const { options, home } = workspace();
    const file = join(home, 'xdg', 'venom', 'config.yaml');
    write(file, 'telemetry: false\n');
    const loaded = await loadConfig(spec, { ...options, env: { XDG_CONFIG_HOME: join(home, 'xdg') } });
    expect(loaded.value.telemetry).toBe(false);
    expect(loaded.files.user).toBe(file);
  });

  it('throws HOME_MISSING when the user file cannot be located', async () => {
    const { options } = workspace();
    const error = await loadError({ ...options, env: {} });
    expect(error.code).toBe('HOME_MISSING');
    expect(error.category).toBe('environment');
  });
});

describe('loadConfig precedence', () => {
  const order: ConfigLayer[] = ['default', 'user', 'project', 'env', 'flag'];
  const pairs = order.flatMap((lower, index) =>
    order.slice(index + 1).map((higher) => [lower, higher] as const),
  );

  function setBudget(target: Workspace, layer: ConfigLayer, budget: number): void {
    const yaml = `# budget\nmodels:\n  budget_daily_usd: ${budget}\n`;
    if (layer === 'user') write(target.userFile, yaml);
    if (layer === 'project') write(target.projectFile, yaml);
    if (layer === 'env') target.options.env.VENOM_MODELS_BUDGET_DAILY_USD = String(budget);
    if (layer === 'flag') target.options.flags['models.budget_daily_usd'] = String(budget);
  }

  it('covers every pair of layers', () => {
    expect(pairs).toHaveLength(10);
  });

  it.each(pairs)('%s < %s: the higher layer wins and sources says so', async (lower, higher) => {
    const target = workspace();
    setBudget(target, lower, 1);
    setBudget(target, higher, 2);
    const loaded = await loadConfig(spec, target.options);
    expect(loaded.value.models.budget_daily_usd).toBe(2);
    const expectedSource = {
      default: { layer: 'default' },
      user: { layer: 'user', file: target.userFile, line: 3 },
      project: { layer: 'project', file: target.projectFile, line: 3 },
      env: { layer: 'env', envVar: 'VENOM_MODELS_BUDGET_DAILY_USD' },
      flag: { layer: 'flag', flag: 'models.budget_daily_usd' },
    }[higher];
    expect(loaded.sources['models.budget_daily_usd']).toEqual(expectedSource);
  });

  it('merges layers key by key', async () => {
    const target = workspace();
    write(target.userFile, 'log:\n  level: debug\n  json: true\n');
    write(target.projectFile, 'log:\n  level: warn\n');
    target.options.env.VENOM_TELEMETRY = 'no';
    const loaded = await loadConfig(spec, target.options);
    expect(loaded.value.log).toEqual({ level: 'warn', json: true });
    expect(loaded.value.telemetry).toBe(false);
    expect(loaded.sources['log.json']).toEqual({ layer: 'user', file: target.userFile, line: 3 });
    expect(loaded.sources['log.level']?.layer).toBe('project');
    expect(loaded.sources['models.allowed']).toEqual({ layer: 'default' });
    expect(loaded.files.project).toBe(target.projectFile);
  });

  it('reads dotted keys in files like nested ones', async () => {
    const target = workspace();
    write(target.userFile, 'log.level: error\nmodels.allowed: [openai, local]\n');
    const loaded = await loadConfig(spec, target.options);
    expect(loaded.value.log.level).toBe('error');
    expect(loaded.value.models.allowed).toEqual(['openai', 'local']);
    expect(loaded.sources['models.allowed']).toEqual({ layer: 'user', file: target.userFile, line: 2 });
  });

  it('ignores a project file above the repository root', async () => {
    const target = workspace();
    write(join(dirname(target.repo), '.venom', 'config.yaml'), 'telemetry: false\n');
    const loaded = await loadConfig(spec, target.options);
    expect(loaded.value.telemetry).toBe(true);
    expect(loaded.files.project).toBeUndefined();
  });
});

describe('loadConfig environment', () => {
  it('coerces numbers, booleans, enums and comma-separated lists by the leaf type', async () => {
    const target = workspace();
    Object.assign(target.options.env, {
      VENOM_MODELS_BUDGET_DAILY_USD: '2.5',
      VENOM_LOG_JSON: 'yes',
      VENOM_LOG_LEVEL: 'debug',
      VENOM_MODELS_ALLOWED: 'openai, anthropic',
      VENOM_MODELS_RETRIES: '1,2,4',
      VENOM_MODELS_DEFAULT_MODEL: '123',
      VENOM_TELEMETRY: '0',
    });
    const loaded = await loadConfig(spec, target.options);
    expect(loaded.value).toEqual({
      log: { level: 'debug', json: true },
      models: {
        budget_daily_usd: 2.5,
        default_model: '123',
        allowed: ['openai', 'anthropic'],
        retries: [1, 2, 4],
      },
      telemetry: false,
    });
  });

  it.each([
    ['true', true],
    ['FALSE', false],
    ['1', true],
    ['no', false],
  ])('reads the boolean %s as %s', async (raw, expected) => {
    const target = workspace();
    target.options.env.VENOM_TELEMETRY = raw;
    expect((await loadConfig(spec, target.options)).value.telemetry).toBe(expected);
  });

  it('ignores other VENOM_ variables and empty values', async () => {
    const target = workspace();
    Object.assign(target.options.env, { VENOM_UNRELATED: 'x', VENOM_LOG: 'x', VENOM_LOG_LEVEL: '' });
    const loaded = await loadConfig(spec, target.options);
    expect(loaded.value).toEqual(defaults);
  });

  it.each([
    ['VENOM_MODELS_BUDGET_DAILY_USD', 'ten', 'expected a number, got "ten"'],
    ['VENOM_LOG_JSON', 'maybe', 'expected true or false, got "maybe"'],
    ['VENOM_LOG_LEVEL', 'loud', 'expected one of debug, info, warn, error, got "loud"'],
    ['VENOM_MODELS_RETRIES', '1,x', 'expected a list of numbers, got "1,x"'],
    ['VENOM_MODELS_BUDGET_DAILY_USD', '-1', 'too small: expected number to be >=0, got -1'],
  ])('rejects %s=%s naming the variable', async (variable, raw, problem) => {
    const target = workspace();
    target.options.env[variable] = raw;
    const error = await loadError(target.options);
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.category).toBe('usage');
    expect(error.message).toBe(`env ${variable}: ${problem}.`);
    expect(error.hint).toContain(variable);
    expect(error.details).toMatchObject({ envVar: variable });
  });
});

describe('loadConfig flags', () => {
  it('coerces flag values by the leaf type', async () => {
    const target = workspace();
    target.options.flags['log.level'] = 'warn';
    target.options.flags['models.allowed'] = '';
    const loaded = await loadConfig(spec, target.options);
    expect(loaded.value.log.level).toBe('warn');
    expect(loaded.value.models.allowed).toEqual([]);
    expect(loaded.sources['log.level']).toEqual({ layer: 'flag', flag: 'log.level' });
  });

  it('rejects an unknown flag key with a did-you-mean', async () => {
    const target = workspace();
    target.options.flags['models.budget_daly_usd'] = '3';
    const error = await loadError(target.options);
    expect(error.code).toBe('CONFIG_UNKNOWN_KEY');
    expect(error.message).toBe("flag -c models.budget_daly_usd unknown key 'models.budget_daly_usd'");
    expect(error.hint).toBe("did you mean 'models.budget_daily_usd'?");
  });

  it('explains that a section is not a key', async () => {
    const target = workspace();
    target.options.flags.log = 'debug';
    const error = await loadError(target.options);
    expect(error.code).toBe('CONFIG_UNKNOWN_KEY');
    expect(error.hint).toBe("'log' is a section, not a key: set one of log.level, log.json.");
  });

  it('rejects a bad flag value naming the flag', async () => {
    const target = workspace();
    target.options.flags['log.json'] = 'sometimes';
    const error = await loadError(target.options);
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toBe('flag -c log.json: expected true or false, got "sometimes".');
    expect(error.hint).toBe('Pass a valid value, e.g. -c log.json=false.');
  });
});

describe('loadConfig file errors', () => {
  it('reports malformed YAML as CONFIG_PARSE at file:line:col', async () => {
    const target = workspace();
    write(target.userFile, 'log:\n  level: debug\nmodels: [unclosed\n');
    const error = await loadError(target.options);
    expect(error.code).toBe('CONFIG_PARSE');
    expect(error.category).toBe('usage');
    expect(error.message).toMatch(new RegExp(`^${target.userFile}:\\d+:\\d+ \\S`));
    expect(error.hint).toContain('Fix the YAML syntax');
    expect(error.details).toMatchObject({ file: target.userFile });
  });

  it('reports the line and column of the syntax error', async () => {
    const target = workspace();
    write(target.projectFile, 'telemetry: true\nlog:\n  level: "debug\n');
    const error = await loadError(target.options);
    expect(error.code).toBe('CONFIG_PARSE');
    expect(error.message.startsWith(`${target.projectFile}:3:`)).toBe(true);
  });

  it('rejects a file that is not a mapping at the top level', async () => {
    const target = workspace();
    write(target.userFile, '# comment\n- a\n- b\n');
    const error = await loadError(target.options);
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toBe(
      `${target.userFile}:2 expected a mapping of keys at the top level, got ["a","b"]`,
    );
  });

  it('accepts an empty file and a file of comments', async () => {
    const target = workspace();
    write(target.userFile, '');
    write(target.projectFile, '# nothing yet\n');
    expect((await loadConfig(spec, target.options)).value).toEqual(defaults);
  });

  it('reports an unknown key with its line, full path and a did-you-mean over its siblings', async () => {
    const target = workspace();
    write(target.userFile, 'log:\n  level: info\nmodels:\n  budget_daly_usd: 3\n');
    const error = await loadError(target.options);
    expect(error.code).toBe('CONFIG_UNKNOWN_KEY');
    expect(error.category).toBe('usage');
    expect(error.message).toBe(`${target.userFile}:4 unknown key 'models.budget_daly_usd'`);
    expect(error.hint).toBe("did you mean 'models.budget_daily_usd'?");
    expect(error.details).toMatchObject({ file: target.userFile, line: 4, key: 'models.budget_daly_usd' });
  });

  it('suggests the nested key for a leaf written at the wrong level', async () => {
    const target = workspace();
    write(target.projectFile, 'budget_daily_usd: 3\n');
    const error = await loadError(target.options);
    expect(error.code).toBe('CONFIG_UNKNOWN_KEY');
    expect(error.message).toBe(`${target.projectFile}:1 unknown key 'budget_daily_usd'`);
    expect(error.hint).toBe("did you mean 'models.budget_daily_usd'?");
  });

  it('reports an unknown key in a strict-less schema too, without a suggestion when nothing is close', async () => {
    const target = workspace();
    write(target.userFile, 'colour: blue\n');
    const loose = z.object({ telemetry: z.boolean().default(true) });
    const error = await loadError(target.options, { tool: 'venom', schema: loose, envPrefix: 'VENOM' });
    expect(error.code).toBe('CONFIG_UNKNOWN_KEY');
    expect(error.hint).toBe("Remove it; 'venom config explain' lists every key.");
  });

  it('reports a wrong type with file:line, key, expected and got, and the set command', async () => {
    const target = workspace();
    write(target.userFile, '# my settings\nlog:\n  level: info\nmodels:\n  budget_daily_usd: ten\n');
    const error = await loadError(target.options);
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.category).toBe('usage');
    expect(error.message).toBe(`${target.userFile}:5 models.budget_daily_usd: expected a number, got "ten".`);
    expect(error.hint).toBe("Fix the value or run 'venom config set models.budget_daily_usd 10'.");
    expect(error.details).toMatchObject({ file: target.userFile, line: 5, key: 'models.budget_daily_usd' });
  });

  it('rejects a scalar where a section belongs', async () => {
    const target = workspace();
    write(target.userFile, 'log: loud\n');
    const error = await loadError(target.options);
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toBe(
      `${target.userFile}:1 log: expected a section with keys level, json, got "loud".`,
    );
  });

  it('rejects a key set twice, nested and dotted', async () => {
    const target = workspace();
    write(target.userFile, 'log:\n  level: info\nlog.level: debug\n');
    const error = await loadError(target.options);
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toBe(`${target.userFile}:3 log.level: set twice in this file (first at line 2).`);
  });

  it('reports the first of several problems and lists them all in details.problems', async () => {
    const target = workspace();
    write(target.userFile, 'telemetry: perhaps\nlog:\n  levle: info\n  json: 3\n');
    const error = await loadError(target.options);
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toBe(`${target.userFile}:1 telemetry: expected true or false, got "perhaps".`);
    const problems = error.details.problems as { code: string; key: string; line: number }[];
    expect(problems.map(({ code, key, line }) => ({ code, key, line }))).toEqual([
      { code: 'CONFIG_INVALID', key: 'telemetry', line: 1 },
      { code: 'CONFIG_UNKNOWN_KEY', key: 'log.levle', line: 3 },
      { code: 'CONFIG_INVALID', key: 'log.json', line: 4 },
    ]);
    expect(JSON.parse(JSON.stringify(error.details))).toEqual(error.details);
  });

  it('reports a file it cannot read as CONFIG_UNREADABLE with the path and the OS reason', async () => {
    const target = workspace();
    mkdirSync(target.userFile, { recursive: true });
    const error = await loadError(target.options);
    expect(error.code).toBe('CONFIG_UNREADABLE');
    expect(error.category).toBe('environment');
    expect(error.message).toContain(target.userFile);
    expect(error.message).toContain('EISDIR');
    expect(error.details).toMatchObject({ file: target.userFile, reason: 'EISDIR' });
  });

  it('checks the project file on its own, with its own location', async () => {
    const target = workspace();
    write(target.userFile, 'log:\n  level: debug\n');
    write(target.projectFile, 'log:\n  level: verbose\n');
    const error = await loadError(target.options);
    expect(error.message).toBe(
      `${target.projectFile}:2 log.level: expected one of debug, info, warn, error, got "verbose".`,
    );
  });
});
