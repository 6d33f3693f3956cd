import { VenomError } from '../errors/index.js';
import { didYouMean } from '../text/index.js';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function keyPathsOf(value: unknown, prefix: string): string[] {
  if (!isPlainObject(value)) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    return [path, ...keyPathsOf(child, path)];
  });
}

/** The value at a dotted key path, or undefined when any segment is missing (no error). */
export function valueAtPath(value: unknown, keyPath: string): unknown {
  let current = value;
  for (const segment of keyPath.split('.')) {
    if (!isPlainObject(current) || !Object.hasOwn(current, segment)) return undefined;
    current = current[segment];
  }
  return current;
}

/**
 * The value at a dotted key path of a loaded configuration (a leaf or a whole section). Throws
 * CONFIG_UNKNOWN_KEY (usage) with a did-you-mean for a path that is not in the value. `loadConfig` gives
 * unset optional keys an own `undefined` property, so they read as undefined; keys inside an optional
 * section that is absent altogether are not in the value (check `configKeys(schema)` for those).
 */
export function getConfigValue(value: unknown, keyPath: string): unknown {
  let current = value;
  for (const segment of keyPath.split('.')) {
    if (!isPlainObject(current) || !Object.hasOwn(current, segment)) {
      const suggestion = didYouMean(keyPath, keyPathsOf(value, ''));
      throw new VenomError({
        code: 'CONFIG_UNKNOWN_KEY',
        category: 'usage',
        message: `unknown key '${keyPath}'`,
        hint:
          suggestion === undefined
            ? "List the keys and their values with 'config explain'."
            : `did you mean '${suggestion}'?`,
        details: { key: keyPath, ...(suggestion === undefined ? {} : { suggestion }) },
      });
    }
    current = current[segment];
  }
  return current;
}
