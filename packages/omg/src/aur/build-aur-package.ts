import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { findExecutable, runCommand, VenomError } from '@venom/core';

/** The unprivileged account makepkg runs as when omg runs as root. */
export interface BuildUser {
  name: string;
  uid: number;
  gid: number;
}

/** Output of a child, as it comes. */
export type OutputListener = (chunk: string, stream: 'stdout' | 'stderr') => void;

/** Runs a program, streaming its output to `onOutput` (or inheriting the terminal); resolves with its exit code and output. */
export function runStreaming(
  file: string,
  args: readonly string[],
  options: {
    env: Record<string, string | undefined>;
    cwd?: string;
    onOutput?: OutputListener;
    /** Give the child the caller's terminal (pacman's questions), instead of piping its output. */
    inheritTerminal?: boolean;
    signal?: AbortSignal;
  },
): Promise<{ exitCode: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      env: options.env as NodeJS.ProcessEnv,
      cwd: options.cwd,
      stdio: options.inheritTerminal === true ? 'inherit' : ['ignore', 'pipe', 'pipe'],
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    let output = '';
    const collect =
      (stream: 'stdout' | 'stderr') =>
      (chunk: Buffer): void => {
        const text = chunk.toString('utf8');
        output = (output + text).slice(-64_000);
        options.onOutput?.(text, stream);
      };
    child.stdout?.on('data', collect('stdout'));
    child.stderr?.on('data', collect('stderr'));
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') {
        reject(
          new VenomError({
            code: 'COMMAND_NOT_FOUND',
            category: 'environment',
            message: `cannot run '${file}': not found`,
            hint: `Install '${file}' or put it on PATH.`,
            details: { file },
            cause: error,
          }),
        );
      } else reject(error);
    });
    child.on('close', (exitCode) => resolve({ exitCode, output }));
  });
}

/**
 * The account makepkg runs as. Not root: the current user (undefined: no switch). Root: the
 * `buildUser` option, else OMG_BUILD_USER, which must name an existing non-root account; without
 * one this is an environment error, as makepkg refuses to run as root.
 */
