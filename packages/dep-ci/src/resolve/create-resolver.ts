import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import type { ImportRecord } from '../parse/scan-imports.js';
import { globToRegexSource } from '../util/glob-to-regex.js';
import { lowerBound } from '../util/lower-bound.js';
import { loadTsconfig, type TsconfigFileCache, type TsconfigInfo } from './load-tsconfig.js';

/** Where an import led. */
export type Resolution =
  | { kind: 'file'; path: string }
  /** A pattern (`import(\`./x/${a}.js\`)`, `import.meta.glob`): every file it can match. */
  | { kind: 'files'; paths: string[] }
  /** A package outside the repo (or a Node builtin): a leaf. */
  | { kind: 'external'; name: string }
  /** Nothing matched; `target` is the repo-relative path the specifier meant, without extension. */
  | { kind: 'missing'; target: string | undefined };

/** A package.json inside the repo. */
export interface PackageManifest {
  /** Repo-relative directory ('' for the root). */
  directory: string;
  name: string | undefined;
  exports: unknown;
  imports: unknown;
  main: string | undefined;
  types: string | undefined;
  module: string | undefined;
}

/** Resolves specifiers of repo files to repo files, with the repo's own tsconfig and package.json. */
export interface Resolver {
  resolve(fromFile: string, record: ImportRecord): Resolution;
  /** The conftest.py files pytest loads for a Python file: in its directory and every one above. */
  conftestsOf(file: string): string[];
  /** The package (nearest package.json directory) a file belongs to. */
  packageOf(file: string): PackageManifest | undefined;
  /** The tsconfig governing a file, if any. */
  tsconfigOf(file: string): TsconfigInfo | undefined;
  packages: readonly PackageManifest[];
}

const BUILTINS = new Set([
  'assert',
  'buffer',
  'child_process',
  'cluster',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'http',
  'http2',
  'https',
  'module',
  'net',
  'os',
  'path',
  'perf_hooks',
  'process',
  'querystring',
  'readline',
  'stream',
  'string_decoder',
  'timers',
  'tls',
  'tty',
  'url',
  'util',
  'v8',
  'vm',
  'worker_threads',
  'zlib',
]);

/** Extensions tried for an extensionless specifier, in TypeScript's order then JavaScript's. */
const EXTENSIONS = [
  '.ts',
  '.tsx',
  '.d.ts',
  '.mts',
  '.cts',
  '.js',
  '.jsx',
  '.mjs',
  '.cjs',
  '.json',
  '.vue',
  '.svelte',
];
const INDEX_FILES = EXTENSIONS.map((extension) => `index${extension}`);
/** Conditions for a directory import that lands on a package: TypeScript's view of its entry. */
const DIRECTORY_CONDITIONS: ReadonlySet<string> = new Set(['types', 'import', 'default']);
/** `.js` in a specifier may mean a TypeScript source. */
const SOURCE_FOR_OUTPUT: Record<string, string[]> = {
  '.js': ['.ts', '.tsx', '.d.ts', '.js', '.jsx'],
  '.jsx': ['.tsx', '.jsx'],
  '.mjs': ['.mts', '.d.mts', '.mjs'],
  '.cjs': ['.cts', '.d.cts', '.cjs'],
  '.d.ts': ['.ts', '.tsx', '.d.ts'],
};

/** The stem of a path without a code extension, for matching a deleted file to its importers. */
export function pathStem(path: string): string {
  return path.replace(/(\.d)?\.[cm]?[jt]sx?$/, '').replace(/\/index$/, '');
}

