import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Importing @venom/core is on every CLI start-up path: zod and yaml may only be loaded lazily.
const heavyModules = ['zod', 'yaml'];

describe('config folder start-up cost', () => {
  const folder = import.meta.dirname;
  const sources = readdirSync(folder).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'));

  it('has source files to check', () => {
    expect(sources).toContain('load-config.ts');
  });

  it.each(sources)('%s has no top-level runtime import of zod or yaml', (name) => {
    const text = readFileSync(join(folder, name), 'utf8');
    const runtimeImports = [...text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+'([^']+)'/gms)]
      .map((match) => match[1])
      .filter((specifier) => specifier !== undefined && heavyModules.includes(specifier));
    expect(runtimeImports).toEqual([]);
  });
});
