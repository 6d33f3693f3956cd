import {
  closeSync,
  existsSync,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { extname, join } from 'node:path';
import { writeFileAtomic } from '@venom/core';
import type { RiskLevel } from '../../sandbox/index.js';
import type { Skill, SkillAction, SkillContext } from '../types.js';
import { clip, failure, formatCommand, runHostTool, success, workspaceRelative } from './action-helpers.js';

/** Files larger than this are read in part and skipped by count-lines. */
const largeFileBytes = 8 * 1024 * 1024;
/** Most paths returned by find, and matches by search. */
const resultLimit = 1000;

/** At most the first `limit` bytes of a file, without reading the rest into memory. */
function readHead(path: string, limit: number): Buffer {
  const descriptor = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(limit, fstatSync(descriptor).size));
    const length = readSync(descriptor, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, length);
  } finally {
    closeSync(descriptor);
  }
}

function readChecked(context: SkillContext, path: string | undefined): string {
  return context.fileGuard.check(path ?? '.', 'read');
}

/** Lists files under `directory` with ripgrep (honours .gitignore, skips hidden files), sorted. */
async function listFiles(context: SkillContext, directory: string, globs: string[] = []): Promise<string[]> {
  const output = await runHostTool(context, 'rg', [
    '--files',
    '--no-messages',
    ...globs.flatMap((glob) => ['--iglob', glob]),
    '--',
    directory,
  ]);
  if (output.exitCode !== 0 && output.exitCode !== 1)
    throw new Error(`rg --files failed: ${output.stderr.trim()}`);
  return output.stdout
    .split('\n')
    .filter((line) => line !== '')
    .sort();
}

const find: SkillAction<{ name?: string; glob?: string; directory?: string }> = {
  name: 'find',
  description: 'Find files by (part of a) name or a glob; honours .gitignore. Paths are workspace-relative.',
  risk: 'read',
  mutating: false,
  params: (z) =>
    z
      .object({
        name: z.string().min(1).optional(),
        glob: z.string().min(1).optional(),
        directory: z.string().min(1).optional(),
      })
      .strict(),
  describe: (params) => ({
    summary: `find files${params.name === undefined ? '' : ` named like ${params.name}`}${params.glob === undefined ? '' : ` matching ${params.glob}`}`,
    paths: [params.directory ?? '.'],
  }),
  async execute(context, params) {
    const startedAt = Date.now();
    const directory = readChecked(context, params.directory);
    const globs = [
      ...(params.glob === undefined ? [] : [params.glob]),
      ...(params.name === undefined ? [] : [`*${params.name}*`]),
    ];
    const files = (await listFiles(context, directory, globs)).map((file) =>
      workspaceRelative(context, file),
    );
    // A name filter applies to the file name, not to directories on the way.
    const matching =
      params.name === undefined
        ? files
        : files.filter((file) =>
            (file.split('/').pop() ?? '').toLowerCase().includes(params.name?.toLowerCase() ?? ''),
          );
    const truncated = matching.length > resultLimit;
    const shown = matching.slice(0, resultLimit);
    return success(
      { files: shown, total: matching.length, truncated },
      shown.length === 0 ? 'no files found' : shown.join('\n'),
      startedAt,
    );
  },
};

interface SearchMatch {
  path: string;
  line: number;
  column: number;
  text: string;
}