function readManifest(root: string, directory: string): PackageManifest | undefined {
  try {
    const parsed = JSON.parse(readFileSync(posix.join(root, directory, 'package.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
    return {
      directory,
      name: text(parsed.name),
      exports: parsed.exports,
      imports: parsed.imports,
      main: text(parsed.main),
      types: text(parsed.types) ?? text(parsed.typings),
      module: text(parsed.module),
    };
  } catch {
    return {
      directory,
      name: undefined,
      exports: undefined,
      imports: undefined,
      main: undefined,
      types: undefined,
      module: undefined,
    };
  }
}

/**
 * Matches a subpath against an `exports`/`imports` map and returns the chosen target (one `*`
 * substituted), following Node's rules: exact key first, then the longest pattern prefix; a
 * conditions object picks the first key in the active set, in object order.
 */
export function matchSubpathMap(map: unknown, subpath: string, conditions: ReadonlySet<string>): string[] {
  if (map === null || map === undefined) return [];
  if (typeof map === 'string' || Array.isArray(map))
    return subpath === '.' ? pickTargets(map, conditions, undefined) : [];
  if (typeof map !== 'object') return [];
  const entries = map as Record<string, unknown>;
  const keys = Object.keys(entries);
  // A conditions object at the top stands for ".".
  if (keys.length > 0 && keys.every((key) => !key.startsWith('.') && !key.startsWith('#'))) {
    return subpath === '.' ? pickTargets(entries, conditions, undefined) : [];
  }
  if (subpath in entries) return pickTargets(entries[subpath], conditions, undefined);
  let best: { key: string; match: string } | undefined;
  for (const key of keys) {
    const star = key.indexOf('*');
    if (star === -1) {
      // Legacy folder mapping: "./sub/": "./dist/sub/".
      if (
        key.endsWith('/') &&
        subpath.startsWith(key) &&
        (best === undefined || key.length > best.key.length)
      ) {
        best = { key, match: subpath.slice(key.length) };
      }
      continue;
    }
    const prefix = key.slice(0, star);
    const suffix = key.slice(star + 1);
    if (subpath.startsWith(prefix) && subpath.endsWith(suffix) && subpath.length >= key.length - 1) {
      if (best === undefined || prefix.length > best.key.indexOf('*')) {
        best = { key, match: subpath.slice(prefix.length, subpath.length - suffix.length) };
      }
    }
  }
  if (best === undefined) return [];
  const targets = pickTargets(entries[best.key], conditions, best.match);
  return best.key.includes('*') ? targets : targets.map((target) => target + best.match);
}

function pickTargets(value: unknown, conditions: ReadonlySet<string>, star: string | undefined): string[] {
  if (typeof value === 'string') return [star === undefined ? value : value.replaceAll('*', star)];
  if (Array.isArray(value)) return value.flatMap((item) => pickTargets(item, conditions, star));
  if (value === null || typeof value !== 'object') return [];
  for (const [condition, target] of Object.entries(value as Record<string, unknown>)) {
    if (!conditions.has(condition)) continue;
    const picked = pickTargets(target, conditions, star);
    if (picked.length > 0) return picked;
  }
  return [];
}

/**
 * Creates a resolver over the repo's file list (repo-relative POSIX paths). Resolution never touches
 * the disk for source files: it asks the file set; only package.json and tsconfig files are read.
 */
export function createResolver(root: string, files: ReadonlySet<string>): Resolver {
  const manifests = new Map<string, PackageManifest>();
  const byName = new Map<string, PackageManifest>();
  const tsconfigPaths = new Set<string>();
  for (const file of files) {
    // Only .json files matter here: skip the rest without cutting a base name out of each path.
    if (!file.endsWith('.json')) continue;
    const base = posix.basename(file);
    if (base === 'package.json') {
      const directory = posix.dirname(file) === '.' ? '' : posix.dirname(file);
      const manifest = readManifest(root, directory);
      if (manifest === undefined) continue;
      manifests.set(directory, manifest);
      if (manifest.name !== undefined && !byName.has(manifest.name)) byName.set(manifest.name, manifest);
    } else if (base === 'tsconfig.json' || base === 'jsconfig.json' || /^tsconfig\..+\.json$/.test(base)) {
      tsconfigPaths.add(file);
    }
  }
  const tsconfigs = new Map<string, TsconfigInfo>();
  /** Each config file is read once, however many configs extend it. */
  const tsconfigFiles: TsconfigFileCache = new Map();
  const loadConfig = (path: string): TsconfigInfo | undefined => {
    if (!tsconfigPaths.has(path)) return undefined;
    let config = tsconfigs.get(path);
    if (config === undefined) {
      config = loadTsconfig(root, path, tsconfigFiles);
      tsconfigs.set(path, config);
    }
    return config;
  };

  const parentDirectory = (directory: string): string | undefined =>
    directory === '' ? undefined : posix.dirname(directory) === '.' ? '' : posix.dirname(directory);
  const packageByDirectory = new Map<string, PackageManifest | undefined>();
  const nearestPackage = (directory: string): PackageManifest | undefined => {
    if (packageByDirectory.has(directory)) return packageByDirectory.get(directory);
    const found =
      manifests.get(directory) ??
      (directory === '' ? undefined : nearestPackage(parentDirectory(directory) ?? ''));
    packageByDirectory.set(directory, found);
    return found;
  };
  const tsconfigByDirectory = new Map<string, TsconfigInfo | undefined>();
  const nearestTsconfig = (directory: string): TsconfigInfo | undefined => {
    if (tsconfigByDirectory.has(directory)) return tsconfigByDirectory.get(directory);
    const own =
      loadConfig(directory === '' ? 'tsconfig.json' : `${directory}/tsconfig.json`) ??
      loadConfig(directory === '' ? 'jsconfig.json' : `${directory}/jsconfig.json`);
    const found = own ?? (directory === '' ? undefined : nearestTsconfig(parentDirectory(directory) ?? ''));
    tsconfigByDirectory.set(directory, found);
    return found;
  };
  const tsconfigByFile = new Map<string, TsconfigInfo | undefined>();
  const tsconfigOf = (file: string): TsconfigInfo | undefined => {
    if (tsconfigByFile.has(file)) return tsconfigByFile.get(file);
    const found = findTsconfigOf(file);
    tsconfigByFile.set(file, found);
    return found;
  };
  const findTsconfigOf = (file: string): TsconfigInfo | undefined => {
    const directory = posix.dirname(file) === '.' ? '' : posix.dirname(file);
    const nearest = nearestTsconfig(directory);
    if (nearest === undefined || nearest.references.length === 0) return nearest;
    // A solution-style config: the referenced project that includes the file decides.
    for (const reference of nearest.references) {
      const referenced = loadConfig(reference);
      if (referenced?.includes(file)) return referenced;
    }
    // Siblings like tsconfig.app.json that are not referenced but include the file.
    return nearest;
  };

  const exists = (path: string): boolean => files.has(path);

  /** Tries a repo-relative path as a file, with TypeScript's extension substitution and indexes. */
  const tryPath = (candidate: string, allowDirectory = true): string | undefined => {
    const normalized = posix.normalize(candidate);
    if (normalized.startsWith('../') || normalized === '..') return undefined;
    const path = normalized === '.' ? '' : normalized.replace(/\/$/, '');
    // Every candidate below lives in the path's directory or (indexes) in the path as a directory:
    // one lookup each rules out a directory that holds no file, before up to 25 file lookups.
    const holding = directories();
    const slash = path.lastIndexOf('/');
    if (path !== '' && holding.has(slash === -1 ? '' : path.slice(0, slash))) {
      const extension = /(\.d\.ts|\.[cm]?[jt]sx?)$/.exec(path)?.[0];
      if (extension !== undefined) {
        const stem = path.slice(0, -extension.length);
        for (const replacement of SOURCE_FOR_OUTPUT[extension] ?? [extension]) {
          if (exists(stem + replacement)) return stem + replacement;
        }
      }
      if (exists(path)) return path;
      for (const added of EXTENSIONS) if (exists(path + added)) return path + added;
    }
    if (allowDirectory && holding.has(path)) {
      const prefix = path === '' ? '' : `${path}/`;
      const manifest = manifests.get(path);
      if (manifest !== undefined && path !== '') {
        const viaManifest = resolvePackageEntry(manifest, '.', DIRECTORY_CONDITIONS);
        if (viaManifest !== undefined) return viaManifest;
      }
      for (const index of INDEX_FILES) if (exists(prefix + index)) return prefix + index;
    }
    return undefined;
  };

  /** A package target that is a build output (dist/) maps back to its source (src/). */
  const outputPairsByPackage = new Map<PackageManifest, [output: string, source: string][]>();
  /** Build-output directories of a package and the source directory each maps back to. */
  const outputPairs = (manifest: PackageManifest): [string, string][] => {
    let pairs = outputPairsByPackage.get(manifest);
    if (pairs === undefined) {
      const config = tsconfigOf(posix.join(manifest.directory, 'package.json'));
      pairs = [];
      if (config?.outDir !== undefined)
        pairs.push([config.outDir, config.rootDir ?? posix.join(manifest.directory, 'src')]);
      for (const output of ['dist', 'build', 'lib', 'out', 'esm', 'cjs']) {
        pairs.push([posix.join(manifest.directory, output), posix.join(manifest.directory, 'src')]);
      }
      outputPairsByPackage.set(manifest, pairs);
    }
    return pairs;
  };

  const toSource = (manifest: PackageManifest, target: string): string | undefined => {
    const direct = tryPath(target, false);
    if (direct !== undefined) return direct;
    for (const [output, source] of outputPairs(manifest)) {
      if (target === output || target.startsWith(`${output}/`)) {
        const mapped = tryPath(source + target.slice(output.length), false);
        if (mapped !== undefined) return mapped;
      }
    }
    return undefined;
  };

  /** Entries already resolved, by conditions set (one object per set, see conditionsFor) then package and subpath. */
  const entries = new Map<ReadonlySet<string>, Map<string, string | undefined>>();
  const resolvePackageEntry = (
    manifest: PackageManifest,
    subpath: string,
    conditions: ReadonlySet<string>,
  ): string | undefined => {
    let known = entries.get(conditions);
    if (known === undefined) {
      known = new Map();
      entries.set(conditions, known);
    }
    const key = `${manifest.directory}\0${subpath}`;
    if (known.has(key)) return known.get(key);
    const found = resolvePackageEntryUncached(manifest, subpath, conditions);
    known.set(key, found);
    return found;
  };
  const resolvePackageEntryUncached = (
    manifest: PackageManifest,
    subpath: string,
    conditions: ReadonlySet<string>,
  ): string | undefined => {
    if (manifest.exports !== undefined) {
      for (const target of matchSubpathMap(manifest.exports, subpath, conditions)) {
        const found = toSource(manifest, posix.join(manifest.directory, target));
        if (found !== undefined) return found;
      }
      return undefined;
    }
    if (subpath !== '.')
      return (
        tryPath(posix.join(manifest.directory, subpath)) ??
        toSource(manifest, posix.join(manifest.directory, subpath))
      );
    for (const field of [manifest.types, manifest.module, manifest.main]) {
      if (field === undefined) continue;
      const found = toSource(manifest, posix.join(manifest.directory, field));
      if (found !== undefined) return found;
    }
    return (
      tryPath(posix.join(manifest.directory, 'src/index')) ?? tryPath(posix.join(manifest.directory, 'index'))
    );
  };

  /**
   * The conditions by (tsconfig, require or import). resolvePackageEntry memoizes by the set's
   * identity, so configs with the same conditions (every package's tsconfig, in most monorepos)
   * share one set, and a package entry is resolved once for all of them.
   */
  const conditionSets = new Map<string, Set<string>>();
  const conditionSetsByContent = new Map<string, Set<string>>();
  const conditionsFor = (fromFile: string, record: ImportRecord): Set<string> => {
    const config = tsconfigOf(fromFile);
    const mode = record.kind === 'require' ? 'require' : 'import';
    const key = `${config?.path ?? ''}\0${mode}`;
    let conditions = conditionSets.get(key);
    if (conditions === undefined) {
      const set = new Set([
        ...(config?.customConditions ?? []),
        'source',
        'types',
        mode,
        'node',
        'development',
        'default',
      ]);
      // Order does not matter: a conditions object is walked in its own key order.
      const content = [...set].sort().join('\0');
      conditions = conditionSetsByContent.get(content) ?? set;
      conditionSetsByContent.set(content, conditions);
      conditionSets.set(key, conditions);
    }
    return conditions;
  };

  let directorySet: Set<string> | undefined;
  /** The directories that hold a file themselves ('' for the root). */
  const directories = (): Set<string> => {
    if (directorySet === undefined) {
      directorySet = new Set();
      for (const file of files) {
        const slash = file.lastIndexOf('/');
        directorySet.add(slash === -1 ? '' : file.slice(0, slash));
      }
    }
    return directorySet;
  };

  let sortedFiles: string[] | undefined;
  const globFiles = (pattern: string, anySegments: boolean): string[] => {
    const star = pattern.indexOf('*');
    const fixed = star === -1 ? pattern : pattern.slice(0, star);
    const extension = /(\.d\.ts|\.[cm]?[jt]sx?)$/.exec(pattern)?.[0];
    const stem = extension === undefined ? pattern : pattern.slice(0, -extension.length);
    const extensions = extension === undefined ? [''] : (SOURCE_FOR_OUTPUT[extension] ?? [extension]);
    let body = anySegments
      ? stem
          .split('*')
          .map((part) => part.replace(/[.+^$()|[\]\\{}?]/g, '\\$&'))
          .join('.*')
      : globToRegexSource(stem);
    body += `(?:${extensions.map((value) => value.replace(/\./g, '\\.')).join('|')})`;
    const expression = new RegExp(`^${body}$`);
    // Every match starts with the pattern's fixed part: one run of the sorted file list.
    sortedFiles ??= [...files].sort();
    const matches: string[] = [];
    for (let index = lowerBound(sortedFiles, fixed); index < sortedFiles.length; index++) {
      const file = sortedFiles[index] as string;
      if (!file.startsWith(fixed)) break;
      if (expression.test(file)) matches.push(file);
    }
    return matches;
  };

  const resolveInRepo = (record: ImportRecord, target: string): Resolution => {
    if (record.pattern) {
      const matched = globFiles(posix.normalize(target), record.kind !== 'glob');
      return matched.length > 0 ? { kind: 'files', paths: matched } : { kind: 'missing', target };
    }
    const found = tryPath(target);
    return found === undefined
      ? { kind: 'missing', target: pathStem(posix.normalize(target)) }
      : { kind: 'file', path: found };
  };

  // Python: sys.path roots are the repo root, every Python project directory (pyproject.toml,
  // setup.cfg, setup.py), their src/ folders, and the dirs their configs name (pytest `pythonpath`,
  // setuptools `where`/`package_dir`, poetry `from`).
  let pythonRoots: string[] | undefined;
  const getPythonRoots = (): string[] => {
    if (pythonRoots !== undefined) return pythonRoots;
    const roots = new Set<string>(['']);
    const holding = directories();
    for (const file of files) {
      const base = posix.basename(file);
      if (base !== 'pyproject.toml' && base !== 'setup.cfg' && base !== 'setup.py') continue;
      const directory = posix.dirname(file) === '.' ? '' : posix.dirname(file);
      roots.add(directory);
      const src = directory === '' ? 'src' : `${directory}/src`;
      if ([...holding].some((candidate) => candidate === src || candidate.startsWith(`${src}/`)))
        roots.add(src);
      let text = '';
      try {
        text = readFileSync(posix.join(root, file), 'utf8');
      } catch {
        continue;
      }
      const named: string[] = [];
      for (const match of text.matchAll(/^\s*(?:pythonpath|where)\s*=\s*\[([^\]]*)\]/gm)) {
        for (const item of (match[1] ?? '').matchAll(/["']([^"']+)["']/g)) named.push(item[1] ?? '');
      }
      for (const match of text.matchAll(/\bfrom\s*=\s*["']([^"']+)["']/g)) named.push(match[1] ?? '');
      for (const match of text.matchAll(/package_dir\s*=\s*(?:\n\s*)?=\s*(\S+)/g)) named.push(match[1] ?? '');
      for (const match of text.matchAll(/["']{2}\s*:\s*["']([^"']+)["']/g)) named.push(match[1] ?? '');
      for (const item of named) {
        const normalized = posix.normalize(posix.join(directory, item));
        if (!normalized.startsWith('..')) roots.add(normalized === '.' ? '' : normalized);
      }
    }
    pythonRoots = [...roots];
    return pythonRoots;
  };
  const pythonModule = (directory: string, dotted: string): string[] | undefined => {
    const parts = dotted === '' ? [] : dotted.split('.');
    const base = [directory, ...parts].filter((part) => part !== '').join('/');
    const module =
      base === ''
        ? undefined
        : exists(`${base}.py`)
          ? `${base}.py`
          : exists(`${base}.pyi`)
            ? `${base}.pyi`
            : undefined;
    const initFile = base === '' ? '__init__.py' : `${base}/__init__.py`;
    const found = module ?? (exists(initFile) ? initFile : undefined);
    const isNamespace = found === undefined && base !== '' && directories().has(base);
    if (found === undefined && !isNamespace) return undefined;
    // Importing a.b.c runs a/__init__.py and a/b/__init__.py first.
    const inits: string[] = [];
    for (let index = 1; index < parts.length; index++) {
      const init = [directory, ...parts.slice(0, index), '__init__.py']
        .filter((part) => part !== '')
        .join('/');
      if (exists(init)) inits.push(init);
    }
    return found === undefined ? inits : [found, ...inits];
  };
  const resolvePython = (fromFile: string, specifier: string): Resolution => {
    const [modulePart = '', name] = specifier.split(':');
    const dots = /^\.*/.exec(modulePart)?.[0].length ?? 0;
    const dotted = modulePart.slice(dots);
    let bases: string[];
    if (dots > 0) {
      let directory = posix.dirname(fromFile) === '.' ? '' : posix.dirname(fromFile);
      for (let level = 1; level < dots; level++)
        directory =
          directory === '' ? '..' : posix.dirname(directory) === '.' ? '' : posix.dirname(directory);
      if (directory.startsWith('..')) return { kind: 'missing', target: undefined };
      bases = [directory];
    } else {
      bases = getPythonRoots();
    }
    for (const base of bases) {
      const found = pythonModule(base, dotted);
      if (found === undefined) continue;
      if (name === undefined)
        return found.length === 1
          ? { kind: 'file', path: found[0] as string }
          : { kind: 'files', paths: found };
      // `from package import name`: a submodule when one exists, else an attribute (the module edge covers it).
      const submodule = pythonModule(base, dotted === '' ? name : `${dotted}.${name}`);
      const own = submodule?.[0];
      const isSubmodule =
        own !== undefined &&
        (own.endsWith(`/${name}.py`) || own === `${name}.py` || own.endsWith(`${name}/__init__.py`));
      return isSubmodule ? { kind: 'file', path: own } : { kind: 'external', name: `${modulePart}.${name}` };
    }
    if (dots > 0) return { kind: 'missing', target: posix.join(bases[0] ?? '', dotted.replaceAll('.', '/')) };
    return { kind: 'external', name: modulePart.split('.')[0] ?? modulePart };
  };
  const conftestsOf = (file: string): string[] => {
    const found: string[] = [];
    let directory = posix.dirname(file) === '.' ? '' : posix.dirname(file);
    for (;;) {
      const candidate = directory === '' ? 'conftest.py' : `${directory}/conftest.py`;
      if (candidate !== file && exists(candidate)) found.push(candidate);
      if (directory === '') break;
      directory = posix.dirname(directory) === '.' ? '' : posix.dirname(directory);
    }
    return found;
  };

  /** Resolutions by scope (see `resolve`), then specifier. */
  const scopes = new Map<string, Map<string, Resolution>>();
  /** The scope maps of the file resolved last, by variant: a file's imports come one after another. */
  let lastFile: string | undefined;
  const lastMaps: (Map<string, Resolution> | undefined)[] = [];
  const scopeMap = (fromFile: string, variant: number, relative: boolean): Map<string, Resolution> => {
    if (fromFile !== lastFile) {
      lastFile = fromFile;
      lastMaps.length = 0;
    }
    const slot = variant * 2 + (relative ? 1 : 0);
    let map = lastMaps[slot];
    if (map === undefined) {
      // Relative specifiers depend on the directory only; bare ones on the governing configs.
      const directory = posix.dirname(fromFile);
      const scope = relative
        ? directory
        : `${tsconfigOf(fromFile)?.path ?? ''}|${nearestPackage(directory)?.directory ?? ''}`;
      const key = `${slot}\0${scope}`;
      map = scopes.get(key);
      if (map === undefined) {
        map = new Map();
        scopes.set(key, map);
      }
      lastMaps[slot] = map;
    }
    return map;
  };

  const resolveUncached = (fromFile: string, record: ImportRecord): Resolution => {
    if (fromFile.endsWith('.py') || fromFile.endsWith('.pyi'))
      return resolvePython(fromFile, record.specifier);
    const specifier = record.specifier.split('?')[0] ?? record.specifier;
    const fromDirectory = posix.dirname(fromFile) === '.' ? '' : posix.dirname(fromFile);
    if (
      specifier.startsWith('./') ||
      specifier.startsWith('../') ||
      specifier === '.' ||
      specifier === '..'
    ) {
      return resolveInRepo(record, posix.join(fromDirectory, specifier));
    }
    if (specifier.startsWith('/')) {
      // Vite-style root-absolute import, or an absolute path inside the repo.
      const inside = specifier.startsWith(`${root}/`) ? specifier.slice(root.length + 1) : specifier.slice(1);
      return resolveInRepo(record, inside);
    }
    if (specifier.startsWith('node:') || BUILTINS.has(specifier.split('/')[0] ?? '')) {
      return { kind: 'external', name: specifier };
    }
    const config = tsconfigOf(fromFile);
    if (config !== undefined) {
      for (const alias of config.paths) {
        let captured: string | undefined;
        if (alias.suffix === undefined) {
          if (specifier !== alias.prefix) continue;
          captured = '';
        } else if (
          specifier.startsWith(alias.prefix) &&
          specifier.endsWith(alias.suffix) &&
          specifier.length >= alias.prefix.length + alias.suffix.length
        ) {
          captured = specifier.slice(alias.prefix.length, specifier.length - alias.suffix.length);
        } else continue;
        for (const target of alias.targets) {
          const resolution = resolveInRepo(record, target.replace('*', captured));
          if (resolution.kind !== 'missing') return resolution;
        }
      }
    }
    if (specifier.startsWith('#')) {
      const manifest = nearestPackage(fromDirectory);
      if (manifest?.imports !== undefined) {
        for (const target of matchSubpathMap(manifest.imports, specifier, conditionsFor(fromFile, record))) {
          if (!target.startsWith('./')) return { kind: 'external', name: target };
          const found = toSource(manifest, posix.join(manifest.directory, target));
          if (found !== undefined) return { kind: 'file', path: found };
        }
        return { kind: 'missing', target: undefined };
      }
    }
    const parts = specifier.split('/');
    const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
    const manifest = byName.get(name);
    if (manifest !== undefined) {
      const subpath = specifier === name ? '.' : `.${specifier.slice(name.length)}`;
      const found = resolvePackageEntry(manifest, subpath, conditionsFor(fromFile, record));
      if (found !== undefined) return { kind: 'file', path: found };
      return { kind: 'missing', target: undefined };
    }
    if (config?.baseUrl !== undefined) {
      const viaBaseUrl = tryPath(posix.join(config.baseUrl, specifier));
      if (viaBaseUrl !== undefined) return { kind: 'file', path: viaBaseUrl };
    }
    return { kind: 'external', name };
  };

  return {
    packages: [...manifests.values()],
    packageOf: (file) => nearestPackage(posix.dirname(file) === '.' ? '' : posix.dirname(file)),
    conftestsOf,
    tsconfigOf,
    resolve(fromFile, record) {
      const relative = record.specifier.startsWith('.') || fromFile.endsWith('.py');
      // What else decides a resolution: require vs import conditions, and whether it is a glob.
      const variant =
        (record.kind === 'require' ? 1 : 0) + (record.pattern ? (record.kind === 'glob' ? 4 : 2) : 0);
      const map = scopeMap(fromFile, variant, relative);
      let resolution = map.get(record.specifier);
      if (resolution === undefined) {
        resolution = resolveUncached(fromFile, record);
        map.set(record.specifier, resolution);
      }
      return resolution;
    },
  };
}
