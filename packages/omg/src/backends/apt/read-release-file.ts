import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parseDeb822, stripClearsignature } from './parse-deb822.js';

/** What a Release/InRelease file says about its repository. */
export interface ReleaseInfo {
  origin?: string;
  label?: string;
  suite?: string;
  codename?: string;
  version?: string;
  date?: string;
  /** `NotAutomatic: yes`: apt pins the repository at 1 (never chosen over another version by default). */
  notAutomatic?: boolean;
  /** `ButAutomaticUpgrades: yes` (with NotAutomatic): pinned at 100, so installed packages still upgrade from it. */
  butAutomaticUpgrades?: boolean;
}

/** Parses the text of a Release or (clearsigned) InRelease file. */
export function parseReleaseText(text: string, file: string): ReleaseInfo {
  const { stanzas } = parseDeb822(
    stripClearsignature(text),
    file,
    new Set([
      'Origin',
      'Label',
      'Suite',
      'Codename',
      'Version',
      'Date',
      'NotAutomatic',
      'ButAutomaticUpgrades',
    ]),
  );
  const fields = stanzas[0]?.fields ?? {};
  const info: ReleaseInfo = {};
  if (fields.Origin !== undefined) info.origin = fields.Origin;
  if (fields.Label !== undefined) info.label = fields.Label;
  if (fields.Suite !== undefined) info.suite = fields.Suite;
  if (fields.Codename !== undefined) info.codename = fields.Codename;
  if (fields.Version !== undefined) info.version = fields.Version;
  if (fields.Date !== undefined) info.date = fields.Date;
  if (fields.NotAutomatic?.toLowerCase() === 'yes') info.notAutomatic = true;
  if (fields.ButAutomaticUpgrades?.toLowerCase() === 'yes') info.butAutomaticUpgrades = true;
  return info;
}

/** Reads a Release or InRelease file; undefined when it cannot be read (a list may come without one). */
export async function readReleaseFile(path: string): Promise<ReleaseInfo | undefined> {
  try {
    return parseReleaseText(await readFile(path, 'utf8'), path);
  } catch {
    return undefined;
  }
}

/** {@link readReleaseFile}, synchronously (for the resolver's policy, which reads a handful of small files). */
export function readReleaseFileSync(path: string): ReleaseInfo | undefined {
  try {
    return parseReleaseText(readFileSync(path, 'utf8'), path);
  } catch {
    return undefined;
  }
}
