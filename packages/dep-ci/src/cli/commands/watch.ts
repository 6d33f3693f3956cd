import { defineCommand } from '@venom/core';
import type { Semantics } from '../../graph/build-graph.js';
import { spawnRunner } from './run.js';
import { affectedFor, openRepo, saveCachesNow, semanticsOption } from './shared.js';

interface WatchResult {
  runs: number;
  exitCode: number;
}

const IGNORED = /(^|\/)(\.git|node_modules|\.dep-ci|dist|coverage)(\/|$)/;

export const watchCommand = defineCommand({
  name: 'watch',
  summary: 'Re-run the affected tests on every save: dep-ci watch -- <test command>',
  description:
    'Watches the repo, updates the graph in place for edited files (rebuilds it from the cache when files come or go or a config changes), and runs the affected tests through the command after --. Writes one line (one JSON object with --json) per run. Ctrl-C stops it.',
  examples: ['dep-ci watch -- npx vitest run', 'dep-ci watch --max-runs 1 -- node --test'],
  streams: true,
  positionals: [
    { name: 'command', description: 'The test command, after --', variadic: true, required: true },
  ],
  options: {
    semantics: semanticsOption,
    debounce: {
      type: 'string',
      description: 'Milliseconds of quiet before a run',
      default: '100',
      valueName: 'ms',
    },
    'max-runs': {
      type: 'string',
      description: 'Stop after this many runs (for scripts and tests)',
      valueName: 'n',
    },
  },
  input: (z) =>
    z.object({
      command: z.array(z.string()).min(1),
      semantics: z.enum(['source', 'runtime']),
      debounce: z.coerce.number().int().min(0).max(60_000),
      maxRuns: z.coerce.number().int().min(1).optional(),
    }),
  async run(
    input: { command: string[]; semantics: Semantics; debounce: number; maxRuns?: number | undefined },
    context,
  ): Promise<WatchResult> {
    const [{ existsSync, statSync, watch }, { join, relative, sep }, { narrowCommand }] = await Promise.all([
      import('node:fs'),
      import('node:path'),
      import('../../run/runner-command.js'),
    ]);
    let repo = await openRepo(context.cwd);
    saveCachesNow();
    const pending = new Set<string>();
    let runs = 0;
    let exitCode = 0;
    let timer: NodeJS.Timeout | undefined;
    let running = false;
    let finish: (() => void) | undefined;
    const finished = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const watcher = watch(repo.root, { recursive: true }, (_event, name) => {
      if (name === null) return;
      const path = name.split(sep).join('/');
      if (IGNORED.test(path)) return;
      pending.add(path);
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(() => void flush(), input.debounce);
    });
    const stop = (): void => {
      watcher.close();
      if (timer !== undefined) clearTimeout(timer);
      finish?.();
    };
    context.signal.addEventListener('abort', stop, { once: true });

    const flush = async (): Promise<void> => {
      if (running || pending.size === 0) return;
      running = true;
      // Directories show up in the events too; only files are changes.
      const paths = [...pending]
        .filter((path) => !statSync(join(repo.root, path), { throwIfNoEntry: false })?.isDirectory())
        .sort();
      pending.clear();
      if (paths.length === 0) {
        running = false;
        return;
      }
      const known = new Set(repo.graph.files);
      const changes = paths.map((path) => ({
        path,
        status: existsSync(join(repo.root, path)) ? ('modified' as const) : ('deleted' as const),
      }));
      // Edits of known files update the graph in place; new or deleted files and config changes
      // (updateFiles refuses those) rebuild it from the cache.
      const comeOrGone = changes.some((change) => change.status === 'deleted' || !known.has(change.path));
      if (comeOrGone || !repo.graph.updateFiles(paths.filter((path) => repo.graph.imports.has(path)))) {
        repo = await openRepo(repo.root);
        saveCachesNow();
      }
      const result = await affectedFor(repo, changes, input.semantics);
      runs++;
      if (result.tests.length === 0) {
        writeLine(
          { changed: result.changed, tests: [], ran: false },
          `dep-ci: ${result.changed.join(' ')} changed: no affected tests`,
        );
      } else {
        const fromCwd = result.tests.map((test) =>
          relative(context.cwd, join(repo.root, test)).split(sep).join('/'),
        );
        const command = narrowCommand(input.command, fromCwd);
        context.stderr.write(
          `dep-ci: ${result.changed.join(' ')} changed: ${result.tests.length} affected test${result.tests.length === 1 ? '' : 's'}: ${command.join(' ')}\n`,
        );
        exitCode = await spawnRunner(
          command,
          context.cwd,
          context.env,
          context.globals.json,
          context.stderr,
          context.signal,
        );
        writeLine(
          { changed: result.changed, tests: result.tests, ran: true, exitCode },
          `dep-ci: exit ${exitCode}`,
        );
      }
      running = false;
      if (input.maxRuns !== undefined && runs >= input.maxRuns) stop();
      else if (pending.size > 0) void flush();
    };
    const writeLine = (json: Record<string, unknown>, human: string): void => {
      if (context.globals.json) context.stdout.write(`${JSON.stringify(json)}\n`);
      else context.output.line(human);
    };
    context.stderr.write(
      `dep-ci: watching ${repo.root} (${repo.graph.codeFiles.length} files); Ctrl-C stops\n`,
    );
    await finished;
    return { runs, exitCode };
  },
  exitCode: (result) => result.exitCode,
});