export async function resolveBuildUser(options: {
  uid: number;
  buildUser?: string | undefined;
  env: Record<string, string | undefined>;
}): Promise<BuildUser | undefined> {
  if (options.uid !== 0) return undefined;
  const name =
    options.buildUser ?? (options.env.OMG_BUILD_USER === '' ? undefined : options.env.OMG_BUILD_USER);
  if (name === undefined) {
    throw new VenomError({
      code: 'AUR_BUILD_USER_REQUIRED',
      category: 'environment',
      message: 'makepkg refuses to run as root, and no build user is set',
      hint: 'Run omg as a normal user (it uses sudo for pacman), or pass --build-user <account> / set OMG_BUILD_USER.',
    });
  }
  const uid = await runCommand('id', ['-u', name], { env: options.env });
  const gid = await runCommand('id', ['-g', name], { env: options.env });
  if (uid.exitCode !== 0 || gid.exitCode !== 0) {
    throw new VenomError({
      code: 'AUR_BUILD_USER_UNKNOWN',
      category: 'environment',
      message: `build user '${name}' does not exist`,
      hint: 'Create the account, or name another one with --build-user / OMG_BUILD_USER.',
      details: { user: name },
    });
  }
  const user = { name, uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  if (user.uid === 0) {
    throw new VenomError({
      code: 'AUR_BUILD_USER_ROOT',
      category: 'environment',
      message: `build user '${name}' is root; makepkg must run as a normal user`,
      details: { user: name },
    });
  }
  return user;
}

/** Options for {@link buildAurPackage}. */
export interface BuildAurPackageOptions {
  env: Record<string, string | undefined>;
  /** Switch to this account (omg runs as root); the build directory is handed to it first. */
  user?: BuildUser | undefined;
  onOutput?: OutputListener;
  signal?: AbortSignal;
}

/** What makepkg made. */
export interface BuiltPackages {
  packageBase: string;
  /** Absolute paths of the package files. */
  files: string[];
  /** The tail of makepkg's output. */
  log: string;
}

/**
 * Builds the package in `directory` with `makepkg --nodeps --force --clean --noconfirm` (omg has
 * resolved and installed the dependencies itself, possibly under another root than the host's pacman
 * database). As root it runs makepkg as `user` through setpriv (HOME in the build directory);
 * a failed build is an AUR_BUILD_FAILED environment error with the output's tail.
 */
export async function buildAurPackage(
  packageBase: string,
  directory: string,
  options: BuildAurPackageOptions,
): Promise<BuiltPackages> {
  const makepkg = findExecutable('makepkg', options.env);
  if (makepkg === undefined) {
    throw new VenomError({
      code: 'COMMAND_NOT_FOUND',
      category: 'environment',
      message: "cannot build AUR packages: 'makepkg' is not on PATH",
      hint: 'Install pacman (it provides makepkg).',
    });
  }
  const makepkgPath: string = makepkg;
  // As root, the cache directory (under /root) is out of the build user's reach: build in a fresh
  // directory of its own under TMPDIR, and bring the package files back.
  const workDirectory =
    options.user === undefined
      ? directory
      : join(
          await mkdtemp(
            join(options.env.TMPDIR?.startsWith('/') ? options.env.TMPDIR : tmpdir(), 'omg-aur-build-'),
          ),
          packageBase,
        );
  if (workDirectory !== directory) await cp(directory, workDirectory, { recursive: true });
  try {
    return await buildIn(workDirectory);
  } finally {
    if (workDirectory !== directory) await rm(join(workDirectory, '..'), { recursive: true, force: true });
  }

  async function buildIn(buildDirectory: string): Promise<BuiltPackages> {
    const home = join(buildDirectory, '.omg-home');
    await mkdir(home, { recursive: true });
    const env: Record<string, string | undefined> = {
      PATH: options.env.PATH,
      LANG: options.env.LANG ?? 'C.UTF-8',
      HOME: options.user === undefined ? (options.env.HOME ?? home) : home,
      ...(options.env.TERM === undefined ? {} : { TERM: options.env.TERM }),
      ...(options.env.MAKEFLAGS === undefined ? {} : { MAKEFLAGS: options.env.MAKEFLAGS }),
      ...(options.env.PKGEXT === undefined ? {} : { PKGEXT: options.env.PKGEXT }),
    };
    const prefix: string[] = [];
    if (options.user !== undefined) {
      const setpriv = findExecutable('setpriv', options.env);
      if (setpriv === undefined) {
        throw new VenomError({
          code: 'COMMAND_NOT_FOUND',
          category: 'environment',
          message: "cannot switch to the build user: 'setpriv' is not on PATH",
          hint: 'Install util-linux.',
        });
      }
      const owned = await runCommand(
        'chown',
        ['-R', `${options.user.uid}:${options.user.gid}`, join(buildDirectory, '..')],
        {
          env: options.env,
        },
      );
      if (owned.exitCode !== 0) {
        throw new VenomError({
          code: 'AUR_BUILD_FAILED',
          category: 'environment',
          message: `cannot hand ${buildDirectory} to build user '${options.user.name}': ${owned.stderr.trim()}`,
        });
      }
      prefix.push(
        setpriv,
        `--reuid=${options.user.uid}`,
        `--regid=${options.user.gid}`,
        '--clear-groups',
        '--',
      );
    }
    const program = prefix.length > 0 ? (prefix[0] as string) : makepkgPath;
    const argumentsFor = (extra: readonly string[]): string[] => [
      ...prefix.slice(1),
      ...(prefix.length > 0 ? [makepkgPath] : []),
      ...extra,
    ];
    const built = await runStreaming(
      program,
      argumentsFor(['--nodeps', '--force', '--clean', '--noconfirm']),
      {
        env,
        cwd: buildDirectory,
        ...(options.onOutput === undefined ? {} : { onOutput: options.onOutput }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      },
    );
    if (built.exitCode !== 0) {
      throw new VenomError({
        code: 'AUR_BUILD_FAILED',
        category: 'environment',
        message: `makepkg failed for ${packageBase} (exit ${built.exitCode})`,
        hint: `The build directory is ${directory}; its output ends:\n${built.output.split('\n').slice(-15).join('\n')}`,
        details: { packageBase, directory, exitCode: built.exitCode },
      });
    }
    const listed = await runStreaming(program, argumentsFor(['--packagelist']), { env, cwd: buildDirectory });
    const files = listed.output
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.startsWith('/') && existsSync(line));
    if (files.length === 0) {
      throw new VenomError({
        code: 'AUR_BUILD_FAILED',
        category: 'environment',
        message: `makepkg reported success for ${packageBase} but no package file was found`,
        details: { packageBase, directory },
      });
    }
    if (buildDirectory === directory) return { packageBase, files, log: built.output };
    const kept: string[] = [];
    for (const file of files) {
      const target = join(directory, basename(file));
      await copyFile(file, target);
      kept.push(target);
    }
    return { packageBase, files: kept, log: built.output };
  }
}
