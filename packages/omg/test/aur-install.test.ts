import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findExecutable } from '@venom/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { planPacmanInstall } from '../src/aur/plan-pacman-install.js';
import { resolveAurPlan } from '../src/aur/resolve-aur-plan.js';
import { recordPkgbuildApproval } from '../src/aur/review-pkgbuild.js';
import { createAurClient } from '../src/backends/aur/create-aur-client.js';
import { createArchRoot, openPacmanResolver } from './pacman-plan-fixture.js';
import { homeEnvironment, runOmgInProcess } from './run-omg.js';

/** One package of the fake AUR: its RPC info and its PKGBUILD. */
interface FakeAurPackage {
  name: string;
  version: string;
  base?: string;
  depends?: string[];
  makedepends?: string[];
  provides?: string[];
  votes?: number;
  pkgbuild?: string;
}

function pkgbuildFor(item: FakeAurPackage): string {
  const [pkgver, pkgrel] = item.version.split('-');
  const depends = (item.depends ?? []).map((name) => `'${name}'`).join(' ');
  return [
    `pkgname=${item.name}`,
    `pkgver=${pkgver}`,
    `pkgrel=${pkgrel}`,
    `pkgdesc="the ${item.name} test package"`,
    "arch=('any')",
    "license=('MIT')",
    `depends=(${depends})`,
    // build() runs as the build user; package() runs under fakeroot.
    'build() {',
    '  echo "built by $(id -un)" > "$srcdir/greeting"',
    '}',
    'package() {',
    `  mkdir -p "$pkgdir/usr/share/${item.name}"`,
    `  cp "$srcdir/greeting" "$pkgdir/usr/share/${item.name}/greeting"`,
    '}',
    '',
  ].join('\n');
}

const catalogue = new Map<string, FakeAurPackage>();
function publish(...items: FakeAurPackage[]): void {
  for (const item of items) catalogue.set(item.name, item);
}
let mode: 'ok' | 'rate-limited' | 'snapshot-failing' = 'ok';
const requests: string[] = [];

function infoOf(item: FakeAurPackage): Record<string, unknown> {
  return {
    ID: 1,
    Name: item.name,
    PackageBaseID: 1,
    PackageBase: item.base ?? item.name,
    Version: item.version,
    Description: `the ${item.name} test package`,
    URL: null,
    NumVotes: item.votes ?? 1,
    Popularity: 0,
    OutOfDate: null,
    Maintainer: 'tester',
    FirstSubmitted: 1,
    LastModified: 2,
    URLPath: `/cgit/aur.git/snapshot/${item.base ?? item.name}.tar.gz`,
    Depends: item.depends ?? [],
    MakeDepends: item.makedepends ?? [],
    Provides: item.provides ?? [],
  };
}

