/** A Debian version split into its parts: `[epoch:]upstream[-revision]`. */
export interface DebianVersion {
  epoch: number;
  upstream: string;
  revision: string;
}

/** Splits a version the way dpkg's parseversion does (epoch before the first `:`, revision after the last `-`). */
export function parseDebianVersion(version: string): DebianVersion {
  const text = version.trim();
  const colon = text.indexOf(':');
  let epoch = 0;
  let rest = text;
  if (colon > 0) {
    const parsed = Number.parseInt(text.slice(0, colon), 10);
    epoch = Number.isNaN(parsed) ? 0 : parsed;
    rest = text.slice(colon + 1);
  }
  const dash = rest.lastIndexOf('-');
  if (dash >= 0) return { epoch, upstream: rest.slice(0, dash), revision: rest.slice(dash + 1) };
  return { epoch, upstream: rest, revision: '' };
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** dpkg's `order()`: `~` sorts before everything (even the end), letters before non-letters. */
function order(code: number): number {
  if (Number.isNaN(code)) return 0;
  if (isDigit(code)) return 0;
  if (isLetter(code)) return code;
  if (code === 126) return -1;
  return code + 256;
}

/** dpkg's `verrevcmp()` over one part (upstream or revision). */
function compareVersionPart(left: string, right: string): number {
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    let firstDifference = 0;
    while (
      (i < left.length && !isDigit(left.charCodeAt(i))) ||
      (j < right.length && !isDigit(right.charCodeAt(j)))
    ) {
      const leftOrder = i < left.length ? order(left.charCodeAt(i)) : 0;
      const rightOrder = j < right.length ? order(right.charCodeAt(j)) : 0;
      if (leftOrder !== rightOrder) return leftOrder - rightOrder;
      i += 1;
      j += 1;
    }
    while (i < left.length && left.charCodeAt(i) === 48) i += 1;
    while (j < right.length && right.charCodeAt(j) === 48) j += 1;
    while (
      i < left.length &&
      isDigit(left.charCodeAt(i)) &&
      j < right.length &&
      isDigit(right.charCodeAt(j))
    ) {
      if (firstDifference === 0) firstDifference = left.charCodeAt(i) - right.charCodeAt(j);
      i += 1;
      j += 1;
    }
    if (i < left.length && isDigit(left.charCodeAt(i))) return 1;
    if (j < right.length && isDigit(right.charCodeAt(j))) return -1;
    if (firstDifference !== 0) return firstDifference;
  }
  return 0;
}

/**
 * Compares two Debian versions with dpkg's rules (epoch, then upstream, then revision; `~` before
 * anything, letters before other characters, digit runs numerically). Returns <0, 0 or >0.
 */
export function compareDebianVersions(left: string, right: string): number {
  const a = parseDebianVersion(left);
  const b = parseDebianVersion(right);
  if (a.epoch !== b.epoch) return a.epoch - b.epoch;
  const upstream = compareVersionPart(a.upstream, b.upstream);
  if (upstream !== 0) return upstream;
  return compareVersionPart(a.revision, b.revision);
}

/** A relation from a dependency field: `<<`, `<=`, `=`, `>=`, `>>` (and the deprecated `<`, `>`). */
export type VersionRelation = '<<' | '<=' | '=' | '>=' | '>>' | '<' | '>';

/** Whether `version` satisfies `relation required`, as dpkg evaluates dependency constraints. */
export function satisfiesDebianRelation(
  version: string,
  relation: VersionRelation,
  required: string,
): boolean {
  const result = compareDebianVersions(version, required);
  switch (relation) {
    case '<<':
      return result < 0;
    case '<=':
    case '<':
      return result <= 0;
    case '=':
      return result === 0;
    case '>=':
    case '>':
      return result >= 0;
    case '>>':
      return result > 0;
  }
}
