import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { PackageRelations } from '../../backends/package-record.js';
import type { IndexedRecord, PackageIndex, SourceState } from '../../index/open-package-index.js';
import { compareDebianVersions } from '../../versions/compare-debian-versions.js';
import {
  type AptCachePackage,
  type AptCacheStanza,
  computeAptCacheOrder,
  decodeAptCacheOrder,
  encodeAptCacheOrder,
} from './apt-cache-order.js';
import { parseAptRelations } from './parse-apt-relations.js';

/** One version of a package as the resolver sees it (several lists offering it are merged). */
export interface AptVersion {
  name: string;
  version: string;
  architecture: string;
  /** Repositories offering it (`bookworm/main`), first seen first; empty when only installed. */
  repositories: string[];
  /** This is the installed version. */
  installed: boolean;
  /** The metadata (an available record when one exists, else the installed one). */
  record: IndexedRecord;
}

/** A package name and all its versions. */
export interface AptPackage {
  /** The name (`libc6`), or `name:arch` for an installed package of a foreign architecture. */
  name: string;
  /** Highest first. */
  versions: AptVersion[];
  current?: AptVersion;
  /** Installed as a dependency (extended_states Auto-Installed: 1). */
  automatic: boolean;
}

/** A version providing a (virtual) name. */
export interface AptProvider {
  version: AptVersion;
  /** `Provides: name (= 1.2)`: the provided version, for versioned relations. */
  providedVersion?: string;
}

/** Packages by name (a Map, or a table that reads its entries from the cache file on first use). */
export interface AptPackageTable {
  get(name: string): AptPackage | undefined;
  has(name: string): boolean;
  keys(): IterableIterator<string>;
}

/** Providers by provided name. */
export interface AptProviderTable {
  get(name: string): AptProvider[] | undefined;
  has(name: string): boolean;
}

/** Every package of an apt index, grouped for resolution. */
export interface AptUniverse {
  packages: AptPackageTable;
  /** Provided name -> the versions (of any package) providing it. */
  providers: AptProviderTable;
  /** dpkg's native architecture (`amd64`). */
  nativeArchitecture: string;
  sources: SourceState[];
  /** Identifies the index content the universe was built from. */
  key: string;
  /** The installed packages. */
  installed: AptPackage[];
  /**
   * Every package of apt's own cache (virtual ones too) in apt's `PkgBegin()` order (see
   * apt-cache-order.ts), computed on first use and then kept: the problem resolver sorts it by score.
   */
  cacheOrder(): readonly AptCachePackage[];
}

const universes = new WeakMap<PackageIndex, AptUniverse>();

/** A key that changes whenever a source of the index changes. */
export function indexContentKey(sources: readonly SourceState[]): string {
  return sources.map((source) => `${source.id}\0${source.hash}`).join('\n');
}

function nativeArchitectureOf(sources: readonly SourceState[], installed: readonly IndexedRecord[]): string {
  for (const source of sources) {
    const match = /_binary-([a-z0-9-]+)_Packages/.exec(source.path);
    if (match?.[1] !== undefined) return match[1];
  }
  const counts = new Map<string, number>();
  for (const record of installed)
    if (record.architecture !== 'all')
      counts.set(record.architecture, (counts.get(record.architecture) ?? 0) + 1);
  let best: [string, number] = ['amd64', 0];
  for (const entry of counts) if (entry[1] > best[1]) best = entry;
  return best[0];
}

/**
 * One package's versions from its records (as `index.lookup(name)` returns them), for a policy
 * question about a single name (`omg info`) without building the whole universe.
 */
export function buildAptPackage(name: string, records: readonly IndexedRecord[]): AptPackage {
  const entry: AptPackage = { name, versions: [], automatic: false };
  for (const record of records) {
    if (record.sourceKind !== 'available') continue;
    const same = entry.versions.find((version) => version.version === record.version);
    if (same !== undefined) {
      if (!same.repositories.includes(record.repository)) same.repositories.push(record.repository);
    } else
      entry.versions.push({
        name,
        version: record.version,
        architecture: record.architecture,
        repositories: [record.repository],
        installed: false,
        record,
      });
  }
  const installed = records.find((record) => record.sourceKind === 'installed');
  if (installed !== undefined) {
    let version = entry.versions.find((candidate) => candidate.version === installed.version);
    if (version === undefined) {
      version = {
        name,
        version: installed.version,
        architecture: installed.architecture,
        repositories: [],
        installed: true,
        record: installed,
      };
      entry.versions.push(version);
    } else version.installed = true;
    entry.current = version;
    entry.automatic = installed.automatic === true;
  }
  entry.versions.sort((left, right) => compareDebianVersions(right.version, left.version));
  return entry;
}

