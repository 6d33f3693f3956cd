import { mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { VenomError } from '../errors/index.js';
import { configKeys } from './config-keys.js';
import { initConfigFile } from './init-config-file.js';
import { loadConfig } from './load-config.js';

const schema = z.object({
  log: z
    .object({
      level: z
        .enum(['debug', 'info', 'warn'])
        .default('info')
        .describe('minimum level written to the log file'),
      json: z.boolean().default(false),
    })
    .prefault({}),
  models: z
    .object({
      budget_daily_usd: z.number().describe('hard daily spend limit in US dollars').default(10),
      default_model: z.string().optional().describe('model used when the router has no preference'),
      allowed: z.array(z.string()).default(['local', 'openai']),
    })
    .prefault({}),
  name: z.string().default('12'),
});
const spec = { tool: 'venom', schema, envPrefix: 'VENOM' };

function home(): { directory: string; file: string } {
  const directory = realpathSync(mkdtempSync(join(tmpdir(), 'venom-init-')));
  return { directory, file: join(directory, '.config', 'venom', 'config.yaml') };
}

describe('initConfigFile', () => {
  it('writes every leaf commented out with its default and description', async () => {
    const { file } = home();
    expect(await initConfigFile(spec, file)).toBe(file);
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines).toContain('# log.level: info  # minimum level written to the log file');
    expect(lines).toContain('# log.json: false');
    expect(lines).toContain('# models.budget_daily_usd: 10  # hard daily spend limit in US dollars');
    expect(lines).toContain(
      '# models.default_model:  # (no default) model used when the router has no preference',
    );
    expect(lines).toContain('# models.allowed: [ local, openai ]');
    expect(lines).toContain('# name: "12"');
    expect(lines.every((line) => line === '' || line.startsWith('# '))).toBe(true);
  });

  it('writes a file that loads back to the defaults', async () => {
    const { directory, file } = home();
    await initConfigFile(spec, file);
    const loaded = await loadConfig(spec, { env: { HOME: directory }, cwd: directory });
    expect(loaded.value).toEqual(schema.parse({}));
  });

  it('gives working settings when the lines with defaults are uncommented', async () => {
    const { directory, file } = home();
    await initConfigFile(spec, file);
    const text = readFileSync(file, 'utf8');
    const uncommented = text
      .split('\n')
      .map((line) => {
        const isSetting = configKeys(schema).some((key) => line.startsWith(`# ${key}: `));
        return isSetting && !line.includes('(no default)') ? line.slice(2) : line;
      })
      .join('\n');
    expect(uncommented).not.toBe(text);
    writeFileSync(file, uncommented);
    const loaded = await loadConfig(spec, { env: { HOME: directory }, cwd: directory });
    expect(loaded.value).toEqual(schema.parse({}));
    expect(loaded.sources['log.level']?.layer).toBe('user');
    expect(loaded.sources['models.allowed']?.layer).toBe('user');
  });

  it('refuses to overwrite an existing file unless forced', async () => {
    const { file } = home();
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, 'telemetry: false\n');
    let thrown: unknown;
    try {
      await initConfigFile(spec, file);
    } catch (error) {
      thrown = error;
    }
    expect(VenomError.isInstance(thrown)).toBe(true);
    const error = thrown as VenomError;
    expect(error.code).toBe('CONFIG_EXISTS');
    expect(error.category).toBe('usage');
    expect(error.message).toContain(file);
    expect(error.hint).toContain('--force');
    expect(readFileSync(file, 'utf8')).toBe('telemetry: false\n');

    await initConfigFile(spec, file, { force: true });
    expect(readFileSync(file, 'utf8')).toContain('# log.level: info');
  });
});
