import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAptRoot, type FixtureList, writeAptRoot } from './apt-root.js';
import { createOmgHome, runOmg } from './run-omg.js';

const lists: FixtureList[] = [
  {
    suite: 'bookworm',
    compression: 'gz',
    packages: [
      {
        name: 'ripgrep',
        version: '13.0.0-4',
        description: 'Recursively searches directories for a regex pattern',
      },
      {
        name: 'python3',
        version: '3.11.2-1',
        description: 'interactive high-level object-oriented language',
      },
      { name: 'python3-yaml', version: '6.0-3', description: 'YAML parser and emitter for Python3' },
    ],
  },
];

/** The index directory of a test home, and the files in it. */
function indexFiles(home: string): { directory: string; index: string; snapshot: string } {
  const directory = join(home, '.cache', 'omg', 'index');
  const index = readdirSync(directory).find((name) => name.endsWith('.lmdb')) as string;
  return { directory, index: join(directory, index), snapshot: join(directory, `${index}.search`) };
}

const names = (stdout: string) => (JSON.parse(stdout) as Array<{ name: string }>).map((entry) => entry.name);

describe('omg search without the daemon: the search snapshot', () => {
  it('is written beside the index and answers without it while the sources are unchanged', async () => {
    const { env, home } = createOmgHome();
    const root = createAptRoot(lists);
    const first = await runOmg(['search', 'python3', '--root', root, '--json'], env);
    expect(first.exitCode).toBe(0);
    const { index, snapshot } = indexFiles(home);
    expect(readFileSync(snapshot).length).toBeGreaterThan(0);

    // With the LMDB index unreadable, only the snapshot can answer, and it answers the same.
    writeFileSync(index, 'not an lmdb file');
    const second = await runOmg(['search', 'python3', '--root', root, '--json'], env);
    expect(second.stderr).toBe('');
    expect(second.stdout).toBe(first.stdout);
    expect(names(second.stdout)).toEqual(['python3', 'python3-yaml']);
  });

  it('is not trusted once a source changes: the index answers, and the snapshot is rewritten', async () => {
    const { env, home } = createOmgHome();
    const root = createAptRoot(lists);
    await runOmg(['search', 'ripgrep', '--root', root, '--json'], env);
    const before = JSON.parse((await runOmg(['search', 'ripgrep', '--root', root, '--json'], env)).stdout);
    expect(before).toMatchObject([{ name: 'ripgrep', installed: false }]);

    writeAptRoot(root, lists, [{ name: 'ripgrep', version: '13.0.0-4' }]);
    const after = await runOmg(['search', 'ripgrep', '--root', root, '--json'], env);
    expect(JSON.parse(after.stdout)).toMatchObject([{ name: 'ripgrep', installed: true }]);

    // The rewritten snapshot carries the change on its own.
    writeFileSync(indexFiles(home).index, 'not an lmdb file');
    const fromSnapshot = await runOmg(['search', 'ripgrep', '--root', root, '--json'], env);
    expect(JSON.parse(fromSnapshot.stdout)).toMatchObject([{ name: 'ripgrep', installed: true }]);
  });

  it('ignores a damaged snapshot and replaces it; warnings about bad lists are still shown', async () => {
    const { env, home } = createOmgHome();
    const root = createAptRoot(lists);
    const listDirectory = join(root, 'var/lib/apt/lists');
    await runOmg(['search', 'python3', '--root', root, '--json'], env);
    const { snapshot } = indexFiles(home);
    writeFileSync(snapshot, '{"format":1,"sources":[');
    const repaired = await runOmg(['search', 'python3', '--root', root, '--json'], env);
    expect(repaired.exitCode).toBe(0);
    expect(names(repaired.stdout)).toEqual(['python3', 'python3-yaml']);
    expect(readFileSync(snapshot, 'utf8')).toContain('"installedAndAvailable"');

    const gz = readdirSync(listDirectory).find((name) => name.endsWith('.gz')) as string;
    writeFileSync(join(listDirectory, gz), 'not gzip at all');
    const warned = await runOmg(['search', 'python3', '--root', root, '--json'], env);
    expect(warned.stderr).toContain(join(listDirectory, gz));
    // Answered from the snapshot this time, with the same warning.
    const again = await runOmg(['search', 'python3', '--root', root, '--json'], env);
    expect(again.stderr).toContain(join(listDirectory, gz));
    expect(again.exitCode).toBe(1);
  });
});
