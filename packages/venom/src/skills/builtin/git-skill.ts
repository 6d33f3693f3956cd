import type { Skill, SkillAction, SkillContext, SkillResult } from '../types.js';
import {
  clip,
  failure,
  formatCommand,
  fromSandboxRun,
  runHostTool,
  sandboxEnvironment,
  success,
  workspaceRelative,
} from './action-helpers.js';

/**
 * Read-only git runs on the host with `GIT_OPTIONAL_LOCKS=0` and with every configurable program
 * switched off (fsmonitor, external diff, textconv, pager), so a hostile `.git/config` cannot make a
 * read execute anything. Anything that can run hooks or write (switch, branch creation, commit, clone)
 * runs in the sandbox.
 */
const readOnlyConfig = [
  '-c',
  'core.fsmonitor=false',
  '-c',
  'core.pager=cat',
  '-c',
  'diff.external=',
  '-c',
  'core.hooksPath=/dev/null',
  '-c',
  'color.ui=false',
];

const fieldSeparator = '\x1f';
const recordSeparator = '\x1e';
const emptyTree = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

interface GitOutput {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

async function gitRead(context: SkillContext, args: string[]): Promise<GitOutput> {
  return runHostTool(context, 'git', ['-C', context.workspace, ...readOnlyConfig, ...args], {
    env: { GIT_OPTIONAL_LOCKS: '0', GIT_PAGER: 'cat', PAGER: 'cat', LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' },
  });
}

function gitFailure(command: string, output: GitOutput, startedAt: number): SkillResult {
  return failure(
    `${command} failed: ${output.stderr.trim() || `exit ${output.exitCode}`}`,
    startedAt,
    { stderr: output.stderr },
    output.exitCode,
  );
}

/** A path parameter, checked by the file guard and made workspace-relative for git. */
function guardedPath(context: SkillContext, path: string): string {
  return workspaceRelative(context, context.fileGuard.check(path, 'read'));
}

/** Refuses a ref or branch that git would read as an option. */
function refArgument(value: string, what: string): string {
  if (value.startsWith('-') || value.includes('\0'))
    throw new TypeError(`${what} '${value}' is not a valid git name`);
  return value;
}

/** The plan's dates: a calendar day is midnight local time (git would otherwise use the current time of day). */
export function gitDate(value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value} 00:00:00` : value;
}

async function resolveAuthor(context: SkillContext, author: string): Promise<string | undefined> {
  if (author !== '@me') return author;
  const email = await gitRead(context, ['config', 'user.email']);
  return email.exitCode === 0 && email.stdout.trim() !== '' ? email.stdout.trim() : undefined;
}

export interface CommitSummary {
  sha: string;
  author: string;
  email: string;
  date: string;
  subject: string;
}

const commitFormat = ['%H', '%an', '%ae', '%aI', '%s'].join('%x1f');

function parseCommits(stdout: string): CommitSummary[] {
  return stdout
    .split(recordSeparator)
    .map((record) => record.replace(/^\n/, ''))
    .filter((record) => record !== '')
    .map((record) => {
      const [sha = '', author = '', email = '', date = '', subject = ''] = record.split(fieldSeparator);
      return { sha, author, email, date, subject };
    });
}

interface FileStat {
  path: string;
  added: number | null;
  deleted: number | null;
}

function parseNumstat(stdout: string): FileStat[] {
  return stdout
    .split('\n')
    .filter((line) => line.includes('\t'))
    .map((line) => {
      const [added = '-', deleted = '-', ...rest] = line.split('\t');
      return {
        path: rest.join('\t'),
        added: added === '-' ? null : Number(added),
        deleted: deleted === '-' ? null : Number(deleted),
      };
    });
}

interface StatusEntry {
  path: string;
  /** Staged state letter (porcelain v2 X), '.' when unchanged, '?' untracked. */
  index: string;
  /** Work-tree state letter (porcelain v2 Y). */
  workTree: string;
  originalPath?: string;
  kind: 'changed' | 'renamed' | 'unmerged' | 'untracked';
}

function parseStatus(stdout: string): {
  branch: string | null;
  upstream: string | null;
  ahead: number;
  behind: number;
  files: StatusEntry[];
} {
  const parts = stdout.split('\0');
  let branch: string | null = null;
  let upstream: string | null = null;
  let ahead = 0;
  let behind = 0;
  const files: StatusEntry[] = [];
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index] ?? '';
    if (part.startsWith('# branch.head ')) {
      const head = part.slice('# branch.head '.length);
      branch = head === '(detached)' ? null : head;
    } else if (part.startsWith('# branch.upstream ')) upstream = part.slice('# branch.upstream '.length);
    else if (part.startsWith('# branch.ab ')) {
      const [, aheadText = '+0', behindText = '-0'] = part.split(' ').slice(1);
      ahead = Number(aheadText.replace('+', ''));
      behind = Math.abs(Number(behindText));
    } else if (part.startsWith('1 ')) {
      const fields = part.split(' ');
      const xy = fields[1] ?? '..';
      files.push({
        path: fields.slice(8).join(' '),
        index: xy[0] ?? '.',
        workTree: xy[1] ?? '.',
        kind: 'changed',
      });
    } else if (part.startsWith('2 ')) {
      const fields = part.split(' ');
      const xy = fields[1] ?? '..';
      const originalPath = parts[index + 1] ?? '';
      index++;
      files.push({
        path: fields.slice(9).join(' '),
        index: xy[0] ?? '.',
        workTree: xy[1] ?? '.',
        originalPath,
        kind: 'renamed',
      });
    } else if (part.startsWith('u ')) {
      const fields = part.split(' ');
      const xy = fields[1] ?? 'UU';
      files.push({
        path: fields.slice(10).join(' '),
        index: xy[0] ?? 'U',
        workTree: xy[1] ?? 'U',
        kind: 'unmerged',
      });
    } else if (part.startsWith('? ')) {
      files.push({ path: part.slice(2), index: '?', workTree: '?', kind: 'untracked' });
    }
  }
  return { branch, upstream, ahead, behind, files };
}

function statusLine(entry: StatusEntry): string {
  const code =
    entry.kind === 'untracked' ? '??' : `${entry.index.replace('.', ' ')}${entry.workTree.replace('.', ' ')}`;
  return entry.originalPath === undefined
    ? `${code} ${entry.path}`
    : `${code} ${entry.originalPath} -> ${entry.path}`;
}

const status: SkillAction<{ path?: string }> = {
  name: 'status',
  description:
    'Working-tree status: branch, upstream, ahead/behind, and changed, staged and untracked files.',
  risk: 'read',
  mutating: false,
  params: (z) => z.object({ path: z.string().min(1).optional() }).strict(),
  describe: (params) => ({
    summary: 'git status',
    command: formatCommand(['git', 'status', ...(params.path === undefined ? [] : ['--', params.path])]),
    paths: params.path === undefined ? [] : [params.path],
  }),
  async execute(context, params) {
    const startedAt = Date.now();
    const pathArgs = params.path === undefined ? [] : ['--', guardedPath(context, params.path)];
    const output = await gitRead(context, [
      'status',
      '--porcelain=v2',
      '--branch',
      '-z',
      '--untracked-files=all',
      ...pathArgs,
    ]);
    if (output.exitCode !== 0) return gitFailure('git status', output, startedAt);
    const parsed = parseStatus(output.stdout);
    const header = `On ${parsed.branch ?? '(detached HEAD)'}${parsed.upstream === null ? '' : ` (${parsed.upstream}: ahead ${parsed.ahead}, behind ${parsed.behind})`}`;
    const lines = parsed.files.map(statusLine);
    return success(
      { ...parsed, clean: parsed.files.length === 0 },
      [header, ...(lines.length === 0 ? ['nothing to commit, working tree clean'] : lines)].join('\n'),
      startedAt,
    );
  },
};

const diff: SkillAction<{ ref?: string; since?: string; path?: string; staged?: boolean }> = {
  name: 'diff',
  description:
    'Changes in the working tree (or only staged ones), against HEAD, a ref, or the state at a date.',
  risk: 'read',
  mutating: false,
  params: (z) =>
    z
      .object({
        ref: z.string().min(1).optional(),
        since: z.string().min(1).optional(),
        path: z.string().min(1).optional(),
        staged: z.boolean().optional(),
      })
      .strict(),
  describe: (params) => ({
    summary: `git diff${params.ref === undefined ? '' : ` against ${params.ref}`}${params.since === undefined ? '' : ` since ${params.since}`}`,
    command: formatCommand([
      'git',
      'diff',
      ...(params.staged ? ['--cached'] : []),
      ...(params.ref === undefined ? [] : [params.ref]),
      ...(params.path === undefined ? [] : ['--', params.path]),
    ]),
    paths: params.path === undefined ? [] : [params.path],
  }),
  async execute(context, params) {
    const startedAt = Date.now();
    let base: string | undefined = params.ref === undefined ? undefined : refArgument(params.ref, 'ref');
    if (base === undefined && params.since !== undefined) {
      const before = await gitRead(context, ['rev-list', '-1', `--before=${gitDate(params.since)}`, 'HEAD']);
      if (before.exitCode !== 0) return gitFailure('git rev-list', before, startedAt);
      // No commit before that date: everything in the history is a change since then.
      base = before.stdout.trim() || emptyTree;
    }
    const selection = [
      ...(params.staged ? ['--cached'] : []),
      ...(base === undefined ? [] : [base]),
      '--',
      ...(params.path === undefined ? [] : [guardedPath(context, params.path)]),
    ];
    const numstat = await gitRead(context, [
      'diff',
      '--no-ext-diff',
      '--no-textconv',
      '--numstat',
      ...selection,
    ]);
    if (numstat.exitCode !== 0) return gitFailure('git diff', numstat, startedAt);
    const patch = await gitRead(context, ['diff', '--no-ext-diff', '--no-textconv', ...selection]);
    if (patch.exitCode !== 0) return gitFailure('git diff', patch, startedAt);
    const files = parseNumstat(numstat.stdout);
    return success(
      { base: base ?? null, staged: params.staged ?? false, files, patch: clip(patch.stdout) },
      files.length === 0 ? 'no changes' : clip(patch.stdout),
      startedAt,
    );
  },
};

const log: SkillAction<{
  limit?: number;
  since?: string;
  until?: string;
  author?: string;
  path?: string;
  ref?: string;
}> = {
  name: 'log',
  description:
    'Commit history as [{ sha, author, email, date, subject }], newest first (20 when no limit is given).',
  risk: 'read',
  mutating: false,
  params: (z) =>
    z
      .object({
        limit: z.number().int().positive().optional(),
        since: z.string().min(1).optional(),
        until: z.string().min(1).optional(),
        author: z.string().min(1).optional(),
        path: z.string().min(1).optional(),
        ref: z.string().min(1).optional(),
      })
      .strict(),
  describe: (params) => ({
    summary: 'git log',
    command: formatCommand([
      'git',
      'log',
      `--max-count=${params.limit ?? 20}`,
      ...(params.since === undefined ? [] : [`--since=${gitDate(params.since)}`]),
      ...(params.until === undefined ? [] : [`--before=${gitDate(params.until)}`]),
      ...(params.author === undefined ? [] : [`--author=${params.author}`]),
      ...(params.ref === undefined ? [] : [params.ref]),
      ...(params.path === undefined ? [] : ['--', params.path]),
    ]),
    paths: params.path === undefined ? [] : [params.path],
  }),
  async execute(context, params) {
    const startedAt = Date.now();
    const author = params.author === undefined ? undefined : await resolveAuthor(context, params.author);
    if (params.author !== undefined && author === undefined) {
      return failure(
        "'@me' needs a git identity: set one with 'git config user.email you@example.com'.",
        startedAt,
      );
    }
    const args = [
      'log',
      `--format=${commitFormat}%x1e`,
      `--max-count=${params.limit ?? 20}`,
      ...(params.since === undefined ? [] : [`--since=${gitDate(params.since)}`]),
      ...(params.until === undefined ? [] : [`--before=${gitDate(params.until)}`]),
      ...(author === undefined ? [] : [`--author=${author}`, '--regexp-ignore-case', '--fixed-strings']),
      ...(params.ref === undefined ? [] : [refArgument(params.ref, 'ref')]),
      '--',
      ...(params.path === undefined ? [] : [guardedPath(context, params.path)]),
    ];
    const output = await gitRead(context, args);
    if (output.exitCode !== 0) {
      if (/does not have any commits yet/.test(output.stderr))
        return success([], 'no commits yet', startedAt);
      return gitFailure('git log', output, startedAt);
    }
    const commits = parseCommits(output.stdout);
    const text = commits
      .map(
        (commit) =>
          `${commit.sha.slice(0, 10)} ${commit.date.slice(0, 10)} ${commit.author}: ${commit.subject}`,
      )
      .join('\n');
    return success(commits, text === '' ? 'no commits match' : text, startedAt);
  },
};

const show: SkillAction<{ ref: string }> = {
  name: 'show',
  description:
    'One commit: { sha, author, email, date, subject, body, files: [{ path, added, deleted }], patch }.',
  risk: 'read',
  mutating: false,
  params: (z) => z.object({ ref: z.string().min(1) }).strict(),
  describe: (params) => ({
    summary: `show commit ${params.ref}`,
    command: formatCommand(['git', 'show', params.ref]),
  }),
  async execute(context, params) {
    const startedAt = Date.now();
    const ref = refArgument(params.ref, 'ref');
    const header = await gitRead(context, ['show', '-s', `--format=${commitFormat}%x1f%b`, ref, '--']);
    if (header.exitCode !== 0) return gitFailure('git show', header, startedAt);
    const [sha = '', author = '', email = '', date = '', subject = '', ...bodyParts] =
      header.stdout.split(fieldSeparator);
    const numstat = await gitRead(context, [
      'show',
      '--no-ext-diff',
      '--no-textconv',
      '--format=',
      '--numstat',
      ref,
      '--',
    ]);
    const patch = await gitRead(context, [
      'show',
      '--no-ext-diff',
      '--no-textconv',
      '--format=',
      '--patch',
      ref,
      '--',
    ]);
    const body = bodyParts.join(fieldSeparator).trim();
    const files = parseNumstat(numstat.stdout);
    return success(
      { sha, author, email, date, subject, body, files, patch: clip(patch.stdout) },
      `commit ${sha}\nAuthor: ${author} <${email}>\nDate:   ${date}\n\n    ${subject}${body === '' ? '' : `\n\n${body}`}\n\n${clip(patch.stdout)}`,
      startedAt,
    );
  },
};

const branch: SkillAction<{ current?: boolean; remote?: boolean }> = {
  name: 'branch',
  description: 'List branches as [{ name, sha, current, upstream, remote }], or only the current one.',
  risk: 'read',
  mutating: false,
  params: (z) => z.object({ current: z.boolean().optional(), remote: z.boolean().optional() }).strict(),
  describe: (params) => ({
    summary: params.current ? 'the current branch' : 'list branches',
    command: params.current ? 'git branch --show-current' : `git branch${params.remote ? ' --all' : ''}`,
  }),
  async execute(context, params) {
    const startedAt = Date.now();
    if (params.current) {
      const output = await gitRead(context, ['branch', '--show-current']);
      if (output.exitCode !== 0) return gitFailure('git branch', output, startedAt);
      const name = output.stdout.trim();
      return success(
        { current: name === '' ? null : name },
        name === '' ? '(detached HEAD)' : name,
        startedAt,
      );
    }
    const format = ['%(refname)', '%(objectname)', '%(HEAD)', '%(upstream:short)'].join('%1f');
    const output = await gitRead(context, [
      'for-each-ref',
      `--format=${format}`,
      'refs/heads',
      ...(params.remote ? ['refs/remotes'] : []),
    ]);
    if (output.exitCode !== 0) return gitFailure('git for-each-ref', output, startedAt);
    const branches = output.stdout
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => {
        const [reference = '', sha = '', head = '', upstream = ''] = line.split(fieldSeparator);
        const remote = reference.startsWith('refs/remotes/');
        return {
          name: reference.replace(/^refs\/(heads|remotes)\//, ''),
          sha,
          current: head === '*',
          upstream: upstream === '' ? null : upstream,
          remote,
        };
      })
      .filter((entry) => !entry.name.endsWith('/HEAD'));
    return success(
      branches,
      branches.map((entry) => `${entry.current ? '*' : ' '} ${entry.name}`).join('\n'),
      startedAt,
    );
  },
};

async function gitSandboxed(
  context: SkillContext,
  args: string[],
  options: { network?: boolean; cwd?: string } = {},
): Promise<SkillResult> {
  const argv = ['git', ...args];
  const run = await context.sandbox.run({
    argv,
    cwd: options.cwd ?? context.workspace,
    network: options.network ?? false,
    env: sandboxEnvironment(context, { GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', GIT_PAGER: 'cat' }),
    signal: context.signal,
    onOutput: context.onOutput === undefined ? undefined : (_stream, chunk) => context.onOutput?.(chunk),
  });
  return fromSandboxRun(run, formatCommand(argv));
}

const switchBranch: SkillAction<{ branch: string }> = {
  name: 'switch',
  description: 'Switch to an existing branch (runs in the sandbox: checkout hooks may run).',
  risk: 'write',
  mutating: true,
  params: (z) => z.object({ branch: z.string().min(1) }).strict(),
  describe: (params) => ({
    summary: `switch to branch ${params.branch}`,
    command: formatCommand(['git', 'switch', params.branch]),
  }),
  async execute(context, params) {
    const result = await gitSandboxed(context, ['switch', refArgument(params.branch, 'branch')]);
    return { ...result, output: { ...(result.output as object), branch: params.branch } };
  },
};

const createBranch: SkillAction<{ name: string; from?: string; switch?: boolean }> = {
  name: 'create-branch',
  description: 'Create a branch at HEAD or at `from`, and switch to it when asked (runs in the sandbox).',
  risk: 'write',
  mutating: true,
  params: (z) =>
    z
      .object({ name: z.string().min(1), from: z.string().min(1).optional(), switch: z.boolean().optional() })
      .strict(),
  describe: (params) => {
    const argv = params.switch
      ? ['git', 'switch', '-c', params.name, ...(params.from === undefined ? [] : [params.from])]
      : ['git', 'branch', params.name, ...(params.from === undefined ? [] : [params.from])];
    return { summary: `create branch ${params.name}`, command: formatCommand(argv) };
  },
  async execute(context, params) {
    const name = refArgument(params.name, 'branch name');
    const from = params.from === undefined ? [] : [refArgument(params.from, 'start point')];
    const result = await gitSandboxed(
      context,
      params.switch ? ['switch', '-c', name, ...from] : ['branch', name, ...from],
    );
    return {
      ...result,
      output: { ...(result.output as object), branch: name, switched: params.switch ?? false },
    };
  },
};

const commit: SkillAction<{ message: string; all?: boolean }> = {
  name: 'commit',
  description:
    'Commit staged changes (every tracked change with `all`) with a message; runs in the sandbox because commit hooks run.',
  risk: 'write',
  mutating: true,
  params: (z) => z.object({ message: z.string().min(1), all: z.boolean().optional() }).strict(),
  describe: (params) => ({
    summary: `commit "${params.message.split('\n')[0]}"`,
    command: formatCommand(['git', 'commit', ...(params.all ? ['-a'] : []), '-m', params.message]),
  }),
  async execute(context, params) {
    const result = await gitSandboxed(context, [
      'commit',
      ...(params.all ? ['-a'] : []),
      '-m',
      params.message,
    ]);
    if (!result.ok) return result;
    const head = await gitRead(context, ['rev-parse', 'HEAD']);
    const sha = head.stdout.trim();
    return {
      ...result,
      output: { ...(result.output as object), sha, subject: params.message.split('\n')[0] },
    };
  },
};

const blame: SkillAction<{ path: string; line?: number; endLine?: number }> = {
  name: 'blame',
  description: 'Who last changed each line of a file: [{ line, sha, author, date, summary, content }].',
  risk: 'read',
  mutating: false,
  params: (z) =>
    z
      .object({
        path: z.string().min(1),
        line: z.number().int().positive().optional(),
        endLine: z.number().int().positive().optional(),
      })
      .strict()
      .refine(
        (value) => value.endLine === undefined || (value.line !== undefined && value.endLine >= value.line),
        {
          message: 'endLine needs line and must not be before it',
          path: ['endLine'],
        },
      ),
  describe: (params) => ({
    summary: `blame ${params.path}`,
    command: formatCommand(['git', 'blame', ...rangeArgs(params), '--', params.path]),
    paths: [params.path],
  }),
  async execute(context, params) {
    const startedAt = Date.now();
    const path = guardedPath(context, params.path);
    const output = await gitRead(context, [
      'blame',
      '--porcelain',
      '--no-textconv',
      ...rangeArgs(params),
      '--',
      path,
    ]);
    if (output.exitCode !== 0) return gitFailure('git blame', output, startedAt);
    const lines = parseBlame(output.stdout);
    const text = lines
      .map(
        (entry) =>
          `${entry.sha.slice(0, 8)} (${entry.author} ${entry.date.slice(0, 10)} ${entry.line}) ${entry.content}`,
      )
      .join('\n');
    return success(lines, text, startedAt);
  },
};

function rangeArgs(params: { line?: number; endLine?: number }): string[] {
  if (params.line === undefined) return [];
  return ['-L', `${params.line},${params.endLine ?? params.line}`];
}

interface BlameLine {
  line: number;
  sha: string;
  author: string;
  email: string;
  date: string;
  summary: string;
  content: string;
}

function parseBlame(stdout: string): BlameLine[] {
  const commits = new Map<string, { author: string; email: string; date: string; summary: string }>();
  const lines: BlameLine[] = [];
  let current: { sha: string; line: number } | undefined;
  for (const line of stdout.split('\n')) {
    const header = /^([0-9a-f]{40}) \d+ (\d+)/.exec(line);
    if (header !== null) {
      current = { sha: header[1] ?? '', line: Number(header[2]) };
      if (!commits.has(current.sha))
        commits.set(current.sha, { author: '', email: '', date: '', summary: '' });
      continue;
    }
    if (current === undefined) continue;
    const info = commits.get(current.sha);
    if (info === undefined) continue;
    if (line.startsWith('\t')) {
      lines.push({ line: current.line, sha: current.sha, ...info, content: line.slice(1) });
      current = undefined;
    } else if (line.startsWith('author ')) info.author = line.slice(7);
    else if (line.startsWith('author-mail ')) info.email = line.slice(12).replace(/^<|>$/g, '');
    else if (line.startsWith('author-time '))
      info.date = new Date(Number(line.slice(12)) * 1000).toISOString();
    else if (line.startsWith('summary ')) info.summary = line.slice(8);
  }
  return lines;
}

const clone: SkillAction<{ url: string; directory?: string; branch?: string; depth?: number }> = {
  name: 'clone',
  description: 'Clone a repository into the workspace (network; runs in the sandbox with network on).',
  risk: 'network',
  mutating: true,
  params: (z) =>
    z
      .object({
        url: z
          .string()
          .regex(/^(https?:\/\/|ssh:\/\/|git:\/\/|[\w.-]+@[\w.-]+:)/, 'an https, ssh or git URL'),
        directory: z.string().min(1).optional(),
        branch: z.string().min(1).optional(),
        depth: z.number().int().positive().optional(),
      })
      .strict(),
  describe: (params) => ({
    summary: `clone ${params.url}`,
    command: formatCommand(cloneArgs(params, params.directory ?? defaultCloneDirectory(params.url))),
    paths: [params.directory ?? defaultCloneDirectory(params.url)],
  }),
  async execute(context, params) {
    const directory = context.fileGuard.check(params.directory ?? defaultCloneDirectory(params.url), 'write');
    if (params.branch !== undefined) refArgument(params.branch, 'branch');
    const result = await gitSandboxed(context, cloneArgs(params, directory).slice(1), { network: true });
    return { ...result, output: { ...(result.output as object), directory } };
  },
};

function cloneArgs(params: { url: string; branch?: string; depth?: number }, directory: string): string[] {
  return [
    'git',
    '-c',
    'protocol.ext.allow=never',
    'clone',
    ...(params.branch === undefined ? [] : ['--branch', params.branch]),
    ...(params.depth === undefined ? [] : [`--depth=${params.depth}`]),
    '--',
    params.url,
    directory,
  ];
}

/** What git itself would name the clone: the last path segment without `.git`. */
export function defaultCloneDirectory(url: string): string {
  const last = url.replace(/\/+$/, '').split(/[/:]/).pop() ?? 'repository';
  return last.replace(/\.git$/, '') || 'repository';
}

/** The git skill: every action of the intent catalog plus clone. */
export function gitSkill(): Skill {
  return {
    name: 'git',
    description: 'Git: status, diff, log, show, branches, switch, commit, blame, clone.',
    source: 'builtin',
    actions: [status, diff, log, show, branch, switchBranch, createBranch, commit, blame, clone],
  };
}
