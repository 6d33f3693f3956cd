import type { ZodType } from 'zod';

/**
 * A read-only view of a zod 4 object schema as a tree of sections (objects) and leaves (everything else).
 * Built by reading `schema._zod.def`, so it needs no runtime import of zod.
 */

/** How a raw string from the environment or a flag is turned into a value. */
export type LeafKind = 'number' | 'boolean' | 'enum' | 'string' | 'array' | 'other';

export interface SchemaLeaf {
  kind: 'leaf';
  path: string;
  /** The leaf's schema with its optional/default wrappers, used to validate one value. */
  schema: ZodType;
  valueKind: LeafKind;
  /** Allowed values for an enum or literal leaf. */
  options: readonly unknown[];
  /** The kind of an array's items. */
  itemKind: LeafKind;
  itemOptions: readonly unknown[];
  hasDefault: boolean;
  defaultValue: unknown;
  description: string | undefined;
}

export interface SchemaSection {
  kind: 'section';
  path: string;
  children: Map<string, SchemaNode>;
  /** An optional section is only created when one of its keys is set. */
  optional: boolean;
  hasDefault: boolean;
  defaultValue: unknown;
  description: string | undefined;
}

export type SchemaNode = SchemaLeaf | SchemaSection;

interface ZodDefinition {
  type: string;
  innerType?: ZodType;
  defaultValue?: unknown;
  shape?: Record<string, ZodType>;
  entries?: Record<string, unknown>;
  values?: readonly unknown[];
  element?: ZodType;
  in?: ZodType;
}

function definitionOf(schema: ZodType): ZodDefinition {
  return (schema as unknown as { _zod: { def: ZodDefinition } })._zod.def;
}

function descriptionOf(schema: ZodType): string | undefined {
  const description = (schema as { description?: unknown }).description;
  return typeof description === 'string' ? description : undefined;
}

interface Unwrapped {
  core: ZodType;
  optional: boolean;
  hasDefault: boolean;
  defaultValue: unknown;
  description: string | undefined;
}

const wrapperTypes = new Set([
  'optional',
  'nullable',
  'default',
  'prefault',
  'nonoptional',
  'readonly',
  'catch',
]);

/** Peels optional/nullable/default/prefault/readonly wrappers, remembering the outermost default and description. */
function unwrap(schema: ZodType): Unwrapped {
  const unwrapped: Unwrapped = {
    core: schema,
    optional: false,
    hasDefault: false,
    defaultValue: undefined,
    description: descriptionOf(schema),
  };
  let definition = definitionOf(schema);
  while (wrapperTypes.has(definition.type) && definition.innerType !== undefined) {
    if (definition.type === 'optional') unwrapped.optional = true;
    if ((definition.type === 'default' || definition.type === 'prefault') && !unwrapped.hasDefault) {
      unwrapped.hasDefault = true;
      unwrapped.defaultValue = definition.defaultValue;
    }
    unwrapped.core = definition.innerType;
    unwrapped.description ??= descriptionOf(unwrapped.core);
    definition = definitionOf(unwrapped.core);
  }
  return unwrapped;
}

function kindOf(schema: ZodType): { kind: LeafKind; options: readonly unknown[] } {
  let definition = definitionOf(schema);
  // A transform's input decides how a raw string is read.
  while (definition.type === 'pipe' && definition.in !== undefined) definition = definitionOf(definition.in);
  if (wrapperTypes.has(definition.type) && definition.innerType !== undefined) {
    return kindOf(unwrap(definition.innerType).core);
  }
  switch (definition.type) {
    case 'number':
    case 'boolean':
    case 'string':
    case 'array':
      return { kind: definition.type, options: [] };
    case 'enum':
      return { kind: 'enum', options: Object.values(definition.entries ?? {}) };
    case 'literal':
      return { kind: 'enum', options: definition.values ?? [] };
    default:
      return { kind: 'other', options: [] };
  }
}

function buildNode(schema: ZodType, path: string): SchemaNode {
  const unwrapped = unwrap(schema);
  const definition = definitionOf(unwrapped.core);
  if (definition.type === 'object' && definition.shape !== undefined) {
    const children = new Map<string, SchemaNode>();
    for (const [key, child] of Object.entries(definition.shape)) {
      children.set(key, buildNode(child, path === '' ? key : `${path}.${key}`));
    }
    return {
      kind: 'section',
      path,
      children,
      optional: unwrapped.optional,
      hasDefault: unwrapped.hasDefault,
      defaultValue: unwrapped.defaultValue,
      description: unwrapped.description,
    };
  }
  const { kind, options } = kindOf(unwrapped.core);
  const item =
    kind === 'array' && definition.element !== undefined
      ? kindOf(unwrap(definition.element).core)
      : { kind: 'other' as const, options: [] };
  return {
    kind: 'leaf',
    path,
    schema,
    valueKind: kind,
    options,
    itemKind: item.kind,
    itemOptions: item.options,
    hasDefault: unwrapped.hasDefault,
    defaultValue: unwrapped.defaultValue,
    description: unwrapped.description,
  };
}

