import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runOmgInProcess } from './run-omg.js';

function home(): { directory: string; env: Record<string, string | undefined> } {
  const directory = mkdtempSync(join(tmpdir(), 'omg-aur-index-'));
  onTestFinished(() => rmSync(directory, { recursive: true, force: true }));
  return {
    directory,
    env: {
      PATH: process.env.PATH,
      HOME: directory,
      XDG_CACHE_HOME: join(directory, 'cache'),
      // Nothing listens here: a search that asked the AUR would fail with exit 4.
      OMG_AUR_URL: 'http://127.0.0.1:1',
    },
  };
}

const run = runOmgInProcess;

const dump = [
  {
    ID: 1,
    Name: 'yay',
    PackageBase: 'yay',
    Version: '12.3.5-1',
    Description: 'Yet another yogurt. Pacman wrapper and AUR helper written in go.',
    Provides: ['yay-bin=12'],
  },
  {
    ID: 2,
    Name: 'yay-bin',
    PackageBase: 'yay-bin',
    Version: '12.3.5-1',
    Description: 'Yet another yogurt (binary)',
  },
  { ID: 3, Name: 'paru', PackageBase: 'paru', Version: '2.0.3-1', Description: 'Feature packed AUR helper' },
  { ID: 4, Name: 'broken-entry' },
  ...Array.from({ length: 2000 }, (_, index) => ({
    ID: 10 + index,
    Name: `filler-${index}`,
    PackageBase: `filler-${index}`,
    Version: '1-1',
    Description: 'padding',
  })),
];

describe('omg aur index', () => {
  it('indexes the metadata dump and answers aur search offline, ranked like omg search', async () => {
    const { directory, env } = home();
    const file = join(directory, 'packages-meta-ext-v1.json.gz');
    writeFileSync(file, gzipSync(JSON.stringify(dump)));
    const indexed = await run(['aur', 'index', file, '--json'], env);
    expect(indexed.exitCode, indexed.stderr).toBe(0);
    expect(JSON.parse(indexed.stdout)).toMatchObject({ source: file, packageCount: 2003 });

    const search = await run(['aur', 'search', 'yay', '--json'], env);
    expect(search.exitCode, search.stderr).toBe(0);
    expect(JSON.parse(search.stdout).map((entry: { name: string }) => entry.name)).toEqual([
      'yay',
      'yay-bin',
    ]);
    const helper = await run(['aur', 'search', 'aur', 'helper', '--json'], env);
    expect(
      JSON.parse(helper.stdout)
        .map((entry: { name: string }) => entry.name)
        .sort(),
    ).toEqual(['paru', 'yay']);
    const none = await run(['aur', 'search', 'nothing-like-this'], env);
    expect(none.exitCode).toBe(1);
    // --online still asks the AUR (unreachable here: exit 4).
    const online = await run(['aur', 'search', 'yay', '--online'], env);
    expect(online.exitCode).toBe(4);
  });

  it('refuses a missing file or something that is not a dump (exit 2)', async () => {
    const { directory, env } = home();
    const missing = await run(['aur', 'index', join(directory, 'nope.json.gz')], env);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('cannot read the AUR metadata dump');
    const bad = join(directory, 'bad.json');
    writeFileSync(bad, '{"not": "an array"}');
    const invalid = await run(['aur', 'index', bad], env);
    expect(invalid.exitCode).toBe(2);
    expect(invalid.stderr).toContain('expected a JSON array of packages');
    const none = await run(['aur', 'index'], env);
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toContain('OMG_AUR_METADATA');
  });
});
