import type { VersionRelation } from '../../versions/compare-debian-versions.js';

/** One alternative of a Debian relation: `name[:arch] [(op version)]`. */
export interface AptRelation {
  name: string;
  /** The qualifier after `:` (`any`, `native`, or an architecture), when written. */
  architecture?: string;
  operator?: VersionRelation;
  version?: string;
}

/** A relation field as AND-ed groups of OR-ed alternatives. */
export type AptRelationGroups = AptRelation[][];

const cache = new Map<string, AptRelationGroups>();
const empty: AptRelationGroups = [];
const alternativePattern = /^([^\s(:]+)(?::([a-z0-9-]+))?\s*(?:\(\s*(<<|<=|>=|>>|=|<|>)\s*([^)\s]+)\s*\))?/;

/**
 * Parses a relation field (`a (>= 1), b:any | c [amd64], d <!nocheck>`), keeping architecture
 * qualifiers and dropping architecture and build-profile restriction lists. Results are shared and
 * cached per text: do not modify them.
 */
export function parseAptRelations(value: string | undefined): AptRelationGroups {
  if (value === undefined || value === '') return empty;
  const cached = cache.get(value);
  if (cached !== undefined) return cached;
  const groups: AptRelationGroups = [];
  for (const group of value.split(',')) {
    const alternatives: AptRelation[] = [];
    for (const part of group.split('|')) {
      const text =
        part.includes('[') || part.includes('<') ? part.replace(/\[[^\]]*\]|<[!a-z][^>]*>/g, '') : part;
      const match = alternativePattern.exec(text.trim());
      if (match === null || match[1] === undefined) continue;
      const relation: AptRelation = { name: match[1] };
      if (match[2] !== undefined) relation.architecture = match[2];
      if (match[3] !== undefined && match[4] !== undefined) {
        relation.operator = match[3] as VersionRelation;
        relation.version = match[4];
      }
      alternatives.push(relation);
    }
    if (alternatives.length > 0) groups.push(alternatives);
  }
  if (cache.size > 200_000) cache.clear();
  cache.set(value, groups);
  return groups;
}

/** A relation as text again: `name:arch (op version)`. */
export function formatAptRelation(relation: AptRelation): string {
  const name =
    relation.architecture === undefined ? relation.name : `${relation.name}:${relation.architecture}`;
  return relation.operator === undefined ? name : `${name} (${relation.operator} ${relation.version})`;
}
