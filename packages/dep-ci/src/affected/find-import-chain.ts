import type { DependencyGraph, Semantics } from '../graph/build-graph.js';

/**
 * The shortest import chain from `from` to `to` (both repo-relative), `from` first, or undefined
 * when `from` does not depend on `to` under the semantics.
 */
export function findImportChain(
  graph: DependencyGraph,
  from: string,
  to: string,
  semantics: Semantics,
): { file: string; specifier?: string }[] | undefined {
  if (from === to) return [{ file: from }];
  const parent = new Map<string, { file: string; specifier: string }>();
  const queue = [from];
  const seen = new Set([from]);
  for (let index = 0; index < queue.length; index++) {
    const file = queue[index] as string;
    for (const edge of graph.imports.get(file) ?? []) {
      if (semantics === 'runtime' && !edge.runtime) continue;
      if (seen.has(edge.to)) continue;
      seen.add(edge.to);
      parent.set(edge.to, { file, specifier: edge.specifier });
      if (edge.to === to) {
        const chain: { file: string; specifier?: string }[] = [{ file: to }];
        let current = to;
        for (let step = parent.get(current); step !== undefined; step = parent.get(current)) {
          chain.push({ file: step.file, specifier: step.specifier });
          current = step.file;
        }
        // Built from `to` back to `from`; each entry's specifier is how it imports the next one.
        return chain.reverse();
      }
      queue.push(edge.to);
    }
  }
  return undefined;
}
