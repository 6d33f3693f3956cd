import { statSync } from 'node:fs';
import type { Node, Pair, YAMLMap } from 'yaml';
import { VenomError } from '../errors/index.js';
import { writeFileAtomic } from '../fs/index.js';
import {
  collectFileLayer,
  type ParsedConfigFile,
  parseConfigText,
  readConfigText,
} from './config-file-layer.js';
import { problemForNonLeaf, throwProblems } from './config-problem.js';
import { resolveKey, type SchemaLeaf, type SchemaSection } from './schema-tree.js';

/** The leaf a `config set`/`unset` names; CONFIG_UNKNOWN_KEY with a did-you-mean otherwise. */
export function leafForEdit(tool: string, root: SchemaSection, keyPath: string): SchemaLeaf {
  const resolution = resolveKey(root, keyPath);
  if (resolution.kind === 'leaf') return resolution.leaf;
  throwProblems([problemForNonLeaf(tool, { label: '' }, root, keyPath, resolution)]);
  throw new VenomError({
    code: 'INTERNAL',
    category: 'internal',
    message: `no problem reported for '${keyPath}'`,
  });
}

/**
 * Opens a config file for editing: a missing file reads as empty. The file's problems are thrown, except
 * those about `keyPath` itself, which the edit is about to replace or remove.
 */
export async function openForEdit(
  tool: string,
  root: SchemaSection,
  file: string,
  keyPath: string,
): Promise<{ parsed: ParsedConfigFile; existed: boolean }> {
  const text = await readConfigText(file);
  const yaml = await import('yaml');
  const parsed = parseConfigText(yaml, text ?? '', file, tool);
  const { problems } = collectFileLayer(parsed, 'user', tool, root);
  throwProblems(problems.filter((problem) => problem.key !== keyPath));
  return { parsed, existed: text !== undefined };
}

/** Re-validates the edited document as a whole, then writes it atomically, keeping the file's mode. */
export function writeEdited(
  tool: string,
  root: SchemaSection,
  parsed: ParsedConfigFile,
  existed: boolean,
): void {
  const text = parsed.document.toString();
  const reparsed = parseConfigText(parsed.yaml, text, parsed.file, tool);
  throwProblems(collectFileLayer(reparsed, 'user', tool, root).problems);
  const mode = existed ? statSync(parsed.file).mode & 0o777 : 0o644;
  writeFileAtomic(parsed.file, text, { mode });
}

function keySegments(parsed: ParsedConfigFile, pair: Pair): string[] {
  const key = parsed.yaml.isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
  return key.split('.');
}

function startsWith(segments: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= segments.length && prefix.every((segment, index) => segments[index] === segment);
}

function mapValue(parsed: ParsedConfigFile, pair: Pair): YAMLMap | undefined {
  let value = pair.value as Node | null;
  if (parsed.yaml.isAlias(value)) value = (value.resolve(parsed.document) as Node | undefined) ?? null;
  return parsed.yaml.isMap(value) ? value : undefined;
}

/** A key's pair and the section pairs around it, outermost first; dotted keys (`log.level:`) count. */
export interface FoundPair {
  map: YAMLMap;
  pair: Pair;
  enclosing: { map: YAMLMap; pair: Pair }[];
}

/** Finds the pair that sets `segments` in `map`, whether written nested, dotted or mixed. */
export function findPair(
  parsed: ParsedConfigFile,
  map: YAMLMap,
  segments: readonly string[],
): FoundPair | undefined {
  for (const item of map.items) {
    const pair = item as Pair;
    const written = keySegments(parsed, pair);
    if (!startsWith(segments, written)) continue;
    if (written.length === segments.length) return { map, pair, enclosing: [] };
    const nested = mapValue(parsed, pair);
    const found = nested && findPair(parsed, nested, segments.slice(written.length));
    if (found) {
      found.enclosing.unshift({ map, pair });
      return found;
    }
  }
  return undefined;
}

function nestedValue(segments: readonly string[], value: unknown): unknown {
  return segments.reduceRight<unknown>((inner, segment) => ({ [segment]: inner }), value);
}

/**
 * Adds `segments: value` under `map`, inside the deepest section already written (nested or dotted), so
 * that a file keeps one block per section.
 */
export function insertValue(
  parsed: ParsedConfigFile,
  map: YAMLMap,
  segments: readonly string[],
  value: unknown,
) {
  const { document, yaml } = parsed;
  for (let length = segments.length - 1; length > 0; length--) {
    const prefix = segments.slice(0, length);
    for (const item of map.items) {
      const pair = item as Pair;
      const written = keySegments(parsed, pair);
      if (written.length !== prefix.length || !startsWith(prefix, written)) continue;
      const nested = mapValue(parsed, pair);
      if (nested) {
        insertValue(parsed, nested, segments.slice(length), value);
        return;
      }
      if (pair.value === null || (yaml.isScalar(pair.value) && pair.value.value === null)) {
        pair.value = document.createNode(nestedValue(segments.slice(length), value));
        return;
      }
    }
  }
  const [first, ...rest] = segments;
  if (first === undefined) return;
  // An emptied file reads back as `{}`; new keys go on their own lines.
  if (map.items.length === 0) map.flow = false;
  map.items.push(document.createPair(first, nestedValue(rest, value)));
}

/** Replaces a pair's value, keeping the comments written on and before the old value. */
export function replaceValue(parsed: ParsedConfigFile, pair: Pair, value: unknown): void {
  const old = pair.value as Node | null;
  const fresh = parsed.document.createNode(value);
  if (old !== null && parsed.yaml.isNode(old)) {
    if (old.comment !== undefined) fresh.comment = old.comment;
    if (old.commentBefore !== undefined) fresh.commentBefore = old.commentBefore;
  }
  pair.value = fresh;
}
