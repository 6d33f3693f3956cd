import { defineCommand, VenomError } from '@venom/core';
import { openRepo, semanticsOption, toRepoPath } from './shared.js';

interface WhyResult {
  semantics: string;
  from: string;
  to: string;
  /** `from` first; each entry's specifier is how it imports the next. Empty when unrelated. */
  chain: { file: string; specifier?: string }[];
  exitCode: number;
}

export const whyCommand = defineCommand({
  name: 'why',
  summary: 'Print the import chain by which a test (or any file) depends on a file',
  description: 'Exits 1 when the test does not depend on the file.',
  examples: ['dep-ci why test/app.test.ts src/util.ts'],
  positionals: [
    { name: 'test', description: 'The dependent file, usually a test', required: true },
    { name: 'file', description: 'The file it may depend on', required: true },
  ],
  options: { semantics: semanticsOption },
  input: (z) =>
    z.object({ test: z.string().min(1), file: z.string().min(1), semantics: z.enum(['source', 'runtime']) }),
  async run(input, context): Promise<WhyResult> {
    const repo = await openRepo(context.cwd);
    const from = await toRepoPath(repo.root, context.cwd, input.test);
    const to = await toRepoPath(repo.root, context.cwd, input.file);
    for (const path of [from, to]) {
      if (!repo.graph.files.includes(path)) {
        throw new VenomError({
          code: 'FILE_NOT_IN_REPO',
          category: 'usage',
          message: `${path} is not a file of the repo at ${repo.root}`,
          hint: 'Give paths relative to the current directory; ignored files (.gitignore) are not in the graph.',
        });
      }
    }
    const { findImportChain } = await import('../../affected/find-import-chain.js');
    const chain = findImportChain(repo.graph, from, to, input.semantics) ?? [];
    return { semantics: input.semantics, from, to, chain, exitCode: chain.length === 0 ? 1 : 0 };
  },
  render(result, output) {
    if (result.chain.length === 0) {
      output.line(`${result.from} does not depend on ${result.to} (${result.semantics} semantics)`);
      return;
    }
    result.chain.forEach((step, index) => {
      const via = step.specifier === undefined ? '' : `  imports '${step.specifier}'`;
      output.line(`${'  '.repeat(index)}${step.file}${via}`);
    });
  },
});