const treeCache = new WeakMap<object, SchemaSection>();

/** The schema as a tree; throws a bug error if the schema is not an object schema. */
export function schemaTree(schema: ZodType): SchemaSection {
  const cached = treeCache.get(schema);
  if (cached) return cached;
  const root = buildNode(schema, '');
  if (root.kind !== 'section') {
    throw new TypeError('a config schema must be a z.object(...) at the top level');
  }
  treeCache.set(schema, root);
  return root;
}

/** Every leaf of the tree, in schema declaration order. */
export function schemaLeaves(section: SchemaSection): SchemaLeaf[] {
  const leaves: SchemaLeaf[] = [];
  for (const child of section.children.values()) {
    if (child.kind === 'leaf') leaves.push(child);
    else leaves.push(...schemaLeaves(child));
  }
  return leaves;
}

/** The node at a dotted key path, or undefined. */
export function nodeAt(root: SchemaSection, keyPath: string): SchemaNode | undefined {
  let node: SchemaNode = root;
  for (const segment of keyPath.split('.')) {
    if (node.kind !== 'section') return undefined;
    const child: SchemaNode | undefined = node.children.get(segment);
    if (child === undefined) return undefined;
    node = child;
  }
  return node;
}

/** The leaf at a dotted key path, or undefined (for an unknown path or a section). */
export function leafAt(root: SchemaSection, keyPath: string): SchemaLeaf | undefined {
  const node = nodeAt(root, keyPath);
  return node?.kind === 'leaf' ? node : undefined;
}

function nounFor(kind: LeafKind, options: readonly unknown[], plural: boolean): string {
  switch (kind) {
    case 'number':
      return plural ? 'numbers' : 'a number';
    case 'boolean':
      return plural ? 'booleans (true or false)' : 'true or false';
    case 'string':
      return plural ? 'strings' : 'a string';
    case 'enum':
      return `${plural ? 'values from' : 'one of'} ${options.map((option) => String(option)).join(', ')}`;
    case 'array':
      return plural ? 'lists' : 'a list';
    default:
      return plural ? 'valid values' : 'a valid value';
  }
}

/** What a leaf accepts, for messages: 'a number', 'one of debug, info', 'a list of strings'. */
export function expectedDescription(leaf: SchemaLeaf): string {
  if (leaf.valueKind === 'array' && leaf.itemKind !== 'other') {
    return `a list of ${nounFor(leaf.itemKind, leaf.itemOptions, true)}`;
  }
  return nounFor(leaf.valueKind, leaf.options, false);
}

/** A value as a user typed it on the command line: lists comma-separated, the rest as text. */
export function formatRawValue(value: unknown): string {
  if (Array.isArray(value)) return value.map((item) => formatRawValue(item)).join(',');
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

/** An example value for a hint: the default, else the first option, else a placeholder. */
export function exampleValue(leaf: SchemaLeaf): string {
  if (leaf.hasDefault && leaf.defaultValue !== undefined && leaf.defaultValue !== null) {
    const formatted = formatRawValue(leaf.defaultValue);
    if (formatted !== '') return formatted;
  }
  if (leaf.valueKind === 'enum' && leaf.options.length > 0) return String(leaf.options[0]);
  if (leaf.valueKind === 'boolean') return 'true';
  return `<${leaf.valueKind === 'other' ? 'value' : leaf.valueKind}>`;
}

/** A received value for messages: strings quoted, structures as short JSON. */
export function describeReceived(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

/** What a dotted key path names, read from `section`. */
export type KeyResolution =
  | { kind: 'leaf'; leaf: SchemaLeaf }
  | { kind: 'section'; section: SchemaSection }
  /** `segment` is not a child of `section`. */
  | { kind: 'unknown'; section: SchemaSection; segment: string }
  /** The path continues past a leaf, as in `log.level.x`. */
  | { kind: 'beyond-leaf'; leaf: SchemaLeaf };

/** Resolves a dotted key path relative to `section`. */
export function resolveKey(section: SchemaSection, relativePath: string): KeyResolution {
  let node: SchemaNode = section;
  for (const segment of relativePath.split('.')) {
    if (node.kind === 'leaf') return { kind: 'beyond-leaf', leaf: node };
    const child: SchemaNode | undefined = node.children.get(segment);
    if (child === undefined) return { kind: 'unknown', section: node, segment };
    node = child;
  }
  return node.kind === 'leaf' ? { kind: 'leaf', leaf: node } : { kind: 'section', section: node };
}
