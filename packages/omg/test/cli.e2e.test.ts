import { describe, expect, it } from 'vitest';
import { createAptRoot } from './apt-root.js';
import { createOmgHome, runOmg } from './run-omg.js';

function fixtureRoot(): string {
  return createAptRoot(
    [
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
          {
            name: 'python3-yaml',
            version: '6.0-3',
            description: 'YAML parser and emitter for Python3',
            depends: 'python3',
          },
          {
            name: 'libyaml-0-2',
            version: '0.2.5-1',
            description: 'Fast YAML 1.1 parser and emitter library',
          },
        ],
      },
      {
        suite: 'bookworm-security',
        packages: [
          {
            name: 'python3',
            version: '3.11.2-1+deb12u1',
            description: 'interactive high-level object-oriented language',
          },
        ],
      },
    ],
    [{ name: 'python3', version: '3.11.2-1' }],
  );
}

describe('omg search, info, list on a --root', () => {
  it('prints search results as the JSON contract, ranked', async () => {
    const { env } = createOmgHome();
    const root = fixtureRoot();
    const result = await runOmg(['search', 'python3', '--root', root, '--json'], env);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      {
        name: 'python3',
        version: '3.11.2-1+deb12u1',
        repository: 'bookworm-security/main',
        installed: true,
        description: 'interactive high-level object-oriented language',
      },
      {
        name: 'python3-yaml',
        version: '6.0-3',
        repository: 'bookworm/main',
        installed: false,
        description: 'YAML parser and emitter for Python3',
      },
    ]);
  });

  it('takes the root from OMG_ROOT, ANDs terms, and exits 1 on no match', async () => {
    const { env } = createOmgHome();
    const rootEnv = { ...env, OMG_ROOT: fixtureRoot() };
    const both = await runOmg(['search', 'yaml', 'parser', '--names-only'], rootEnv);
    expect(both.exitCode).toBe(1);
    const described = await runOmg(['search', 'yaml', 'PARSER'], rootEnv);
    expect(described.stdout).toContain(
      'libyaml-0-2 0.2.5-1 (bookworm/main)\n    Fast YAML 1.1 parser and emitter library',
    );
    const regex = await runOmg(['search', '--regex', '^lib.*-[0-9]+$', '--json'], rootEnv);
    expect(JSON.parse(regex.stdout).map((entry: { name: string }) => entry.name)).toEqual(['libyaml-0-2']);
    const invalid = await runOmg(['search', '--regex', '('], rootEnv);
    expect(invalid.exitCode).toBe(2);
    expect(invalid.stderr).toContain('invalid regular expression');
  });

  it('shows info with candidate and installed, and suggests close names for unknown ones', async () => {
    const { env } = createOmgHome();
    const root = fixtureRoot();
    const info = await runOmg(['info', 'python3', '--root', root, '--json'], env);
    expect(JSON.parse(info.stdout)).toMatchObject({
      name: 'python3',
      candidate: '3.11.2-1+deb12u1',
      installed: '3.11.2-1',
      reverseDependencies: ['python3-yaml'],
    });
    const missing = await runOmg(['info', 'ripgre', '--root', root], env);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain("no package named 'ripgre'");
    expect(missing.stderr).toContain("Did you mean 'ripgrep'?");
  });

  it('lists installed and upgradable packages', async () => {
    const { env } = createOmgHome();
    const root = fixtureRoot();
    const upgradable = await runOmg(['list', '--upgradable', '--root', root, '--json'], env);
    expect(JSON.parse(upgradable.stdout)).toEqual([
      expect.objectContaining({
        name: 'python3',
        version: '3.11.2-1',
        candidate: '3.11.2-1+deb12u1',
        installed: true,
      }),
    ]);
    const installed = await runOmg(['list', '--installed', '--root', root], env);
    expect(installed.stdout.trim()).toBe('python3 3.11.2-1 (installed)');
    const conflict = await runOmg(['list', '--installed', '--orphans', '--root', root], env);
    expect(conflict.exitCode).toBe(2);
  });

  it('keeps answering from the other lists when one is corrupt, and names the file', async () => {
    const { env } = createOmgHome();
    const root = fixtureRoot();
    const { writeFileSync, readdirSync } = await import('node:fs');
    const lists = `${root}/var/lib/apt/lists`;
    const gz = readdirSync(lists).find((name) => name.endsWith('.gz'));
    writeFileSync(`${lists}/${gz}`, 'not gzip at all');
    const result = await runOmg(['search', 'python3', '--root', root, '--json'], env);
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout).map((entry: { name: string }) => entry.name)).toEqual(['python3']);
    expect(result.stderr).toContain(`${lists}/${gz}`);
  });
});
