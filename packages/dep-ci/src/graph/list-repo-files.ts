import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const SKIPPED_DIRECTORIES = new Set([
  'node_modules',
  '.git',
  '.dep-ci',
  '.hg',
  '.svn',
  '__pycache__',
  '.venv',
  'venv',
]);

/**
 * Lists the repo's files, repo-relative with `/`. In a git work tree: tracked and untracked files
 * that are not ignored (`git ls-files`), so `.gitignore` is honoured; elsewhere a walk that skips
 * node_modules, VCS and dot directories and never follows symlinked directories (no loops).
 */
export function listRepoFiles(root: string, options: { useGit: boolean }): string[] {
  if (options.useGit) {
    try {
      const output = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
        cwd: root,
        encoding: 'utf8',
        maxBuffer: 1 << 30,
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      const files = output
        .split('\0')
        .filter((file) => file !== '' && !file.split('/').some((part) => SKIPPED_DIRECTORIES.has(part)));
      return [...new Set(files)].sort();
    } catch {
      // Not a work tree after all: fall back to the walk.
    }
  }
  const files: string[] = [];
  const walk = (directory: string, prefix: string): void => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(directory, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.isDirectory()) {
        if (SKIPPED_DIRECTORIES.has(entry.name) || entry.name.startsWith('.')) continue;
        walk(join(directory, entry.name), `${prefix}${entry.name}/`);
      } else if (entry.isFile() || entry.isSymbolicLink()) {
        files.push(`${prefix}${entry.name}`);
      }
    }
  };
  walk(root, '');
  return files.sort();
}