const search: SkillAction<{ text: string; directory?: string; glob?: string; ignoreCase?: boolean }> = {
  name: 'search',
  description: 'Search file contents for literal text with ripgrep: [{ path, line, column, text }].',
  risk: 'read',
  mutating: false,
  params: (z) =>
    z
      .object({
        text: z.string().min(1),
        directory: z.string().min(1).optional(),
        glob: z.string().min(1).optional(),
        ignoreCase: z.boolean().optional(),
      })
      .strict(),
  describe: (params) => ({
    summary: `search for "${params.text}"`,
    command: formatCommand([
      'rg',
      '--fixed-strings',
      ...(params.ignoreCase ? ['-i'] : []),
      ...(params.glob === undefined ? [] : ['--glob', params.glob]),
      '--',
      params.text,
      params.directory ?? '.',
    ]),
    paths: [params.directory ?? '.'],
  }),
  async execute(context, params) {
    const startedAt = Date.now();
    const directory = readChecked(context, params.directory);
    const output = await runHostTool(context, 'rg', [
      '--json',
      '--fixed-strings',
      '--no-messages',
      ...(params.ignoreCase ? ['--ignore-case'] : ['--case-sensitive']),
      ...(params.glob === undefined ? [] : ['--glob', params.glob]),
      '--',
      params.text,
      directory,
    ]);
    if (output.exitCode !== 0 && output.exitCode !== 1)
      return failure(`rg failed: ${output.stderr.trim()}`, startedAt, null, output.exitCode);
    const matches: SearchMatch[] = [];
    let total = 0;
    for (const line of output.stdout.split('\n')) {
      if (!line.startsWith('{"type":"match"')) continue;
      total++;
      if (matches.length >= resultLimit) continue;
      const event = JSON.parse(line) as {
        data: {
          path: { text?: string };
          lines: { text?: string };
          line_number: number;
          submatches: Array<{ start: number }>;
        };
      };
      matches.push({
        path: workspaceRelative(context, event.data.path.text ?? ''),
        line: event.data.line_number,
        column: (event.data.submatches[0]?.start ?? 0) + 1,
        text: (event.data.lines.text ?? '').replace(/\r?\n$/, ''),
      });
    }
    const text = matches
      .map((match) => `${match.path}:${match.line}:${match.column}: ${match.text}`)
      .join('\n');
    return success(
      { matches, total, truncated: total > matches.length },
      total === 0 ? 'no matches' : clip(text),
      startedAt,
    );
  },
};

const list: SkillAction<{ directory?: string }> = {
  name: 'list',
  description: 'List a directory: [{ name, type, size, modified }], directories first.',
  risk: 'read',
  mutating: false,
  params: (z) => z.object({ directory: z.string().min(1).optional() }).strict(),
  describe: (params) => ({
    summary: `list ${params.directory ?? 'the workspace'}`,
    paths: [params.directory ?? '.'],
  }),
  async execute(context, params) {
    const startedAt = Date.now();
    const directory = readChecked(context, params.directory);
    const entries = readdirSync(directory, { withFileTypes: true }).map((entry) => {
      const type = entry.isDirectory()
        ? 'directory'
        : entry.isSymbolicLink()
          ? 'symlink'
          : entry.isFile()
            ? 'file'
            : 'other';
      const stats = lstatSync(join(directory, entry.name));
      return { name: entry.name, type, size: stats.size, modified: stats.mtime.toISOString() };
    });
    entries.sort(
      (left, right) =>
        Number(right.type === 'directory') - Number(left.type === 'directory') ||
        left.name.localeCompare(right.name),
    );
    const text = entries
      .map(
        (entry) =>
          `${entry.type === 'directory' ? `${entry.name}/` : entry.name}${entry.type === 'file' ? `  ${entry.size}` : ''}`,
      )
      .join('\n');
    return success(
      { directory: workspaceRelative(context, directory), entries },
      text === '' ? '(empty)' : text,
      startedAt,
    );
  },
};

const read: SkillAction<{ path: string; lines?: number; fromEnd?: boolean }> = {
  name: 'read',
  description: 'Read a text file, or only its first (or last) N lines.',
  risk: 'read',
  mutating: false,
  params: (z) =>
    z
      .object({
        path: z.string().min(1),
        lines: z.number().int().positive().optional(),
        fromEnd: z.boolean().optional(),
      })
      .strict(),
  describe: (params) => ({ summary: `read ${params.path}`, paths: [params.path] }),
  async execute(context, params) {
    const startedAt = Date.now();
    const path = context.fileGuard.check(params.path, 'read');
    const stats = statSync(path);
    if (!stats.isFile())
      return failure(`${params.path} is not a file; use files.list for a directory.`, startedAt);
    const buffer = readHead(path, largeFileBytes);
    if (buffer.subarray(0, 8000).includes(0))
      return failure(`${params.path} is a binary file (${stats.size} bytes); not shown.`, startedAt, {
        path: params.path,
        size: stats.size,
        binary: true,
      });
    const content = buffer.toString('utf8');
    const allLines = content.split('\n');
    if (allLines.at(-1) === '') allLines.pop();
    const selected =
      params.lines === undefined
        ? allLines
        : params.fromEnd
          ? allLines.slice(-params.lines)
          : allLines.slice(0, params.lines);
    const text = selected.join('\n');
    return success(
      {
        path: workspaceRelative(context, path),
        content: clip(text),
        totalLines: allLines.length,
        truncated: stats.size > largeFileBytes || text.length > 200_000,
      },
      clip(text),
      startedAt,
    );
  },
};

