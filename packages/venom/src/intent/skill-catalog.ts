/**
 * The documented contract of skill/action names and their camelCase parameters that the local intent
 * engine emits (and a model-backed parser must emit too). Names are extended as skills grow, never renamed.
 * Parameters hold only what the request said (or implied, like `ref: "HEAD"` for "the last commit");
 * defaults are the executor's business and never appear here. Dates are ISO strings resolved against
 * the caller's clock: a calendar day `YYYY-MM-DD` (local time) or, for hour-granular requests, an
 * instant `YYYY-MM-DDTHH:mm:ss.sssZ`.
 */
export interface SkillCatalogEntry {
  readonly skill: string;
  readonly action: string;
  readonly summary: string;
  /** Parameter name -> "type: description"; `?` after the type marks an optional parameter. */
  readonly params: Readonly<Record<string, string>>;
}

const date = 'string?: ISO date (YYYY-MM-DD; an ISO instant when hours were asked for)';

/** Every skill/action the local tier can produce, with its parameters. */
export const skillCatalog: ReadonlyArray<SkillCatalogEntry> = [
  {
    skill: 'git',
    action: 'status',
    summary: 'working-tree status',
    params: { path: 'string?: limit to a path' },
  },
  {
    skill: 'git',
    action: 'diff',
    summary: 'show changes, optionally against a ref, since a date, of a path, or only staged ones',
    params: {
      ref: 'string?: the revision to compare the working tree with (HEAD~3, main, a sha, a tag)',
      since: `${date}: changes made since this date`,
      path: 'string?: limit to a file or directory',
      staged: 'boolean?: only staged (cached) changes',
    },
  },
  {
    skill: 'git',
    action: 'log',
    summary: 'commit history',
    params: {
      limit: 'number?: at most this many commits',
      since: `${date}: commits after this date`,
      until: `${date}: commits before this date (exclusive)`,
      author: 'string?: author name or email as the user wrote it; "@me" means the configured git user',
      path: 'string?: only commits touching this path',
      ref: 'string?: the branch or revision to log (default HEAD)',
    },
  },
  {
    skill: 'git',
    action: 'show',
    summary: 'show one commit',
    params: { ref: 'string: the commit (sha, HEAD~2, a tag); "the last commit" is HEAD' },
  },
  {
    skill: 'git',
    action: 'branch',
    summary: 'list branches, or print the current one',
    params: {
      current: 'boolean?: only the current branch',
      remote: 'boolean?: include remote-tracking branches',
    },
  },
  {
    skill: 'git',
    action: 'switch',
    summary: 'switch to an existing branch',
    params: { branch: 'string: the branch to switch to' },
  },
  {
    skill: 'git',
    action: 'create-branch',
    summary: 'create a branch',
    params: {
      name: 'string: the new branch',
      from: 'string?: start point (default HEAD)',
      switch: 'boolean?: switch to it after creating it',
    },
  },
  {
    skill: 'git',
    action: 'commit',
    summary: 'commit with a message',
    params: {
      message: 'string: the commit message, as written',
      all: 'boolean?: stage every tracked change first (git commit -a)',
    },
  },
  {
    skill: 'git',
    action: 'blame',
    summary: 'who last changed each line of a file',
    params: {
      path: 'string: the file',
      line: 'number?: the (first) line of interest',
      endLine: 'number?: the last line of a range',
    },
  },
  {
    skill: 'files',
    action: 'find',
    summary: 'find files by name or glob',
    params: {
      name: 'string?: a file name (or part of one) to look for',
      glob: 'string?: a glob such as *.ts ("typescript files" becomes *.ts)',
      directory: 'string?: where to look (default the working directory)',
    },
  },
  {
    skill: 'files',
    action: 'search',
    summary: 'search file contents (ripgrep)',
    params: {
      text: 'string: the text to look for, as written',
      directory: 'string?: where to look',
      glob: 'string?: only files matching this glob',
      ignoreCase: 'boolean?: case-insensitive',
    },
  },
  {
    skill: 'files',
    action: 'list',
    summary: 'list a directory',
    params: { directory: 'string?: the directory (default the working directory)' },
  },
  {
    skill: 'files',
    action: 'read',
    summary: 'print a file, or its first/last N lines',
    params: {
      path: 'string: the file',
      lines: 'number?: only this many lines',
      fromEnd: 'boolean?: the last `lines` lines instead of the first',
    },
  },
  {
    skill: 'files',
    action: 'count-lines',
    summary: 'count lines of code',
    params: { directory: 'string?: where to count', glob: 'string?: only files matching this glob' },
  },
  {
    skill: 'files',
    action: 'largest',
    summary: 'the largest files',
    params: { limit: 'number?: how many files', directory: 'string?: where to look' },
  },
  {
    skill: 'tests',
    action: 'run',
    summary: 'run the test suite, or part of it',
    params: { path: 'string?: a test file or directory', filter: 'string?: only tests whose name matches' },
  },
  {
    skill: 'tests',
    action: 'affected',
    summary: 'run (or list) the tests affected by the current changes (dep-ci, when present)',
    params: {
      base: 'string?: compare with this ref instead of the working tree changes',
      listOnly: 'boolean?: list the affected tests without running them',
    },
  },
  {
    skill: 'runtime',
    action: 'use',
    summary: 'use a runtime version (omg, when present)',
    params: {
      runtime: 'string: node | bun | python | go | rust | ruby | java',
      version: 'string: a version as written without a leading "v" (20, 3.12, 18.19.0, latest, lts)',
      scope: 'string?: "project" (a version file here) or "global"',
    },
  },
  {
    skill: 'runtime',
    action: 'current',
    summary: 'which runtime version is active',
    params: { runtime: 'string?: one runtime; all of them when absent' },
  },
  {
    skill: 'runtime',
    action: 'list',
    summary: 'installed (or available) runtime versions',
    params: { runtime: 'string?: one runtime', available: 'boolean?: versions that can be installed' },
  },
  {
    skill: 'packages',
    action: 'search',
    summary: 'search system packages (omg, when present)',
    params: { term: 'string: what to search for' },
  },
  {
    skill: 'packages',
    action: 'info',
    summary: 'details of one package',
    params: { name: 'string: the package name' },
  },
  {
    skill: 'venom',
    action: 'costs',
    summary: "venom's model spending",
    params: {
      since: `${date}: spending from this date`,
      until: `${date}: spending before this date (exclusive)`,
      groupBy: 'string?: "model" | "provider" | "day"',
    },
  },
  { skill: 'venom', action: 'budget', summary: 'budget left', params: {} },
  {
    skill: 'venom',
    action: 'history',
    summary: 'past venom requests',
    params: { limit: 'number?: at most this many', since: date, until: date },
  },
  {
    skill: 'venom',
    action: 'snapshots',
    summary: 'list time-machine snapshots',
    params: { limit: 'number?: at most this many' },
  },
  {
    skill: 'venom',
    action: 'snapshot',
    summary: 'take a time-machine snapshot now',
    params: { label: 'string?: a name for it, as written' },
  },
  {
    skill: 'shell',
    action: 'run',
    summary: 'run a shell command (planned and shown; executed by the sandbox)',
    params: { command: 'string: the command line, as written' },
  },
];