/** A snapshot tarball as aurweb's cgit serves it: `<base>/PKGBUILD` and `<base>/.SRCINFO`. */
function snapshotOf(base: string): Buffer | undefined {
  const items = [...catalogue.values()].filter((item) => (item.base ?? item.name) === base);
  const first = items[0];
  if (first === undefined) return undefined;
  const staging = mkdtempSync(join(tmpdir(), 'omg-aur-snapshot-'));
  try {
    mkdirSync(join(staging, base));
    writeFileSync(join(staging, base, 'PKGBUILD'), first.pkgbuild ?? pkgbuildFor(first));
    writeFileSync(join(staging, base, '.SRCINFO'), `pkgbase = ${base}\n\tpkgver = ${first.version}\n`);
    return execFileSync('tar', ['-cz', '-C', staging, base]);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

// A fake aurweb on 127.0.0.1:0: RPC v5 (info, search) and cgit snapshots.
const server = createServer((request, response) => {
  requests.push(request.url ?? '');
  const url = new URL(request.url ?? '/', 'http://localhost');
  const json = (status: number, body: unknown): void => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  if (mode === 'rate-limited') {
    response.writeHead(429, { 'retry-after': '120' });
    response.end();
    return;
  }
  if (url.pathname === '/rpc/v5/info') {
    const found = url.searchParams
      .getAll('arg[]')
      .map((name) => catalogue.get(name))
      .filter((item): item is FakeAurPackage => item !== undefined)
      .map(infoOf);
    return json(200, { version: 5, type: 'multiinfo', resultcount: found.length, results: found });
  }
  if (url.pathname.startsWith('/rpc/v5/search/')) {
    const term = decodeURIComponent(url.pathname.slice('/rpc/v5/search/'.length));
    // aurweb: `by=provides` is an exact match on a provided name (or the package's own name).
    const matches =
      url.searchParams.get('by') === 'provides'
        ? (item: FakeAurPackage) =>
            item.name === term || (item.provides ?? []).some((entry) => entry.split(/[<>=]/)[0] === term)
        : (item: FakeAurPackage) => item.name.includes(term);
    const found = [...catalogue.values()].filter(matches).map(infoOf);
    return json(200, { version: 5, type: 'search', resultcount: found.length, results: found });
  }
  const snapshot = /^\/cgit\/aur\.git\/snapshot\/(.+)\.tar\.gz$/.exec(url.pathname);
  if (snapshot?.[1] !== undefined) {
    if (mode === 'snapshot-failing') {
      response.writeHead(503);
      response.end('<html>Service Unavailable</html>');
      return;
    }
    const body = snapshotOf(snapshot[1]);
    response.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/x-gzip' });
    response.end(body ?? 'Not found');
    return;
  }
  json(404, {
    version: 5,
    type: 'error',
    resultcount: 0,
    results: [],
    error: 'Incorrect request type specified.',
  });
});
let aurUrl = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  aurUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  catalogue.clear();
  requests.length = 0;
  mode = 'ok';
});

/** An Arch root with a repository dependency and an installed one. */
function archSystem() {
  return createArchRoot({
    repositories: [
      {
        name: 'core',
        packages: [
          { name: 'repo-lib', version: '2.0-1' },
          { name: 'gcc', version: '14-1', provides: ['cc'] },
        ],
      },
    ],
    installed: [{ name: 'glibc', version: '2.40-1' }],
  });
}

/** A temp HOME whose cache and state dirs the build user may traverse (0755). */
function omgHome(): { home: string; env: Record<string, string | undefined> } {
  const home = mkdtempSync(join(tmpdir(), 'omg-aur-home-'));
  execFileSync('chmod', ['755', home]);
  onTestFinished(() => rmSync(home, { recursive: true, force: true }));
  return {
    home,
    env: { ...homeEnvironment(home), OMG_AUR_URL: aurUrl, OMG_NO_DAEMON: '1' },
  };
}

const runAur = runOmgInProcess;

