import { mkdirSync, mkdtempSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { VenomError } from '../errors/index.js';
import { loadConfig } from './load-config.js';
import { setConfigValue } from './set-config-value.js';
import { unsetConfigValue } from './unset-config-value.js';

const schema = z.object({
  log: z
    .object({ level: z.enum(['debug', 'info', 'warn']).default('info'), json: z.boolean().default(false) })
    .prefault({}),
  models: z
    .object({
      budget_daily_usd: z.number().default(10),
      default_model: z.string().optional(),
      allowed: z.array(z.string()).default(['local']),
    })
    .prefault({}),
  telemetry: z.boolean().default(true),
});
const spec = { tool: 'venom', schema, envPrefix: 'VENOM' };

function home(): { directory: string; file: string } {
  const directory = realpathSync(mkdtempSync(join(tmpdir(), 'venom-set-')));
  return { directory, file: join(directory, '.config', 'venom', 'config.yaml') };
}

function writeConfig(file: string, text: string): void {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, text);
}

async function rejection(run: () => Promise<unknown>): Promise<VenomError> {
  try {
    await run();
  } catch (error) {
    if (VenomError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a VenomError');
}

const commented = `# my venom settings
log:
  # how chatty
  level: info # was debug
  json: false

# money
models:
  budget_daily_usd: 10
`;

describe('setConfigValue', () => {
  it('changes a value, keeping comments and key order', async () => {
    const { file } = home();
    writeConfig(file, commented);
    await setConfigValue(spec, file, 'log.level', 'warn');
    expect(readFileSync(file, 'utf8')).toBe(
      commented.replace('level: info # was debug', 'level: warn # was debug'),
    );
  });

  it('adds a new key inside its existing section', async () => {
    const { file } = home();
    writeConfig(file, commented);
    await setConfigValue(spec, file, 'models.default_model', 'gpt');
    expect(readFileSync(file, 'utf8')).toBe(`${commented}  default_model: gpt\n`);
  });

  it('adds a new section at the end', async () => {
    const { file } = home();
    writeConfig(file, commented);
    await setConfigValue(spec, file, 'telemetry', 'no');
    expect(readFileSync(file, 'utf8')).toBe(`${commented}telemetry: false\n`);
  });

  it('creates a missing file and its directory, and the result loads', async () => {
    const { directory, file } = home();
    await setConfigValue(spec, file, 'models.allowed', 'openai, anthropic');
    await setConfigValue(spec, file, 'models.budget_daily_usd', '2.5');
    expect(readFileSync(file, 'utf8')).toBe(
      'models:\n  allowed:\n    - openai\n    - anthropic\n  budget_daily_usd: 2.5\n',
    );
    const loaded = await loadConfig(spec, { env: { HOME: directory }, cwd: directory });
    expect(loaded.value.models).toEqual({ budget_daily_usd: 2.5, allowed: ['openai', 'anthropic'] });
    expect(statSync(file).mode & 0o777).toBe(0o644);
  });

  it('writes a numeric-looking string as a string', async () => {
    const { directory, file } = home();
    await setConfigValue(spec, file, 'models.default_model', '123');
    const loaded = await loadConfig(spec, { env: { HOME: directory }, cwd: directory });
    expect(loaded.value.models.default_model).toBe('123');
  });

  it('updates a dotted key where it is written', async () => {
    const { file } = home();
    writeConfig(file, 'log.level: debug # dotted\n');
    await setConfigValue(spec, file, 'log.level', 'info');
    expect(readFileSync(file, 'utf8')).toBe('log.level: info # dotted\n');
  });

  it('replaces an invalid value of the key being set', async () => {
    const { file } = home();
    writeConfig(file, 'models:\n  budget_daily_usd: ten # oops\n');
    await setConfigValue(spec, file, 'models.budget_daily_usd', '10');
    expect(readFileSync(file, 'utf8')).toBe('models:\n  budget_daily_usd: 10 # oops\n');
  });

  it('keeps the file mode of an existing file', async () => {
    const { file } = home();
    writeConfig(file, 'telemetry: true\n');
    const { chmodSync } = await import('node:fs');
    chmodSync(file, 0o600);
    await setConfigValue(spec, file, 'telemetry', 'false');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('rejects an unknown key with a did-you-mean and leaves the file alone', async () => {
    const { file } = home();
    writeConfig(file, commented);
    const error = await rejection(() => setConfigValue(spec, file, 'models.budget_daly_usd', '3'));
    expect(error.code).toBe('CONFIG_UNKNOWN_KEY');
    expect(error.message).toBe("unknown key 'models.budget_daly_usd'");
    expect(error.hint).toBe("did you mean 'models.budget_daily_usd'?");
    expect(readFileSync(file, 'utf8')).toBe(commented);
  });

  it('rejects a bad value naming the key, the expected type and what it got', async () => {
    const { file } = home();
    writeConfig(file, commented);
    const error = await rejection(() => setConfigValue(spec, file, 'models.budget_daily_usd', 'ten'));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.category).toBe('usage');
    expect(error.message).toBe('models.budget_daily_usd: expected a number, got "ten".');
    expect(error.details).toMatchObject({
      key: 'models.budget_daily_usd',
      expected: 'a number',
      got: '"ten"',
    });
    expect(readFileSync(file, 'utf8')).toBe(commented);
  });

  it('refuses to write when another key of the file is invalid, naming it', async () => {
    const { file } = home();
    const broken = 'telemetry: perhaps\nlog:\n  level: info\n';
    writeConfig(file, broken);
    const error = await rejection(() => setConfigValue(spec, file, 'log.level', 'warn'));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toBe(`${file}:1 telemetry: expected true or false, got "perhaps".`);
    expect(readFileSync(file, 'utf8')).toBe(broken);
  });

  it('refuses to edit malformed YAML', async () => {
    const { file } = home();
    writeConfig(file, 'log: [\n');
    const error = await rejection(() => setConfigValue(spec, file, 'log.level', 'warn'));
    expect(error.code).toBe('CONFIG_PARSE');
  });
});

describe('unsetConfigValue', () => {
  it('removes a key, keeping the other keys and comments', async () => {
    const { file } = home();
    writeConfig(file, commented);
    expect(await unsetConfigValue(spec, file, 'log.json')).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(commented.replace('  json: false\n', ''));
  });

  it('removes the sections it leaves empty', async () => {
    const { directory, file } = home();
    writeConfig(file, commented);
    expect(await unsetConfigValue(spec, file, 'models.budget_daily_usd')).toBe(true);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('models');
    expect(text).toContain('# my venom settings');
    expect(text).toContain('level: info # was debug');
    const loaded = await loadConfig(spec, { env: { HOME: directory }, cwd: directory });
    expect(loaded.sources['models.budget_daily_usd']).toEqual({ layer: 'default' });
  });

  it('returns false when the key or the file is not there', async () => {
    const { file } = home();
    expect(await unsetConfigValue(spec, file, 'log.level')).toBe(false);
    writeConfig(file, commented);
    expect(await unsetConfigValue(spec, file, 'models.default_model')).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe(commented);
  });

  it('removes an invalid value of that key', async () => {
    const { file } = home();
    writeConfig(file, 'telemetry: perhaps\nlog.level: warn\n');
    expect(await unsetConfigValue(spec, file, 'telemetry')).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('log.level: warn\n');
  });

  it('leaves a file that still loads after removing the last key', async () => {
    const { directory, file } = home();
    writeConfig(file, 'telemetry: false\n');
    expect(await unsetConfigValue(spec, file, 'telemetry')).toBe(true);
    await setConfigValue(spec, file, 'log.level', 'debug');
    const loaded = await loadConfig(spec, { env: { HOME: directory }, cwd: directory });
    expect(loaded.value.telemetry).toBe(true);
    expect(loaded.value.log.level).toBe('debug');
    expect(readFileSync(file, 'utf8')).toBe('log:\n  level: debug\n');
  });

  it('rejects an unknown key with a did-you-mean', async () => {
    const { file } = home();
    const error = await rejection(() => unsetConfigValue(spec, file, 'log.levle'));
    expect(error.code).toBe('CONFIG_UNKNOWN_KEY');
    expect(error.hint).toBe("did you mean 'log.level'?");
  });
});
