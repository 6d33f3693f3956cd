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

/** A path with a segment (directory, or the file itself) named in SKIPPED_DIRECTORIES. */
const SKIPPED_PATH = new RegExp(
  `(?:^|/)(?:${[...SKIPPED_DIRECTORIES].map((name) => name.replaceAll('.', '\\.')).join('|')})(?:/|$)`,
);

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
      // Sorted, then without repeats (an unmerged path is listed once per stage).
      const listed = output.split('\0').sort();
      const files: string[] = [];
      for (const file of listed) {
        if (file === '' || file === files[files.length - 1] || SKIPPED_PATH.test(file)) continue;
        files.push(file);
      }
      return files;
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
