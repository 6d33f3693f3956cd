import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { createPacmanBackend } from '../src/backends/pacman/create-pacman-backend.js';
import { openPackageIndex } from '../src/index/open-package-index.js';
import type { TransactionPlan } from '../src/plan/transaction-plan.js';
import {
  createPacmanResolver,
  type PacmanResolver,
  type PacmanResolverOptions,
} from '../src/resolve/pacman/create-pacman-resolver.js';

/** A package of an Arch fixture; relation lists are written as pacman writes them (`foo>=1.2`). */
export interface ArchPackage {
  name: string;
  version: string;
  depends?: string[];
  optdepends?: string[];
  provides?: string[];
  conflicts?: string[];
  replaces?: string[];
  groups?: string[];
  /** Installed packages: %REASON% 1. */
  dependency?: boolean;
}

/** A whole Arch system: sync databases (in pacman.conf order), the local database and options. */
export interface ArchSystem {
  repositories: Array<{ name: string; compression?: 'gz' | 'zst'; packages: ArchPackage[] }>;
  installed?: ArchPackage[];
  /** Extra `[options]` lines, e.g. `IgnorePkg = foo`. */
  options?: string[];
}

/** Where a fixture lives. */
export interface ArchRoot {
  root: string;
  databasePath: string;
  config: string;
}

function renderDesc(item: ArchPackage, local: boolean): string {
  const fields: Array<[string, string[] | undefined]> = [
    ['FILENAME', local ? undefined : [`${item.name}-${item.version}-any.pkg.tar.zst`]],
    ['NAME', [item.name]],
    ['VERSION', [item.version]],
    ['DESC', [`the ${item.name} package`]],
    ['GROUPS', item.groups],
    [local ? 'SIZE' : 'ISIZE', ['4096']],
    ['CSIZE', local ? undefined : ['1024']],
    ['ARCH', ['any']],
    ['REASON', local && item.dependency === true ? ['1'] : undefined],
    ['REPLACES', item.replaces],
    ['DEPENDS', item.depends],
    ['OPTDEPENDS', item.optdepends],
    ['CONFLICTS', item.conflicts],
    ['PROVIDES', item.provides],
  ];
  return fields
    .filter((entry): entry is [string, string[]] => entry[1] !== undefined && entry[1].length > 0)
    .map(([key, values]) => `%${key}%\n${values.join('\n')}\n`)
    .join('\n');
}

/** Writes real pacman databases (tar + gzip/zstd of `name-version/desc`) and pacman.conf under a temp root. */
export function createArchRoot(system: ArchSystem): ArchRoot {
  const root = mkdtempSync(join(tmpdir(), 'omg-pacman-plan-'));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  const databasePath = join(root, 'var/lib/pacman');
  mkdirSync(join(databasePath, 'sync'), { recursive: true });
  mkdirSync(join(databasePath, 'local'), { recursive: true });
  writeFileSync(join(databasePath, 'local', 'ALPM_DB_VERSION'), '9\n');
  for (const repository of system.repositories) {
    const staging = join(root, 'staging', repository.name);
    mkdirSync(staging, { recursive: true });
    for (const item of repository.packages) {
      mkdirSync(join(staging, `${item.name}-${item.version}`), { recursive: true });
      writeFileSync(join(staging, `${item.name}-${item.version}`, 'desc'), renderDesc(item, false));
    }
    const entries = readdirSync(staging).sort();
    execFileSync('tar', [
      '-c',
      repository.compression === 'zst' ? '--zstd' : '-z',
      '-f',
      join(databasePath, 'sync', `${repository.name}.db`),
      '-C',
      staging,
      ...entries,
    ]);
  }
  rmSync(join(root, 'staging'), { recursive: true, force: true });
  for (const item of system.installed ?? []) {
    const directory = join(databasePath, 'local', `${item.name}-${item.version}`);
    mkdirSync(directory, { recursive: true });
    writeFileSync(join(directory, 'desc'), renderDesc(item, true));
    writeFileSync(join(directory, 'files'), '%FILES%\n\n');
  }
  const config = join(root, 'etc/pacman.conf');
  mkdirSync(join(root, 'etc'), { recursive: true });
  writeFileSync(
    config,
    [
      '[options]',
      'Architecture = x86_64',
      'SigLevel = Never',
      `CacheDir = ${join(root, 'cache')}/`,
      `LogFile = ${join(root, 'pacman.log')}`,
      `GPGDir = ${join(root, 'gnupg')}/`,
      `HookDir = ${join(root, 'hooks')}/`,
      ...(system.options ?? []),
      '',
      ...system.repositories.flatMap((repository) => [
        `[${repository.name}]`,
        'Server = file:///nonexistent',
        '',
      ]),
    ].join('\n'),
  );
  return { root, databasePath, config };
}

