import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { compareDebianVersions } from '../../versions/compare-debian-versions.js';
import type {
  InstalledRecord,
  PackageBackend,
  PackageRecord,
  PackageRelations,
  SourceContents,
  SourceFile,
  SourceProblem,
} from '../package-record.js';
import { readCompressedFile } from '../read-compressed-file.js';
import { type Deb822Stanza, parseDeb822 } from './parse-deb822.js';
import { readReleaseFile } from './read-release-file.js';

/** Where apt keeps its state, relative to a root. */
export interface AptBackendOptions {
  /** The system root; `/` for this system, a directory for a chroot, container or test. */
  root: string;
  /** Overrides `<root>/var/lib/apt/lists`. */
  listsDirectory?: string;
  /** Overrides `<root>/var/lib/dpkg/status`. */
  statusFile?: string;
  /** Overrides `<root>/var/lib/apt/extended_states`. */
  extendedStatesFile?: string;
}

const keptFields = new Set([
  'Package',
  'Version',
  'Architecture',
  'Description',
  'Section',
  'Installed-Size',
  'Size',
  'Maintainer',
  'Homepage',
  'Source',
  'Filename',
  'Priority',
  'Essential',
  'Multi-Arch',
  'Status',
  'Depends',
  'Pre-Depends',
  'Recommends',
  'Suggests',
  'Conflicts',
  'Breaks',
  'Provides',
  'Replaces',
  'Enhances',
  'Task',
  'Protected',
  'Important',
]);

const relationFields: Array<[string, keyof PackageRelations]> = [
  ['Depends', 'depends'],
  ['Pre-Depends', 'preDepends'],
  ['Recommends', 'recommends'],
  ['Suggests', 'suggests'],
  ['Conflicts', 'conflicts'],
  ['Breaks', 'breaks'],
  ['Provides', 'provides'],
  ['Replaces', 'replaces'],
  ['Enhances', 'enhances'],
];

const listPattern = /_Packages(\.[^._]+)?$/;

function toNumber(value: string | undefined, factor: number): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number.parseInt(value, 10);
  return Number.isFinite(parsed) ? parsed * factor : undefined;
}

/** Turns one Packages/status stanza into a record; undefined (with a problem) when Package or Version is missing. */
export function stanzaToRecord(
  stanza: Deb822Stanza,
  repository: string,
  file: string,
  problems: SourceProblem[],
): PackageRecord | undefined {
  const fields = stanza.fields;
  const name = fields.Package;
  const version = fields.Version;
  if (name === undefined || name === '' || version === undefined || version === '') {
    const missing = name === undefined || name === '' ? 'Package' : 'Version';
    problems.push({
      file,
      line: stanza.line,
      message: `stanza${name ? ` '${name}'` : ''} has no ${missing} field; skipped`,
    });
    return undefined;
  }
  const description = fields.Description ?? '';
  const newline = description.indexOf('\n');
  const relations: PackageRelations = {};
  for (const [field, key] of relationFields) {
    const value = fields[field];
    if (value !== undefined && value !== '') relations[key] = value.replace(/\s*\n\s*/g, ' ');
  }
  const record: PackageRecord = {
    name,
    version,
    architecture: fields.Architecture ?? 'all',
    repository,
    description: newline < 0 ? description : description.slice(0, newline),
    longDescription: newline < 0 ? '' : description.slice(newline + 1),
    relations,
  };
  if (fields.Section !== undefined) record.section = fields.Section;
  const installedSize = toNumber(fields['Installed-Size'], 1024);
  if (installedSize !== undefined) record.installedSize = installedSize;
  const downloadSize = toNumber(fields.Size, 1);
  if (downloadSize !== undefined) record.downloadSize = downloadSize;
  if (fields.Maintainer !== undefined) record.maintainer = fields.Maintainer;
  if (fields.Homepage !== undefined) record.homepage = fields.Homepage;
  if (fields.Source !== undefined) record.source = fields.Source;
  if (fields.Filename !== undefined) record.filename = fields.Filename;
  if (fields.Priority !== undefined) record.priority = fields.Priority;
  // `Protected: yes` (formerly `Important: yes`) packages are treated like Essential ones for removal
  // by dpkg and apt, which is all omg uses the flag for.
  if (fields.Essential === 'yes' || fields.Protected === 'yes' || fields.Important === 'yes')
    record.essential = true;
  if (fields['Multi-Arch'] !== undefined) record.multiArch = fields['Multi-Arch'];
  if (fields.Task !== undefined) {
    const groups = fields.Task.split(',')
      .map((task) => task.trim())
      .filter((task) => task !== '');
    if (groups.length > 0) record.groups = groups;
  }
  return record;
}

/** Whether a dpkg Status value means the package is installed (`install ok installed`, `hold ok installed`). */
export function isInstalledStatus(status: string | undefined): boolean {
  if (status === undefined) return false;
  const words = status.split(/\s+/);
  return words[2] === 'installed';
}

