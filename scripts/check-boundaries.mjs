#!/usr/bin/env node
/**
 * Enforces the dependency rules of DESIGN.md ("Direction of dependencies") and STYLE.md rule 3.
 *
 *   node scripts/check-boundaries.mjs [--root DIR] [--json]
 *
 * Rules (each violation prints as `path:line rule: explanation`):
 *   package-entry        other workspace packages are imported by bare name only: no deep paths
 *                        (`@venom/core/src/x`) and no relative path that leaves the package.
 *   declared-dependency  every bare import of a non-builtin package is declared in the importing
 *                        package's package.json (tests and config files may also use root devDependencies).
 *   package-direction    workspace package edges follow ALLOWED_PACKAGE_EDGES below.
 *   venom-layers         inside packages/venom/src a folder imports only itself and folders below it.
 *   no-mock-own-modules  vi.mock / vi.doMock never targets a workspace package or a relative path.
 *
 * Exit codes: 0 clean, 1 violations found, 2 usage error.
 */
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join, posix, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Which workspace packages each package may import, keyed by folder name under packages/.
 * `core` imports none; every product imports core; venom drives the other products as skills;
 * quantum builds on dep-ci. Nothing imports venom or apps/. A package folder missing here may import
 * core only, until it is added (here and in DESIGN.md).
 * @type {Readonly<Record<string, readonly string[]>>}
 */
export const ALLOWED_PACKAGE_EDGES = {
  core: [],
  venom: ['core', 'dep-ci', 'livepatch', 'quantum', 'omg'],
  'dep-ci': ['core'],
  livepatch: ['core'],
  quantum: ['core', 'dep-ci'],
  omg: ['core'],
};

/** Workspace packages an app under apps/ may import (apps talk to venom over HTTP, not by import). */
export const ALLOWED_APP_EDGES = ['core'];

/** Folders a package not listed in ALLOWED_PACKAGE_EDGES may import. */
const DEFAULT_PACKAGE_EDGES = ['core'];

/**
 * Top-level folders of packages/venom/src, highest layer first. A folder may import itself and
 * any folder after it in this list. cli comes before server: cli may start the server, never the reverse.
 */
export const VENOM_LAYERS = [
  'cli',
  'server',
  'agents',
  'improve',
  'plan',
  'skills',
  'timemachine',
  'memory',
  'intent',
  'router',
  'models',
  'sandbox',
];

const PACKAGE_SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts'];
const APP_SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const CONFIG_FILE_PATTERN = /^[\w.-]+\.config\.(?:[cm]?[jt]s)$/;
const TEST_FILE_PATTERN = /\.(?:test|spec)\.[cm]?[jt]sx?$/;
/** Folders never scanned: build output, installs, and fixture trees that tests feed to our tools as data. */
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', 'coverage', 'fixtures', '__fixtures__']);

/**
 * @typedef {object} Violation
 * @property {string} path  file path relative to the root, with forward slashes
 * @property {number} line  1-based line of the offending import
 * @property {'package-entry' | 'declared-dependency' | 'package-direction' | 'venom-layers' | 'no-mock-own-modules'} rule
 * @property {string} message  what is wrong and what to do instead
 */

/**
 * @typedef {object} CheckResult
 * @property {number} fileCount  number of source files scanned
 * @property {Violation[]} violations  sorted by path, then line
 */

/**
 * @typedef {object} Unit  a workspace package (packages/<folder>) or an app (apps/<folder>)
 * @property {'package' | 'app'} kind
 * @property {string} folder  folder name under packages/ or apps/
 * @property {string} directory  path relative to the root, e.g. `packages/core`
 * @property {string | undefined} name  the `name` field of its package.json
 * @property {Set<string>} declared  names in dependencies, devDependencies, peerDependencies, optionalDependencies
 * @property {boolean} hasManifest  whether package.json exists
 * @property {string} manifestText  raw package.json text (for line numbers)
 */

/**
 * @typedef {object} ModuleReference
 * @property {'import' | 'mock'} kind
 * @property {string} specifier
 * @property {number} line
 * @property {boolean} typeOnly  `import type` / `export type` (types may come from `@types/<name>`)
 * @property {string} [mockCall]  e.g. `vi.mock`, for messages
 */

/**
 * Checks the repository at `root` against the dependency rules.
 * @param {string} root  repository root (the folder holding packages/ and apps/)
 * @returns {CheckResult}
 */