describe('AUR dependency resolution', () => {
  it('takes repository dependencies from pacman, the rest from the AUR, in build order, with batched info requests', async () => {
    publish(
      {
        name: 'app',
        version: '1.0-1',
        depends: ['aur-lib>=0.5', 'repo-lib>=2', 'glibc'],
        makedepends: ['aur-tool', 'cc'],
      },
      { name: 'aur-lib', version: '0.9-1', depends: ['aur-tool', 'glibc>=2'] },
      { name: 'aur-tool', version: '3-2' },
    );
    const resolver = await openPacmanResolver(archSystem());
    const plan = await resolveAurPlan(['app'], { client: createAurClient({ baseUrl: aurUrl }), resolver });
    expect(plan.problems).toEqual([]);
    expect(plan.builds.map((build) => `${build.packageBase} ${build.version}`)).toEqual([
      'aur-tool 3-2',
      'aur-lib 0.9-1',
      'app 1.0-1',
    ]);
    expect(plan.builds[1]).toMatchObject({ after: ['aur-tool'], requiredBy: ['app'], requested: false });
    expect(plan.builds[2]).toMatchObject({ after: ['aur-lib', 'aur-tool'], requested: true });
    expect(
      plan.repositoryPlan.packages.map(
        (item) => `${item.repository}/${item.name} ${item.reason} ${item.requiredBy}`,
      ),
    ).toEqual(['core/gcc dependency app', 'core/repo-lib dependency app']);
    expect(plan.satisfied).toEqual(['glibc', 'glibc>=2']);
    // Round 1: app; round 2: aur-lib and aur-tool together; nothing more.
    expect(requests.filter((url) => url.startsWith('/rpc/v5/info'))).toHaveLength(2);
  });

  it('satisfies a dependency no package is named after through an AUR package that provides it', async () => {
    publish(
      { name: 'java-app', version: '1-1', depends: ['java-runtime>=17', 'aur-tool'] },
      // Three providers: one too old, one unversioned (cannot satisfy >=17), two that can; the
      // more voted of those wins.
      { name: 'jre8', version: '8-1', provides: ['java-runtime=8'], votes: 900 },
      { name: 'jre-any', version: '1-1', provides: ['java-runtime'], votes: 800 },
      { name: 'jre17', version: '17-1', provides: ['java-runtime=17'], votes: 10 },
      { name: 'jre21', version: '21-1', provides: ['java-runtime=21'], votes: 50 },
      { name: 'aur-tool', version: '3-2' },
      { name: 'wants-virtual', version: '1-1', depends: ['no-such-virtual'] },
    );
    const resolver = await openPacmanResolver(archSystem());
    const client = createAurClient({ baseUrl: aurUrl });
    const plan = await resolveAurPlan(['java-app'], { client, resolver });
    expect(plan.problems).toEqual([]);
    expect(plan.providers).toEqual({ 'java-runtime>=17': 'jre21' });
    expect(plan.builds.map((build) => build.packageBase)).toEqual(['aur-tool', 'jre21', 'java-app']);
    expect(plan.builds[1]).toMatchObject({ requiredBy: ['java-app'], requested: false });
    expect(plan.builds[2]?.after).toEqual(['aur-tool', 'jre21']);
    expect(requests.some((url) => url.startsWith('/rpc/v5/search/java-runtime?by=provides'))).toBe(true);
    // A provider already in the plan wins over a more voted one.
    publish({ name: 'two-javas', version: '1-1', depends: ['java-runtime>=17', 'jre17'] });
    const reuse = await resolveAurPlan(['two-javas'], { client, resolver });
    expect(reuse.providers).toEqual({ 'java-runtime>=17': 'jre17' });
    expect(reuse.builds.map((build) => build.packageBase)).toEqual(['jre17', 'two-javas']);
    // Nothing provides it: the same problem as before.
    const none = await resolveAurPlan(['wants-virtual'], { client, resolver });
    expect(none.problems.map((problem) => problem.message)).toEqual([
      "unable to satisfy dependency 'no-such-virtual' required by wants-virtual (not in the repositories or the AUR)",
    ]);
  });

  it('reports a dependency cycle, a version the AUR cannot meet and a dependency found nowhere', async () => {
    publish(
      { name: 'cyc-a', version: '1-1', depends: ['cyc-b'] },
      { name: 'cyc-b', version: '1-1', depends: ['cyc-a'] },
      { name: 'too-new', version: '1-1', depends: ['aur-tool>=5'] },
      { name: 'aur-tool', version: '3-2' },
      { name: 'orphaned', version: '1-1', depends: ['nowhere-lib'] },
    );
    const resolver = await openPacmanResolver(archSystem());
    const client = createAurClient({ baseUrl: aurUrl });
    const cycle = await resolveAurPlan(['cyc-a'], { client, resolver });
    expect(cycle.problems.map((problem) => problem.message)).toEqual([
      'dependency cycle among AUR packages: cyc-a -> cyc-b -> cyc-a',
    ]);
    const version = await resolveAurPlan(['too-new'], { client, resolver });
    expect(version.problems.map((problem) => problem.message)).toEqual([
      "unable to satisfy dependency 'aur-tool>=5' required by too-new: the AUR has aur-tool 3-2",
    ]);
    const nowhere = await resolveAurPlan(['orphaned'], { client, resolver });
    expect(nowhere.problems.map((problem) => problem.message)).toEqual([
      "unable to satisfy dependency 'nowhere-lib' required by orphaned (not in the repositories or the AUR)",
    ]);
  });
});

