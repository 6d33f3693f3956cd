import { realpathSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { VenomError } from '@venom/core';
import { globToRegExp } from './glob-to-regexp.js';
import { resolveRealPath } from './resolve-real-path.js';
import type { FileGuard, FileGuardOptions, PathViolation } from './types.js';

/**
 * Paths under the home directory that hold credentials; never readable or writable through venom,
 * even when the home directory is a workspace root. Also hidden inside the process sandbox.
 */
export const homeDenyPaths: readonly string[] = [
  '.ssh',
  '.aws',
  '.gnupg',
  '.azure',
  '.kube',
  '.docker',
  '.config/gcloud',
  '.config/gh',
  '.config/venom',
  '.local/share/keyrings',
  '.password-store',
  '.netrc',
  '.git-credentials',
  '.npmrc',
  '.pypirc',
];

/** File names denied anywhere (basename globs): environment files and credential files. */
export const deniedFileNames: readonly string[] = [
  '.env',
  '.env.*',
  '.envrc',
  '.netrc',
  '.npmrc',
  '.pypirc',
  '.git-credentials',
  'credentials',
  'credentials.json',
  'id_rsa*',
  'id_dsa*',
  'id_ecdsa*',
  'id_ed25519*',
  '*.pem',
  '*.key',
  '*.p12',
  '*.pfx',
  '.htpasswd',
];

/** Templates meant to be committed: allowed although they match `.env.*`. */
const allowedEnvironmentTemplates = new Set(['.env.example', '.env.sample', '.env.template', '.env.dist']);

const deniedFileNamePatterns = deniedFileNames.map((glob) => globToRegExp(glob, 'path'));

/**
 * A guard that keeps file access inside the workspace roots and out of the deny list. The deny list
 * wins over the roots: credentials under `home` ({@link homeDenyPaths}), environment and key files
 * anywhere ({@link deniedFileNames}), `options.extraDeny`, and for writes anything inside a `.git`
 * directory (hooks, config) or the `.git` entry itself.
 */
export function createFileGuard(options: FileGuardOptions): FileGuard {
  if (options.roots.length === 0) throw new Error('createFileGuard needs at least one workspace root');
  const roots = options.roots.map(realRoot);
  const home = realRoot(options.home);
  const homeDenied = homeDenyPaths.map((entry) => join(home, entry));
  const extraDenied = (options.extraDeny ?? []).map((entry) => {
    const expanded = entry === '~' ? home : entry.startsWith('~/') ? join(home, entry.slice(2)) : entry;
    const absolute = isAbsolute(expanded) ? expanded : join(roots[0] as string, expanded);
    return globToRegExp(absolute.replace(/\/+$/, ''), 'path');
  });

  const lexicalRoots = options.roots.map((root) => resolve(root));

  function reasonDenied(realPath: string, access: 'read' | 'write'): string | undefined {
    const root = roots.find((candidate) => isInside(realPath, candidate));
    if (root === undefined) return `outside the workspace roots (${roots.join(', ')})`;
    return reasonDeniedInside(realPath, root, access);
  }

  /** The deny list applied to the path as written too: `.git/hooks/x` through a symlinked `.git`. */
  function reasonDeniedAsWritten(absolute: string, access: 'read' | 'write'): string | undefined {
    const root = lexicalRoots.find((candidate) => isInside(absolute, candidate));
    return root === undefined ? undefined : reasonDeniedInside(absolute, root, access);
  }

  function reasonDeniedInside(realPath: string, root: string, access: 'read' | 'write'): string | undefined {
    const homeEntry = homeDenied.find((denied) => isInside(realPath, denied));
    if (homeEntry !== undefined) return `credentials location ${homeEntry} is denied`;
    for (const segment of relative(root, realPath).split(sep)) {
      if (allowedEnvironmentTemplates.has(segment)) continue;
      if (deniedFileNamePatterns.some((pattern) => pattern.test(segment))) {
        return `environment or credentials file '${segment}' is denied`;
      }
    }
    if (extraDenied.some((pattern) => pathMatchesOrIsUnder(realPath, pattern))) {
      return 'denied by sandbox.deny_paths';
    }
    if (access === 'write' && relative(root, realPath).split(sep).includes('.git')) {
      return 'writes inside .git (hooks, config, objects) are denied';
    }
    return undefined;
  }

  return {
    roots,
    check(path, access) {
      const absolute = resolvePath(path, roots[0] as string, home);
      let realPath: string;
      let reason: string | undefined;
      try {
        realPath = resolveRealPath(absolute);
        reason = reasonDenied(realPath, access) ?? reasonDeniedAsWritten(resolve(absolute), access);
      } catch (error) {
        realPath = absolute;
        reason = error instanceof Error ? error.message : String(error);
      }
      if (reason === undefined) return realPath;
      const violation: PathViolation = { path, access, reason };
      options.onViolation?.(violation);
      throw new VenomError({
        code: 'SECURITY_PATH_DENIED',
        category: 'usage',
        message: `${access === 'write' ? 'Writing' : 'Reading'} '${path}' is denied: ${reason}.`,
        hint: 'Work inside the workspace; a path outside it needs an approval, not a retry.',
        details: { path, realPath, access, reason },
      });
    },
  };
}

/** Absolute but not normalised: `link/..` must be resolved after following `link`, as the kernel does. */
function resolvePath(path: string, base: string, home: string): string {
  if (path === '~') return home;
  if (path.startsWith('~/')) return `${home}${sep}${path.slice(2)}`;
  return isAbsolute(path) ? path : `${base}${sep}${path}`;
}

function realRoot(path: string): string {
  try {
    return realpathSync.native(resolve(path));
  } catch {
    return resolveRealPath(resolve(path));
  }
}

/** Whether `path` is `directory` or below it (both absolute and normalised). */
export function isInside(path: string, directory: string): boolean {
  if (path === directory) return true;
  const prefix = directory.endsWith(sep) ? directory : `${directory}${sep}`;
  return path.startsWith(prefix);
}

function pathMatchesOrIsUnder(path: string, pattern: RegExp): boolean {
  let current = path;
  for (;;) {
    if (pattern.test(current)) return true;
    const parent = current.slice(0, current.lastIndexOf(sep)) || sep;
    if (parent === current) return false;
    current = parent;
  }
}

/** The basename test used by the sandbox to hide environment files at a root's top level. */
export function isDeniedFileName(name: string): boolean {
  if (allowedEnvironmentTemplates.has(name)) return false;
  return deniedFileNamePatterns.some((pattern) => pattern.test(basename(name)));
}
