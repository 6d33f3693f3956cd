import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@venom/core';
import type { AurSnapshot } from './fetch-aur-snapshot.js';
import { unifiedDiff } from './unified-diff.js';

/** A PKGBUILD to review, against the last version the user approved. */
export interface PkgbuildReview {
  packageBase: string;
  /** `new`: never approved; `changed`: differs from the approved one; `unchanged`: approved as is. */
  status: 'new' | 'changed' | 'unchanged';
  pkgbuild: string;
  /** The last approved PKGBUILD, or null. */
  previous: string | null;
  /** Unified diff from the approved PKGBUILD to this one ('' unless `changed`). */
  diff: string;
  /** The other files of the snapshot (install scripts, patches), relative to its directory. */
  otherFiles: string[];
}

/** Where approvals are kept: `<stateDir>/aur/reviewed/<base>/PKGBUILD`. */
export function approvedPkgbuildPath(stateDir: string, packageBase: string): string {
  return join(stateDir, 'aur', 'reviewed', packageBase, 'PKGBUILD');
}

/** Compares a fetched snapshot's PKGBUILD with the one the user last approved. */
export async function preparePkgbuildReview(
  stateDir: string,
  snapshot: AurSnapshot,
): Promise<PkgbuildReview> {
  let previous: string | null = null;
  try {
    previous = await readFile(approvedPkgbuildPath(stateDir, snapshot.packageBase), 'utf8');
  } catch {
    previous = null;
  }
  const status = previous === null ? 'new' : previous === snapshot.pkgbuild ? 'unchanged' : 'changed';
  return {
    packageBase: snapshot.packageBase,
    status,
    pkgbuild: snapshot.pkgbuild,
    previous,
    diff:
      status === 'changed' && previous !== null
        ? unifiedDiff(previous, snapshot.pkgbuild, {
            before: `${snapshot.packageBase}/PKGBUILD (approved)`,
            after: `${snapshot.packageBase}/PKGBUILD (AUR now)`,
          })
        : '',
    otherFiles: snapshot.files.filter((file) => file !== 'PKGBUILD' && file !== '.SRCINFO'),
  };
}

/** Records that the user approved this PKGBUILD (the next review diffs against it). */
export function recordPkgbuildApproval(stateDir: string, packageBase: string, pkgbuild: string): void {
  writeFileAtomic(approvedPkgbuildPath(stateDir, packageBase), pkgbuild);
}
