import { VenomError } from '../errors/index.js';
import { withFileLock } from '../fs/with-file-lock.js';
import { coerceRawValue } from './check-leaf-value.js';
import {
  findPair,
  insertValue,
  leafForEdit,
  openForEdit,
  replaceValue,
  writeEdited,
} from './edit-config-file.js';
import type { ConfigSpec } from './load-config.js';
import { describeReceived, exampleValue, expectedDescription, schemaTree } from './schema-tree.js';

/**
 * Sets one key in a YAML config file, keeping its comments and key order, and creates the file if it is
 * missing. The raw string is coerced to the leaf's type (number, boolean, enum, string; lists
 * comma-separated), then the whole file is re-validated before it is written atomically, all under the file's lock.
 * Throws CONFIG_UNKNOWN_KEY (with did-you-mean) for an unknown key, CONFIG_INVALID naming the key, the
 * expected type and the value given, and the errors of `loadConfig` for a broken file.
 */
export async function setConfigValue<T>(
  spec: ConfigSpec<T>,
  file: string,
  keyPath: string,
  rawValue: string,
): Promise<void> {
  const root = schemaTree(spec.schema);
  const leaf = leafForEdit(spec.tool, root, keyPath);
  const coerced = coerceRawValue(leaf, rawValue);
  if (!coerced.ok) {
    throw new VenomError({
      code: 'CONFIG_INVALID',
      category: 'usage',
      message: `${keyPath}: ${coerced.problem}.`,
      hint: `Run '${spec.tool} config set ${keyPath} ${exampleValue(leaf)}' with a valid value.`,
      details: { key: keyPath, file, expected: expectedDescription(leaf), got: describeReceived(rawValue) },
    });
  }
  // Read, edit and write under the file's lock: two `config set` at once must not lose one change.
  await withFileLock(file, async () => {
    const { parsed, existed } = await openForEdit(spec.tool, root, file, keyPath);
    const segments = keyPath.split('.');
    let map = parsed.map;
    if (map === undefined) {
      map = new parsed.yaml.YAMLMap();
      parsed.document.contents = map;
    }
    const found = findPair(parsed, map, segments);
    if (found) replaceValue(parsed, found.pair, coerced.value);
    else insertValue(parsed, map, segments, coerced.value);
    writeEdited(spec.tool, root, parsed, existed);
  });
}
