import { defineCommand } from '@venom/core';
import { openRepo, semanticsOption } from './shared.js';

export const graphCommand = defineCommand({
  name: 'graph',
  summary: 'Print the import graph as JSON or Graphviz dot',
  examples: ['dep-ci graph --format dot | dot -Tsvg > graph.svg', 'dep-ci graph --format json'],
  options: {
    format: {
      type: 'string',
      description: 'Output format',
      choices: ['json', 'dot'],
      default: 'json',
      valueName: 'format',
    },
    semantics: semanticsOption,
  },
  input: (z) => z.object({ format: z.enum(['json', 'dot']), semantics: z.enum(['source', 'runtime']) }),
  async run(input, context): Promise<unknown> {
    const repo = await openRepo(context.cwd);
    const { graphToDot, graphToJson } = await import('../../graph/render-graph.js');
    if (input.format === 'dot' && !context.globals.json) return graphToDot(repo.graph, input.semantics);
    return graphToJson(repo.graph, input.semantics);
  },
  render(result, output) {
    if (typeof result === 'string') output.line(result.trimEnd());
    else output.line(JSON.stringify(result, null, 2));
  },
});
