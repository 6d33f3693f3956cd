/**
 * The packages of apt's binary cache (pkgcache.bin) in `Cache.PkgBegin()` order, rebuilt from the
 * package lists and the dpkg status the index holds, as apt 2.6 builds its cache:
 *
 * - which packages exist (apt-pkg/pkgcachegen.cc NewPackage, deb/deblistparser.cc): every stanza's
 *   own package (`Architecture: all` is the native one); every target of Pre-Depends, Depends,
 *   Conflicts, Breaks, Recommends, Suggests, Replaces and Enhances (`foo:any`, `foo:native` and
 *   `foo:arch` name packages of their own, of the pseudo architecture `any`; creating `foo:arch`
 *   creates `foo` of `arch` too; a negative relation creates nothing when its group has a package);
 *   every Provides (`foo:any` as well for a Multi-Arch: allowed provider); `name:any` for every
 *   Multi-Arch: allowed package; `$kernel` for kernel images.
 * - their order (pkgcache.cc PkgIterator::operator++): bucket by bucket of the package hash table
 *   (sHash: djb2 over the lower-cased group name, modulo APT::Cache-HashTableSize, 196613), each
 *   bucket sorted by group name (shorter first, then bytewise), the packages of one group in the
 *   order they were created.
 *
 * apt's problem resolver sorts exactly this list by score (with libstdc++'s unstable std::sort), so
 * reproducing it is what makes equal scores come out in apt's order.
 */

/** apt's default APT::Cache-HashTableSize. */
export const aptHashTableSize = 196_613;

/** One package of apt's cache: its group (name as written, `foo:any` for implicit ones) and architecture. */
export interface AptCachePackage {
  group: string;
  /** `amd64`, another architecture, `any` (the `foo:any`-style packages), or `none`. */
  architecture: string;
  /** A stanza of it is Essential (or Protected): apt flags the package, installed or not. */
  essential?: boolean;
}

/** What collectAptCachePackages found: the architectures of each group in creation order, and the flagged packages. */
export interface AptCachePackageSet {
  groups: Map<string, string[]>;
  /** `group TAB architecture` of the packages a stanza marks Essential/Protected. */
  essential: Set<string>;
}

/** The fields of a package stanza (a Packages list entry or a dpkg status entry) apt's cache builder reads. */
export interface AptCacheStanza {
  name: string;
  /** Essential: yes (or Protected/Important: yes). */
  essential?: boolean;
  /** `all`, an architecture, or empty when the stanza has none. */
  architecture: string;
  multiArch?: string;
  relations: {
    preDepends?: string;
    depends?: string;
    conflicts?: string;
    breaks?: string;
    recommends?: string;
    suggests?: string;
    replaces?: string;
    enhances?: string;
    provides?: string;
  };
}

/** pkgCache::sHash: djb2 (`h = 33h + c`, from 5381, 32 bits) over the lower-cased bytes, modulo the table size. */
export function aptCacheHash(name: string, tableSize: number = aptHashTableSize): number {
  let hash = 5381;
  for (let index = 0; index < name.length; index++) {
    const code = name.charCodeAt(index);
    if (code >= 0x80) return hashBytes(Buffer.from(name, 'utf8'), tableSize);
    hash = (Math.imul(hash, 33) + (code >= 0x41 && code <= 0x5a ? code + 0x20 : code)) >>> 0;
  }
  return hash % tableSize;
}

function hashBytes(bytes: Uint8Array, tableSize: number): number {
  let hash = 5381;
  for (const byte of bytes)
    hash = (Math.imul(hash, 33) + (byte >= 0x41 && byte <= 0x5a ? byte + 0x20 : byte)) >>> 0;
  return hash % tableSize;
}

const dependencyFields = [
  ['preDepends', false],
  ['depends', false],
  ['conflicts', true],
  ['breaks', true],
  ['recommends', false],
  ['suggests', false],
  ['replaces', true],
  ['enhances', false],
] as const;

/** The package names of a relation field, as apt's ParseDepends reads them (`name[:qualifier]`). */
function relationNames(value: string | undefined, names: string[]): string[] {
  names.length = 0;
  if (value === undefined || value === '') return names;
  const length = value.length;
  let position = 0;
  while (position < length) {
    // Skip separators and blanks to the start of a name.
    let code = value.charCodeAt(position);
    while (
      position < length &&
      (code === 0x20 || code === 0x09 || code === 0x0a || code === 0x2c || code === 0x7c)
    )
      code = value.charCodeAt(++position);
    const start = position;
    while (position < length && !nameEnd(value.charCodeAt(position))) position++;
    if (position > start) names.push(value.slice(start, position));
    // Skip the rest of this alternative (version, architecture list, profiles).
    while (position < length) {
      code = value.charCodeAt(position);
      if (code === 0x2c || code === 0x7c) break;
      position++;
    }
  }
  return names;
}