describe('one pacman plan over repository and AUR names (omg install)', () => {
  it('sends repository names to pacman, the rest to the AUR, with AUR packages as repository aur', async () => {
    publish(
      { name: 'hello-omg', version: '1.0-1', depends: ['repo-lib', 'hello-dep'] },
      { name: 'hello-dep', version: '0.1-1' },
    );
    const resolver = await openPacmanResolver(archSystem());
    const client = createAurClient({ baseUrl: aurUrl });
    const { plan, repositoryTargets, aur } = await planPacmanInstall(['cc', 'hello-omg'], {
      resolver,
      client,
    });
    expect(repositoryTargets).toEqual(['cc']);
    expect(aur?.builds.map((build) => build.packageBase)).toEqual(['hello-dep', 'hello-omg']);
    expect(plan.problems).toEqual([]);
    expect(
      plan.packages.map((item) => `${item.name} ${item.repository} ${item.reason} [${item.requiredBy}]`),
    ).toEqual([
      'gcc core requested []',
      'hello-dep aur dependency [hello-omg]',
      'hello-omg aur requested []',
      'repo-lib core dependency [hello-omg]',
    ]);
    const unknown = await planPacmanInstall(['hello-omgg'], { resolver, client });
    expect(unknown.plan.problems).toEqual([
      { name: 'hello-omgg', message: 'target not found: hello-omgg', suggestions: ['hello-omg'] },
    ]);
    // Without an AUR client (offline), everything is a repository name.
    const offline = await planPacmanInstall(['hello-omg'], { resolver });
    expect(offline.plan.problems.map((problem) => problem.message)).toEqual(['target not found: hello-omg']);
  });
});

