import { createHash } from 'node:crypto';
import { join } from 'node:path';

/** Where a repo's daemon listens and keeps its files. */
export interface DaemonPaths {
  /** The 0700 directory holding sockets and PID files of every repo's daemon. */
  directory: string;
  /** The Unix socket (0600). */
  socket: string;
  /** The daemon's PID, one line. */
  pidFile: string;
  /**
   * `<root>/.dep-ci/daemon-socket`: the socket path, one line, so the shell client finds the socket
   * without hashing the root (a hash would cost a process).
   */
  pointerFile: string;
  /** `<root>/.dep-ci/daemon.log`: the detached daemon's stdout and stderr. */
  logFile: string;
}

/**
 * The daemon's paths for a repo root: the socket and PID file in `$XDG_RUNTIME_DIR/dep-ci/`, else in
 * `<tmp>/dep-ci-<uid>/`, named by a hash of the root (short enough for the 108-byte socket path
 * limit whatever the root's length).
 */
export function daemonPaths(
  root: string,
  options: { env: Record<string, string | undefined>; uid: number; tmpdir: string },
): DaemonPaths {
  const runtime = options.env.XDG_RUNTIME_DIR;
  const directory =
    runtime?.startsWith('/') === true
      ? join(runtime, 'dep-ci')
      : join(options.tmpdir, `dep-ci-${options.uid}`);
  const name = createHash('sha1').update(root).digest('hex').slice(0, 16);
  return {
    directory,
    socket: join(directory, `${name}.sock`),
    pidFile: join(directory, `${name}.pid`),
    pointerFile: join(root, '.dep-ci', 'daemon-socket'),
    logFile: join(root, '.dep-ci', 'daemon.log'),
  };
}
