import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { VenomError } from '../errors/index.js';
import { configKeys } from './config-keys.js';
import { describeSource } from './config-source.js';
import { explainConfig } from './explain-config.js';
import { getConfigValue } from './get-config-value.js';
import { loadConfig } from './load-config.js';

const schema = z.object({
  telemetry: z.boolean().default(true),
  log: z
    .object({ level: z.enum(['debug', 'info']).default('info'), file: z.string().optional() })
    .prefault({}),
  // No .prefault({}) on the sections: the loader fills nested defaults anyway.
  models: z.object({
    budget_daily_usd: z.number().default(10),
    limits: z.object({ tokens: z.number().default(1000) }),
  }),
});
const spec = { tool: 'venom', schema, envPrefix: 'VENOM' };

describe('configKeys', () => {
  it('lists every leaf key path in declaration order', () => {
    expect(configKeys(schema)).toEqual([
      'telemetry',
      'log.level',
      'log.file',
      'models.budget_daily_usd',
      'models.limits.tokens',
    ]);
  });
});

describe('explainConfig', () => {
  it('lists every leaf, sorted, with its value and source', async () => {
    const home = realpathSync(mkdtempSync(join(tmpdir(), 'venom-explain-')));
    const userFile = join(home, '.config', 'venom', 'config.yaml');
    mkdirSync(join(home, '.config', 'venom'), { recursive: true });
    writeFileSync(userFile, 'models:\n  limits:\n    tokens: 50\n');
    const loaded = await loadConfig(spec, {
      env: { HOME: home, VENOM_LOG_LEVEL: 'debug' },
      cwd: home,
      flags: { 'models.budget_daily_usd': '3' },
    });
    expect(explainConfig(loaded)).toEqual([
      { key: 'log.file', value: undefined, source: { layer: 'default' } },
      { key: 'log.level', value: 'debug', source: { layer: 'env', envVar: 'VENOM_LOG_LEVEL' } },
      {
        key: 'models.budget_daily_usd',
        value: 3,
        source: { layer: 'flag', flag: 'models.budget_daily_usd' },
      },
      { key: 'models.limits.tokens', value: 50, source: { layer: 'user', file: userFile, line: 3 } },
      { key: 'telemetry', value: true, source: { layer: 'default' } },
    ]);
  });
});

describe('describeSource', () => {
  it.each([
    [{ layer: 'default' } as const, 'default'],
    [
      { layer: 'user', file: '/home/u/.config/venom/config.yaml', line: 12 } as const,
      '/home/u/.config/venom/config.yaml:12',
    ],
    [{ layer: 'project', file: '/repo/.venom/config.yaml' } as const, '/repo/.venom/config.yaml'],
    [{ layer: 'env', envVar: 'VENOM_LOG_LEVEL' } as const, 'env VENOM_LOG_LEVEL'],
    [{ layer: 'flag', flag: 'log.level' } as const, 'flag -c log.level'],
  ])('describes %o as %s', (source, expected) => {
    expect(describeSource(source)).toBe(expected);
  });
});

describe('getConfigValue', () => {
  const value = { log: { level: 'info' }, models: { budget_daily_usd: 10, limits: { tokens: 0 } } };

  it('reads leaves and sections by dotted path', () => {
    expect(getConfigValue(value, 'log.level')).toBe('info');
    expect(getConfigValue(value, 'models.limits.tokens')).toBe(0);
    expect(getConfigValue(value, 'models.limits')).toEqual({ tokens: 0 });
  });

  it('throws CONFIG_UNKNOWN_KEY with a did-you-mean for a path not in the value', () => {
    let thrown: unknown;
    try {
      getConfigValue(value, 'models.budget_daly_usd');
    } catch (error) {
      thrown = error;
    }
    expect(VenomError.isInstance(thrown)).toBe(true);
    const error = thrown as VenomError;
    expect(error.code).toBe('CONFIG_UNKNOWN_KEY');
    expect(error.category).toBe('usage');
    expect(error.message).toBe("unknown key 'models.budget_daly_usd'");
    expect(error.hint).toBe("did you mean 'models.budget_daily_usd'?");
  });

  it('does not walk into a leaf', () => {
    expect(() => getConfigValue(value, 'log.level.x')).toThrow("unknown key 'log.level.x'");
  });
});

describe('getConfigValue on a loaded configuration', () => {
  it('reads an unset optional key as undefined and still rejects a typo', async () => {
    const home = realpathSync(mkdtempSync(join(tmpdir(), 'venom-get-')));
    const loaded = await loadConfig(spec, { env: { HOME: home }, cwd: home });
    expect(getConfigValue(loaded.value, 'log.file')).toBeUndefined();
    expect(() => getConfigValue(loaded.value, 'log.fiel')).toThrow("unknown key 'log.fiel'");
  });
});