/** A character that ends a package name in a relation: blank, `(`, `)`, `,`, `|`, `[`, `]`, `<`, `>`. */
function nameEnd(code: number): boolean {
  return (
    code === 0x20 ||
    code === 0x09 ||
    code === 0x0a ||
    code === 0x28 ||
    code === 0x29 ||
    code === 0x2c ||
    code === 0x7c ||
    code === 0x5b ||
    code === 0x5d ||
    code === 0x3c ||
    code === 0x3e
  );
}

/** A kernel image package (APT::KernelAutoRemoveHelper::getUname finds a version in its name). */
function isKernelImage(name: string): boolean {
  for (const prefix of ['linux-image-', 'kfreebsd-image-', 'gnumach-image-']) {
    if (!name.startsWith(prefix) || name.endsWith('-dbgsym') || name.endsWith('-dbg')) continue;
    if (/^[0-9]+\./.test(name.slice(prefix.length))) return true;
  }
  return false;
}

/**
 * The packages apt creates for `stanzas` (read in apt's order: the lists, then the dpkg status), by
 * group in creation order. `architectures` are the configured ones (APT::Architectures; the native
 * one first): a stanza of another architecture is "barbarian" to apt and handled as it does.
 */
export function collectAptCachePackages(
  stanzas: Iterable<AptCacheStanza>,
  nativeArchitecture: string,
  architectures: readonly string[] = [nativeArchitecture],
): AptCachePackageSet {
  const groups = new Map<string, string[]>();
  const essential = new Set<string>();
  const configured = new Set([...architectures, nativeArchitecture, 'all']);
  /** GrpIterator::FindPkg: `any` finds the group's first package, `all`/`native` the native one. */
  const findPackage = (name: string, architecture: string): boolean => {
    const group = groups.get(name);
    if (group === undefined || group.length === 0) return false;
    if (architecture === 'any') return true;
    const wanted = architecture === 'all' || architecture === 'native' ? nativeArchitecture : architecture;
    return group.includes(wanted);
  };
  const newPackage = (name: string, architecture: string): void => {
    if (findPackage(name, architecture)) return;
    const stored = architecture === 'all' ? nativeArchitecture : architecture;
    let group = groups.get(name);
    if (group === undefined) {
      group = [];
      groups.set(name, group);
    }
    group.push(stored);
    if (architecture !== 'any') return;
    // `foo:arch` of architecture any also creates foo of arch (for a name without a colon, apt
    // takes the whole name as the architecture: `$kernel` gets a `$kernel:$kernel` sibling).
    const colon = name.lastIndexOf(':');
    const qualifier = name.slice(colon + 1);
    if (qualifier === 'any') return;
    const base = colon < 0 ? name : name.slice(0, colon);
    newPackage(base, qualifier);
  };
  const newDepends = (name: string, architecture: string, negative: boolean, archSpecific: boolean): void => {
    if (!groups.has(name)) groups.set(name, []);
    const group = groups.get(name) as string[];
    if (negative && !archSpecific && group.length > 0) return;
    newPackage(name, architecture);
  };
  /** NewProvides, which skips a package providing itself. */
  const newProvides = (
    owner: string,
    ownerArchitecture: string,
    name: string,
    architecture: string,
  ): void => {
    if (
      owner === name &&
      (architecture === ownerArchitecture ||
        (architecture === 'all' && ownerArchitecture === nativeArchitecture))
    )
      return;
    newPackage(name, architecture);
  };
  const newProvidesAllArchitectures = (owner: string, ownerArchitecture: string, name: string): void => {
    const group = groups.get(name);
    if (group === undefined || group.length === 0)
      newProvides(owner, ownerArchitecture, name, nativeArchitecture);
  };

  const scratch: string[] = [];
  for (const stanza of stanzas) {
    const name = stanza.name.toLowerCase();
    const architecture = stanza.architecture === '' ? 'none' : stanza.architecture;
    newPackage(name, architecture);
    const ownerArchitecture = architecture === 'all' ? nativeArchitecture : architecture;
    // apt's cache forces `apt` Essential (pkgCacheGen::ForceEssential).
    if (stanza.essential === true || name === 'apt') essential.add(`${name}\t${ownerArchitecture}`);
    // Ver.Arch(): `all` for an Architecture: all version.
    const versionArchitecture = architecture;
    const barbarian = !configured.has(architecture);
    let multiArch = stanza.multiArch ?? 'no';
    if (multiArch === 'same' && architecture === 'all') multiArch = 'no';
    for (const [field, negative] of dependencyFields) {
      for (const target of relationNames(stanza.relations[field], scratch)) {
        const colon = target.lastIndexOf(':');
        if (colon < 0) newDepends(target, versionArchitecture, negative, false);
        else if (target.slice(colon) === ':any') {
          if (barbarian) {
            newDepends(target, 'any', negative, false);
            newDepends(target.slice(0, colon), versionArchitecture, negative, false);
          } else newDepends(target, 'any', negative, false);
        } else if (target.slice(colon + 1) === 'native')
          newDepends(`${target.slice(0, colon)}:${nativeArchitecture}`, 'any', negative, true);
        else newDepends(target, 'any', negative, true);
      }
    }
    for (const provided of relationNames(stanza.relations.provides, scratch)) {
      const colon = provided.lastIndexOf(':');
      if (colon >= 0) {
        const qualifier = provided.slice(colon + 1);
        if (qualifier !== 'any') newProvides(name, ownerArchitecture, provided.slice(0, colon), qualifier);
        newProvides(name, ownerArchitecture, provided, 'any');
      } else if (multiArch === 'foreign') {
        if (!barbarian) newProvidesAllArchitectures(name, ownerArchitecture, provided);
        else newProvides(name, ownerArchitecture, provided, versionArchitecture);
      } else {
        if (multiArch === 'allowed' && !barbarian)
          newProvides(name, ownerArchitecture, `${provided}:any`, 'any');
        newProvides(name, ownerArchitecture, provided, versionArchitecture);
      }
    }
    if (!barbarian) {
      if (multiArch === 'allowed') newProvides(name, ownerArchitecture, `${name}:any`, 'any');
      else if (multiArch === 'foreign') newProvidesAllArchitectures(name, ownerArchitecture, name);
    }
    if (isKernelImage(name)) newProvides(name, ownerArchitecture, '$kernel', 'any');
  }
  return { groups, essential };
}

