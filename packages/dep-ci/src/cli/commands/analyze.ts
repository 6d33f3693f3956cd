import { defineCommand } from '@venom/core';
import type { AffectedResult } from '../../affected/compute-affected.js';
import type { Semantics } from '../../graph/build-graph.js';
import { affectedFor, collectChanges, openRepo, semanticsOption } from './shared.js';

export const analyzeCommand = defineCommand({
  name: 'analyze',
  summary: 'Print the files affected by a change to one file, one per line',
  description: 'The same engine as affected; with --json prints the affected contract.',
  examples: ['dep-ci analyze src/util.ts'],
  positionals: [{ name: 'file', description: 'The file to analyze', required: true }],
  options: { semantics: semanticsOption },
  // No zod schema on this hot path: see docs/decisions/2026-11-21-dep-ci-no-zod-on-hot-commands.md.
  async run(input: { file: string; semantics: Semantics }, context): Promise<AffectedResult> {
    const repo = await openRepo(context.cwd);
    const changes = await collectChanges(repo, context.cwd, { files: [input.file] });
    for (const change of changes) {
      if (change.status === 'deleted')
        context.warn(`${change.path} does not exist; analyzed as a deleted file`);
    }
    return affectedFor(repo, changes, input.semantics);
  },
  render(result, output) {
    for (const file of result.affected) output.line(file);
  },
});
