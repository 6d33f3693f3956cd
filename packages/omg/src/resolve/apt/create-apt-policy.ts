import { basename } from 'node:path';
import type { AptPin, AptPreferences } from '../../backends/apt/read-apt-preferences.js';
import { type ReleaseInfo, readReleaseFileSync } from '../../backends/apt/read-release-file.js';
import type { SourceState } from '../../index/open-package-index.js';
import type { AptPackage, AptVersion } from './build-apt-universe.js';

/** apt's default priority of a repository. */
export const defaultPriority = 500;
/** The priority of the installed version (dpkg's status file). */
export const installedPriority = 100;

/** What a pin can match about one repository list. */
export interface AptSourceDescription {
  repository: string;
  release: ReleaseInfo;
  /** The list's component (`main`). */
  component: string;
  /** The host of the repository's URI (`deb.debian.org`), as `Pin: origin` matches it. */
  host: string;
  /** The list's priority after generic pins, NotAutomatic and ButAutomaticUpgrades. */
  priority: number;
}

/** apt's pin priorities and candidate choice over a set of lists and preferences. */
export interface AptPolicy {
  sources: ReadonlyMap<string, AptSourceDescription>;
  /** A version's pin priority (apt-cache policy shows it). */
  priority(version: AptVersion): number;
  /** The version `apt-get install` picks, or undefined when none is installable. */
  candidate(entry: AptPackage): AptVersion | undefined;
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

function packagePatternMatcher(pattern: string): (name: string) => boolean {
  if (pattern.length > 2 && pattern.startsWith('/') && pattern.endsWith('/')) {
    const expression = new RegExp(pattern.slice(1, -1));
    return (name) => expression.test(name);
  }
  if (/[*?[]/.test(pattern)) {
    const expression = globToRegExp(pattern);
    return (name) => expression.test(name);
  }
  return (name) => name === pattern;
}

function releaseMatches(conditions: Record<string, string>, source: AptSourceDescription): boolean {
  for (const [key, expected] of Object.entries(conditions)) {
    const matcher = packagePatternMatcher(expected);
    const value =
      key === 'a'
        ? source.release.suite
        : key === 'n'
          ? source.release.codename
          : key === 'o'
            ? source.release.origin
            : key === 'l'
              ? source.release.label
              : key === 'c'
                ? source.component
                : key === 'v'
                  ? source.release.version
                  : undefined;
    if (key === 'b') continue;
    if (key === 'v' && value !== undefined && (value === expected || value.startsWith(`${expected}.`)))
      continue;
    if (value === undefined || !matcher(value)) return false;
  }
  return true;
}

function targetMatchesSource(pin: AptPin, source: AptSourceDescription): boolean {
  if (pin.target.kind === 'release') return releaseMatches(pin.target.conditions, source);
  if (pin.target.kind === 'origin') return pin.target.host === source.host;
  return false;
}

/** Describes each available list of an index for pinning: its Release fields, component and host. */
export function describeAptSources(
  states: readonly SourceState[],
  pins: readonly AptPin[],
): Map<string, AptSourceDescription> {
  const generic = pins.filter((pin) => pin.packages.length === 1 && pin.packages[0] === '*');
  const described = new Map<string, AptSourceDescription>();
  for (const state of states) {
    if (state.kind !== 'available' || described.has(state.repository)) continue;
    const releasePath = state.identities
      .slice(1)
      .find((identity) => /_(In)?Release$/.test(identity.path))?.path;
    const release = (releasePath === undefined ? undefined : readReleaseFileSync(releasePath)) ?? {};
    const slash = state.repository.indexOf('/');
    const description: AptSourceDescription = {
      repository: state.repository,
      release,
      component: slash < 0 ? '' : state.repository.slice(slash + 1),
      host: basename(state.path).split('_')[0] ?? '',
      priority:
        release.notAutomatic === true ? (release.butAutomaticUpgrades === true ? 100 : 1) : defaultPriority,
    };
    const pin = generic.find((candidate) => targetMatchesSource(candidate, description));
    if (pin !== undefined) description.priority = pin.priority;
    described.set(state.repository, description);
  }
  return described;
}

/**
 * apt's policy: a version's priority is that of the first package-specific pin matching it, else the
 * highest priority of the lists offering it (500 by default, 1 for NotAutomatic, 100 with
 * ButAutomaticUpgrades; 100 for the installed version). The candidate is the highest-priority
 * version, ties going to the higher version; versions below the installed one are only chosen with a
 * priority of 1000 or more.
 */
export function createAptPolicy(states: readonly SourceState[], preferences: AptPreferences): AptPolicy {
  const sources = describeAptSources(states, preferences.pins);
  const specific = preferences.pins
    .filter((pin) => !(pin.packages.length === 1 && pin.packages[0] === '*'))
    .map((pin) => ({ pin, matchers: pin.packages.map(packagePatternMatcher) }));
  const priorities = new WeakMap<AptVersion, number>();
  const candidates = new WeakMap<AptPackage, AptVersion | null>();

  function specificPriority(version: AptVersion): number | undefined {
    const name = version.name.replace(/:.*$/, '');
    for (const { pin, matchers } of specific) {
      if (!matchers.some((matches) => matches(name))) continue;
      if (pin.target.kind === 'version') {
        if (globToRegExp(pin.target.pattern).test(version.version)) return pin.priority;
        continue;
      }
      for (const repository of version.repositories) {
        const source = sources.get(repository);
        if (source !== undefined && targetMatchesSource(pin, source)) return pin.priority;
      }
      // `Pin: release a=now` selects the installed version.
      if (
        version.installed &&
        pin.target.kind === 'release' &&
        pin.target.conditions.a === 'now' &&
        Object.keys(pin.target.conditions).length === 1
      )
        return pin.priority;
    }
    return undefined;
  }

  function priority(version: AptVersion): number {
    const known = priorities.get(version);
    if (known !== undefined) return known;
    let value = specificPriority(version);
    if (value === undefined) {
      value = version.installed ? installedPriority : Number.NEGATIVE_INFINITY;
      for (const repository of version.repositories)
        value = Math.max(value, sources.get(repository)?.priority ?? defaultPriority);
      if (value === Number.NEGATIVE_INFINITY) value = 0;
    }
    priorities.set(version, value);
    return value;
  }

  return {
    sources,
    priority,
    candidate(entry: AptPackage): AptVersion | undefined {
      const known = candidates.get(entry);
      if (known !== undefined) return known ?? undefined;
      let best: AptVersion | undefined;
      let bestPriority = Number.NEGATIVE_INFINITY;
      let belowInstalled = false;
      for (const version of entry.versions) {
        if (version.repositories.length > 0 || version.installed) {
          const value = priority(version);
          // Versions below the installed one are candidates only with a priority of 1000 or more.
          if (value > bestPriority && value >= 0 && (!belowInstalled || value >= 1000)) {
            best = version;
            bestPriority = value;
          }
        }
        if (version === entry.current) belowInstalled = true;
      }
      if (best === undefined && entry.current !== undefined) best = entry.current;
      candidates.set(entry, best ?? null);
      return best;
    },
  };
}
