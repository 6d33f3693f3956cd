import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { resolveToolPaths, type ToolPaths } from '@venom/core';

/** Where omg keeps its files for one system root. */
export interface OmgPaths extends ToolPaths {
  /** The system root the commands read (`/` unless --root or OMG_ROOT). */
  root: string;
  /** Which backend reads this root: pacman with --dbpath or a root with /var/lib/pacman and no dpkg. */
  backend: 'apt' | 'pacman';
  /** pacman's database directory (--dbpath), when the backend is pacman. */
  databasePath?: string;
  /** The LMDB index of this root's package state. */
  indexFile: string;
  /** The daemon's directory: `$XDG_RUNTIME_DIR/omg`, else `${TMPDIR:-/tmp}/omg-<uid>` (mode 0700). */
  runtimeDir: string;
  /** The daemon's Unix socket for this root. */
  socketFile: string;
  pidFile: string;
  logFile: string;
}

/** A short stable key for a root: `system` for `/`, else a hash of the absolute path. */
export function rootKey(root: string): string {
  if (root === '/') return 'system';
  // Loaded only here: the system root, the common case, needs no hash (and no node:crypto).
  const { createHash } = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  return createHash('sha256').update(root).digest('hex').slice(0, 12);
}

/**
 * Resolves omg's paths and picks the backend. The root comes from `root` (the --root flag), else
 * OMG_ROOT, else `/`; a --dbpath (pacman's) selects pacman and is part of the socket/index key.
 * OMG_SOCKET overrides the socket path (the PID file sits beside it).
 */
export function resolveOmgPaths(
  env: Record<string, string | undefined>,
  options: { root?: string | undefined; databasePath?: string | undefined; cwd: string; uid?: number },
): OmgPaths {
  const tool = resolveToolPaths('omg', env);
  const rawRoot = options.root ?? (env.OMG_ROOT === undefined || env.OMG_ROOT === '' ? '/' : env.OMG_ROOT);
  const root = resolve(options.cwd, rawRoot);
  const databasePath =
    options.databasePath === undefined ? undefined : resolve(options.cwd, options.databasePath);
  const backend =
    databasePath !== undefined ||
    (!existsSync(join(root, 'var/lib/dpkg/status')) && existsSync(join(root, 'var/lib/pacman')))
      ? 'pacman'
      : 'apt';
  const key = databasePath === undefined ? rootKey(root) : rootKey(`${root}\0${databasePath}`);
  const runtimeBase = env.XDG_RUNTIME_DIR;
  const runtimeDir = runtimeBase?.startsWith('/')
    ? join(runtimeBase, 'omg')
    : join(env.TMPDIR?.startsWith('/') ? env.TMPDIR : '/tmp', `omg-${options.uid ?? 0}`);
  const socketFile =
    env.OMG_SOCKET !== undefined && env.OMG_SOCKET !== ''
      ? resolve(options.cwd, env.OMG_SOCKET)
      : join(runtimeDir, `omgd-${key}.sock`);
  return {
    ...tool,
    root,
    backend,
    ...(databasePath === undefined ? {} : { databasePath }),
    indexFile: join(tool.cacheDir, 'index', `${backend}-${key}.lmdb`),
    runtimeDir: socketFile.slice(0, socketFile.lastIndexOf('/')) || '/',
    socketFile,
    pidFile: `${socketFile.replace(/\.sock$/, '')}.pid`,
    logFile: join(tool.stateDir, `omgd-${key}.log`),
  };
}
