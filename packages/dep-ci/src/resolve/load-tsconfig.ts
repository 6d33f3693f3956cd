import { existsSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { globToRegex } from '../util/glob-to-regex.js';
import { parseJsonc } from '../util/parse-jsonc.js';

/** One `paths` entry of a tsconfig, with targets made repo-relative. */
export interface PathAlias {
  /** The part before `*` (or the whole key without `*`). */
  prefix: string;
  /** The part after `*`; undefined when the key has no `*` (an exact alias). */
  suffix: string | undefined;
  /** Repo-relative targets, each with at most one `*`. */
  targets: string[];
}

/** The compiler options dep-ci reads from a tsconfig (after `extends`), repo-relative. */
export interface TsconfigInfo {
  /** Repo-relative path of the config file. */
  path: string;
  directory: string;
  /** Sorted by prefix length, longest first (TypeScript's matching order). */
  paths: PathAlias[];
  baseUrl: string | undefined;
  customConditions: string[];
  rootDir: string | undefined;
  outDir: string | undefined;
  verbatimModuleSyntax: boolean;
  /** Repo-relative paths of referenced configs. */
  references: string[];
  /** Whether a repo-relative file is part of this project (`files`/`include`/`exclude`). */
  includes(file: string): boolean;
  /** The configs this one extends, repo-relative or absolute (outside the repo); for invalidation. */
  extended: string[];
}

interface RawCompilerOptions {
  paths?: Record<string, string[]>;
  baseUrl?: string;
  customConditions?: string[];
  rootDir?: string;
  outDir?: string;
  verbatimModuleSyntax?: boolean;
}

export interface RawTsconfig {
  extends?: string | string[];
  compilerOptions?: RawCompilerOptions;
  references?: { path: string }[];
  include?: string[];
  exclude?: string[];
  files?: string[];
}

interface MergedOptions {
  paths?: { value: Record<string, string[]>; base: string };
  baseUrl?: string;
  customConditions?: string[];
  rootDir?: string;
  outDir?: string;
  verbatimModuleSyntax?: boolean;
  include?: { patterns: string[]; base: string };
  exclude?: { patterns: string[]; base: string };
  files?: { patterns: string[]; base: string };
  extended: string[];
}

/** Parsed config files by absolute path, shared by the configs one resolver loads. */
export type TsconfigFileCache = Map<string, RawTsconfig | undefined>;

function readConfig(absolutePath: string, cache: TsconfigFileCache): RawTsconfig | undefined {
  if (cache.has(absolutePath)) return cache.get(absolutePath);
  let config: RawTsconfig | undefined;
  try {
    const parsed = parseJsonc(readFileSync(absolutePath, 'utf8'));
    config = typeof parsed === 'object' && parsed !== null ? (parsed as RawTsconfig) : undefined;
  } catch {
    config = undefined;
  }
  cache.set(absolutePath, config);
  return config;
}

/** Finds an `extends` target: a relative path (with or without .json) or a package in node_modules. */
function findExtendedConfig(specifier: string, fromDirectory: string): string | undefined {
  const candidates: string[] = [];
  if (specifier.startsWith('.') || posix.isAbsolute(specifier)) {
    const base = posix.resolve(fromDirectory, specifier);
    candidates.push(base, `${base}.json`, posix.join(base, 'tsconfig.json'));
  } else {
    for (let directory = fromDirectory; ; directory = posix.dirname(directory)) {
      const base = posix.join(directory, 'node_modules', specifier);
      candidates.push(base, `${base}.json`, posix.join(base, 'tsconfig.json'));
      if (posix.dirname(directory) === directory) break;
    }
  }
  return candidates.find((candidate) => candidate.endsWith('.json') && existsSync(candidate));
}

function mergeConfig(absolutePath: string, seen: Set<string>, cache: TsconfigFileCache): MergedOptions {
  const merged: MergedOptions = { extended: [] };
  if (seen.has(absolutePath)) return merged;
  seen.add(absolutePath);
  const raw = readConfig(absolutePath, cache);
  if (raw === undefined) return merged;
  const directory = posix.dirname(absolutePath);
  const parents = raw.extends === undefined ? [] : Array.isArray(raw.extends) ? raw.extends : [raw.extends];
  for (const parent of parents) {
    if (typeof parent !== 'string') continue;
    const found = findExtendedConfig(parent, directory);
    if (found === undefined) continue;
    merged.extended.push(found);
    const inherited = mergeConfig(found, seen, cache);
    Object.assign(merged, { ...inherited, extended: [...merged.extended, ...inherited.extended] });
  }
  const options = raw.compilerOptions ?? {};
  if (options.paths !== undefined) merged.paths = { value: options.paths, base: directory };
  if (typeof options.baseUrl === 'string') merged.baseUrl = posix.resolve(directory, options.baseUrl);
  if (Array.isArray(options.customConditions)) merged.customConditions = options.customConditions;
  if (typeof options.rootDir === 'string') merged.rootDir = posix.resolve(directory, options.rootDir);
  if (typeof options.outDir === 'string') merged.outDir = posix.resolve(directory, options.outDir);
  if (typeof options.verbatimModuleSyntax === 'boolean')
    merged.verbatimModuleSyntax = options.verbatimModuleSyntax;
  if (Array.isArray(raw.include)) merged.include = { patterns: raw.include, base: directory };
  if (Array.isArray(raw.exclude)) merged.exclude = { patterns: raw.exclude, base: directory };
  if (Array.isArray(raw.files)) merged.files = { patterns: raw.files, base: directory };
  return merged;
}

/** Makes an absolute POSIX path repo-relative ('' for the root itself). */
export function toRepoPath(root: string, absolute: string): string {
  const relative = posix.relative(root, absolute);
  return relative;
}

function patternMatcher(root: string, spec: { patterns: string[]; base: string }): (file: string) => boolean {
  const expressions = spec.patterns.map((pattern) => {
    let full = toRepoPath(root, posix.resolve(spec.base, pattern));
    // A directory or extensionless pattern means everything below it.
    if (!/[*?]/.test(posix.basename(full)) && !/\.[a-z]+$/i.test(full)) full = `${full}/**/*`;
    return globToRegex(full === '' ? '**/*' : full);
  });
  return (file) => expressions.some((expression) => expression.test(file));
}

/**
 * Loads a tsconfig (following `extends` through relative paths and packages in node_modules) and
 * returns what module resolution needs, with every path repo-relative to `root` (absolute POSIX).
 */
export function loadTsconfig(
  root: string,
  configPath: string,
  cache: TsconfigFileCache = new Map(),
): TsconfigInfo {
  const absolute = posix.join(root, configPath);
  const merged = mergeConfig(absolute, new Set(), cache);
  const raw = readConfig(absolute, cache) ?? {};
  const directory = posix.dirname(configPath) === '.' ? '' : posix.dirname(configPath);
  const paths: PathAlias[] = [];
  if (merged.paths !== undefined) {
    const base = merged.baseUrl ?? merged.paths.base;
    for (const [key, targets] of Object.entries(merged.paths.value)) {
      if (!Array.isArray(targets)) continue;
      const star = key.indexOf('*');
      paths.push({
        prefix: star === -1 ? key : key.slice(0, star),
        suffix: star === -1 ? undefined : key.slice(star + 1),
        targets: targets
          .filter((target) => typeof target === 'string')
          .map((target) => toRepoPath(root, posix.resolve(base, target))),
      });
    }
    paths.sort((left, right) => right.prefix.length - left.prefix.length);
  }
  const references = (raw.references ?? [])
    .filter((reference) => typeof reference?.path === 'string')
    .map((reference) => {
      const target = toRepoPath(root, posix.resolve(posix.dirname(absolute), reference.path));
      return target.endsWith('.json') ? target : posix.join(target, 'tsconfig.json');
    });
  const include =
    merged.include ??
    (merged.files === undefined ? { patterns: ['**/*'], base: posix.dirname(absolute) } : undefined);
  const includeMatcher = include === undefined ? () => false : patternMatcher(root, include);
  const excludeMatcher = merged.exclude === undefined ? () => false : patternMatcher(root, merged.exclude);
  const fileSet = new Set(
    (merged.files?.patterns ?? []).map((file) =>
      toRepoPath(root, posix.resolve(merged.files?.base ?? '', file)),
    ),
  );
  const relativeOrUndefined = (value: string | undefined): string | undefined =>
    value === undefined ? undefined : toRepoPath(root, value);
  return {
    path: configPath,
    directory,
    paths,
    baseUrl: relativeOrUndefined(merged.baseUrl),
    customConditions: merged.customConditions ?? [],
    rootDir: relativeOrUndefined(merged.rootDir),
    outDir: relativeOrUndefined(merged.outDir),
    verbatimModuleSyntax: merged.verbatimModuleSyntax === true,
    references,
    includes: (file) => fileSet.has(file) || (includeMatcher(file) && !excludeMatcher(file)),
    extended: merged.extended.map((path) => (path.startsWith(`${root}/`) ? toRepoPath(root, path) : path)),
  };
}
