import { defineCommand } from '@venom/core';
import type { AffectedResult } from '../../affected/compute-affected.js';
import type { Semantics } from '../../graph/build-graph.js';
import { affectedFor, changeOptions, collectChanges, openRepo, semanticsOption } from './shared.js';

export const affectedCommand = defineCommand({
  name: 'affected',
  summary:
    'List the files and tests a change can affect (named files, --since <ref>, --staged, or the work tree)',
  description:
    'With --json prints { semantics, changed, affected, tests, reasons, unresolved } with repo-relative, sorted paths. Without files or flags, the uncommitted changes of the work tree are used.',
  examples: [
    'dep-ci affected --since main --json',
    'dep-ci affected src/util.ts',
    'dep-ci affected --staged',
  ],
  positionals: [{ name: 'files', description: 'Changed files (default: from git)', variadic: true }],
  options: { ...changeOptions, semantics: semanticsOption },
  // No zod schema: the kit already checks flags and choices, and importing zod would cost more than
  // the whole warm query (docs/decisions/2026-11-21-dep-ci-no-zod-on-hot-commands.md).
  async run(
    input: { files: string[]; since?: string; staged: boolean; semantics: Semantics },
    context,
  ): Promise<AffectedResult> {
    const repo = await openRepo(context.cwd);
    const changes = await collectChanges(repo, context.cwd, input);
    return affectedFor(repo, changes, input.semantics);
  },
  render(result, output) {
    output.line(`changed (${result.changed.length}): ${result.changed.join(' ') || '-'}`);
    output.line(`affected files: ${result.affected.length}`);
    output.line(`tests (${result.tests.length}):`);
    for (const test of result.tests) output.line(`  ${test}`);
    if (result.unresolved.length > 0)
      output.line(`unresolved imports: ${result.unresolved.length} (see --json)`);
  },
});
