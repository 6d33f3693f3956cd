import { findExecutable } from '@venom/core';
import { checkWorkingDirectory, realRoot } from './create-bubblewrap-sandbox.js';
import { defaultSandboxLimits } from './default-sandbox-limits.js';
import { countInSession, runLimitedProcess } from './run-limited-process.js';
import type { Sandbox, SandboxLimits } from './types.js';

export interface HostRunnerOptions {
  workspaceRoots: string[];
  env: Record<string, string | undefined>;
  limits?: Partial<SandboxLimits>;
}

const defaultPath = '/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin';

/**
 * Explicit administrator opt-out (config `sandbox.allow_unsandboxed_exec: true`): runs on the host,
 * in the workspace, with a minimal environment and the limits it can enforce: rlimits through
 * `prlimit` when installed (CPU, data, no core files), the timeout, the output cap and abort killing the process group, and a
 * process watch over the session. No file system or network isolation. Never chosen automatically.
 */
export function createHostRunner(options: HostRunnerOptions): Sandbox {
  const roots = options.workspaceRoots.map((root) => realRoot(root));
  if (roots.length === 0) throw new Error('createHostRunner needs at least one workspace root');
  const prlimit = findExecutable('prlimit', options.env);
  const baseLimits: SandboxLimits = { ...defaultSandboxLimits, ...options.limits };
  return {
    kind: 'host',
    check: async () => ({ ok: true }),
    async run(request) {
      if (request.argv.length === 0) throw new Error('SandboxRunRequest.argv is empty');
      const cwd = checkWorkingDirectory(request.cwd, roots);
      const limits: SandboxLimits = { ...baseLimits, ...request.limits };
      const env: Record<string, string> = {
        PATH: options.env.PATH ?? defaultPath,
        HOME: options.env.HOME ?? '/tmp',
        LANG: options.env.LANG ?? 'C.UTF-8',
        TERM: 'dumb',
        NO_COLOR: '1',
        ...request.env,
      };
      const [file, args] =
        prlimit === undefined
          ? [request.argv[0] as string, request.argv.slice(1)]
          : [
              prlimit,
              [
                `--cpu=${limits.cpuSeconds}`,
                `--data=${limits.memoryBytes}`,
                '--core=0',
                '--',
                ...request.argv,
              ],
            ];
      const limited = { file, args, cwd, env, limits, request };
      // RLIMIT_NPROC would count every process of the user on the host, so the session is watched instead.
      return runLimitedProcess({ ...limited, countProcesses: countInSession });
    },
  };
}
