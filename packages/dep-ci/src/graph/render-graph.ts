import type { DependencyGraph, Semantics } from './build-graph.js';

/** The graph as one JSON document: every code file with its resolved imports. */
export function graphToJson(
  graph: DependencyGraph,
  semantics: Semantics,
): {
  semantics: Semantics;
  files: Record<string, { imports: { file: string; specifier: string; kind: string; typeOnly: boolean }[] }>;
  unresolved: DependencyGraph['unresolved'];
} {
  const files: Record<
    string,
    { imports: { file: string; specifier: string; kind: string; typeOnly: boolean }[] }
  > = {};
  for (const file of graph.codeFiles) {
    const edges = (graph.imports.get(file) ?? []).filter((edge) => semantics === 'source' || edge.runtime);
    files[file] = {
      imports: edges.map((edge) => ({
        file: edge.to,
        specifier: edge.specifier,
        kind: edge.kind,
        typeOnly: edge.typeOnly,
      })),
    };
  }
  return { semantics, files, unresolved: graph.unresolved };
}

/** The graph in Graphviz dot; type-only edges are dashed. */
export function graphToDot(graph: DependencyGraph, semantics: Semantics): string {
  const lines = ['digraph imports {', '  rankdir=LR;', '  node [shape=box, fontsize=10];'];
  for (const file of graph.codeFiles) {
    lines.push(`  ${JSON.stringify(file)};`);
    for (const edge of graph.imports.get(file) ?? []) {
      if (semantics === 'runtime' && !edge.runtime) continue;
      lines.push(
        `  ${JSON.stringify(file)} -> ${JSON.stringify(edge.to)}${edge.typeOnly ? ' [style=dashed]' : ''};`,
      );
    }
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