/** What pacman printed. */
export interface PacmanRun {
  exitCode: number | null;
  /** `name version repository` lines, sorted (from --print-format '%n %v %r'). */
  lines: string[];
  /** pacman's `:: …` explanation lines and `error: target not found` lines, sorted. */
  problems: string[];
  output: string;
}

/** Runs the real pacman on a fixture (`-Sp`, `-Sup`, `-Rsp` print and never change anything). */
export function runPacman(fixture: ArchRoot, args: readonly string[], print = true): PacmanRun {
  const result = spawnSync(
    'pacman',
    [
      '--config',
      fixture.config,
      '--root',
      fixture.root,
      '--dbpath',
      fixture.databasePath,
      '--noconfirm',
      ...(print ? ['--print-format', '%n %v %r'] : []),
      ...args,
    ],
    { encoding: 'utf8', env: { ...process.env, LANG: 'C', LC_ALL: 'C' } },
  );
  const output = `${result.stdout}\n${result.stderr}`;
  const lines = result.stdout
    .split('\n')
    .filter((line) => /^\S+ \S+ \S+$/.test(line))
    .sort();
  const problems = output
    .split('\n')
    // noyes() with --noconfirm answers no: the HoldPkg question is itself the failure.
    .map((line) =>
      line.startsWith(':: HoldPkg was found in target list.')
        ? ':: HoldPkg was found in target list'
        : line.replace(/^.*\[y\/N\] /, ''),
    )
    .flatMap((line) => {
      // noyes() with --noconfirm answers no: the question is the failure.
      if (line.startsWith(':: HoldPkg was found in target list.'))
        return ['HoldPkg was found in target list'];
      if (line.startsWith(':: ')) return [line.slice(3)];
      const notFound = /^error: (target not found: .*)$/.exec(line);
      return notFound?.[1] === undefined ? [] : [notFound[1]];
    })
    .sort();
  return { exitCode: result.status, lines, problems: [...new Set(problems)], output };
}

/** omg's resolver over a fresh index of the fixture. */
export async function openPacmanResolver(
  fixture: ArchRoot,
  options: PacmanResolverOptions = {},
): Promise<PacmanResolver> {
  const indexDirectory = mkdtempSync(join(tmpdir(), 'omg-pacman-plan-index-'));
  const index = await openPackageIndex({
    backend: createPacmanBackend({ root: fixture.root, databasePath: fixture.databasePath }),
    path: join(indexDirectory, 'index.lmdb'),
  });
  onTestFinished(async () => {
    await index.close();
    rmSync(indexDirectory, { recursive: true, force: true });
  });
  const report = await index.refresh();
  if (report.failed.length > 0) throw new Error(JSON.stringify(report.failed));
  return createPacmanResolver(index, options);
}

/** The plan as pacman's print lines: packages to install, `name version repository`, sorted. */
export function planLines(plan: TransactionPlan): string[] {
  return plan.packages
    .filter((item) => item.action !== 'remove')
    .map((item) => `${item.name} ${item.version} ${item.repository}`)
    .sort();
}

/** The plan as `pacman -Rsp` prints it: `name version local`, sorted. */
export function removalLines(plan: TransactionPlan): string[] {
  return plan.packages
    .filter((item) => item.action === 'remove')
    .map((item) => `${item.name} ${item.version} local`)
    .sort();
}

/** The plan's problems as pacman words them, sorted. */
export function problemMessages(plan: TransactionPlan): string[] {
  // omg names the held packages after pacman's HoldPkg wording; pacman names none.
  return [
    ...new Set(
      plan.problems.map((problem) =>
        problem.message.replace(/^(HoldPkg was found in target list): .*$/, '$1'),
      ),
    ),
  ].sort();
}