const countLines: SkillAction<{ directory?: string; glob?: string }> = {
  name: 'count-lines',
  description:
    'Count lines of (non-ignored, text) files: { totalLines, files, byExtension: [{ extension, files, lines }] }.',
  risk: 'read',
  mutating: false,
  params: (z) =>
    z.object({ directory: z.string().min(1).optional(), glob: z.string().min(1).optional() }).strict(),
  describe: (params) => ({
    summary: `count lines${params.glob === undefined ? '' : ` of ${params.glob}`}`,
    paths: [params.directory ?? '.'],
  }),
  async execute(context, params) {
    const startedAt = Date.now();
    const directory = readChecked(context, params.directory);
    const files = await listFiles(context, directory, params.glob === undefined ? [] : [params.glob]);
    const byExtension = new Map<string, { files: number; lines: number }>();
    let totalLines = 0;
    let counted = 0;
    for (const file of files) {
      if (context.signal.aborted) break;
      const stats = statSync(file, { throwIfNoEntry: false });
      if (stats === undefined || !stats.isFile() || stats.size > largeFileBytes) continue;
      const buffer = readFileSync(file);
      if (buffer.subarray(0, 8000).includes(0)) continue;
      let lines = 0;
      for (const byte of buffer) if (byte === 10) lines++;
      if (buffer.length > 0 && buffer[buffer.length - 1] !== 10) lines++;
      const extension = extname(file) || '(none)';
      const entry = byExtension.get(extension) ?? { files: 0, lines: 0 };
      entry.files++;
      entry.lines += lines;
      byExtension.set(extension, entry);
      totalLines += lines;
      counted++;
    }
    const rows = [...byExtension.entries()]
      .map(([extension, entry]) => ({ extension, ...entry }))
      .sort((left, right) => right.lines - left.lines);
    const text = [
      `${totalLines} lines in ${counted} files`,
      ...rows.map(
        (row) => `${row.extension.padEnd(10)} ${String(row.lines).padStart(8)} lines  ${row.files} files`,
      ),
    ].join('\n');
    return success({ totalLines, files: counted, byExtension: rows }, text, startedAt);
  },
};

const largest: SkillAction<{ limit?: number; directory?: string }> = {
  name: 'largest',
  description: 'The largest (non-ignored) files: [{ path, size }], 10 unless a limit is given.',
  risk: 'read',
  mutating: false,
  params: (z) =>
    z
      .object({ limit: z.number().int().positive().optional(), directory: z.string().min(1).optional() })
      .strict(),
  describe: (params) => ({
    summary: `the ${params.limit ?? 10} largest files`,
    paths: [params.directory ?? '.'],
  }),
  async execute(context, params) {
    const startedAt = Date.now();
    const directory = readChecked(context, params.directory);
    const files = await listFiles(context, directory);
    const sized = files
      .map((file) => ({
        path: workspaceRelative(context, file),
        size: statSync(file, { throwIfNoEntry: false })?.size ?? 0,
      }))
      .sort((left, right) => right.size - left.size || left.path.localeCompare(right.path))
      .slice(0, params.limit ?? 10);
    return success(
      sized,
      sized.map((entry) => `${String(entry.size).padStart(12)}  ${entry.path}`).join('\n') || 'no files',
      startedAt,
    );
  },
};

/**
 * 'destructive' when `path` holds content git cannot give back: an untracked file, or a tracked one
 * with uncommitted changes (outside a repository, any existing file); 'write' otherwise.
 */
