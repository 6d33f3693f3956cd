/** The relation fields a package may declare, as written in its metadata (comma = AND, `|` = OR). */
export interface PackageRelations {
  depends?: string;
  preDepends?: string;
  recommends?: string;
  suggests?: string;
  conflicts?: string;
  breaks?: string;
  provides?: string;
  replaces?: string;
  /** Debian's Enhances (a weak reverse Suggests); apt creates packages for its targets. */
  enhances?: string;
}

/** One package version offered by a repository (or installed on the system). */
export interface PackageRecord {
  name: string;
  version: string;
  architecture: string;
  /** Where it comes from, as the user names it: `bookworm/main`, `core`, `aur`, or `installed`. */
  repository: string;
  /** The one-line summary. */
  description: string;
  /** The extended description, without the summary line; empty when the source has none. */
  longDescription: string;
  section?: string;
  /** Bytes once installed. */
  installedSize?: number;
  /** Bytes to download. */
  downloadSize?: number;
  maintainer?: string;
  homepage?: string;
  source?: string;
  filename?: string;
  priority?: string;
  essential?: boolean;
  multiArch?: string;
  /** Groups the package belongs to: pacman's %GROUPS%, Debian's `Task:` (tasksel tasks). */
  groups?: string[];
  relations: PackageRelations;
}

/** A package as the system's package database records it installed. */
export interface InstalledRecord extends PackageRecord {
  /** Installed as a dependency (apt's Auto-Installed, pacman's %REASON% 1), when known. */
  automatic?: boolean;
}

/** A problem found while reading a source; the rest of the source is still used. */
export interface SourceProblem {
  file: string;
  line?: number;
  message: string;
}

/** One input file of the index; a change to it rebuilds only its part of the index. */
export interface SourceFile {
  /** Stable key: the absolute path. */
  id: string;
  path: string;
  /** `available` for repository lists and databases, `installed` for the system's own database. */
  kind: 'available' | 'installed';
  /** The repository its packages belong to (`bookworm/main`), `installed` for the status database. */
  repository: string;
  /** Further files whose change means this source must be re-read (e.g. the Release beside a list). */
  companions: string[];
}

/** What reading one source produced. */
export interface SourceContents {
  packages: PackageRecord[];
  problems: SourceProblem[];
}

/** A system package manager as omg sees it: where its metadata lives, how to read it, how it orders versions. */
export interface PackageBackend {
  /** `apt`, `pacman` or `aur`. */
  readonly kind: string;
  /** The root directory the backend reads under (`/` for the running system). */
  readonly root: string;
  /** The sources present now. A missing directory yields none, not an error. */
  listSources(): Promise<SourceFile[]>;
  /** Reads one source. Unreadable or corrupt files throw a VenomError naming the file. */
  readSource(source: SourceFile): Promise<SourceContents>;
  /** The backend's version order: <0, 0 or >0. */
  compareVersions(left: string, right: string): number;
  /** Directories whose changes mean a source may have changed (the daemon watches them). */
  readonly watchPaths: readonly string[];
  /**
   * A content fingerprint for sources that are not single files (pacman's local database directory);
   * undefined to hash the source's files.
   */
  fingerprint?(source: SourceFile): Promise<string | undefined>;
  /** The files an installed package owns, when the backend records them. */
  installedFiles?(record: PackageRecord): Promise<string[] | undefined>;
}
