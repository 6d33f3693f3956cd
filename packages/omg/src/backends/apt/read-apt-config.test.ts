import { describe, expect, it } from 'vitest';
import { aptConfigBoolean, aptConfigList, parseAptConfig } from './read-apt-config.js';

describe('parseAptConfig', () => {
  it('reads flat keys, scopes, lists and comments as apt does', () => {
    const config = parseAptConfig(
      [
        '// a comment',
        'APT::Install-Recommends "false";',
        'APT {',
        '  NeverAutoRemove { "^firmware-linux.*"; "^linux-image-[a-z0-9]*$"; };',
        '  AutoRemove::SuggestsImportant "0"; # trailing comment',
        '};',
        '/* block',
        '   comment */ Acquire::http::Proxy "http://proxy:3128/";',
        'APT::NeverAutoRemove:: "^postgresql.*-15";',
      ].join('\n'),
    );
    expect(aptConfigBoolean(config, 'apt::install-recommends', true)).toBe(false);
    expect(aptConfigBoolean(config, 'APT::AutoRemove::SuggestsImportant', true)).toBe(false);
    expect(aptConfigBoolean(config, 'APT::AutoRemove::RecommendsImportant', true)).toBe(true);
    expect(aptConfigList(config, 'APT::NeverAutoRemove')).toEqual([
      '^firmware-linux.*',
      '^linux-image-[a-z0-9]*$',
      '^postgresql.*-15',
    ]);
    expect(config.get('Acquire::http::Proxy')).toEqual(['http://proxy:3128/']);
  });
});
