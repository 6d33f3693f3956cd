/** One alternative of a dependency: `name[:arch] [(op version)]`. */
export interface RelationAlternative {
  name: string;
  relation?: string;
  version?: string;
}

/**
 * Parses a Debian relation field (`a (>= 1), b | c [amd64], d:any`) into AND-ed groups of OR-ed
 * alternatives. Architecture qualifiers and restriction lists are dropped; `:any`/`:native` too.
 */
export function parseRelationField(value: string | undefined): RelationAlternative[][] {
  if (value === undefined || value.trim() === '') return [];
  const groups: RelationAlternative[][] = [];
  for (const group of value.split(',')) {
    const alternatives: RelationAlternative[] = [];
    for (const part of group.split('|')) {
      const text = part
        .replace(/\[[^\]]*\]/g, '')
        .replace(/<[^>]*>/g, '')
        .trim();
      if (text === '') continue;
      const match = /^([^\s(:]+)(?::[a-z0-9-]+)?\s*(?:\(\s*([<>=]+)\s*([^)\s]+)\s*\))?/.exec(text);
      if (match === null || match[1] === undefined) continue;
      const alternative: RelationAlternative = { name: match[1] };
      if (match[2] !== undefined && match[3] !== undefined) {
        alternative.relation = match[2];
        alternative.version = match[3];
      }
      alternatives.push(alternative);
    }
    if (alternatives.length > 0) groups.push(alternatives);
  }
  return groups;
}

/** A relation group as text again: `a (>= 1) | b`. */
export function formatRelationGroup(group: readonly RelationAlternative[]): string {
  return group
    .map((alternative) =>
      alternative.relation === undefined
        ? alternative.name
        : `${alternative.name} (${alternative.relation} ${alternative.version})`,
    )
    .join(' | ');
}
