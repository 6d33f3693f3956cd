import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, normalize } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { VenomError } from '@venom/core';
import type { AurClient } from '../backends/aur/create-aur-client.js';
import { readTarEntries, TarFormatError } from '../backends/pacman/read-tar-entries.js';

/** A package base's build directory, filled from its AUR snapshot. */
export interface AurSnapshot {
  packageBase: string;
  /** `<cache>/aur/<packageBase>`. */
  directory: string;
  /** The files of the snapshot, relative to the directory. */
  files: string[];
  /** The PKGBUILD's text. */
  pkgbuild: string;
}

/** Where omg keeps AUR build directories: `<cacheDir>/aur`. */
export function aurCacheDirectory(cacheDir: string): string {
  return join(cacheDir, 'aur');
}

/**
 * Downloads the snapshot of `packageBase` (`<aur>/cgit/aur.git/snapshot/<base>.tar.gz`) and unpacks it
 * into `<cacheDir>/aur/<base>` (replacing what was there). Entries outside the snapshot's own
 * directory, absolute paths and `..` are refused; a snapshot without a PKGBUILD is an upstream error.
 */
export async function fetchAurSnapshot(
  client: AurClient,
  packageBase: string,
  cacheDir: string,
): Promise<AurSnapshot> {
  if (!/^[a-zA-Z0-9@._+-]+$/.test(packageBase) || packageBase.startsWith('.')) {
    throw new VenomError({
      code: 'AUR_BAD_NAME',
      category: 'usage',
      message: `'${packageBase}' is not a valid AUR package base name`,
    });
  }
  const archive = await client.snapshot(packageBase);
  let entries: ReturnType<typeof readTarEntries>;
  try {
    entries = readTarEntries(gunzipSync(archive));
  } catch (error) {
    throw new VenomError({
      code: 'AUR_SNAPSHOT_CORRUPT',
      category: 'upstream',
      message: `the AUR snapshot of '${packageBase}' is not a readable tar.gz (${(error as Error).message})`,
      details: { packageBase },
      cause: error instanceof TarFormatError || error instanceof Error ? error : undefined,
    });
  }
  const directory = join(aurCacheDirectory(cacheDir), packageBase);
  await rm(directory, { recursive: true, force: true });
  await mkdir(directory, { recursive: true });
  const files: string[] = [];
  let pkgbuild: string | undefined;
  for (const entry of entries) {
    const parts = entry.path.replace(/^\.\//, '').split('/');
    if (parts[0] !== packageBase || parts.length < 2) continue;
    const relative = normalize(parts.slice(1).join('/'));
    if (relative === '' || relative === '.' || relative.startsWith('..') || relative.startsWith('/'))
      continue;
    const target = join(directory, relative);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, entry.data);
    files.push(relative);
    if (relative === 'PKGBUILD') pkgbuild = entry.data.toString('utf8');
  }
  if (pkgbuild === undefined) {
    throw new VenomError({
      code: 'AUR_SNAPSHOT_CORRUPT',
      category: 'upstream',
      message: `the AUR snapshot of '${packageBase}' has no PKGBUILD`,
      details: { packageBase },
    });
  }
  return { packageBase, directory, files: files.sort(), pkgbuild };
}
