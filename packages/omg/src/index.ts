/**
 * omg's library API: package backends (apt, pacman, AUR), the on-disk index and its search, the
 * query service the CLI and the daemon share, and the daemon client. Nothing heavy loads at import
 * time (`lmdb` is imported when an index is opened).
 */
export { type AptBackendOptions, createAptBackend } from './backends/apt/create-apt-backend.js';
export { type Deb822Document, type Deb822Stanza, parseDeb822 } from './backends/apt/parse-deb822.js';
export {
  type AurClient,
  type AurClientOptions,
  type AurPackage,
  type AurPackageInfo,
  type AurSearchField,
  createAurClient,
} from './backends/aur/create-aur-client.js';
export type {
  InstalledRecord,
  PackageBackend,
  PackageRecord,
  PackageRelations,
  SourceContents,
  SourceFile,
  SourceProblem,
} from './backends/package-record.js';
export { createPacmanBackend, type PacmanBackendOptions } from './backends/pacman/create-pacman-backend.js';
export { type Compression, readCompressedFile } from './backends/read-compressed-file.js';
export { callDaemon, type DaemonAnswer } from './daemon/call-daemon.js';
export { type RunningDaemon, type StartDaemonOptions, startDaemon } from './daemon/start-daemon.js';
export {
  type IndexedRecord,
  type OpenPackageIndexOptions,
  openPackageIndex,
  type PackageIndex,
  type RefreshReport,
  type SourceState,
} from './index/open-package-index.js';
export {
  createSearchTable,
  type SearchOptions,
  type SearchResult,
  type SearchSegment,
  type SearchTable,
} from './index/search-table.js';
export { type HandOverOptions, handOverCommand } from './plan/hand-over-command.js';
export { loadOmgConfig, type OmgConfig } from './plan/load-omg-config.js';
export { listPackageGroups, type PackageGroup } from './plan/package-groups.js';
export type {
  PlannedAction,
  PlannedPackage,
  PlannedReason,
  PlanProblem,
  ResolveOptions,
  TransactionPlan,
  TransactionResolver,
} from './plan/transaction-plan.js';
export {
  createPackageService,
  type ListEntry,
  type ListFilter,
  type PackageInfo,
  type PackageService,
} from './query/create-package-service.js';
export { type AptResolverOptions, createAptResolver } from './resolve/apt/create-apt-resolver.js';
export { createResolver } from './resolve/create-resolver.js';
export { createPacmanResolver } from './resolve/pacman/create-pacman-resolver.js';
export { type OmgPaths, resolveOmgPaths } from './runtime/resolve-omg-paths.js';
export { compareDebianVersions, satisfiesDebianRelation } from './versions/compare-debian-versions.js';
export { comparePacmanVersions } from './versions/compare-pacman-versions.js';
