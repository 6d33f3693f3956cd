const isDigit = (code: number): boolean => code >= 48 && code <= 57;
const isAlpha = (code: number): boolean => (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
const isAlphanumeric = (code: number): boolean => isDigit(code) || isAlpha(code);

/** libalpm's `rpmvercmp()` on one part (pkgver or pkgrel). */
export function rpmVersionCompare(a: string, b: string): number {
  if (a === b) return 0;
  let one = 0;
  let two = 0;
  let segmentOne = 0;
  let segmentTwo = 0;
  while (one < a.length && two < b.length) {
    while (one < a.length && !isAlphanumeric(a.charCodeAt(one))) one += 1;
    while (two < b.length && !isAlphanumeric(b.charCodeAt(two))) two += 1;
    if (one >= a.length || two >= b.length) break;
    // Different separator lengths decide (`2___a` is newer than `2_a`).
    if (one - segmentOne !== two - segmentTwo) return one - segmentOne < two - segmentTwo ? -1 : 1;
    segmentOne = one;
    segmentTwo = two;
    const numeric = isDigit(a.charCodeAt(segmentOne));
    const within = numeric ? isDigit : isAlpha;
    while (segmentOne < a.length && within(a.charCodeAt(segmentOne))) segmentOne += 1;
    while (segmentTwo < b.length && within(b.charCodeAt(segmentTwo))) segmentTwo += 1;
    // A numeric segment is newer than an alphabetic one.
    if (two === segmentTwo) return numeric ? 1 : -1;
    let left = a.slice(one, segmentOne);
    let right = b.slice(two, segmentTwo);
    if (numeric) {
      left = left.replace(/^0+/, '');
      right = right.replace(/^0+/, '');
      if (left.length !== right.length) return left.length > right.length ? 1 : -1;
    }
    if (left !== right) return left < right ? -1 : 1;
    one = segmentOne;
    two = segmentTwo;
  }
  if (one >= a.length && two >= b.length) return 0;
  // A remaining alphabetic part never beats an empty one: `1.5b` is older than `1.5`.
  if ((one >= a.length && !isAlpha(b.charCodeAt(two))) || (one < a.length && isAlpha(a.charCodeAt(one))))
    return -1;
  return 1;
}

/** Splits `[epoch:]pkgver[-pkgrel]` as libalpm's parseEVR does. */
export function parsePacmanVersion(version: string): {
  epoch: string;
  pkgver: string;
  pkgrel: string | undefined;
} {
  let rest = version;
  let epoch = '0';
  const colon = rest.indexOf(':');
  if (colon >= 0 && /^[0-9]*$/.test(rest.slice(0, colon))) {
    epoch = colon === 0 ? '0' : rest.slice(0, colon);
    rest = rest.slice(colon + 1);
  }
  const dash = rest.lastIndexOf('-');
  if (dash >= 0) return { epoch, pkgver: rest.slice(0, dash), pkgrel: rest.slice(dash + 1) };
  return { epoch, pkgver: rest, pkgrel: undefined };
}

/** Compares two pacman versions with vercmp's rules (epoch, pkgver, then pkgrel when both have one). */
export function comparePacmanVersions(left: string, right: string): number {
  if (left === right) return 0;
  const a = parsePacmanVersion(left);
  const b = parsePacmanVersion(right);
  const epoch = rpmVersionCompare(a.epoch, b.epoch);
  if (epoch !== 0) return epoch;
  const pkgver = rpmVersionCompare(a.pkgver, b.pkgver);
  if (pkgver !== 0) return pkgver;
  if (a.pkgrel !== undefined && b.pkgrel !== undefined) return rpmVersionCompare(a.pkgrel, b.pkgrel);
  return 0;
}
