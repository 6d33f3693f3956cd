import { didYouMean, VenomError } from '@venom/core';
import { readAptPreferences } from '../backends/apt/read-apt-preferences.js';
import type { PackageRecord, PackageRelations } from '../backends/package-record.js';
import type { IndexedRecord, PackageIndex, RefreshReport } from '../index/open-package-index.js';
import type { SearchOptions, SearchResult, SearchTable } from '../index/search-table.js';
import type { PackageGroup } from '../plan/package-groups.js';
import type { ResolveOptions, TransactionPlan, TransactionResolver } from '../plan/transaction-plan.js';
import { buildAptPackage } from '../resolve/apt/build-apt-universe.js';
import { type AptPolicy, createAptPolicy } from '../resolve/apt/create-apt-policy.js';
import { formatRelationGroup, parseRelationField } from './relations.js';

/** A transaction to plan: what `omg install/remove/update` ask (and the daemon's `plan` method takes). */
export interface PlanRequest {
  operation: 'install' | 'remove' | 'update';
  /** Package names (groups already expanded); ignored by `update`. */
  names?: string[];
  options?: ResolveOptions;
}

/** `omg info --json`: metadata of one package, with the version an install would pick and the installed one. */
export interface PackageInfo {
  name: string;
  /** The version `install` would pick, or null when no repository offers it. */
  candidate: string | null;
  /** The installed version, or null. */
  installed: string | null;
  repository: string;
  architecture: string;
  description: string;
  longDescription: string;
  section?: string;
  installedSize?: number;
  downloadSize?: number;
  maintainer?: string;
  homepage?: string;
  source?: string;
  /** Relation fields of the candidate (or installed) version, each group as `a (>= 1) | b`. */
  dependencies: Partial<Record<keyof PackageRelations, string[]>>;
  /** Names of packages that depend on (or pre-depend on, or recommend) this one or what it provides. */
  reverseDependencies: string[];
  /** Every version known, highest first. */
  versions: Array<{ version: string; repository: string; architecture: string }>;
  /** Installed files, when the backend records them. */
  files?: string[];
}

/** One line of `omg list`. */
export interface ListEntry extends SearchResult {
  /** For `--upgradable`: the version an upgrade would install. */
  candidate?: string;
  /** Installed as a dependency. */
  automatic?: boolean;
}

/** Which packages `omg list` shows. */
export type ListFilter = 'all' | 'installed' | 'upgradable' | 'orphans';

/** The queries omg answers, the same in the daemon and without it. */
export interface PackageService {
  readonly index: PackageIndex;
  search(terms: readonly string[], options?: SearchOptions): SearchResult[];
  /** The same search rendered (text or JSON array) after `head(result count)`, as one buffer (the daemon's raw replies). */
  searchRendered: SearchTable['searchRendered'];
  /** Throws PACKAGE_NOT_FOUND (with close names in the hint) for an unknown name. */
  info(name: string): Promise<PackageInfo>;
  list(filter: ListFilter): ListEntry[];
  /** Package names starting with `prefix`, for shell completion. */
  complete(prefix: string, limit?: number): string[];
  refresh(): Promise<RefreshReport>;
  /** The plan the backend's own tool would carry out (the resolver is built on first use and kept). */
  plan(request: PlanRequest): Promise<TransactionPlan>;
  /** The backend's own package groups (Debian tasks, pacman groups). */
  groups(): Promise<PackageGroup[]>;
}

const reverseFields: Array<keyof PackageRelations> = ['depends', 'preDepends', 'recommends'];

function highest(
  records: readonly IndexedRecord[],
  compare: (left: string, right: string) => number,
): IndexedRecord | undefined {
  let best: IndexedRecord | undefined;
  for (const record of records)
    if (best === undefined || compare(record.version, best.version) > 0) best = record;
  return best;
}

