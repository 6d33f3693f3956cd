import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aptRootOptions, createInstallRoot, type RootSpec, simulateApt } from './install-root.js';
import { createOmgHome, exited, runOmg, startOmgd } from './run-omg.js';

// The built omg against synthetic roots: plans printed, refusals, and the hand-over carried out for
// real against apt-get's simulation (`--simulate` runs `apt-get -s` with the root's -o Dir options),
// so nothing on this machine changes.

const spec: RootSpec = {
  suites: [
    {
      codename: 'bookworm',
      suite: 'stable',
      packages: [
        {
          name: 'webserver',
          version: '2.0',
          Depends: 'libssl (>= 3), webserver-common',
          Recommends: 'ssl-cert',
          Task: 'web-server',
        },
        { name: 'webserver-common', version: '2.0' },
        { name: 'ssl-cert', version: '1.1' },
        { name: 'libssl', version: '3.0.11' },
        { name: 'certbot', version: '2.1', Depends: 'python3', Task: 'web-server' },
        { name: 'python3', version: '3.11.2' },
        { name: 'ripgrep', version: '13.0.0' },
        { name: 'curl', version: '7.88.2', Depends: 'libcurl (= 7.88.2)' },
        { name: 'libcurl', version: '7.88.2' },
        { name: 'grep-new', version: '1', Depends: 'brand-new' },
        { name: 'brand-new', version: '1' },
      ],
    },
  ],
  installed: [
    { name: 'libssl', version: '1.1.1' },
    { name: 'curl', version: '7.88.1', Depends: 'libcurl (= 7.88.1)' },
    { name: 'libcurl', version: '7.88.1' },
    { name: 'editor', version: '1', Depends: 'editor-data' },
    { name: 'editor-data', version: '1', Depends: 'editor-fonts' },
    { name: 'editor-fonts', version: '1' },
  ],
  automatic: ['libcurl', 'editor-data', 'editor-fonts'],
};

interface JsonResult {
  operation: string;
  packages: Array<{
    name: string;
    action: string;
    version: string;
    previousVersion?: string;
    reason: string;
  }>;
  orphans: string[];
  problems: Array<{ name: string; message: string; suggestions?: string[] }>;
  heldBack?: string[];
  totals: { downloadSize: number; installedSizeChange: number };
  handedOver: boolean;
  command: string[];
  simulation?: { installs: string[]; removals: string[]; matches: boolean; exitCode: number };
}

function setup(): { root: string; env: Record<string, string | undefined>; home: string } {
  const root = createInstallRoot(spec);
  const { env, home } = createOmgHome();
  return { root, env: { ...env, OMG_NO_DAEMON: '1' }, home };
}

