import { join } from 'node:path';
import type { ZodType } from 'zod';
import { VenomError } from '../errors/index.js';
import { coerceRawValue } from './check-leaf-value.js';
import {
  collectFileLayer,
  type LayerValues,
  parseConfigText,
  readConfigText,
  type YamlModule,
} from './config-file-layer.js';
import {
  type ConfigProblem,
  invalidValueProblem,
  problemForNonLeaf,
  throwProblems,
} from './config-problem.js';
import { type ConfigSource, describeSource } from './config-source.js';
import { findProjectConfigFile } from './find-project-config-file.js';
import { resolveToolDirectory } from './resolve-tool-paths.js';
import {
  exampleValue,
  resolveKey,
  type SchemaLeaf,
  type SchemaSection,
  schemaLeaves,
  schemaTree,
} from './schema-tree.js';

/** What a tool tells the loader about its configuration. */
export interface ConfigSpec<T> {
  /** The tool's name, e.g. `venom`: names its XDG directory, its project folder `.venom/` and its commands. */
  tool: string;
  /**
   * A `z.object(...)` tree; defaults come from its `.default()`s. Unknown keys are errors whether or not the
   * objects are `.strict()`.
   */
  schema: ZodType<T>;
  /** Prefix of the environment variables, e.g. `VENOM` for `VENOM_LOG_LEVEL`. */
  envPrefix: string;
}

/** A validated configuration and where each value came from. */
export interface LoadedConfig<T> {
  value: T;
  /** Leaf key path (`models.budget_daily_usd`) -> where its value came from; every leaf of the schema. */
  sources: Record<string, ConfigSource>;
  /** `user` is the user config file whether or not it exists; `project` the project file found, if any. */
  files: { user: string; project: string | undefined };
}

export interface LoadConfigOptions {
  /** The environment to read, usually `process.env` passed in by the CLI. */
  env: Record<string, string | undefined>;
  /** Where to start looking for the project file. */
  cwd: string;
  /** Dotted key -> raw string, from `-c key=value`. */
  flags?: Record<string, string>;
}

/** The environment variable of a leaf: `models.budget_daily_usd` -> `VENOM_MODELS_BUDGET_DAILY_USD`. */
export function envVarFor(envPrefix: string, keyPath: string): string {
  return `${envPrefix}_${keyPath.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The default layer: each leaf's `.default()`, or the value an enclosing section's `.default({...})` gives
 * it. Optional sections without a default are left out, so that their required keys are not demanded.
 */
function collectDefaults(section: SchemaSection, inherited: unknown, values: LayerValues): void {
  const sectionValue = isPlainObject(inherited)
    ? inherited
    : section.hasDefault && isPlainObject(section.defaultValue)
      ? section.defaultValue
      : undefined;
  for (const [key, child] of section.children) {
    const given = sectionValue?.[key];
    if (child.kind === 'section') {
      if (child.optional && !child.hasDefault && given === undefined) continue;
      collectDefaults(child, given, values);
      continue;
    }
    const value = given !== undefined ? given : child.hasDefault ? child.defaultValue : undefined;
    if (value !== undefined) values.set(child.path, { value, source: { layer: 'default' } });
  }
}

/** Nested input for the schema from the merged leaves; required sections always exist. */
function buildInput(section: SchemaSection, merged: LayerValues): Record<string, unknown> | undefined {
  const input: Record<string, unknown> = {};
  let hasValues = false;
  for (const [key, child] of section.children) {
    if (child.kind === 'leaf') {
      const entry = merged.get(child.path);
      if (entry === undefined) continue;
      input[key] = entry.value;
      hasValues = true;
      continue;
    }
    const nested = buildInput(child, merged);
    if (nested === undefined) continue;
    input[key] = nested;
    hasValues = true;
  }
  return hasValues || !section.optional || section.path === '' ? input : undefined;
}

/**
 * Gives each unset optional leaf of a present section an own `undefined` property, so that
 * `getConfigValue(value, 'redis.url')` tells an unset key (undefined) from an unknown one (an error).
 */
function markUnsetLeaves(section: SchemaSection, value: unknown): void {
  if (!isPlainObject(value)) return;
  for (const [key, child] of section.children) {
    if (child.kind === 'section') markUnsetLeaves(child, value[key]);
    else if (!Object.hasOwn(value, key)) value[key] = undefined;
  }
}

function collectEnvLayer(
  spec: ConfigSpec<unknown>,
  leaves: readonly SchemaLeaf[],
  env: Record<string, string | undefined>,
): { values: LayerValues; problems: ConfigProblem[] } {
  const values: LayerValues = new Map();
  const problems: ConfigProblem[] = [];
  for (const leaf of leaves) {
    const envVar = envVarFor(spec.envPrefix, leaf.path);
    const raw = env[envVar];
    // An empty variable counts as unset, so `VENOM_X= venom ...` falls back to the files.
    if (raw === undefined || raw === '') continue;
    const coerced = coerceRawValue(leaf, raw);
    if (coerced.ok) {
      values.set(leaf.path, { value: coerced.value, source: { layer: 'env', envVar } });
    } else {
      problems.push(
        invalidValueProblem(
          { label: `env ${envVar}`, envVar },
          leaf,
          coerced.problem,
          `Set ${envVar} to ${exampleValue(leaf)} (for example), or unset it.`,
        ),
      );
    }
  }
  return { values, problems };
}

function collectFlagLayer(
  spec: ConfigSpec<unknown>,
  root: SchemaSection,
  flags: Record<string, string>,
): { values: LayerValues; problems: ConfigProblem[] } {
  const values: LayerValues = new Map();
  const problems: ConfigProblem[] = [];
  for (const [flag, raw] of Object.entries(flags)) {
    const location = { label: `flag -c ${flag}`, flag };
    const resolution = resolveKey(root, flag);
    if (resolution.kind !== 'leaf') {
      problems.push(problemForNonLeaf(spec.tool, location, root, flag, resolution));
      continue;
    }
    const coerced = coerceRawValue(resolution.leaf, raw);
    if (coerced.ok) {
      values.set(resolution.leaf.path, { value: coerced.value, source: { layer: 'flag', flag } });
    } else {
      problems.push(
        invalidValueProblem(
          location,
          resolution.leaf,
          coerced.problem,
          `Pass a valid value, e.g. -c ${flag}=${exampleValue(resolution.leaf)}.`,
        ),
      );
    }
  }
  return { values, problems };
}

/** The leaf that holds an issue's path (`models.tags.1` -> `models.tags`), if any. */
function leafPathOf(root: SchemaSection, issuePath: readonly PropertyKey[]): string | undefined {
  for (let length = issuePath.length; length > 0; length--) {
    const keyPath = issuePath.slice(0, length).map(String).join('.');
    if (resolveKey(root, keyPath).kind === 'leaf') return keyPath;
  }
  return undefined;
}

function finalProblems(
  spec: ConfigSpec<unknown>,
  root: SchemaSection,
  merged: LayerValues,
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): ConfigProblem[] {
  return issues.map((issue) => {
    const key = issue.path.map(String).join('.');
    const leafPath = leafPathOf(root, issue.path);
    const entry = leafPath === undefined ? undefined : merged.get(leafPath);
    if (leafPath !== undefined && entry === undefined) {
      return {
        code: 'CONFIG_INVALID',
        key,
        message: `config ${key}: required but not set.`,
        hint: `Set it with '${spec.tool} config set ${leafPath} <value>', ${envVarFor(spec.envPrefix, leafPath)} or -c ${leafPath}=<value>.`,
      };
    }
    const source = entry?.source;
    return {
      code: 'CONFIG_INVALID',
      key,
      message: `${source === undefined ? 'config' : describeSource(source)} ${key === '' ? '(all keys)' : key}: ${issue.message}.`,
      hint:
        source === undefined || source.layer === 'default'
          ? "Check the values that depend on each other, or see each value with 'config explain'."
          : `Fix the value at ${describeSource(source)}; '${spec.tool} config explain' shows every value's source.`,
      ...(source?.file === undefined ? {} : { file: source.file }),
      ...(source?.line === undefined ? {} : { line: source.line }),
      ...(source?.envVar === undefined ? {} : { envVar: source.envVar }),
      ...(source?.flag === undefined ? {} : { flag: source.flag }),
    };
  });
}

