import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { VenomError, writeFileAtomic } from '@venom/core';
import type { AurPackageInfo } from '../backends/aur/create-aur-client.js';
import type { PackageRecord } from '../backends/package-record.js';
import { toRelationField } from '../backends/pacman/parse-desc.js';
import { encodeSearchText } from '../index/search-text.js';

/** What `omg aur index` recorded about the dump it read. */
export interface AurMetadataIndexState {
  /** The dump file (packages-meta-ext-v1.json.gz or packages-meta-v1.json.gz). */
  source: string;
  packageCount: number;
  /** ISO time the index was built (from the injected clock). */
  builtAt: string;
  /** The dump's modification time, ISO. */
  sourceModifiedAt: string;
}

/** The index files: `<cacheDir>/aur/metadata/{search.txt,state.json}`. */
export function aurMetadataIndexPaths(cacheDir: string): { searchText: string; state: string } {
  const directory = join(cacheDir, 'aur', 'metadata');
  return { searchText: join(directory, 'search.txt'), state: join(directory, 'state.json') };
}

/**
 * Builds the offline AUR search index from the AUR's metadata dump (a JSON array of RPC info
 * objects, gzip-compressed or not): search text in omg's index format (name, description, version,
 * provides). A dump that is not such an array is AUR_METADATA_INVALID (usage).
 */
export async function buildAurMetadataIndex(
  dumpPath: string,
  cacheDir: string,
  now: () => Date = () => new Date(),
): Promise<AurMetadataIndexState> {
  let raw: Buffer;
  try {
    raw = await readFile(dumpPath);
  } catch (error) {
    throw new VenomError({
      code: 'AUR_METADATA_UNREADABLE',
      category: 'usage',
      message: `${dumpPath}: cannot read the AUR metadata dump (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      hint: 'Download https://aur.archlinux.org/packages-meta-ext-v1.json.gz and pass its path.',
      cause: error,
    });
  }
  let items: unknown;
  try {
    const text = (raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw).toString('utf8');
    items = JSON.parse(text);
  } catch (error) {
    throw new VenomError({
      code: 'AUR_METADATA_INVALID',
      category: 'usage',
      message: `${dumpPath}: not an AUR metadata dump (${(error as Error).message})`,
      cause: error,
    });
  }
  if (!Array.isArray(items)) {
    throw new VenomError({
      code: 'AUR_METADATA_INVALID',
      category: 'usage',
      message: `${dumpPath}: not an AUR metadata dump (expected a JSON array of packages)`,
    });
  }
  const records: PackageRecord[] = [];
  for (const item of items as Array<Partial<AurPackageInfo>>) {
    if (typeof item?.Name !== 'string' || typeof item.Version !== 'string') continue;
    const provides = Array.isArray(item.Provides) ? toRelationField(item.Provides) : undefined;
    records.push({
      name: item.Name,
      version: item.Version,
      architecture: 'any',
      repository: 'aur',
      description: typeof item.Description === 'string' ? item.Description : '',
      longDescription: '',
      relations: provides === undefined ? {} : { provides },
    });
  }
  const paths = aurMetadataIndexPaths(cacheDir);
  writeFileAtomic(paths.searchText, encodeSearchText(records));
  const state: AurMetadataIndexState = {
    source: dumpPath,
    packageCount: records.length,
    builtAt: now().toISOString(),
    sourceModifiedAt: (await stat(dumpPath)).mtime.toISOString(),
  };
  writeFileAtomic(paths.state, `${JSON.stringify(state, null, 2)}\n`);
  return state;
}

/** The offline index's search text and state, or undefined when `omg aur index` never ran. */
export async function readAurMetadataIndex(
  cacheDir: string,
): Promise<{ text: string; state: AurMetadataIndexState } | undefined> {
  const paths = aurMetadataIndexPaths(cacheDir);
  try {
    const [text, state] = await Promise.all([
      readFile(paths.searchText, 'utf8'),
      readFile(paths.state, 'utf8'),
    ]);
    return { text, state: JSON.parse(state) as AurMetadataIndexState };
  } catch {
    return undefined;
  }
}