/** The packages of a set (see collectAptCachePackages) in PkgBegin order. */
export function aptPackageBeginOrder(
  { groups, essential }: AptCachePackageSet,
  tableSize: number = aptHashTableSize,
): AptCachePackage[] {
  const keyed: Array<{ name: string; bytes: number; bucket: number }> = [];
  for (const [name, architectures] of groups)
    if (architectures.length > 0)
      keyed.push({ name, bytes: Buffer.byteLength(name, 'utf8'), bucket: aptCacheHash(name, tableSize) });
  keyed.sort(
    (left, right) =>
      left.bucket - right.bucket ||
      left.bytes - right.bytes ||
      Buffer.compare(Buffer.from(left.name, 'utf8'), Buffer.from(right.name, 'utf8')),
  );
  const order: AptCachePackage[] = [];
  for (const { name } of keyed)
    for (const architecture of groups.get(name) as readonly string[])
      order.push(
        essential.has(`${name}\t${architecture}`)
          ? { group: name, architecture, essential: true }
          : { group: name, architecture },
      );
  return order;
}

/** The PkgBegin order of `stanzas` (the package lists first, then the dpkg status, as apt reads them). */
export function computeAptCacheOrder(
  stanzas: Iterable<AptCacheStanza>,
  nativeArchitecture: string,
  architectures?: readonly string[],
): AptCachePackage[] {
  return aptPackageBeginOrder(collectAptCachePackages(stanzas, nativeArchitecture, architectures));
}

/** The order as one JSON line (native packages by group name alone), for a cache file. */
export function encodeAptCacheOrder(order: readonly AptCachePackage[], nativeArchitecture: string): string {
  const packages: string[] = [];
  const essential: number[] = [];
  for (const [position, item] of order.entries()) {
    packages.push(
      item.architecture === nativeArchitecture ? item.group : `${item.group}\t${item.architecture}`,
    );
    if (item.essential === true) essential.push(position);
  }
  return JSON.stringify({ packages, essential });
}

/** The order back from {@link encodeAptCacheOrder}'s line. */
export function decodeAptCacheOrder(line: string, nativeArchitecture: string): AptCachePackage[] {
  const { packages, essential } = JSON.parse(line) as { packages: string[]; essential: number[] };
  const order: AptCachePackage[] = packages.map((text) => {
    const tab = text.indexOf('\t');
    return tab < 0
      ? { group: text, architecture: nativeArchitecture }
      : { group: text.slice(0, tab), architecture: text.slice(tab + 1) };
  });
  for (const position of essential) {
    const item = order[position];
    if (item !== undefined) item.essential = true;
  }
  return order;
}
