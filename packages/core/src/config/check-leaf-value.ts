import { describeReceived, expectedDescription, type LeafKind, type SchemaLeaf } from './schema-tree.js';

/**
 * Checks one value against its leaf's schema. Returns what is wrong (`expected a number, got "ten"`),
 * or undefined when the value is valid.
 */
export function checkLeafValue(leaf: SchemaLeaf, value: unknown): string | undefined {
  const result = leaf.schema.safeParse(value);
  if (result.success) return undefined;
  const issue = result.error.issues[0];
  const received = describeReceived(value);
  if (issue === undefined || ['invalid_type', 'invalid_value', 'invalid_union'].includes(issue.code)) {
    return `expected ${expectedDescription(leaf)}, got ${received}`;
  }
  const reason = issue.message.charAt(0).toLowerCase() + issue.message.slice(1);
  return `${reason}, got ${received}`;
}

const notCoercible = Symbol('not coercible');

const booleanWords: Record<string, boolean> = {
  true: true,
  false: false,
  '1': true,
  '0': false,
  yes: true,
  no: false,
};

function coerceScalar(kind: LeafKind, options: readonly unknown[], raw: string): unknown {
  const trimmed = raw.trim();
  switch (kind) {
    case 'number': {
      const number = Number(trimmed);
      return trimmed !== '' && Number.isFinite(number) ? number : notCoercible;
    }
    case 'boolean':
      return booleanWords[trimmed.toLowerCase()] ?? notCoercible;
    case 'enum': {
      const match = options.find((option) => String(option) === trimmed);
      return match === undefined ? notCoercible : match;
    }
    case 'string':
      return raw;
    default:
      try {
        return JSON.parse(raw);
      } catch {
        return raw;
      }
  }
}

/**
 * Turns a raw string from the environment, a flag or `config set` into the leaf's type: numbers, booleans
 * (true/false/1/0/yes/no), enum members, strings, and comma-separated lists. Other types are read as JSON
 * when they parse, else as the string. The result is then checked against the leaf's schema.
 */
export function coerceRawValue(
  leaf: SchemaLeaf,
  raw: string,
): { ok: true; value: unknown } | { ok: false; problem: string } {
  let value: unknown;
  if (leaf.valueKind === 'array') {
    const items = raw.trim() === '' ? [] : raw.split(',').map((item) => item.trim());
    const coerced = items.map((item) => coerceScalar(leaf.itemKind, leaf.itemOptions, item));
    value = coerced.includes(notCoercible) ? notCoercible : coerced;
  } else {
    value = coerceScalar(leaf.valueKind, leaf.options, raw);
  }
  if (value === notCoercible) {
    return { ok: false, problem: `expected ${expectedDescription(leaf)}, got ${describeReceived(raw)}` };
  }
  const problem = checkLeafValue(leaf, value);
  return problem === undefined ? { ok: true, value } : { ok: false, problem };
}