async function overwriteRisk(context: SkillContext, path: string): Promise<RiskLevel> {
  let real: string;
  try {
    real = context.fileGuard.check(path, 'write');
  } catch {
    return 'write';
  }
  if (!existsSync(real)) return 'write';
  const output = await runHostTool(
    context,
    'git',
    [
      '-C',
      context.workspace,
      '-c',
      'core.fsmonitor=false',
      'status',
      '--porcelain=v1',
      '--untracked-files=all',
      '--ignored=matching',
      '--',
      real,
    ],
    {
      env: { GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' },
    },
  ).catch(() => undefined);
  if (output === undefined || output.exitCode !== 0) return 'destructive';
  return output.stdout.trim() === '' ? 'write' : 'destructive';
}

const write: SkillAction<{ path: string; content: string; createDirectories?: boolean }> = {
  name: 'write',
  description: 'Write a file (atomically), creating it or replacing its content. Through the file guard.',
  risk: 'write',
  mutating: true,
  params: (z) =>
    z
      .object({ path: z.string().min(1), content: z.string(), createDirectories: z.boolean().optional() })
      .strict(),
  describe: (params) => ({
    summary: `write ${params.path} (${params.content.length} characters)`,
    paths: [params.path],
  }),
  assessRisk: (context, params) => overwriteRisk(context, params.path),
  async execute(context, params) {
    const startedAt = Date.now();
    const path = context.fileGuard.check(params.path, 'write');
    if (!params.createDirectories && !existsSync(join(path, '..'))) {
      return failure(
        `the folder of ${params.path} does not exist; pass createDirectories: true to create it.`,
        startedAt,
      );
    }
    const existed = existsSync(path);
    const mode = existed ? statSync(path).mode & 0o777 : 0o644;
    writeFileAtomic(path, params.content, { mode });
    return success(
      { path: workspaceRelative(context, path), bytes: Buffer.byteLength(params.content), created: !existed },
      `${existed ? 'wrote' : 'created'} ${workspaceRelative(context, path)}`,
      startedAt,
    );
  },
};

interface Edit {
  oldText: string;
  newText: string;
  replaceAll?: boolean;
}

const patch: SkillAction<{
  path: string;
  oldText?: string;
  newText?: string;
  replaceAll?: boolean;
  edits?: Edit[];
}> = {
  name: 'patch',
  description:
    'Edit a file by replacing exact text: oldText -> newText (or a list of edits, applied in order). oldText must occur exactly once unless replaceAll.',
  risk: 'write',
  mutating: true,
  params: (z) => {
    const edit = z
      .object({ oldText: z.string().min(1), newText: z.string(), replaceAll: z.boolean().optional() })
      .strict();
    return z
      .object({
        path: z.string().min(1),
        oldText: z.string().min(1).optional(),
        newText: z.string().optional(),
        replaceAll: z.boolean().optional(),
        edits: z.array(edit).min(1).optional(),
      })
      .strict()
      .refine(
        (value) =>
          (value.edits === undefined) === (value.oldText !== undefined && value.newText !== undefined),
        {
          message: 'give either oldText and newText, or edits',
        },
      );
  },
  describe: (params) => ({
    summary: `edit ${params.path} (${params.edits?.length ?? 1} change${(params.edits?.length ?? 1) === 1 ? '' : 's'})`,
    paths: [params.path],
  }),
  assessRisk: (context, params) => overwriteRisk(context, params.path),
  async execute(context, params) {
    const startedAt = Date.now();
    const path = context.fileGuard.check(params.path, 'write');
    if (!existsSync(path))
      return failure(`${params.path} does not exist; use files.write to create it.`, startedAt);
    const edits: Edit[] = params.edits ?? [
      { oldText: params.oldText ?? '', newText: params.newText ?? '', replaceAll: params.replaceAll },
    ];
    let content = readFileSync(path, 'utf8');
    let replacements = 0;
    for (const [index, edit] of edits.entries()) {
      const occurrences = content.split(edit.oldText).length - 1;
      const which = edits.length === 1 ? 'oldText' : `edits[${index}].oldText`;
      if (occurrences === 0)
        return failure(`${which} was not found in ${params.path}; nothing was changed.`, startedAt, {
          edit: index,
        });
      if (occurrences > 1 && !edit.replaceAll) {
        return failure(
          `${which} occurs ${occurrences} times in ${params.path}; add surrounding lines to make it unique, or set replaceAll. Nothing was changed.`,
          startedAt,
          { edit: index, occurrences },
        );
      }
      content = edit.replaceAll
        ? content.split(edit.oldText).join(edit.newText)
        : content.replace(edit.oldText, () => edit.newText);
      replacements += edit.replaceAll ? occurrences : 1;
    }
    writeFileAtomic(path, content, { mode: statSync(path).mode & 0o777 });
    return success(
      { path: workspaceRelative(context, path), replacements },
      `edited ${workspaceRelative(context, path)} (${replacements} replacement${replacements === 1 ? '' : 's'})`,
      startedAt,
    );
  },
};

const move: SkillAction<{ from: string; to: string; overwrite?: boolean }> = {
  name: 'move',
  description:
    'Move or rename a file or folder inside the workspace; refuses to replace an existing target unless overwrite.',
  risk: 'write',
  mutating: true,
  params: (z) =>
    z.object({ from: z.string().min(1), to: z.string().min(1), overwrite: z.boolean().optional() }).strict(),
  describe: (params) => ({
    summary: `move ${params.from} to ${params.to}`,
    command: formatCommand(['mv', params.from, params.to]),
    paths: [params.from, params.to],
  }),
  async assessRisk(context, params) {
    const target = await overwriteRisk(context, params.to);
    return target === 'destructive' && params.overwrite ? 'destructive' : 'write';
  },
  async execute(context, params) {
    const startedAt = Date.now();
    const from = context.fileGuard.check(params.from, 'write');
    const to = context.fileGuard.check(params.to, 'write');
    if (!existsSync(from)) return failure(`${params.from} does not exist.`, startedAt);
    if (context.fileGuard.roots.includes(from))
      return failure('a workspace root cannot be moved.', startedAt);
    if (existsSync(to) && !params.overwrite)
      return failure(`${params.to} already exists; pass overwrite: true to replace it.`, startedAt);
    renameSync(from, to);
    return success(
      { from: workspaceRelative(context, from), to: workspaceRelative(context, to) },
      `moved ${params.from} -> ${params.to}`,
      startedAt,
    );
  },
};

const remove: SkillAction<{ path: string; recursive?: boolean }> = {
  name: 'delete',
  description:
    'Delete a file, or a folder with recursive: true. Never a workspace root. Through the file guard.',
  risk: 'destructive',
  mutating: true,
  params: (z) => z.object({ path: z.string().min(1), recursive: z.boolean().optional() }).strict(),
  describe: (params) => ({
    summary: `delete ${params.path}${params.recursive ? ' and everything in it' : ''}`,
    command: formatCommand(['rm', ...(params.recursive ? ['-r'] : []), params.path]),
    paths: [params.path],
  }),
  async execute(context, params) {
    const startedAt = Date.now();
    const path = context.fileGuard.check(params.path, 'write');
    const stats = lstatSync(path, { throwIfNoEntry: false });
    if (stats === undefined) return failure(`${params.path} does not exist.`, startedAt);
    if (context.fileGuard.roots.includes(path))
      return failure('a workspace root cannot be deleted.', startedAt);
    if (stats.isDirectory() && !params.recursive)
      return failure(
        `${params.path} is a folder; pass recursive: true to delete it and its contents.`,
        startedAt,
      );
    rmSync(path, { recursive: params.recursive ?? false });
    return success(
      { path: workspaceRelative(context, path), directory: stats.isDirectory() },
      `deleted ${params.path}`,
      startedAt,
    );
  },
};

/** The files skill: find, search (ripgrep), list, read, count-lines, largest, write, patch, move, delete. */
export function filesSkill(): Skill {
  return {
    name: 'files',
    description:
      'Files in the workspace: find, search contents, list, read, count lines, largest, write, edit, move, delete.',
    source: 'builtin',
    actions: [find, search, list, read, countLines, largest, write, patch, move, remove],
  };
}
