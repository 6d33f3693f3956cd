import { describe, expect, it } from 'vitest';
import { VenomError } from '../errors/index.js';
import { resolveToolPaths } from './resolve-tool-paths.js';

function caught(run: () => unknown): VenomError {
  try {
    run();
  } catch (error) {
    if (VenomError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a VenomError');
}

describe('resolveToolPaths', () => {
  it('falls back to HOME when no XDG variable is set', () => {
    expect(resolveToolPaths('venom', { HOME: '/home/u' })).toEqual({
      configDir: '/home/u/.config/venom',
      dataDir: '/home/u/.local/share/venom',
      stateDir: '/home/u/.local/state/venom',
      cacheDir: '/home/u/.cache/venom',
      configFile: '/home/u/.config/venom/config.yaml',
    });
  });

  it('uses each absolute XDG variable, even without HOME', () => {
    expect(
      resolveToolPaths('venom', {
        XDG_CONFIG_HOME: '/x/config',
        XDG_DATA_HOME: '/x/data',
        XDG_STATE_HOME: '/x/state',
        XDG_CACHE_HOME: '/x/cache',
      }),
    ).toEqual({
      configDir: '/x/config/venom',
      dataDir: '/x/data/venom',
      stateDir: '/x/state/venom',
      cacheDir: '/x/cache/venom',
      configFile: '/x/config/venom/config.yaml',
    });
  });

  it('ignores relative and empty XDG values', () => {
    const paths = resolveToolPaths('venom', {
      HOME: '/home/u',
      XDG_CONFIG_HOME: 'relative/config',
      XDG_DATA_HOME: '',
    });
    expect(paths.configDir).toBe('/home/u/.config/venom');
    expect(paths.dataDir).toBe('/home/u/.local/share/venom');
  });

  it('throws HOME_MISSING naming HOME and the XDG variable when a base cannot be found', () => {
    const error = caught(() => resolveToolPaths('venom', { XDG_CONFIG_HOME: '/x/config' }));
    expect(error.code).toBe('HOME_MISSING');
    expect(error.category).toBe('environment');
    expect(error.message).toContain('XDG_DATA_HOME');
    expect(error.hint).toContain('HOME');
    expect(error.hint).toContain('XDG_DATA_HOME');
  });

  it('says a relative XDG value was ignored when HOME is missing too', () => {
    const error = caught(() => resolveToolPaths('venom', { XDG_CONFIG_HOME: 'relative' }));
    expect(error.code).toBe('HOME_MISSING');
    expect(error.message).toContain("XDG_CONFIG_HOME='relative' is ignored");
  });
});