/** The query layer over an index: search, info, list and completion. */
export function createPackageService(index: PackageIndex): PackageService {
  const compare = index.backend.compareVersions;
  let resolver: { key: string; value: Promise<TransactionResolver> } | undefined;
  let aptPolicy: { key: string; value: AptPolicy } | undefined;
  const sourcesKey = (): string =>
    index
      .sources()
      .map((source) => `${source.id}\0${source.hash}`)
      .join('\n');

  /** apt: the candidate under the root's pins (apt-cache policy's), for one package's records. */
  function aptCandidate(name: string, records: readonly IndexedRecord[]): IndexedRecord | undefined {
    const key = sourcesKey();
    if (aptPolicy?.key !== key) {
      aptPolicy = {
        key,
        value: createAptPolicy(index.sources(), readAptPreferences(index.backend.root)),
      };
    }
    return aptPolicy.value.candidate(buildAptPackage(name, records))?.record;
  }

  function candidateOf(name: string): {
    available: IndexedRecord | undefined;
    installed: IndexedRecord | undefined;
  } {
    const records = index.lookup(name);
    const installed = records.find((record) => record.sourceKind === 'installed');
    const available = highest(
      records.filter((record) => record.sourceKind === 'available'),
      compare,
    );
    return { available, installed };
  }

  function toEntry(record: PackageRecord, installed: boolean): ListEntry {
    return {
      name: record.name,
      version: record.version,
      repository: record.repository,
      installed,
      description: record.description,
    };
  }

  return {
    index,
    search: (terms, options) => index.searchTable().search(terms, options),
    searchRendered: (terms, options, format, head, allocate) =>
      index.searchTable().searchRendered(terms, options, format, head, allocate),
    async refresh() {
      return index.refresh();
    },
    async plan(request: PlanRequest): Promise<TransactionPlan> {
      const key = sourcesKey();
      if (resolver?.key !== key) {
        resolver = {
          key,
          value: import('../resolve/create-resolver.js').then(({ createResolver }) => createResolver(index)),
        };
      }
      const transactionResolver = await resolver.value;
      const options = request.options ?? {};
      if (request.operation === 'install')
        return transactionResolver.planInstall(request.names ?? [], options);
      if (request.operation === 'remove') return transactionResolver.planRemove(request.names ?? [], options);
      return transactionResolver.planUpdate(options);
    },
    async groups(): Promise<PackageGroup[]> {
      const { listPackageGroups } = await import('../plan/package-groups.js');
      return listPackageGroups(index, {});
    },
    async info(name: string): Promise<PackageInfo> {
      const records = index.lookup(name);
      if (records.length === 0) {
        const suggestion = didYouMean(name, index.searchTable().names());
        throw new VenomError({
          code: 'PACKAGE_NOT_FOUND',
          category: 'usage',
          message: `no package named '${name}'`,
          hint:
            suggestion === undefined
              ? `Try 'omg search ${name}'.`
              : `Did you mean '${suggestion}'? Try 'omg search ${name}'.`,
          details: { name, ...(suggestion === undefined ? {} : { suggestion }) },
        });
      }
      const installed = records.find((record) => record.sourceKind === 'installed');
      const available = records.filter((record) => record.sourceKind === 'available');
      const best = highest(available, compare);
      // Without pins, the candidate is the highest version, and an installed newer version is kept;
      // apt's candidate follows pin priorities (NotAutomatic lists, /etc/apt/preferences).
      const candidate =
        index.backend.kind === 'apt' && available.length > 0
          ? aptCandidate(name, records)
          : best === undefined
            ? installed
            : installed !== undefined && compare(installed.version, best.version) > 0
              ? installed
              : best;
      const shown = candidate ?? installed ?? records[0];
      if (shown === undefined) throw new Error('unreachable: records is not empty');
      const dependencies: PackageInfo['dependencies'] = {};
      for (const [field, value] of Object.entries(shown.relations) as Array<
        [keyof PackageRelations, string]
      >) {
        dependencies[field] = parseRelationField(value).map(formatRelationGroup);
      }
      const provided = parseRelationField(shown.relations.provides)
        .flat()
        .map((alternative) => alternative.name);
      const dependents = new Set<string>();
      for (const target of [name, ...provided])
        for (const dependent of index.reverseDependencies(target)) dependents.add(dependent);
      dependents.delete(name);
      const info: PackageInfo = {
        name,
        candidate: candidate?.version ?? null,
        installed: installed?.version ?? null,
        repository: shown.repository,
        architecture: shown.architecture,
        description: shown.description,
        longDescription: shown.longDescription,
        dependencies,
        reverseDependencies: [...dependents].sort(),
        versions: [...records]
          .sort((left, right) => compare(right.version, left.version))
          .map((record) => ({
            version: record.version,
            repository: record.repository,
            architecture: record.architecture,
          })),
      };
      for (const key of [
        'section',
        'installedSize',
        'downloadSize',
        'maintainer',
        'homepage',
        'source',
      ] as const) {
        if (shown[key] !== undefined) (info as unknown as Record<string, unknown>)[key] = shown[key];
      }
      if (installed !== undefined && index.backend.installedFiles !== undefined) {
        const files = await index.backend.installedFiles(installed);
        if (files !== undefined) info.files = files;
      }
      return info;
    },
    list(filter: ListFilter): ListEntry[] {
      const table = index.searchTable();
      const entries: ListEntry[] = [];
      if (filter === 'all') {
        const seen = new Set<string>();
        for (const name of table.names()) {
          if (seen.has(name)) continue;
          seen.add(name);
          const { available, installed } = candidateOf(name);
          const record = available ?? installed;
          if (record !== undefined) entries.push(toEntry(record, installed !== undefined));
        }
        return entries;
      }
      const installedRecords = index
        .records('installed')
        .sort((left, right) => (left.name < right.name ? -1 : 1));
      if (filter === 'installed') {
        return installedRecords.map((record) => ({
          ...toEntry(record, true),
          ...(record.automatic === true ? { automatic: true } : {}),
        }));
      }
      if (filter === 'upgradable') {
        for (const record of installedRecords) {
          const available =
            index.backend.kind === 'apt'
              ? aptCandidate(record.name, index.lookup(record.name))
              : candidateOf(record.name).available;
          if (available !== undefined && compare(available.version, record.version) > 0) {
            entries.push({
              ...toEntry(record, true),
              repository: available.repository,
              candidate: available.version,
            });
          }
        }
        return entries;
      }
      // Orphans: installed as a dependency and no longer needed by any installed package (or what it provides).
      const needed = new Set<string>();
      const providers = new Map<string, string[]>();
      for (const record of installedRecords) {
        for (const alternative of parseRelationField(record.relations.provides).flat()) {
          providers.set(alternative.name, [...(providers.get(alternative.name) ?? []), record.name]);
        }
      }
      for (const record of installedRecords) {
        for (const field of reverseFields) {
          for (const group of parseRelationField(record.relations[field])) {
            for (const alternative of group) {
              needed.add(alternative.name);
              for (const provider of providers.get(alternative.name) ?? []) needed.add(provider);
            }
          }
        }
      }
      for (const record of installedRecords) {
        // apt's autoremover never proposes Essential packages or those of priority required/important.
        const protectedPackage =
          record.essential === true || record.priority === 'required' || record.priority === 'important';
        if (record.automatic === true && !protectedPackage && !needed.has(record.name))
          entries.push({ ...toEntry(record, true), automatic: true });
      }
      return entries;
    },
    complete(prefix: string, limit = 200): string[] {
      const names = index.searchTable().names();
      const result: string[] = [];
      for (const name of names) {
        if (name.startsWith(prefix)) {
          result.push(name);
          if (result.length >= limit) break;
        }
      }
      return result;
    },
  };
}