describe('omg aur install', () => {
  it('refuses an unknown name with close AUR names (exit 2)', async () => {
    publish({ name: 'hello-omg', version: '1.0-1' }, { name: 'hello-other', version: '1.0-1' });
    const fixture = archSystem();
    const { env } = omgHome();
    const run = await runAur(['aur', 'install', 'helo-omg', '--dry-run', '--root', fixture.root], env);
    expect(run.exitCode, run.stderr).toBe(2);
    expect(run.stderr).toContain('target not found in the AUR: helo-omg');
    expect(run.stderr).toContain("Did you mean 'hello-omg'");
  });

  it('aur upgrade rebuilds the foreign packages the AUR has newer, and names those it does not know', async () => {
    publish(
      { name: 'hello-omg', version: '1.1-1', depends: ['repo-lib'] },
      { name: 'current-omg', version: '2.0-1' },
    );
    const fixture = createArchRoot({
      repositories: [{ name: 'core', packages: [{ name: 'repo-lib', version: '2.0-1' }] }],
      installed: [
        { name: 'hello-omg', version: '1.0-1' },
        { name: 'current-omg', version: '2.0-1' },
        { name: 'hand-built', version: '0.1-1' },
        { name: 'repo-lib', version: '2.0-1' },
      ],
    });
    const { env } = omgHome();
    const run = await runAur(['aur', 'upgrade', '--dry-run', '--json', '--root', fixture.root], env);
    expect(run.exitCode, run.stderr).toBe(0);
    const document = JSON.parse(run.stdout);
    expect(document.upgrades).toEqual([
      { name: 'current-omg', installed: '2.0-1', available: '2.0-1', upgrade: false },
      { name: 'hand-built', installed: '0.1-1', upgrade: false },
      { name: 'hello-omg', installed: '1.0-1', available: '1.1-1', upgrade: true },
    ]);
    expect(
      document.plan.builds.map(
        (build: { packageBase: string; version: string }) => `${build.packageBase} ${build.version}`,
      ),
    ).toEqual(['hello-omg 1.1-1']);
    // One info request for the three foreign packages, then the plan's own.
    expect(requests.filter((url) => url.startsWith('/rpc/v5/info'))[0]).toBe(
      '/rpc/v5/info?arg[]=current-omg&arg[]=hand-built&arg[]=hello-omg',
    );
    const text = await runAur(['aur', 'upgrade', '--dry-run', '--root', fixture.root], env);
    expect(text.stdout).toContain('hello-omg 1.0-1 -> 1.1-1');
    expect(text.stdout).toContain('hand-built 0.1-1: not in the AUR');

    // Without a terminal and without --yes it refuses, pointing at the upgrade's own dry run.
    const refused = await runAur(['aur', 'upgrade', '--root', fixture.root], env);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain("'omg aur upgrade --dry-run'");

    // Nothing newer: nothing to build.
    publish({ name: 'hello-omg', version: '1.0-1' });
    const none = await runAur(['aur', 'upgrade', '--dry-run', '--root', fixture.root], env);
    expect(none.exitCode, none.stderr).toBe(0);
    expect(none.stdout).toContain('AUR packages are up to date.');
  });

  it('--dry-run names the package chosen to provide a virtual dependency', async () => {
    publish(
      { name: 'java-app', version: '1-1', depends: ['java-runtime>=17'] },
      { name: 'jre21', version: '21-1', provides: ['java-runtime=21'] },
    );
    const fixture = archSystem();
    const { env } = omgHome();
    const run = await runAur(['aur', 'install', 'java-app', '--dry-run', '--root', fixture.root], env);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('java-runtime>=17: provided by jre21');
    expect(run.stdout).toMatch(/jre21 21-1 \[jre21\] \(for java-app\)/);
  });

  it('--dry-run shows the build plan and the PKGBUILD, then a diff against the approved one once it changes', async () => {
    publish({ name: 'hello-omg', version: '1.0-1', depends: ['repo-lib'] });
    const fixture = archSystem();
    const { home, env } = omgHome();
    const first = await runAur(
      ['aur', 'install', 'hello-omg', '--dry-run', '--json', '--root', fixture.root],
      env,
    );
    expect(first.exitCode, first.stderr).toBe(0);
    const document = JSON.parse(first.stdout);
    expect(document.dryRun).toBe(true);
    expect(document.plan.builds.map((build: { packageBase: string }) => build.packageBase)).toEqual([
      'hello-omg',
    ]);
    expect(document.plan.repositoryPlan.packages.map((item: { name: string }) => item.name)).toEqual([
      'repo-lib',
    ]);
    expect(document.reviews).toMatchObject([{ packageBase: 'hello-omg', status: 'new', diff: '' }]);
    expect(document.reviews[0].pkgbuild).toContain('pkgname=hello-omg');
    // The snapshot is unpacked into the cache.
    expect(readFileSync(join(home, 'cache/omg/aur/hello-omg/PKGBUILD'), 'utf8')).toBe(
      document.reviews[0].pkgbuild,
    );

    recordPkgbuildApproval(join(home, 'state/omg'), 'hello-omg', document.reviews[0].pkgbuild);
    const same = await runAur(
      ['aur', 'install', 'hello-omg', '--dry-run', '--json', '--root', fixture.root],
      env,
    );
    expect(JSON.parse(same.stdout).reviews).toMatchObject([{ status: 'unchanged', diff: '' }]);

    publish({ name: 'hello-omg', version: '1.0-2', depends: ['repo-lib'] });
    const changed = await runAur(['aur', 'install', 'hello-omg', '--dry-run', '--root', fixture.root], env);
    expect(changed.exitCode, changed.stderr).toBe(0);
    expect(changed.stdout).toContain('hello-omg 1.0-2 [hello-omg]');
    expect(changed.stdout).toContain('core/repo-lib 2.0-1 (for hello-omg)');
    expect(changed.stdout).toContain('--- hello-omg/PKGBUILD (approved)');
    expect(changed.stdout).toContain('-pkgrel=1\n+pkgrel=2');
    expect(changed.stdout).toContain('Dry run: nothing was built or installed.');
  });

  it('refuses to install without a terminal unless --yes, pointing at --dry-run (exit 2)', async () => {
    publish({ name: 'hello-omg', version: '1.0-1' });
    const fixture = archSystem();
    const { env } = omgHome();
    const run = await runAur(['aur', 'install', 'hello-omg', '--root', fixture.root], env);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('reviewing PKGBUILDs needs a terminal');
    expect(run.stderr).toContain('--dry-run');
  });

  it('reports a rate-limited AUR and a failing snapshot server as upstream errors (exit 4)', async () => {
    publish({ name: 'hello-omg', version: '1.0-1' });
    const fixture = archSystem();
    const { env } = omgHome();
    mode = 'rate-limited';
    const limited = await runAur(['aur', 'install', 'hello-omg', '--dry-run', '--root', fixture.root], env);
    expect(limited.exitCode).toBe(4);
    expect(limited.stderr).toContain('rate limited (HTTP 429), retry after 120 s');
    mode = 'snapshot-failing';
    const failing = await runAur(
      ['aur', 'install', 'hello-omg', '--dry-run', '--json', '--root', fixture.root],
      env,
    );
    expect(failing.exitCode).toBe(4);
    expect(failing.stdout).toContain('HTTP 503');
  });

  it('as root, requires a build user before downloading anything (exit 3)', async () => {
    if (process.getuid?.() !== 0) {
      // Not root: makepkg runs as the caller, nothing to require. Checked by the build test instead.
      expect(process.getuid?.()).not.toBe(0);
      return;
    }
    publish({ name: 'hello-omg', version: '1.0-1' });
    const fixture = archSystem();
    const { env } = omgHome();
    const run = await runAur(['aur', 'install', 'hello-omg', '--yes', '--root', fixture.root], env);
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toContain('makepkg refuses to run as root');
    expect(run.stderr).toContain('OMG_BUILD_USER');
    expect(requests).toEqual([]);
  });

  it('on a terminal shows a new PKGBUILD and stops when it is not approved (exit 2)', async () => {
    publish({ name: 'hello-omg', version: '1.0-1' });
    const fixture = archSystem();
    const { home, env } = omgHome();
    const run = await runAur(
      ['aur', 'install', 'hello-omg', '--build-user', 'nobody', '--root', fixture.root],
      { ...env, OMG_BUILD_USER: 'nobody' },
      { tty: true, input: 'n\n' },
    );
    expect(run.exitCode, run.stderr).toBe(2);
    expect(run.stderr).toContain('==> hello-omg/PKGBUILD (never reviewed)');
    expect(run.stderr).toContain('Approve the PKGBUILD of hello-omg? [y/N]');
    expect(run.stderr).toContain('was not approved; nothing was installed');
    expect(existsSync(join(home, 'state/omg/aur/reviewed/hello-omg/PKGBUILD'))).toBe(false);
    expect(existsSync(join(fixture.root, 'usr/share/hello-omg'))).toBe(false);
  });

  const canBuild =
    process.getuid?.() === 0 &&
    findExecutable('makepkg', process.env) !== undefined &&
    findExecutable('bsdtar', process.env) !== undefined &&
    findExecutable('setpriv', process.env) !== undefined;
  it.skipIf(!canBuild)(
    'builds with makepkg as the build user (nobody) and installs with pacman -U, dependencies first and --asdeps [needs root, makepkg, bsdtar (libarchive-tools), setpriv]',
    async () => {
      publish(
        { name: 'hello-omg', version: '1.0-1', depends: ['hello-dep'] },
        { name: 'hello-dep', version: '0.1-1' },
      );
      const fixture = archSystem();
      const { env } = omgHome();
      const run = await runAur(
        ['aur', 'install', 'hello-omg', '--yes', '--json', '--build-user', 'nobody', '--root', fixture.root],
        env,
      );
      expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
      const document = JSON.parse(run.stdout);
      expect(document.result.built.map((built: { packageBase: string }) => built.packageBase)).toEqual([
        'hello-dep',
        'hello-omg',
      ]);
      // Built by nobody, installed under the fixture root by the real pacman.
      expect(readFileSync(join(fixture.root, 'usr/share/hello-omg/greeting'), 'utf8')).toBe(
        'built by nobody\n',
      );
      expect(existsSync(join(fixture.root, 'usr/share/hello-dep/greeting'))).toBe(true);
      const local = readdirSync(join(fixture.databasePath, 'local'));
      expect(local).toEqual(expect.arrayContaining(['hello-omg-1.0-1', 'hello-dep-0.1-1']));
      const depDesc = readFileSync(join(fixture.databasePath, 'local/hello-dep-0.1-1/desc'), 'utf8');
      expect(depDesc).toMatch(/%REASON%\n1\n/);
      const targetDesc = readFileSync(join(fixture.databasePath, 'local/hello-omg-1.0-1/desc'), 'utf8');
      expect(targetDesc).not.toContain('%REASON%');
    },
    60_000,
  );
});
