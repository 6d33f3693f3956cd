import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createAptRoot } from './apt-root.js';
import { createOmgHome, exited, omgBin, runOmg, startOmgd, waitForDaemon } from './run-omg.js';

/** The package directory: a copy inside it still finds its npm dependencies (lmdb) in node_modules above. */
const packageDirectory = dirname(dirname(omgBin));

/** A copy of the built omg (bins, bundle, shell scripts), as an installed version the user later replaces. */
function copyOfOmg(): string {
  const copy = mkdtempSync(join(packageDirectory, '.e2e-copy-'));
  onTestFinished(() => rmSync(copy, { recursive: true, force: true }));
  for (const part of ['bin', 'dist/bundle', 'shell', 'package.json'])
    cpSync(join(packageDirectory, part), join(copy, part), { recursive: true });
  return copy;
}

describe('omgd whose omg changed on disk after it started', () => {
  it('answers a request that needs a module now gone by saying so, stops, and omg answers without it', async () => {
    const { env } = createOmgHome();
    const root = createAptRoot(
      [
        {
          suite: 'bookworm',
          packages: [
            { name: 'tool', version: '1.0-1', description: 'a tool', depends: 'libtool1' },
            { name: 'libtool1', version: '1.0-1', description: 'its library' },
            { name: 'leftover', version: '2.0-1', description: 'nothing needs it any more' },
          ],
        },
      ],
      [
        { name: 'tool', version: '1.0-1', depends: 'libtool1' },
        { name: 'libtool1', version: '1.0-1' },
        { name: 'leftover', version: '2.0-1' },
      ],
      ['libtool1', 'leftover'],
    );
    const copy = copyOfOmg();
    const old = startOmgd(['--root', root], env, join(copy, 'bin/omgd.js'));
    await waitForDaemon(env, root);
    // "Upgrade" the copy: the resolver chunks it would load on the first plan are gone.
    for (const name of readdirSync(join(copy, 'dist/bundle')))
      if (/resolver/.test(name)) rmSync(join(copy, 'dist/bundle', name));

    const orphans = await runOmg(['list', '--orphans', '--root', root, '--json'], env);
    expect(orphans.exitCode, orphans.stderr).toBe(0);
    expect((JSON.parse(orphans.stdout) as Array<{ name: string }>).map((entry) => entry.name)).toEqual([
      'leftover',
    ]);
    expect(orphans.stderr).toContain('omgd was started by an omg whose files have changed since; it stopped');
    // The old daemon stopped on its own, cleaning up.
    expect(await exited(old)).toBe(0);
    expect(old.output()).toContain('omg files changed on disk since this daemon started');
    expect((await runOmg(['daemon', 'status', '--root', root], env)).exitCode).toBe(1);
    const again = await runOmg(['list', '--orphans', '--root', root, '--json'], env);
    expect({ exitCode: again.exitCode, stdout: again.stdout, stderr: again.stderr }).toEqual({
      exitCode: 0,
      stdout: orphans.stdout,
      stderr: '',
    });
  });
});