/** The fields of a record the resolver reads (descriptions are dropped: the universe lives in the daemon). */
function slimRecord(record: IndexedRecord): IndexedRecord {
  const slim: IndexedRecord = {
    name: record.name,
    version: record.version,
    architecture: record.architecture,
    repository: record.repository,
    description: '',
    longDescription: '',
    relations: record.relations,
    sourceKind: record.sourceKind,
  };
  if (record.installedSize !== undefined) slim.installedSize = record.installedSize;
  if (record.downloadSize !== undefined) slim.downloadSize = record.downloadSize;
  if (record.source !== undefined) slim.source = record.source;
  if (record.priority !== undefined) slim.priority = record.priority;
  if (record.essential === true) slim.essential = true;
  if (record.multiArch !== undefined) slim.multiArch = record.multiArch;
  if (record.automatic === true) slim.automatic = true;
  return slim;
}

/** Bumped when the cache file's layout changes. */
const cacheFormat = 4;
const relationKeys: Array<keyof PackageRelations> = [
  'depends',
  'preDepends',
  'recommends',
  'suggests',
  'conflicts',
  'breaks',
  'provides',
];

type CachedVersion = [
  version: string,
  architecture: string,
  repositories: string[],
  installed: 0 | 1,
  relations: Array<string | 0>,
  sizes: [installed: number, download: number],
  source: string,
  priority: string,
  essential: 0 | 1,
];
type CachedPackage = [automatic: 0 | 1, current: number, versions: CachedVersion[]];
/** A provider in the cache: the package, the index of its version, the provided version (or 0). */
type CachedProvider = [name: string, version: number, providedVersion: string | 0];

interface CacheHeader {
  format: number;
  key: string;
  native: string;
  installed: string[];
  providers: Record<string, CachedProvider[]>;
}

/**
 * The cache file: a JSON header line (key, native architecture, installed names, providers), a line
 * with apt's cache order (encodeAptCacheOrder), then one line per package, `name TAB json`. A reader indexes the lines and parses a package only when the
 * resolver asks for it, so a plan touching a few thousand packages parses only those.
 */
