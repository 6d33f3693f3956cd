import type { PackageIndex } from '../index/open-package-index.js';

/** What omg would do to one package. */
export type PlannedAction = 'install' | 'upgrade' | 'downgrade' | 'reinstall' | 'remove';

/** Why a package is in the plan. */
export type PlannedReason =
  /** Named on the command line (or through a group). */
  | 'requested'
  /** Pulled in by a Depends/Pre-Depends (pacman: depends) of another planned package. */
  | 'dependency'
  /** Pulled in by a Recommends (apt installs recommends by default). */
  | 'recommended'
  /** Removed because a planned package conflicts with (or breaks) it. */
  | 'conflict'
  /** Removed because it depends on a package being removed. */
  | 'dependent'
  /** A newer candidate exists (update). */
  | 'upgradable'
  /** Removed with `--autoremove`: installed automatically and nothing needs it any more. */
  | 'orphan';

/** One package of a plan. */
export interface PlannedPackage {
  name: string;
  action: PlannedAction;
  /** The version after the transaction (for `remove`: the version removed). */
  version: string;
  /** The installed version before, when there is one. */
  previousVersion?: string;
  /** Where the new version comes from (`bookworm/main`, `extra`, `aur`); `installed` for removals. */
  repository: string;
  architecture: string;
  reason: PlannedReason;
  /** Planned packages whose relation pulled this one in (empty for `requested`). */
  requiredBy: string[];
  /** Bytes to download, when the source says. */
  downloadSize?: number;
  /** Bytes once installed, when the source says. */
  installedSize?: number;
}

/** A request that cannot be satisfied, with the relation that failed. */
export interface PlanProblem {
  /** The package whose relation fails (or the requested name). */
  name: string;
  message: string;
  /** Close names, for an unknown package. */
  suggestions?: string[];
}

/** A whole transaction, computed by omg before handing over to the system tool. */
export interface TransactionPlan {
  /** `apt` or `pacman` (AUR packages appear with repository `aur` in a pacman plan). */
  backend: string;
  operation: 'install' | 'remove' | 'update';
  /** Sorted by name. */
  packages: PlannedPackage[];
  /** Installed automatic packages nothing needs any more after the transaction (offered by `remove`). */
  orphans: string[];
  /** Non-empty means the plan cannot be carried out. */
  problems: PlanProblem[];
  /** Sums over `packages`: bytes to download, and installed-size change (negative for removals). */
  totals: { downloadSize: number; installedSizeChange: number };
  /** Things the system tool would also say, that change nothing (`bash is already the newest version`). */
  notes?: string[];
  /** update: upgradable packages kept back because upgrading them needs new packages or removals. */
  heldBack?: string[];
}

/** Options shared by every resolver call. */
export interface ResolveOptions {
  /** apt: follow Recommends (apt-get's default is true; `--no-install-recommends` sets false). */
  installRecommends?: boolean;
  /** remove: also remove the orphans the removal leaves (apt-get --autoremove). */
  autoremove?: boolean;
}

/** Computes plans from an index, the same way the backend's own tool would. */
export interface TransactionResolver {
  readonly backend: string;
  planInstall(names: readonly string[], options?: ResolveOptions): TransactionPlan;
  planRemove(names: readonly string[], options?: ResolveOptions): TransactionPlan;
  /** Upgrade every installed package that has a newer candidate (apt-get upgrade / pacman -Su). */
  planUpdate(options?: ResolveOptions): TransactionPlan;
}

/** Builds a resolver over an index (one per backend kind). */
export type CreateTransactionResolver = (index: PackageIndex) => TransactionResolver;