describe('omg install', () => {
  it('prints the plan with --dry-run and hands nothing over', async () => {
    const { root, env } = setup();
    const human = await runOmg(['install', '--dry-run', '--root', root, 'webserver'], env);
    expect(human.stderr).toBe('');
    expect(human.exitCode).toBe(0);
    expect(human.stdout).toMatch(/libssl\s+upgrade\s+1\.1\.1 -> 3\.0\.11\s+bookworm\/main/);
    expect(human.stdout).toContain('3 to install, 1 to upgrade');
    expect(human.stdout).toContain('Would run: apt-get -y -o');
    const run = await runOmg(['install', '--dry-run', '--json', '--root', root, 'webserver'], env);
    const result = JSON.parse(run.stdout) as JsonResult;
    expect(result.handedOver).toBe(false);
    expect(result.packages.map((item) => `${item.name} ${item.action} ${item.reason}`)).toEqual([
      'libssl upgrade dependency',
      'ssl-cert install recommended',
      'webserver install requested',
      'webserver-common install dependency',
    ]);
    expect(result.command.slice(-2)).toEqual(['install', 'webserver=2.0']);
    expect(result.command).toContain(`Dir=${root}/`);
    expect(result.totals.downloadSize).toBe(4 * 2048);
  });

  it('hands the plan over to apt-get -s on the root, which agrees with it', async () => {
    const { root, env } = setup();
    const run = await runOmg(
      ['install', '--simulate', '--json', '--root', root, 'webserver', 'ripgrep'],
      env,
    );
    expect(run.exitCode, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as JsonResult;
    expect(result.handedOver).toBe(true);
    expect(result.command.slice(0, 2)).toEqual(['apt-get', '-s']);
    expect(result.simulation).toEqual({
      installs: ['libssl 3.0.11', 'ripgrep 13.0.0', 'ssl-cert 1.1', 'webserver 2.0', 'webserver-common 2.0'],
      removals: [],
      matches: true,
      exitCode: 0,
    });
    const withoutRecommends = await runOmg(
      ['install', '--simulate', '--no-install-recommends', '--root', root, 'webserver'],
      env,
    );
    expect(withoutRecommends.exitCode).toBe(0);
    expect(withoutRecommends.stdout).toContain('--no-install-recommends webserver=2.0 agrees with the plan');
    expect(withoutRecommends.stdout).not.toContain('ssl-cert');
  });

  it('refuses without a terminal and without --yes (exit 2), changing nothing', async () => {
    const { root, env } = setup();
    const status = readFileSync(join(root, 'var/lib/dpkg/status'), 'utf8');
    const run = await runOmg(['install', '--root', root, 'ripgrep'], env);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toContain('ripgrep');
    expect(run.stderr).toContain('refusing to install without confirmation');
    expect(run.stderr).toContain('--yes');
    expect(readFileSync(join(root, 'var/lib/dpkg/status'), 'utf8')).toBe(status);
  });

  it('exits 1 on an unknown name, with close names, and hands nothing over', async () => {
    const { root, env } = setup();
    const human = await runOmg(['install', '--yes', '--root', root, 'ripgrpe'], env);
    expect(human.exitCode).toBe(1);
    expect(human.stdout).toContain("unable to locate package 'ripgrpe'");
    expect(human.stdout).toContain('did you mean: ripgrep');
    const run = await runOmg(['install', '--yes', '--json', '--root', root, 'ripgrpe'], env);
    expect(run.exitCode).toBe(1);
    const result = JSON.parse(run.stdout) as JsonResult;
    expect(result.handedOver).toBe(false);
    expect(result.problems[0]?.suggestions).toEqual(['ripgrep']);
  });

  it('installs config groups and the backend groups (Debian Task:), and rejects unknown ones', async () => {
    const { root, env, home } = setup();
    mkdirSync(join(home, '.config/omg'), { recursive: true });
    writeFileSync(join(home, '.config/omg/config.yaml'), 'groups:\n  tools: [ripgrep, curl]\n');
    const configEnv = { ...env, XDG_CONFIG_HOME: join(home, '.config') };
    const groups = await runOmg(['groups', '--json', '--root', root], configEnv);
    expect(groups.exitCode, groups.stderr).toBe(0);
    expect(JSON.parse(groups.stdout)).toEqual([
      { name: 'tools', origin: 'config', packages: ['curl', 'ripgrep'] },
      { name: 'web-server', origin: 'apt', packages: ['certbot', 'webserver'] },
    ]);
    const tools = await runOmg(['install', '--simulate', '--json', '--root', root, '@tools'], configEnv);
    const toolsResult = JSON.parse(tools.stdout) as JsonResult;
    expect(toolsResult.simulation?.matches).toBe(true);
    expect(toolsResult.packages.map((item) => `${item.name} ${item.action}`)).toEqual([
      'curl upgrade',
      'libcurl upgrade',
      'ripgrep install',
    ]);
    const web = await runOmg(['install', '--dry-run', '--json', '--root', root, '@web-server'], configEnv);
    expect((JSON.parse(web.stdout) as JsonResult).packages.map((item) => item.name)).toContain('certbot');
    const unknown = await runOmg(['install', '--dry-run', '--root', root, '@tool'], configEnv);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain("no group named 'tool'");
    expect(unknown.stderr).toContain("Did you mean '@tools'?");
  });
});

describe('omg remove and update', () => {
  it('removes dependents, offers the orphans, and --autoremove removes them (apt-get -s agrees)', async () => {
    const { root, env } = setup();
    const plain = await runOmg(['remove', '--simulate', '--json', '--root', root, 'editor'], env);
    expect(plain.exitCode, plain.stderr).toBe(0);
    const plainResult = JSON.parse(plain.stdout) as JsonResult;
    expect(plainResult.simulation?.matches).toBe(true);
    expect(plainResult.orphans).toEqual(['editor-data', 'editor-fonts']);
    const human = await runOmg(['remove', '--dry-run', '--root', root, 'editor'], env);
    expect(human.stdout).toContain(
      'No longer needed after this (installed automatically): editor-data editor-fonts',
    );
    const auto = await runOmg(
      ['remove', '--simulate', '--autoremove', '--json', '--root', root, 'editor'],
      env,
    );
    const autoResult = JSON.parse(auto.stdout) as JsonResult;
    expect(autoResult.simulation?.matches).toBe(true);
    expect(autoResult.simulation?.removals).toEqual(['editor', 'editor-data', 'editor-fonts']);
    const cascade = await runOmg(['remove', '--simulate', '--json', '--root', root, 'libcurl'], env);
    const cascadeResult = JSON.parse(cascade.stdout) as JsonResult;
    expect(cascadeResult.simulation?.removals).toEqual(['curl', 'libcurl']);
    expect(cascadeResult.simulation?.matches).toBe(true);
  });

  it('plans apt-get upgrade and hands it over to the simulation', async () => {
    const { root, env } = setup();
    const run = await runOmg(['update', '--simulate', '--json', '--root', root], env);
    expect(run.exitCode, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as JsonResult;
    expect(result.command).toContain('upgrade');
    expect(result.simulation?.matches).toBe(true);
    expect(result.packages.map((item) => `${item.name} ${item.previousVersion} ${item.version}`)).toEqual([
      'curl 7.88.1 7.88.2',
      'libcurl 7.88.1 7.88.2',
      'libssl 1.1.1 3.0.11',
    ]);
  });

  it('plans the same with omgd running for the root', async () => {
    const { root, env } = setup();
    const daemonEnv = { ...env, OMG_NO_DAEMON: undefined };
    const daemon = startOmgd(['--root', root], daemonEnv);
    const deadline = Date.now() + 20_000;
    for (;;) {
      const status = await runOmg(['daemon', 'status', '--json', '--root', root], daemonEnv);
      if (status.exitCode === 0 && (JSON.parse(status.stdout) as { running?: boolean }).running === true)
        break;
      if (Date.now() > deadline) throw new Error(`omgd did not start: ${daemon.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const run = await runOmg(['install', '--simulate', '--json', '--root', root, 'webserver'], daemonEnv);
    expect(run.exitCode, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as JsonResult).simulation?.matches).toBe(true);
    daemon.kill('SIGTERM');
    await exited(daemon);
  });
});

describe('omg list --orphans', () => {
  it('lists what apt would autoremove, chains of automatic packages included (apt-get -s autoremove agrees)', async () => {
    const root = createInstallRoot({
      suites: [{ codename: 'bookworm', suite: 'stable', packages: [] }],
      installed: [
        { name: 'app', version: '1', Depends: 'lib-used' },
        { name: 'lib-used', version: '1' },
        { name: 'old-tool', version: '1', Depends: 'old-lib' },
        { name: 'old-lib', version: '1', Recommends: 'old-data' },
        { name: 'old-data', version: '1' },
        { name: 'kept-manual', version: '1' },
      ],
      automatic: ['lib-used', 'old-tool', 'old-lib', 'old-data'],
    });
    const { env } = createOmgHome();
    const listed = await runOmg(['list', '--orphans', '--json', '--root', root], {
      ...env,
      OMG_NO_DAEMON: '1',
    });
    expect(listed.exitCode, listed.stderr).toBe(0);
    const names = (JSON.parse(listed.stdout) as Array<{ name: string; automatic: boolean }>).map(
      (entry) => entry.name,
    );
    expect(names).toEqual(['old-data', 'old-lib', 'old-tool']);
    const apt = await simulateApt(root, ['autoremove']);
    expect(apt.removals).toEqual(names);
  });
});

describe('omg info', () => {
  it("shows apt-cache policy's candidate: pins and NotAutomatic lists decide, not the highest version", async () => {
    const root = createInstallRoot({
      suites: [
        {
          codename: 'bookworm',
          packages: [
            { name: 'tool', version: '1.0' },
            { name: 'pinned', version: '1.0' },
          ],
        },
        {
          codename: 'experimental',
          notAutomatic: true,
          packages: [
            { name: 'tool', version: '9.0' },
            { name: 'pinned', version: '9.0' },
          ],
        },
      ],
      preferences: 'Package: pinned\nPin: release n=experimental\nPin-Priority: 990\n',
    });
    const { env } = createOmgHome();
    for (const [name, expected] of [
      ['tool', '1.0'],
      ['pinned', '9.0'],
    ] as const) {
      const run = await runOmg(['info', '--json', '--root', root, name], { ...env, OMG_NO_DAEMON: '1' });
      expect(run.exitCode, run.stderr).toBe(0);
      const policy = execFileSync('apt-cache', [...aptRootOptions(root), 'policy', name], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH, LANG: 'C' },
      });
      expect(/Candidate: (\S+)/.exec(policy)?.[1]).toBe(expected);
      expect((JSON.parse(run.stdout) as { candidate: string }).candidate).toBe(expected);
    }
  });
});

describe('omg install on a pacman root', () => {
  it('lists %GROUPS% groups and hands @group over to pacman --print, which agrees', async () => {
    const { createArchRoot } = await import('./pacman-plan-fixture.js');
    const fixture = createArchRoot({
      repositories: [
        {
          name: 'extra',
          packages: [
            { name: 'xorg-server', version: '21.1.13-1', depends: ['libinput'], groups: ['xorg'] },
            { name: 'xorg-xinit', version: '1.4.2-1', groups: ['xorg'] },
            { name: 'libinput', version: '1.26.0-1' },
          ],
        },
      ],
    });
    const { env } = createOmgHome();
    const base = ['--root', fixture.root, '--dbpath', fixture.databasePath];
    const groups = await runOmg(['groups', '--json', ...base], { ...env, OMG_NO_DAEMON: '1' });
    expect(groups.exitCode, groups.stderr).toBe(0);
    expect(JSON.parse(groups.stdout)).toEqual([
      { name: 'xorg', origin: 'pacman', packages: ['xorg-server', 'xorg-xinit'] },
    ]);
    const run = await runOmg(['install', '--simulate', '--json', ...base, '@xorg'], {
      ...env,
      OMG_NO_DAEMON: '1',
    });
    expect(run.exitCode, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as JsonResult;
    expect(result.command.slice(0, 1)).toEqual(['pacman']);
    expect(result.simulation).toEqual({
      installs: ['libinput 1.26.0-1', 'xorg-server 21.1.13-1', 'xorg-xinit 1.4.2-1'],
      removals: [],
      matches: true,
      exitCode: 0,
    });
  });
});