export function checkBoundaries(root) {
  const absoluteRoot = resolve(root);
  const rootManifest = readManifest(join(absoluteRoot, 'package.json'));
  const rootDevelopmentDependencies = rootManifest.declared;
  const units = [...discoverUnits(absoluteRoot, 'packages'), ...discoverUnits(absoluteRoot, 'apps')];
  /** @type {Map<string, Unit>} */
  const unitsByName = new Map();
  for (const unit of units) {
    if (unit.name !== undefined) unitsByName.set(unit.name, unit);
  }

  /** @type {Violation[]} */
  const violations = [];
  let fileCount = 0;
  for (const unit of units) {
    violations.push(...checkManifestEdges(unit, unitsByName));
    for (const relativePath of listUnitSources(absoluteRoot, unit)) {
      fileCount += 1;
      const text = readFileSync(join(absoluteRoot, relativePath), 'utf8');
      const context = { relativePath, unit, unitsByName, rootDevelopmentDependencies };
      for (const reference of findModuleReferences(text)) {
        violations.push(...checkReference(reference, context));
      }
    }
  }
  violations.sort(
    (left, right) =>
      compareText(left.path, right.path) || left.line - right.line || compareText(left.rule, right.rule),
  );
  return { fileCount, violations };
}

/**
 * Formats a violation as one report line.
 * @param {Violation} violation
 * @returns {string}
 */
export function formatViolation(violation) {
  return `${violation.path}:${violation.line} ${violation.rule}: ${violation.message}`;
}

// ---------------------------------------------------------------------------------------------
// Discovery

/**
 * @param {string} manifestPath
 * @returns {{ exists: boolean, text: string, name: string | undefined, declared: Set<string> }}
 */
function readManifest(manifestPath) {
  if (!existsSync(manifestPath)) return { exists: false, text: '', name: undefined, declared: new Set() };
  const text = readFileSync(manifestPath, 'utf8');
  /** @type {Record<string, unknown>} */
  let manifest;
  try {
    manifest = JSON.parse(text);
  } catch (error) {
    throw new Error(`${manifestPath}: not valid JSON. Fix the file, then re-run the boundary check.`, {
      cause: error,
    });
  }
  const declared = new Set();
  for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
    const section = manifest[field];
    if (section !== null && typeof section === 'object') {
      for (const dependencyName of Object.keys(section)) declared.add(dependencyName);
    }
  }
  const name = typeof manifest.name === 'string' ? manifest.name : undefined;
  return { exists: true, text, name, declared };
}

/**
 * @param {string} absoluteRoot
 * @param {'packages' | 'apps'} container
 * @returns {Unit[]}
 */