async function readAutomaticNames(path: string): Promise<Set<string>> {
  const automatic = new Set<string>();
  let text: string;
  try {
    text = (await readCompressedFile(path)).toString('utf8');
  } catch {
    return automatic;
  }
  for (const stanza of parseDeb822(text, path).stanzas) {
    const name = stanza.fields.Package;
    if (name !== undefined && stanza.fields['Auto-Installed'] === '1') automatic.add(name);
  }
  return automatic;
}

/**
 * The Debian/Ubuntu backend: available packages from `<root>/var/lib/apt/lists/*_Packages[.gz|.xz|.lz4|...]`
 * (repository named after the Codename of the InRelease/Release beside it, plus the component),
 * installed ones from `<root>/var/lib/dpkg/status`, versions ordered by dpkg's rules.
 */
export function createAptBackend(options: AptBackendOptions): PackageBackend {
  const root = options.root;
  const listsDirectory = options.listsDirectory ?? join(root, 'var/lib/apt/lists');
  const statusFile = options.statusFile ?? join(root, 'var/lib/dpkg/status');
  const extendedStatesFile = options.extendedStatesFile ?? join(root, 'var/lib/apt/extended_states');
  const repositoryBySource = new Map<string, Promise<string>>();

  async function repositoryFor(
    listName: string,
    releaseFiles: string[],
  ): Promise<{ repository: string; companions: string[] }> {
    // The Release file whose prefix is the longest prefix of this list names the suite; the rest is the component.
    let best: { prefix: string; file: string } | undefined;
    for (const file of releaseFiles) {
      const prefix = file.replace(/_(In)?Release$/, '_');
      if (
        listName.startsWith(prefix) &&
        (best === undefined || prefix.length > best.prefix.length || file.endsWith('_InRelease'))
      ) {
        if (best === undefined || prefix.length >= best.prefix.length) best = { prefix, file };
      }
    }
    const component = (best === undefined ? listName : listName.slice(best.prefix.length))
      .replace(listPattern, '')
      .replace(/_?binary-[^_]+$/, '')
      .replace(/_/g, '/');
    if (best === undefined) return { repository: component === '' ? listName : component, companions: [] };
    const releasePath = join(listsDirectory, best.file);
    const info = await readReleaseFile(releasePath);
    const suite =
      info?.codename ??
      info?.suite ??
      best.prefix
        .replace(/^.*_dists_/, '')
        .replace(/_$/, '')
        .replace(/_/g, '/');
    return { repository: component === '' ? suite : `${suite}/${component}`, companions: [releasePath] };
  }

  return {
    kind: 'apt',
    root,
    async listSources(): Promise<SourceFile[]> {
      const sources: SourceFile[] = [];
      let names: string[] = [];
      try {
        names = (await readdir(listsDirectory)).sort();
      } catch {
        names = [];
      }
      const releaseFiles = names.filter((name) => /_(In)?Release$/.test(name));
      for (const name of names) {
        if (!listPattern.test(name)) continue;
        const { repository, companions } = await repositoryFor(name, releaseFiles);
        const path = join(listsDirectory, name);
        repositoryBySource.set(path, Promise.resolve(repository));
        sources.push({ id: path, path, kind: 'available', repository, companions });
      }
      sources.push({
        id: statusFile,
        path: statusFile,
        kind: 'installed',
        repository: 'installed',
        companions: [extendedStatesFile],
      });
      return sources;
    },
    async readSource(source: SourceFile): Promise<SourceContents> {
      if (source.kind === 'installed') {
        let text: string;
        try {
          text = (await readCompressedFile(source.path)).toString('utf8');
        } catch (error) {
          if ((error as { code?: string }).code === 'SOURCE_UNREADABLE')
            return { packages: [], problems: [] };
          throw error;
        }
        const document = parseDeb822(text, source.path, keptFields);
        const automatic = await readAutomaticNames(extendedStatesFile);
        const packages: InstalledRecord[] = [];
        for (const stanza of document.stanzas) {
          if (!isInstalledStatus(stanza.fields.Status)) continue;
          const record = stanzaToRecord(stanza, 'installed', source.path, document.problems);
          if (record === undefined) continue;
          packages.push(automatic.has(record.name) ? { ...record, automatic: true } : record);
        }
        return { packages, problems: document.problems };
      }
      const text = (await readCompressedFile(source.path)).toString('utf8');
      const document = parseDeb822(text, source.path, keptFields);
      const packages: PackageRecord[] = [];
      for (const stanza of document.stanzas) {
        const record = stanzaToRecord(stanza, source.repository, source.path, document.problems);
        if (record !== undefined) packages.push(record);
      }
      return { packages, problems: document.problems };
    },
    compareVersions: compareDebianVersions,
    watchPaths: [listsDirectory, join(root, 'var/lib/dpkg')],
    async installedFiles(record: PackageRecord): Promise<string[] | undefined> {
      const infoDirectory = join(root, 'var/lib/dpkg/info');
      for (const file of [`${record.name}.list`, `${record.name}:${record.architecture}.list`]) {
        try {
          return (await readFile(join(infoDirectory, file), 'utf8'))
            .split('\n')
            .filter((line) => line !== '');
        } catch {
          // not recorded under this name; try the multi-arch name
        }
      }
      return undefined;
    },
  };
}
