import { VenomError } from '@venom/core';

/** The fields of an earlier step a reference may start with, e.g. `${s1.output.files}`. */
export const REFERENCE_FIELDS = ['output', 'text', 'exitCode', 'ok'] as const;

/** One `${step.field.path}` reference found inside a step's params. */
export interface PlanReference {
  /** The whole reference as written, e.g. `${s1.output.files}`. */
  source: string;
  stepId: string;
  /** The field and the path below it, e.g. ['output', 'files']. */
  path: string[];
  /** Where in params it was found, e.g. ['paths', 0]. */
  location: Array<string | number>;
}

/**
 * `${name.rest}`: a reference always has a dot after the step id, so `${HOME}` in a shell command is
 * left alone (a shell variable name cannot hold a dot).
 */
const REFERENCE_PATTERN = /\$\{([A-Za-z_][\w-]*)((?:\.[\w-]+)+)\}/g;
const WHOLE_REFERENCE_PATTERN = /^\$\{([A-Za-z_][\w-]*)((?:\.[\w-]+)+)\}$/;

function referencesInString(text: string, location: Array<string | number>): PlanReference[] {
  const found: PlanReference[] = [];
  for (const match of text.matchAll(REFERENCE_PATTERN)) {
    found.push({
      source: match[0],
      stepId: match[1] ?? '',
      path: (match[2] ?? '').slice(1).split('.'),
      location,
    });
  }
  return found;
}

/** Every reference inside `value` (strings, arrays and plain objects, at any depth). */
export function findReferences(value: unknown, location: Array<string | number> = []): PlanReference[] {
  if (typeof value === 'string') return value.includes('${') ? referencesInString(value, location) : [];
  if (Array.isArray(value)) return value.flatMap((item, index) => findReferences(item, [...location, index]));
  if (isPlainObject(value)) {
    return Object.entries(value).flatMap(([key, item]) => findReferences(item, [...location, key]));
  }
  return [];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unresolved(source: string, reason: string): VenomError {
  return new VenomError({
    code: 'REFERENCE_UNRESOLVED',
    category: 'usage',
    message: `${source} cannot be resolved: ${reason}`,
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the reference syntax, shown to the user
    hint: 'A reference names a step listed in dependsOn and a path in its result, like ${s1.output.files}.',
    details: { reference: source },
  });
}

function lookUp(source: string, stepId: string, path: string[], outputs: Record<string, unknown>): unknown {
  if (!Object.hasOwn(outputs, stepId)) throw unresolved(source, `step '${stepId}' has no result`);
  let current: unknown = outputs[stepId];
  const walked: string[] = [stepId];
  for (const segment of path) {
    if (Array.isArray(current) && /^\d+$/.test(segment)) {
      current = current[Number(segment)];
    } else if (isPlainObject(current) && Object.hasOwn(current, segment)) {
      current = current[segment];
    } else {
      current = undefined;
    }
    walked.push(segment);
    if (current === undefined) throw unresolved(source, `'${walked.join('.')}' is not in the result`);
  }
  return current;
}

function toText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function resolveValue(value: unknown, outputs: Record<string, unknown>): unknown {
  if (typeof value === 'string') {
    if (!value.includes('${')) return value;
    // A string that is exactly one reference takes the referenced value with its type (a list stays a list).
    const whole = WHOLE_REFERENCE_PATTERN.exec(value);
    if (whole) return lookUp(value, whole[1] ?? '', (whole[2] ?? '').slice(1).split('.'), outputs);
    return value.replace(REFERENCE_PATTERN, (source, stepId: string, path: string) =>
      toText(lookUp(source, stepId, path.slice(1).split('.'), outputs)),
    );
  }
  if (Array.isArray(value)) return value.map((item) => resolveValue(item, outputs));
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolveValue(item, outputs)]));
  }
  return value;
}

/**
 * Replaces every `${step.field.path}` in params with the value at that path of `outputs[step]`
 * (outputs maps a step id to `{ output, text, exitCode, ok }` of its result). A string that is exactly
 * one reference becomes the referenced value itself; a reference inside a longer string is written
 * as text (JSON for lists and objects). A numeric segment indexes a list: `${s1.output.files.0}`.
 * Throws VenomError REFERENCE_UNRESOLVED (usage) naming the reference when a value is missing.
 */
export function resolveReferences(
  params: Record<string, unknown>,
  outputs: Record<string, unknown>,
): Record<string, unknown> {
  return resolveValue(params, outputs) as Record<string, unknown>;
}
