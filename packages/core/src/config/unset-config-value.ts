import { withFileLock } from '../fs/with-file-lock.js';
import { findPair, leafForEdit, openForEdit, writeEdited } from './edit-config-file.js';
import type { ConfigSpec } from './load-config.js';
import { schemaTree } from './schema-tree.js';

/**
 * Removes one key from a YAML config file, keeping the other keys and their comments, and removes the
 * sections it leaves empty. Returns false when the file or the key was not there (nothing is written).
 * Throws CONFIG_UNKNOWN_KEY (with did-you-mean) for a key not in the schema.
 */
export async function unsetConfigValue<T>(
  spec: ConfigSpec<T>,
  file: string,
  keyPath: string,
): Promise<boolean> {
  const root = schemaTree(spec.schema);
  leafForEdit(spec.tool, root, keyPath);
  return withFileLock(file, async () => {
    const { parsed, existed } = await openForEdit(spec.tool, root, file, keyPath);
    if (!existed || parsed.map === undefined) return false;
    const found = findPair(parsed, parsed.map, keyPath.split('.'));
    if (!found) return false;
    found.map.items.splice(found.map.items.indexOf(found.pair), 1);
    let emptied = found.map;
    for (const { map, pair } of found.enclosing.reverse()) {
      if (emptied.items.length > 0) break;
      map.items.splice(map.items.indexOf(pair), 1);
      emptied = map;
    }
    writeEdited(spec.tool, root, parsed, existed);
    return true;
  });
}