function writeUniverseCache(file: string, universe: AptUniverse, packages: Map<string, AptPackage>): void {
  const providers: Record<string, CachedProvider[]> = {};
  for (const [name, list] of universe.providers as Map<string, AptProvider[]>) {
    providers[name] = list.map((provider) => [
      provider.version.name,
      packages.get(provider.version.name)?.versions.indexOf(provider.version) ?? 0,
      provider.providedVersion ?? 0,
    ]);
  }
  const header: CacheHeader = {
    format: cacheFormat,
    key: universe.key,
    native: universe.nativeArchitecture,
    installed: universe.installed.map((entry) => entry.name),
    providers,
  };
  const lines = [
    JSON.stringify(header),
    encodeAptCacheOrder(universe.cacheOrder(), universe.nativeArchitecture),
  ];
  for (const entry of packages.values()) {
    const cached: CachedPackage = [
      entry.automatic ? 1 : 0,
      entry.current === undefined ? -1 : entry.versions.indexOf(entry.current),
      entry.versions.map((version) => {
        const record = version.record;
        return [
          version.version,
          version.architecture,
          version.repositories,
          version.installed ? 1 : 0,
          relationKeys.map((key) => record.relations[key] ?? 0),
          [record.installedSize ?? -1, record.downloadSize ?? -1],
          record.source ?? '',
          record.priority ?? '',
          record.essential === true ? 1 : 0,
        ];
      }),
    ];
    lines.push(`${entry.name}\t${JSON.stringify(cached)}`);
  }
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${lines.join('\n')}\n`);
  renameSync(temporary, file);
}

function decodePackage(name: string, cached: CachedPackage): AptPackage {
  const [automatic, current, versions] = cached;
  const entry: AptPackage = { name, versions: [], automatic: automatic === 1 };
  const recordName = name.replace(/:.*$/, '');
  for (const [
    version,
    architecture,
    repositories,
    installed,
    relationValues,
    sizes,
    source,
    priority,
    essential,
  ] of versions) {
    const relations: PackageRelations = {};
    for (let position = 0; position < relationValues.length; position++) {
      const value = relationValues[position];
      const field = relationKeys[position];
      if (value !== 0 && value !== undefined && field !== undefined) relations[field] = value;
    }
    const record: IndexedRecord = {
      name: recordName,
      version,
      architecture,
      repository: repositories[0] ?? 'installed',
      description: '',
      longDescription: '',
      relations,
      sourceKind: repositories.length > 0 ? 'available' : 'installed',
    };
    if (sizes[0] >= 0) record.installedSize = sizes[0];
    if (sizes[1] >= 0) record.downloadSize = sizes[1];
    if (source !== '') record.source = source;
    if (priority !== '') record.priority = priority;
    if (essential === 1) record.essential = true;
    entry.versions.push({ name, version, architecture, repositories, installed: installed === 1, record });
  }
  if (current >= 0) entry.current = entry.versions[current];
  return entry;
}

function readUniverseCache(file: string, key: string, sources: SourceState[]): AptUniverse | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const headerEnd = text.indexOf('\n');
  let header: CacheHeader;
  try {
    header = JSON.parse(text.slice(0, headerEnd));
  } catch {
    return undefined;
  }
  if (header.format !== cacheFormat || header.key !== key) return undefined;
  const orderEnd = text.indexOf('\n', headerEnd + 1);
  if (orderEnd < 0) return undefined;
  let order: AptCachePackage[] | undefined;
  const cacheOrder = (): AptCachePackage[] => {
    order ??= decodeAptCacheOrder(text.slice(headerEnd + 1, orderEnd), header.native);
    return order;
  };
  const offsets = new Map<string, number>();
  for (let position = orderEnd + 1; position < text.length; ) {
    const tab = text.indexOf('\t', position);
    const end = text.indexOf('\n', tab);
    if (tab < 0 || end < 0) break;
    offsets.set(text.slice(position, tab), tab + 1);
    position = end + 1;
  }
  const decoded = new Map<string, AptPackage>();
  const packages: AptPackageTable = {
    get(name) {
      const known = decoded.get(name);
      if (known !== undefined) return known;
      const offset = offsets.get(name);
      if (offset === undefined) return undefined;
      const entry = decodePackage(name, JSON.parse(text.slice(offset, text.indexOf('\n', offset))));
      decoded.set(name, entry);
      return entry;
    },
    has: (name) => offsets.has(name),
    keys: () => offsets.keys(),
  };
  const providerCache = new Map<string, AptProvider[]>();
  const providers: AptProviderTable = {
    get(name) {
      const known = providerCache.get(name);
      if (known !== undefined) return known;
      const cached = header.providers[name];
      if (cached === undefined) return undefined;
      const list: AptProvider[] = [];
      for (const [packageName, index, providedVersion] of cached) {
        const version = packages.get(packageName)?.versions[index];
        if (version === undefined) continue;
        list.push(providedVersion === 0 ? { version } : { version, providedVersion });
      }
      providerCache.set(name, list);
      return list;
    },
    has: (name) => Object.hasOwn(header.providers, name),
  };
  const installed: AptPackage[] = [];
  for (const name of header.installed) {
    const entry = packages.get(name);
    if (entry !== undefined) installed.push(entry);
  }
  return { packages, providers, nativeArchitecture: header.native, sources, key, installed, cacheOrder };
}

/** Options for {@link buildAptUniverse}. */
export interface BuildAptUniverseOptions {
  /**
   * A file to keep the grouped universe in between processes (omg without its daemon): read when it
   * was written for the same index content, else rebuilt from the index and written.
   */
  cacheFile?: string;
}

/**
 * Groups an apt index's records by name for the resolver: versions merged across lists and sorted
 * highest first, the installed one marked, and a map of provided (virtual) names. Built once per
 * index content and kept while the index object lives (the daemon keeps it warm).
 */
export function buildAptUniverse(index: PackageIndex, options: BuildAptUniverseOptions = {}): AptUniverse {
  const sources = index.sources();
  const key = indexContentKey(sources);
  const cached = universes.get(index);
  if (cached !== undefined && cached.key === key) return cached;
  const fromCache =
    options.cacheFile === undefined ? undefined : readUniverseCache(options.cacheFile, key, sources);
  let universe: AptUniverse;
  if (fromCache !== undefined) universe = fromCache;
  else {
    const records = index.records();
    const packages = groupRecords(records, sources);
    // What apt's cache order needs of every record (its relations are shared with the universe's).
    let stanzas: AptCacheStanza[] | undefined = cacheStanzasOf(records);
    universe = finishUniverse(packages, sources, key, () => {
      const order = cacheOrderOf(stanzas ?? [], universe);
      stanzas = undefined;
      return order;
    });
    if (options.cacheFile !== undefined) {
      try {
        writeUniverseCache(options.cacheFile, universe, packages);
      } catch {
        // A cache that cannot be written only costs the next run the rebuild.
      }
    }
  }
  universes.set(index, universe);
  return universe;
}

function groupRecords(
  records: readonly IndexedRecord[],
  sources: readonly SourceState[],
): Map<string, AptPackage> {
  const installedRecords = records.filter((record) => record.sourceKind === 'installed');
  const nativeArchitecture = nativeArchitectureOf(sources, installedRecords);
  const packages = new Map<string, AptPackage>();
  const packageFor = (name: string): AptPackage => {
    let entry = packages.get(name);
    if (entry === undefined) {
      entry = { name, versions: [], automatic: false };
      packages.set(name, entry);
    }
    return entry;
  };
  for (const record of records) {
    if (record.sourceKind !== 'available') continue;
    if (record.architecture !== 'all' && record.architecture !== nativeArchitecture) continue;
    const entry = packageFor(record.name);
    const same = entry.versions.find((version) => version.version === record.version);
    if (same !== undefined) {
      if (!same.repositories.includes(record.repository)) same.repositories.push(record.repository);
      continue;
    }
    entry.versions.push({
      name: record.name,
      version: record.version,
      architecture: record.architecture,
      repositories: [record.repository],
      installed: false,
      record: slimRecord(record),
    });
  }
  for (const record of installedRecords) {
    const foreign = record.architecture !== 'all' && record.architecture !== nativeArchitecture;
    const entry = packageFor(foreign ? `${record.name}:${record.architecture}` : record.name);
    let version = entry.versions.find((candidate) => candidate.version === record.version);
    if (version === undefined) {
      version = {
        name: entry.name,
        version: record.version,
        architecture: record.architecture,
        repositories: [],
        installed: true,
        record: slimRecord(record),
      };
      entry.versions.push(version);
    } else version.installed = true;
    entry.current = version;
    entry.automatic = record.automatic === true;
  }
  for (const entry of packages.values())
    if (entry.versions.length > 1)
      entry.versions.sort((left, right) => compareDebianVersions(right.version, left.version));
  return packages;
}

/** The records as apt's cache builder reads them: the package lists first, then the dpkg status. */
function cacheStanzasOf(records: readonly IndexedRecord[]): AptCacheStanza[] {
  const stanzas: AptCacheStanza[] = [];
  for (const kind of ['available', 'installed'] as const)
    for (const record of records) {
      if (record.sourceKind !== kind) continue;
      const stanza: AptCacheStanza = {
        name: record.name,
        architecture: record.architecture,
        relations: record.relations,
      };
      if (record.multiArch !== undefined) stanza.multiArch = record.multiArch;
      if (record.essential === true) stanza.essential = true;
      stanzas.push(stanza);
    }
  return stanzas;
}

/** apt's cache order (see apt-cache-order.ts) of the index's records. */
function cacheOrderOf(stanzas: readonly AptCacheStanza[], universe: AptUniverse): AptCachePackage[] {
  const architectures = new Set([universe.nativeArchitecture]);
  for (const entry of universe.installed) {
    const architecture = entry.current?.architecture;
    if (architecture !== undefined && architecture !== 'all') architectures.add(architecture);
  }
  return computeAptCacheOrder(stanzas, universe.nativeArchitecture, [...architectures]);
}

function finishUniverse(
  packages: Map<string, AptPackage>,
  sources: SourceState[],
  key: string,
  computeOrder: () => AptCachePackage[],
): AptUniverse {
  const installedRecords: IndexedRecord[] = [];
  const installed: AptPackage[] = [];
  for (const entry of packages.values()) {
    if (entry.current === undefined) continue;
    installed.push(entry);
    installedRecords.push(entry.current.record);
  }
  const nativeArchitecture = nativeArchitectureOf(sources, installedRecords);
  const providers = new Map<string, AptProvider[]>();
  for (const entry of packages.values()) {
    for (const version of entry.versions) {
      const provides = version.installed
        ? (entry.current?.record.relations.provides ?? version.record.relations.provides)
        : version.record.relations.provides;
      for (const group of parseAptRelations(provides)) {
        for (const provided of group) {
          const provider: AptProvider =
            provided.version === undefined ? { version } : { version, providedVersion: provided.version };
          const list = providers.get(provided.name);
          if (list === undefined) providers.set(provided.name, [provider]);
          else list.push(provider);
        }
      }
    }
  }
  let order: AptCachePackage[] | undefined;
  const cacheOrder = (): AptCachePackage[] => {
    order ??= computeOrder();
    return order;
  };
  return { packages, providers, nativeArchitecture, sources, key, installed, cacheOrder };
}
