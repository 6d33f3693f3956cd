import { basename } from 'node:path';
import { VenomError } from '@venom/core';
import type { AurClient } from '../backends/aur/create-aur-client.js';
import { type BuildUser, buildAurPackage, type OutputListener } from './build-aur-package.js';
import { type AurSnapshot, fetchAurSnapshot } from './fetch-aur-snapshot.js';
import type { AurInstallPlan } from './resolve-aur-plan.js';
import { type PkgbuildReview, preparePkgbuildReview, recordPkgbuildApproval } from './review-pkgbuild.js';
import { type PacmanInvocation, runPacmanCommand } from './run-pacman-command.js';

/** What happens, step by step (for progress output). */
export type AurInstallEvent =
  | { type: 'snapshot-fetch'; packageBase: string }
  | { type: 'review-approve'; packageBase: string; status: PkgbuildReview['status'] }
  | { type: 'repository-install'; packages: string[] }
  | { type: 'build-start'; packageBase: string }
  | { type: 'build-finish'; packageBase: string; files: string[] }
  | { type: 'package-install'; packageBase: string; files: string[] };

/** Fetches every build's snapshot and compares its PKGBUILD with the approved one. */
export async function fetchAndReview(
  plan: AurInstallPlan,
  options: {
    client: AurClient;
    cacheDir: string;
    stateDir: string;
    onEvent?: (event: AurInstallEvent) => void;
  },
): Promise<Array<{ snapshot: AurSnapshot; review: PkgbuildReview }>> {
  const reviewed: Array<{ snapshot: AurSnapshot; review: PkgbuildReview }> = [];
  for (const build of plan.builds) {
    options.onEvent?.({ type: 'snapshot-fetch', packageBase: build.packageBase });
    const snapshot = await fetchAurSnapshot(options.client, build.packageBase, options.cacheDir);
    reviewed.push({ snapshot, review: await preparePkgbuildReview(options.stateDir, snapshot) });
  }
  return reviewed;
}

/** Options for {@link executeAurInstall}. */
export interface ExecuteAurInstallOptions {
  client: AurClient;
  cacheDir: string;
  stateDir: string;
  /** The account makepkg runs as when omg is root (see resolveBuildUser). */
  buildUser?: BuildUser | undefined;
  pacman: PacmanInvocation;
  env: Record<string, string | undefined>;
  /**
   * Asked for every PKGBUILD that is new or changed since its last approval; false stops everything
   * (AUR_REVIEW_REJECTED) before anything is installed. Unchanged PKGBUILDs are not asked again.
   */
  approve(review: PkgbuildReview): Promise<boolean>;
  onEvent?: (event: AurInstallEvent) => void;
  onOutput?: OutputListener;
  signal?: AbortSignal;
}

/** What was built and installed. */
export interface AurInstallResult {
  repositoryPackages: string[];
  built: Array<{ packageBase: string; version: string; files: string[] }>;
}

/**
 * Carries out an AUR plan: fetch and review every PKGBUILD first (approvals are recorded), then
 * install the repository dependencies (`pacman -S --asdeps --needed`), then build each package base
 * in order with makepkg and install what it made with `pacman -U` (`--asdeps` for dependencies).
 */
export async function executeAurInstall(
  plan: AurInstallPlan,
  options: ExecuteAurInstallOptions,
): Promise<AurInstallResult> {
  if (plan.problems.length > 0) {
    throw new VenomError({
      code: 'AUR_PLAN_PROBLEMS',
      category: 'usage',
      message: `cannot install: ${plan.problems.map((problem) => problem.message).join('; ')}`,
    });
  }
  const reviewed = await fetchAndReview(plan, options);
  for (const { review } of reviewed) {
    if (review.status === 'unchanged') continue;
    if (!(await options.approve(review))) {
      throw new VenomError({
        code: 'AUR_REVIEW_REJECTED',
        category: 'usage',
        message: `the PKGBUILD of ${review.packageBase} was not approved; nothing was installed`,
      });
    }
    options.onEvent?.({ type: 'review-approve', packageBase: review.packageBase, status: review.status });
    recordPkgbuildApproval(options.stateDir, review.packageBase, review.pkgbuild);
  }
  const repositoryPackages = plan.repositoryPlan.packages
    .filter((item) => item.action !== 'remove')
    .map((item) => item.name);
  if (repositoryPackages.length > 0) {
    options.onEvent?.({ type: 'repository-install', packages: repositoryPackages });
    await runPacmanCommand(['-S', '--asdeps', '--needed', ...repositoryPackages], options.pacman);
  }
  const result: AurInstallResult = { repositoryPackages, built: [] };
  for (const [position, build] of plan.builds.entries()) {
    const snapshot = reviewed[position]?.snapshot;
    if (snapshot === undefined) continue;
    options.onEvent?.({ type: 'build-start', packageBase: build.packageBase });
    const made = await buildAurPackage(build.packageBase, snapshot.directory, {
      env: options.env,
      user: options.buildUser,
      ...(options.onOutput === undefined ? {} : { onOutput: options.onOutput }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    // A split package base makes more packages than are needed: install only the needed ones.
    // Package files are `<name>-<pkgver>-<pkgrel>-<arch>.pkg.tar*` and pkgver has no '-'.
    const files = made.files.filter((file) =>
      build.packages.some((name) => {
        const base = basename(file);
        return (
          base.startsWith(`${name}-`) && /^[^-/]+-[^-/]+-[^-/]+\.pkg\.tar/.test(base.slice(name.length + 1))
        );
      }),
    );
    const chosen = files.length > 0 ? files : made.files;
    options.onEvent?.({ type: 'build-finish', packageBase: build.packageBase, files: chosen });
    options.onEvent?.({ type: 'package-install', packageBase: build.packageBase, files: chosen });
    await runPacmanCommand(['-U', ...(build.requested ? [] : ['--asdeps']), ...chosen], options.pacman);
    result.built.push({ packageBase: build.packageBase, version: build.version, files: chosen });
  }
  return result;
}