/**
 * Loads the configuration from its layers, highest precedence first: flags > environment > project file
 * (`.<tool>/config.yaml`, found by walking up to the repository root) > user file (XDG) > defaults.
 * Each layer is checked on its own (unknown keys and wrong types, reported at that layer's location),
 * then the merged value is validated with the schema. Throws VenomError: CONFIG_PARSE, CONFIG_INVALID,
 * CONFIG_UNKNOWN_KEY (usage), CONFIG_UNREADABLE, HOME_MISSING (environment).
 */
export async function loadConfig<T>(
  spec: ConfigSpec<T>,
  options: LoadConfigOptions,
): Promise<LoadedConfig<T>> {
  const root = schemaTree(spec.schema);
  const leaves = schemaLeaves(root);
  const userFile = join(resolveToolDirectory(spec.tool, 'config', options.env), 'config.yaml');
  const projectFile = findProjectConfigFile(spec.tool, options.cwd);

  const defaults: LayerValues = new Map();
  collectDefaults(root, undefined, defaults);
  const layers: LayerValues[] = [defaults];

  let yaml: YamlModule | undefined;
  for (const [layer, file] of [
    ['user', userFile],
    ['project', projectFile],
  ] as const) {
    if (file === undefined) continue;
    const text = await readConfigText(file);
    if (text === undefined) continue;
    yaml ??= await import('yaml');
    const parsed = parseConfigText(yaml, text, file, spec.tool);
    const { values, problems } = collectFileLayer(parsed, layer, spec.tool, root);
    throwProblems(problems);
    layers.push(values);
  }
  for (const { values, problems } of [
    collectEnvLayer(spec, leaves, options.env),
    collectFlagLayer(spec, root, options.flags ?? {}),
  ]) {
    throwProblems(problems);
    layers.push(values);
  }

  const merged: LayerValues = new Map();
  for (const layer of layers) for (const [key, entry] of layer) merged.set(key, entry);

  const result = spec.schema.safeParse(buildInput(root, merged));
  if (!result.success) {
    throwProblems(finalProblems(spec, root, merged, result.error.issues));
    throw new VenomError({
      code: 'INTERNAL',
      category: 'internal',
      message: 'the config schema rejected the merged value without naming an issue',
    });
  }
  markUnsetLeaves(root, result.data);
  const sources: Record<string, ConfigSource> = {};
  for (const leaf of leaves) sources[leaf.path] = merged.get(leaf.path)?.source ?? { layer: 'default' };
  return { value: result.data, sources, files: { user: userFile, project: projectFile } };
}
