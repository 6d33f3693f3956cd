import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { VenomError } from '@venom/core';
import { comparePacmanVersions } from '../../versions/compare-pacman-versions.js';
import type {
  InstalledRecord,
  PackageBackend,
  PackageRecord,
  SourceContents,
  SourceFile,
  SourceProblem,
} from '../package-record.js';
import { readCompressedFile } from '../read-compressed-file.js';
import { type DescFields, parseDesc, toRelationField } from './parse-desc.js';
import { readTarEntries, TarFormatError } from './read-tar-entries.js';

/** Where pacman keeps its databases. */
export interface PacmanBackendOptions {
  /** The system root. */
  root: string;
  /** pacman's --dbpath; default `<root>/var/lib/pacman`. */
  databasePath?: string;
}

function first(fields: DescFields, key: string): string | undefined {
  return fields[key]?.[0];
}

/** Turns one desc file into a record; undefined (with a problem) without %NAME% or %VERSION%. */
export function descToRecord(
  fields: DescFields,
  repository: string,
  file: string,
  problems: SourceProblem[],
): InstalledRecord | undefined {
  const name = first(fields, 'NAME');
  const version = first(fields, 'VERSION');
  if (name === undefined || version === undefined) {
    problems.push({ file, message: `desc without ${name === undefined ? '%NAME%' : '%VERSION%'}; skipped` });
    return undefined;
  }
  const relations: PackageRecord['relations'] = {};
  const map: Array<[string, keyof PackageRecord['relations']]> = [
    ['DEPENDS', 'depends'],
    ['OPTDEPENDS', 'suggests'],
    ['CONFLICTS', 'conflicts'],
    ['PROVIDES', 'provides'],
    ['REPLACES', 'replaces'],
  ];
  for (const [key, field] of map) {
    const value = toRelationField(fields[key]);
    if (value !== undefined) relations[field] = value;
  }
  const record: InstalledRecord = {
    name,
    version,
    architecture: first(fields, 'ARCH') ?? 'any',
    repository,
    description: fields.DESC?.join(' ') ?? '',
    longDescription: '',
    relations,
  };
  const installedSize = first(fields, 'ISIZE') ?? first(fields, 'SIZE');
  if (installedSize !== undefined) record.installedSize = Number.parseInt(installedSize, 10);
  const downloadSize = first(fields, 'CSIZE');
  if (downloadSize !== undefined) record.downloadSize = Number.parseInt(downloadSize, 10);
  const packager = first(fields, 'PACKAGER');
  if (packager !== undefined) record.maintainer = packager;
  const url = first(fields, 'URL');
  if (url !== undefined) record.homepage = url;
  const base = first(fields, 'BASE');
  if (base !== undefined) record.source = base;
  const filename = first(fields, 'FILENAME');
  if (filename !== undefined) record.filename = filename;
  const groups = fields.GROUPS;
  if (groups !== undefined && groups.length > 0) {
    record.section = groups.join(' ');
    record.groups = [...groups];
  }
  if (first(fields, 'REASON') === '1') record.automatic = true;
  return record;
}

/**
 * The Arch backend: sync databases `<dbpath>/sync/*.db` (tar with gzip/xz/zstd/bzip2 or none, of
 * `name-version/desc`, desc v1 and v2; repository = file name) and the local database
 * `<dbpath>/local/<name-version>/desc` for what is installed; versions ordered by vercmp's rules.
 */
export function createPacmanBackend(
  options: PacmanBackendOptions,
): PackageBackend & { databasePath: string } {
  const databasePath = options.databasePath ?? join(options.root, 'var/lib/pacman');
  const localDirectory = join(databasePath, 'local');
  return {
    kind: 'pacman',
    root: options.root,
    databasePath,
    watchPaths: [join(databasePath, 'sync'), localDirectory],
    async listSources(): Promise<SourceFile[]> {
      let names: string[] = [];
      try {
        names = (await readdir(join(databasePath, 'sync'))).filter((name) => name.endsWith('.db')).sort();
      } catch {
        names = [];
      }
      const sources: SourceFile[] = names.map((name) => {
        const path = join(databasePath, 'sync', name);
        return { id: path, path, kind: 'available', repository: basename(name, '.db'), companions: [] };
      });
      sources.push({
        id: localDirectory,
        path: localDirectory,
        kind: 'installed',
        repository: 'installed',
        companions: [],
      });
      return sources;
    },
    async readSource(source: SourceFile): Promise<SourceContents> {
      const problems: SourceProblem[] = [];
      const packages: PackageRecord[] = [];
      if (source.kind === 'installed') {
        let entries: string[];
        try {
          entries = (await readdir(source.path)).sort();
        } catch {
          return { packages, problems };
        }
        for (const entry of entries) {
          const file = join(source.path, entry, 'desc');
          let text: string;
          try {
            text = await readFile(file, 'utf8');
          } catch {
            continue; // ALPM_DB_VERSION and other non-package entries
          }
          const record = descToRecord(parseDesc(text), 'installed', file, problems);
          if (record !== undefined) packages.push(record);
        }
        return { packages, problems };
      }
      const archive = await readCompressedFile(source.path);
      let entries: ReturnType<typeof readTarEntries>;
      try {
        entries = readTarEntries(archive);
      } catch (error) {
        if (!(error instanceof TarFormatError)) throw error;
        throw new VenomError({
          code: 'SOURCE_CORRUPT',
          category: 'environment',
          message: `${source.path}: not a readable pacman database (${error.message})`,
          hint: 'Refresh it with pacman -Sy, or remove it.',
          details: { file: source.path },
          cause: error,
        });
      }
      for (const entry of entries) {
        if (!entry.path.endsWith('/desc')) continue;
        const record = descToRecord(
          parseDesc(entry.data.toString('utf8')),
          source.repository,
          `${source.path}:${entry.path}`,
          problems,
        );
        if (record !== undefined) packages.push(record);
      }
      return { packages, problems };
    },
    compareVersions: comparePacmanVersions,
    async fingerprint(source: SourceFile): Promise<string | undefined> {
      if (source.kind !== 'installed') return undefined;
      // The local database is a directory: its entries and their desc files' identities stand for its content.
      const { createHash } = await import('node:crypto');
      const hash = createHash('sha256');
      let entries: string[] = [];
      try {
        entries = (await readdir(source.path)).sort();
      } catch {
        return 'missing';
      }
      for (const entry of entries) {
        const info = await stat(join(source.path, entry, 'desc')).catch(() => undefined);
        hash.update(`${entry}\0${info?.size ?? -1}\0${info?.mtimeMs ?? -1}\n`);
      }
      return hash.digest('hex');
    },
    async installedFiles(record: PackageRecord): Promise<string[] | undefined> {
      try {
        const fields = parseDesc(
          await readFile(join(localDirectory, `${record.name}-${record.version}`, 'files'), 'utf8'),
        );
        return fields.FILES?.map((file) => `/${file}`);
      } catch {
        return undefined;
      }
    },
  };
}
