/** Wrappers that run the command after them: `sudo rm x` is judged as `rm x`. */
const wrapperCommands = new Set([
  'sudo',
  'doas',
  'env',
  'command',
  'exec',
  'nohup',
  'time',
  'nice',
  'xargs',
  'builtin',
]);

/**
 * The words of one simple command with quotes removed (a plain split, enough to judge it), without
 * leading `NAME=value` assignments and wrappers such as `sudo` or `xargs` (and their options).
 */
export function commandWords(part: string): string[] {
  const words = (part.match(/(?:[^\s"']+|"(?:\\.|[^"\\])*"|'[^']*')+/g) ?? []).map((word) =>
    word.replace(/^["']|["']$/g, '').replace(/(?<=\S)["'](?=\S)/g, ''),
  );
  let start = 0;
  while (start < words.length) {
    const word = words[start] as string;
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) start += 1;
    else if (wrapperCommands.has(word)) {
      start += 1;
      while (start < words.length && (words[start] as string).startsWith('-')) start += 1;
    } else break;
  }
  return words.slice(start);
}

/** A part with leading assignments removed and whitespace collapsed, as command globs see it. */
export function normalizeCommand(part: string): string {
  let rest = part.trim();
  for (;;) {
    const match = /^[A-Za-z_][A-Za-z0-9_]*=(?:"(?:\\.|[^"\\])*"|'[^']*'|\S)*\s+/.exec(rest);
    if (match === null) break;
    rest = rest.slice(match[0].length);
  }
  return rest.replace(/\s+/g, ' ');
}

const alwaysDestructive = new Set([
  'rm',
  'rmdir',
  'unlink',
  'shred',
  'srm',
  'wipefs',
  'truncate',
  'fdisk',
  'mkswap',
]);

/**
 * Whether a simple command deletes or irreversibly overwrites: `rm`, `rmdir`, `shred`, `mkfs*`,
 * `dd of=…`, `find … -delete`, `git push --force` (or `+ref`, `--delete`, `--mirror`), `git reset --hard`,
 * `git clean -f`, `git checkout -- …`/`.`/`-f`, `git restore` of the work tree, `git branch -D`,
 * `git stash drop|clear`, `git filter-branch`, `git update-ref -d`, `git reflog expire`.
 */
export function isDestructiveCommand(part: string): boolean {
  const words = commandWords(part);
  const name = (words[0] ?? '').split('/').pop() ?? '';
  const args = words.slice(1);
  if (alwaysDestructive.has(name) || name.startsWith('mkfs')) return true;
  if (name === 'dd') return args.some((arg) => arg.startsWith('of='));
  if (name === 'find')
    return args.includes('-delete') || args.some((arg) => /^(?:rm|shred|unlink)$/.test(arg));
  if (name !== 'git') return false;
  let index = 0;
  while (index < args.length && (args[index] as string).startsWith('-')) {
    index += ['-C', '-c', '--git-dir', '--work-tree'].includes(args[index] as string) ? 2 : 1;
  }
  const subcommand = args[index];
  const rest = args.slice(index + 1);
  const hasFlag = (...flags: string[]) => rest.some((arg) => flags.includes(arg));
  const hasShortFlag = (letter: string) =>
    rest.some((arg) => /^-[A-Za-z]+$/.test(arg) && arg.includes(letter));
  switch (subcommand) {
    case 'push':
      return (
        hasFlag('--force', '--force-with-lease', '--force-if-includes', '--mirror', '--delete', '--prune') ||
        hasShortFlag('f') ||
        hasShortFlag('d') ||
        rest.some((arg) => arg.startsWith('--force-with-lease=') || /^\+|^:/.test(arg))
      );
    case 'reset':
      return hasFlag('--hard', '--merge', '--keep');
    case 'clean':
      return hasFlag('--force') || hasShortFlag('f');
    case 'checkout':
      return hasFlag('--', '.', '--force') || hasShortFlag('f');
    case 'restore':
      return !hasFlag('--staged') || hasFlag('--worktree') || hasShortFlag('W');
    case 'branch':
      return hasFlag('-D') || (hasFlag('--delete', '-d') && hasFlag('--force', '-f'));
    case 'stash':
      return hasFlag('drop', 'clear');
    case 'filter-branch':
    case 'filter-repo':
      return true;
    case 'update-ref':
      return hasFlag('-d');
    case 'reflog':
      return hasFlag('expire', 'delete');
    default:
      return false;
  }
}