function discoverUnits(absoluteRoot, container) {
  const containerPath = join(absoluteRoot, container);
  if (!existsSync(containerPath)) return [];
  return readdirSync(containerPath, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules')
    .map((entry) => entry.name)
    .sort(compareText)
    .map((folder) => {
      const manifest = readManifest(join(containerPath, folder, 'package.json'));
      return {
        kind: container === 'packages' ? 'package' : 'app',
        folder,
        directory: `${container}/${folder}`,
        name: manifest.name,
        declared: manifest.declared,
        hasManifest: manifest.exists,
        manifestText: manifest.text,
      };
    });
}

/**
 * Source files of a unit, relative to the root: packages scan src/ and test/ (TypeScript),
 * apps scan src/ (TypeScript and JavaScript); both also scan `*.config.*` files at their top level.
 * @param {string} absoluteRoot
 * @param {Unit} unit
 * @returns {string[]}
 */
function listUnitSources(absoluteRoot, unit) {
  const extensions = unit.kind === 'package' ? PACKAGE_SOURCE_EXTENSIONS : APP_SOURCE_EXTENSIONS;
  const sourceFolders = unit.kind === 'package' ? ['src', 'test'] : ['src'];
  const unitPath = join(absoluteRoot, unit.directory);
  /** @type {string[]} */
  const files = readdirSync(unitPath, { withFileTypes: true })
    .filter((entry) => entry.isFile() && CONFIG_FILE_PATTERN.test(entry.name))
    .map((entry) => `${unit.directory}/${entry.name}`);
  for (const folder of sourceFolders) {
    collectFiles(join(unitPath, folder), `${unit.directory}/${folder}`, extensions, files);
  }
  return files.sort(compareText);
}

/**
 * @param {string} absoluteFolder
 * @param {string} relativeFolder
 * @param {readonly string[]} extensions
 * @param {string[]} into
 */
function collectFiles(absoluteFolder, relativeFolder, extensions, into) {
  if (!existsSync(absoluteFolder) || !statSync(absoluteFolder).isDirectory()) return;
  for (const entry of readdirSync(absoluteFolder, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    if (entry.isDirectory()) {
      if (SKIPPED_FOLDERS.has(entry.name)) continue;
      collectFiles(join(absoluteFolder, entry.name), `${relativeFolder}/${entry.name}`, extensions, into);
    } else if (entry.isFile() && extensions.some((extension) => entry.name.endsWith(extension))) {
      into.push(`${relativeFolder}/${entry.name}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Parsing

/**
 * Blanks out comments and the contents of string, template and regular-expression literals,
 * keeping every offset and newline, so that import-shaped text inside a comment or a string
 * (a test fixture, an example in a doc comment) is never mistaken for an import. Quote characters
 * stay in place so a match can read the specifier from the original text at the same offset.
 * @param {string} text
 * @returns {string}
 */
export function maskCommentsAndLiterals(text) {
  const characters = text.split('');
  const length = text.length;
  /** @type {number[]} brace depth inside each open `${` of a template literal, innermost last */
  const templateBraceDepths = [];
  let index = 0;
  /** @param {number} from @param {number} to */
  const blank = (from, to) => {
    for (let position = from; position < to; position += 1) {
      if (characters[position] !== '\n' && characters[position] !== '\r') characters[position] = ' ';
    }
  };
  /** Scans template literal text starting just after a backtick or a closing `}` of `${...}`. */
  const scanTemplateText = () => {
    const start = index;
    while (index < length) {
      const character = text[index];
      if (character === '\\') {
        index += 2;
      } else if (character === '`') {
        blank(start, index);
        index += 1;
        return;
      } else if (character === '$' && text[index + 1] === '{') {
        blank(start, index);
        index += 2;
        templateBraceDepths.push(0);
        return;
      } else {
        index += 1;
      }
    }
    blank(start, length);
  };

  while (index < length) {
    const character = text[index];
    const next = text[index + 1];
    if (character === '/' && next === '/') {
      const end = text.indexOf('\n', index);
      const stop = end === -1 ? length : end;
      blank(index, stop);
      index = stop;
    } else if (character === '/' && next === '*') {
      const end = text.indexOf('*/', index + 2);
      const stop = end === -1 ? length : end + 2;
      blank(index, stop);
      index = stop;
    } else if (character === "'" || character === '"') {
      let position = index + 1;
      while (position < length && text[position] !== character && text[position] !== '\n') {
        position += text[position] === '\\' ? 2 : 1;
      }
      blank(index + 1, Math.min(position, length));
      index = position + 1;
    } else if (character === '`') {
      index += 1;
      scanTemplateText();
    } else if (character === '{' && templateBraceDepths.length > 0) {
      templateBraceDepths.push((templateBraceDepths.pop() ?? 0) + 1);
      index += 1;
    } else if (character === '}' && templateBraceDepths.length > 0) {
      const depth = templateBraceDepths.at(-1) ?? 0;
      index += 1;
      if (depth === 0) {
        templateBraceDepths.pop();
        scanTemplateText();
      } else {
        templateBraceDepths[templateBraceDepths.length - 1] = depth - 1;
      }
    } else if (character === '/' && startsRegularExpression(text, index)) {
      const end = findRegularExpressionEnd(text, index);
      if (end === -1) {
        index += 1;
      } else {
        blank(index + 1, end);
        index = end + 1;
      }
    } else {
      index += 1;
    }
  }
  return characters.join('');
}

const KEYWORDS_BEFORE_EXPRESSION = new Set([
  'return',
  'typeof',
  'instanceof',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'case',
  'do',
  'else',
  'yield',
  'await',
]);

/**
 * Whether the `/` at `index` begins a regular expression rather than a division, judged from the
 * previous significant character (good enough for import scanning; `<` is excluded for JSX `</tag>`).
 * @param {string} text
 * @param {number} index
 */
function startsRegularExpression(text, index) {
  let position = index - 1;
  while (position >= 0 && /\s/.test(text[position] ?? '')) position -= 1;
  if (position < 0) return true;
  const previous = text[position] ?? '';
  if ('(,=:[!&|?{};+-*%>~^'.includes(previous)) return true;
  if (/[\w$]/.test(previous)) {
    let wordStart = position;
    while (wordStart > 0 && /[\w$]/.test(text[wordStart - 1] ?? '')) wordStart -= 1;
    return KEYWORDS_BEFORE_EXPRESSION.has(text.slice(wordStart, position + 1));
  }
  return false;
}

/**
 * Offset of the closing `/` of a regular expression starting at `start`, or -1 when the line ends first.
 * @param {string} text
 * @param {number} start
 */
function findRegularExpressionEnd(text, start) {
  let inClass = false;
  for (let position = start + 1; position < text.length; position += 1) {
    const character = text[position];
    if (character === '\n') return -1;
    if (character === '\\') position += 1;
    else if (character === '[') inClass = true;
    else if (character === ']') inClass = false;
    else if (character === '/' && !inClass) return position;
  }
  return -1;
}

const STATIC_IMPORT_PATTERN = /(?<![\w$.])(import|export)\s+(type\s+)?[\w$\s{},*]*?\bfrom\s*(['"])/g;
const SIDE_EFFECT_IMPORT_PATTERN = /(?<![\w$.])import\s*(['"])/g;
const DYNAMIC_IMPORT_PATTERN = /(?<![\w$.])import\s*\(\s*(['"`])/g;
const REQUIRE_PATTERN = /(?<![\w$.])require\s*\(\s*(['"`])/g;
const MOCK_PATTERN = /(?<![\w$.])((?:vi|vitest)\s*\.\s*(?:mock|doMock))\s*\(\s*(?:import\s*\(\s*)?(['"`])/g;

/**
 * Finds the module specifiers a source file imports (static, `export ... from`, dynamic `import()`,
 * `require()`) and the targets of `vi.mock` / `vi.doMock` / `vitest.mock` calls, ignoring comments and
 * text inside string literals. Specifiers built at run time (template literals with `${}`) are skipped.
 * @param {string} text
 * @returns {ModuleReference[]}
 */
export function findModuleReferences(text) {
  const masked = maskCommentsAndLiterals(text);
  const lineStarts = [0];
  for (let index = 0; index < text.length; index += 1) {
    if (text[index] === '\n') lineStarts.push(index + 1);
  }
  /** @param {number} offset */
  const lineOf = (offset) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if ((lineStarts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  };

  /** @type {ModuleReference[]} */
  const references = [];
  /**
   * @param {RegExp} pattern
   * @param {(match: RegExpExecArray) => Omit<ModuleReference, 'specifier' | 'line'>} describe
   */
  const collect = (pattern, describe) => {
    for (const match of masked.matchAll(pattern)) {
      const quoteOffset = (match.index ?? 0) + match[0].length - 1;
      const specifier = readStringLiteral(text, quoteOffset);
      if (specifier === undefined) continue;
      references.push({ ...describe(match), specifier, line: lineOf(match.index ?? 0) });
    }
  };
  collect(STATIC_IMPORT_PATTERN, (match) => ({ kind: 'import', typeOnly: match[2] !== undefined }));
  collect(SIDE_EFFECT_IMPORT_PATTERN, () => ({ kind: 'import', typeOnly: false }));
  collect(DYNAMIC_IMPORT_PATTERN, (match) => ({
    kind: 'import',
    typeOnly: /\btypeof\s*$/.test(masked.slice(Math.max(0, (match.index ?? 0) - 20), match.index)),
  }));
  collect(REQUIRE_PATTERN, () => ({ kind: 'import', typeOnly: false }));
  collect(MOCK_PATTERN, (match) => ({
    kind: 'mock',
    typeOnly: false,
    mockCall: (match[1] ?? '').replace(/\s+/g, ''),
  }));
  return references.sort((left, right) => left.line - right.line);
}

/**
 * Reads the literal whose opening quote is at `quoteOffset`; undefined for a template literal with
 * substitutions or an unterminated literal.
 * @param {string} text
 * @param {number} quoteOffset
 * @returns {string | undefined}
 */
function readStringLiteral(text, quoteOffset) {
  const quote = text[quoteOffset];
  let value = '';
  for (let position = quoteOffset + 1; position < text.length; position += 1) {
    const character = text[position];
    if (character === quote) return value;
    if (character === '\n' && quote !== '`') return undefined;
    if (character === '$' && quote === '`' && text[position + 1] === '{') return undefined;
    if (character === '\\') {
      position += 1;
      value += text[position] ?? '';
    } else {
      value += character;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Rules

/**
 * @typedef {object} FileContext
 * @property {string} relativePath
 * @property {Unit} unit
 * @property {Map<string, Unit>} unitsByName
 * @property {Set<string>} rootDevelopmentDependencies
 */

/**
 * @param {ModuleReference} reference
 * @param {FileContext} context
 * @returns {Violation[]}
 */
function checkReference(reference, context) {
  const { relativePath } = context;
  const { specifier, line } = reference;
  /** @type {(rule: Violation['rule'], message: string) => Violation} */
  const violation = (rule, message) => ({ path: relativePath, line, rule, message });

  if (reference.kind === 'mock') {
    const ownModule =
      isRelativeOrAbsolute(specifier) ||
      specifier.startsWith('#') ||
      context.unitsByName.has(packageNameOf(specifier));
    if (!ownModule) return [];
    return [
      violation(
        'no-mock-own-modules',
        `${reference.mockCall}('${specifier}') mocks our own module. Inject the dependency instead ` +
          '(a clock, a filesystem root, a log sink, a fake server on 127.0.0.1:0); see STYLE.md rule 22.',
      ),
    ];
  }

  if (specifier.startsWith('#') || /^[a-z][\w+.-]*:/i.test(specifier)) {
    // Package `imports` aliases (#x) stay inside the package; `node:` and other schemes are not packages.
    return [];
  }
  if (isRelativeOrAbsolute(specifier)) return checkRelativeImport(specifier, context, violation);
  if (isBuiltin(specifier)) return [];
  return checkBareImport(reference, context, violation);
}

/**
 * @param {string} specifier
 * @param {FileContext} context
 * @param {(rule: Violation['rule'], message: string) => Violation} violation
 * @returns {Violation[]}
 */
function checkRelativeImport(specifier, context, violation) {
  const { relativePath, unit, unitsByName } = context;
  const target = posix.normalize(posix.join(posix.dirname(relativePath), specifier));
  // Build configuration may use the shared build tooling at the repository root (scripts/).
  if (isConfigFile(relativePath) && isInside(target, 'scripts') && !isTestFile(relativePath)) return [];
  if (!isInside(target, unit.directory)) {
    const targetUnit = [...unitsByName.values()].find((candidate) => isInside(target, candidate.directory));
    const instead =
      targetUnit?.name === undefined
        ? 'Import the package by its name (its public entry) instead'
        : `Import '${targetUnit.name}' (its public entry, src/index.ts) instead`;
    return [
      violation(
        'package-entry',
        `'${specifier}' leaves ${unit.directory} (resolves to ${target}). ${instead}.`,
      ),
    ];
  }
  if (unit.directory === 'packages/venom') {
    const targetLayer = venomLayerOf(target);
    const message = venomLayerViolation(venomLayerOf(relativePath), targetLayer);
    if (message !== undefined) return [violation('venom-layers', message)];
  }
  return [];
}

/**
 * @param {ModuleReference} reference
 * @param {FileContext} context
 * @param {(rule: Violation['rule'], message: string) => Violation} violation
 * @returns {Violation[]}
 */
function checkBareImport(reference, context, violation) {
  const { relativePath, unit, unitsByName, rootDevelopmentDependencies } = context;
  const { specifier } = reference;
  const packageName = packageNameOf(specifier);
  const subpath = specifier.slice(packageName.length);
  const targetUnit = unitsByName.get(packageName);
  /** @type {Violation[]} */
  const violations = [];

  if (targetUnit === unit) {
    if (subpath !== '') {
      violations.push(
        violation(
          'package-entry',
          `'${specifier}' is a deep import of this package's own name. Use a relative import inside the package.`,
        ),
      );
    } else if (unit.directory === 'packages/venom') {
      const message = venomLayerViolation(venomLayerOf(relativePath), { kind: 'entry' });
      if (message !== undefined) violations.push(violation('venom-layers', message));
    }
    return violations;
  }

  if (targetUnit !== undefined && subpath !== '') {
    violations.push(
      violation(
        'package-entry',
        `'${specifier}' reaches past the public entry of ${packageName}. Import '${packageName}' ` +
          `and, if something is missing, export it from ${targetUnit.directory}/src/index.ts.`,
      ),
    );
  }
  if (targetUnit !== undefined) {
    const message = packageDirectionViolation(unit, targetUnit);
    if (message !== undefined) violations.push(violation('package-direction', message));
  }

  const testOrConfig = isTestFile(relativePath) || isConfigFile(relativePath);
  const declaredHere =
    unit.declared.has(packageName) || (reference.typeOnly && unit.declared.has(typesPackageOf(packageName)));
  const declaredAtRoot =
    testOrConfig &&
    (rootDevelopmentDependencies.has(packageName) ||
      (reference.typeOnly && rootDevelopmentDependencies.has(typesPackageOf(packageName))));
  if (!declaredHere && !declaredAtRoot) {
    const manifest = `${unit.directory}/package.json`;
    const where = unit.hasManifest ? manifest : `${manifest} (missing)`;
    const also = testOrConfig ? ' nor in the root package.json devDependencies' : '';
    const field = testOrConfig ? 'devDependencies' : 'dependencies';
    violations.push(
      violation(
        'declared-dependency',
        `'${packageName}' is not declared in ${where}${also}. Add it to ${field} in ${manifest}.`,
      ),
    );
  }
  return violations;
}

/**
 * package.json dependencies on workspace packages must follow the same direction as imports.
 * @param {Unit} unit
 * @param {Map<string, Unit>} unitsByName
 * @returns {Violation[]}
 */
function checkManifestEdges(unit, unitsByName) {
  /** @type {Violation[]} */
  const violations = [];
  for (const dependencyName of [...unit.declared].sort(compareText)) {
    const targetUnit = unitsByName.get(dependencyName);
    if (targetUnit === undefined || targetUnit === unit) continue;
    const message = packageDirectionViolation(unit, targetUnit);
    if (message === undefined) continue;
    const lineIndex = unit.manifestText
      .split('\n')
      .findIndex((line) => line.includes(JSON.stringify(dependencyName)));
    violations.push({
      path: `${unit.directory}/package.json`,
      line: lineIndex + 1,
      rule: 'package-direction',
      message: `declares a dependency on ${dependencyName}: ${message}`,
    });
  }
  return violations;
}

/**
 * @param {Unit} source
 * @param {Unit} target
 * @returns {string | undefined}  why the edge is not allowed, or undefined when it is
 */
function packageDirectionViolation(source, target) {
  const sourceLabel = source.name ?? source.directory;
  const targetLabel = target.name ?? target.directory;
  if (target.kind === 'app') {
    return `nothing imports apps/ (${targetLabel} is ${target.directory}); talk to it over HTTP instead.`;
  }
  if (target.folder === 'venom') {
    return `nothing imports ${targetLabel} (the orchestrator); move the shared code to @venom/core.`;
  }
  if (source.kind === 'package' && source.folder === 'core') {
    return `${sourceLabel} imports no workspace package; move the code it needs from ${targetLabel} into core.`;
  }
  const allowed =
    source.kind === 'app'
      ? ALLOWED_APP_EDGES
      : (ALLOWED_PACKAGE_EDGES[source.folder] ?? DEFAULT_PACKAGE_EDGES);
  if (allowed.includes(target.folder)) return undefined;
  return (
    `${sourceLabel} may not import ${targetLabel} (allowed: ${allowed.join(', ') || 'none'}). ` +
    'Edges are listed in ALLOWED_PACKAGE_EDGES in scripts/check-boundaries.mjs and DESIGN.md ' +
    '"Direction of dependencies"; change both if the design changes.'
  );
}

/**
 * @typedef {{ kind: 'folder', folder: string } | { kind: 'entry' } | { kind: 'other' }} VenomLocation
 */

/**
 * Where a path sits inside packages/venom/src.
 * @param {string} relativePath
 * @returns {VenomLocation}
 */
function venomLayerOf(relativePath) {
  const prefix = 'packages/venom/src/';
  if (!relativePath.startsWith(prefix)) return { kind: 'other' };
  const rest = relativePath.slice(prefix.length);
  const slash = rest.indexOf('/');
  if (slash !== -1) return { kind: 'folder', folder: rest.slice(0, slash) };
  return /^index(?:\.[cm]?[jt]sx?)?$/.test(rest) ? { kind: 'entry' } : { kind: 'other' };
}

/**
 * @param {VenomLocation} source
 * @param {VenomLocation} target
 * @returns {string | undefined}
 */
function venomLayerViolation(source, target) {
  if (source.kind !== 'folder') return undefined;
  if (target.kind === 'entry') {
    return `${source.folder} may not import the package entry src/index.ts (it sits above every folder); import the module directly.`;
  }
  if (target.kind !== 'folder' || target.folder === source.folder) return undefined;
  const sourceRank = VENOM_LAYERS.indexOf(source.folder);
  const targetRank = VENOM_LAYERS.indexOf(target.folder);
  const unknown = [source.folder, target.folder].filter((folder) => !VENOM_LAYERS.includes(folder));
  if (unknown.length > 0) {
    return (
      `folder ${unknown.join(' and ')} is not in the layer list; add it to VENOM_LAYERS in ` +
      'scripts/check-boundaries.mjs and to the src/ folder list in DESIGN.md, or move the code into an existing folder.'
    );
  }
  if (targetRank > sourceRank) return undefined;
  return `${source.folder} may not import ${target.folder} (${target.folder} is above ${source.folder}).`;
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** @param {string} specifier */
function isRelativeOrAbsolute(specifier) {
  return specifier === '.' || specifier === '..' || /^\.{1,2}\//.test(specifier) || specifier.startsWith('/');
}

/**
 * `@scope/name/sub` -> `@scope/name`; `name/sub` -> `name`.
 * @param {string} specifier
 */
function packageNameOf(specifier) {
  const segments = specifier.split('/');
  return specifier.startsWith('@') ? segments.slice(0, 2).join('/') : (segments[0] ?? specifier);
}

/**
 * `zod` -> `@types/zod`; `@scope/name` -> `@types/scope__name`.
 * @param {string} packageName
 */
function typesPackageOf(packageName) {
  return packageName.startsWith('@')
    ? `@types/${packageName.slice(1).replace('/', '__')}`
    : `@types/${packageName}`;
}

/** @param {string} relativePath */
function isTestFile(relativePath) {
  return /^packages\/[^/]+\/test\//.test(relativePath) || TEST_FILE_PATTERN.test(relativePath);
}

/** @param {string} relativePath */
function isConfigFile(relativePath) {
  return CONFIG_FILE_PATTERN.test(posix.basename(relativePath));
}

/**
 * @param {string} path  normalised relative path
 * @param {string} directory  relative directory
 */
function isInside(path, directory) {
  return path === directory || path.startsWith(`${directory}/`);
}

/** @param {string} left @param {string} right */
function compareText(left, right) {
  return left < right ? -1 : left > right ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Command line

const USAGE = `Usage: node scripts/check-boundaries.mjs [--root DIR] [--json]

Checks imports in packages/*/src, packages/*/test and apps/*/src against the dependency rules
of DESIGN.md. Exit codes: 0 clean, 1 violations, 2 usage error.`;

/**
 * @param {string[]} argumentList
 * @returns {number} exit code
 */
export function main(argumentList) {
  const defaultRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  let root = defaultRoot;
  let json = false;
  for (let index = 0; index < argumentList.length; index += 1) {
    const argument = argumentList[index];
    if (argument === '--root') {
      const value = argumentList[index + 1];
      if (value === undefined) {
        console.error(`--root needs a directory.\n${USAGE}`);
        return 2;
      }
      root = resolve(value);
      index += 1;
    } else if (argument?.startsWith('--root=')) {
      root = resolve(argument.slice('--root='.length));
    } else if (argument === '--json') {
      json = true;
    } else if (argument === '--help' || argument === '-h') {
      console.log(USAGE);
      return 0;
    } else {
      console.error(`Unknown argument '${argument}'.\n${USAGE}`);
      return 2;
    }
  }
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    console.error(`--root ${root}: no such directory. Pass the repository root.`);
    return 2;
  }

  const { fileCount, violations } = checkBoundaries(root);
  if (json) {
    console.log(JSON.stringify({ ok: violations.length === 0, fileCount, violations }, null, 2));
  } else if (violations.length === 0) {
    console.log(`boundaries: ok (${fileCount} files)`);
  } else {
    for (const violation of violations) console.log(formatViolation(violation));
    const noun = violations.length === 1 ? 'violation' : 'violations';
    console.error(`boundaries: ${violations.length} ${noun} in ${fileCount} files (rules: DESIGN.md)`);
  }
  return violations.length === 0 ? 0 : 1;
}

const invokedPath = process.argv[1];
if (invokedPath !== undefined && import.meta.url === pathToFileURL(realpathSync(invokedPath)).href) {
  process.exitCode = main(process.argv.slice(2));
}
