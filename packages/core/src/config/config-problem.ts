import { VenomError } from '../errors/index.js';
import { didYouMean } from '../text/index.js';
import {
  type KeyResolution,
  nodeAt,
  type SchemaLeaf,
  type SchemaSection,
  schemaLeaves,
} from './schema-tree.js';

/** One thing wrong with one layer of configuration; a layer's problems are thrown together. */
export interface ConfigProblem {
  code: 'CONFIG_UNKNOWN_KEY' | 'CONFIG_INVALID';
  key: string;
  /** What and where, e.g. `/home/u/.config/venom/config.yaml:3 unknown key 'models.budgte'`. */
  message: string;
  hint: string;
  file?: string;
  line?: number;
  envVar?: string;
  flag?: string;
}

/** Where a problem is, for the start of its message. */
export interface ProblemLocation {
  /** `file:line`, `env VENOM_X`, `flag -c a.b` */
  label: string;
  file?: string;
  line?: number;
  envVar?: string;
  flag?: string;
}

function locationFields(location: ProblemLocation): Omit<ProblemLocation, 'label'> {
  const { label: _label, ...fields } = location;
  return fields;
}

/**
 * Throws the first problem as a VenomError (category usage), with every problem of the layer in
 * `details.problems`, so a user fixes one clear thing at a time and a script can see them all.
 */
export function throwProblems(problems: readonly ConfigProblem[]): void {
  const first = problems[0];
  if (first === undefined) return;
  const { code, message, hint, ...where } = first;
  throw new VenomError({
    code,
    category: 'usage',
    message,
    hint,
    details: {
      ...where,
      problems: problems.map((problem) => ({ ...problem })),
    },
  });
}

/**
 * The key the user most likely meant by `unknownPath`, whose segment `failedSegment` is not a child of
 * `section`: a close sibling first (keeping the rest of the path when that names a key), else the closest
 * leaf path, else a leaf with the same last segment (`budget` written at the top level).
 */
export function suggestKey(
  root: SchemaSection,
  unknownPath: string,
  section: SchemaSection,
  failedSegment: string,
): string | undefined {
  const sibling = didYouMean(failedSegment, section.children.keys());
  if (sibling !== undefined) {
    const siblingPath = section.path === '' ? sibling : `${section.path}.${sibling}`;
    const depth = section.path === '' ? 0 : section.path.split('.').length;
    const rest = unknownPath.split('.').slice(depth + 1);
    const fullPath = [siblingPath, ...rest].join('.');
    return nodeAt(root, fullPath) === undefined ? siblingPath : fullPath;
  }
  const leafPaths = schemaLeaves(root).map((leaf) => leaf.path);
  const closest = didYouMean(unknownPath, leafPaths);
  if (closest !== undefined) return closest;
  const lastSegment = unknownPath.split('.').at(-1) ?? unknownPath;
  return leafPaths.find((path) => path.split('.').at(-1) === lastSegment);
}

/** An unknown-key problem with a did-you-mean hint. */
export function unknownKeyProblem(
  tool: string,
  location: ProblemLocation,
  keyPath: string,
  suggestion: string | undefined,
): ConfigProblem {
  return {
    code: 'CONFIG_UNKNOWN_KEY',
    key: keyPath,
    message: `${location.label} unknown key '${keyPath}'`.trim(),
    hint:
      suggestion === undefined
        ? `Remove it; '${tool} config explain' lists every key.`
        : `did you mean '${suggestion}'?`,
    ...locationFields(location),
  };
}

/**
 * The unknown-key problem for a path that does not name a leaf: a did-you-mean for a typo, the leaf for a
 * path that goes past one, the section's keys for a section.
 */
export function problemForNonLeaf(
  tool: string,
  location: ProblemLocation,
  root: SchemaSection,
  keyPath: string,
  resolution: Exclude<KeyResolution, { kind: 'leaf' }>,
): ConfigProblem {
  switch (resolution.kind) {
    case 'unknown':
      return unknownKeyProblem(
        tool,
        location,
        keyPath,
        suggestKey(root, keyPath, resolution.section, resolution.segment),
      );
    case 'beyond-leaf':
      return unknownKeyProblem(tool, location, keyPath, resolution.leaf.path);
    case 'section': {
      const keys = schemaLeaves(resolution.section).map((leaf) => leaf.path);
      return {
        ...unknownKeyProblem(tool, location, keyPath, undefined),
        hint: `'${keyPath}' is a section, not a key: set one of ${keys.join(', ')}.`,
      };
    }
  }
}

/** A wrong-value problem: `<where> <key>: expected a number, got "ten".` */
export function invalidValueProblem(
  location: ProblemLocation,
  leafOrKey: SchemaLeaf | string,
  problem: string,
  hint: string,
): ConfigProblem {
  const key = typeof leafOrKey === 'string' ? leafOrKey : leafOrKey.path;
  // An env or flag label already names the setting.
  const subject = location.envVar !== undefined || location.flag !== undefined ? '' : ` ${key}`;
  return {
    code: 'CONFIG_INVALID',
    key,
    message: `${location.label}${subject}: ${problem}.`.trim(),
    hint,
    ...locationFields(location),
  };
}
