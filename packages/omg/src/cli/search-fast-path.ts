import { callDaemonRaw } from '../daemon/call-daemon.js';
import { resolveOmgPaths } from '../runtime/resolve-omg-paths.js';
import {
  type LiteralSearch,
  openCurrentSnapshot,
  outdatedDaemonWarning,
  searchSnapshotRendered,
  snapshotReport,
} from './search-direct.js';

/**
 * `omg search` in its common forms — `[--json] [-n|--names-only] [--limit n] [--root dir]
 * [--dbpath dir] term...` — answered
 * without loading the CLI kit and the command table: from omgd when it runs, else from the search
 * snapshot, with only the modules that needs. The output is the same bytes the full command writes.
 * Everything else (another flag, a bad value, an error from omgd, a missing or stale snapshot, sources
 * with problems to warn about) is left to the full command: the answer is then `false` and nothing
 * has been written.
 */
export async function trySearchFastPath(argv: readonly string[]): Promise<boolean> {
  const parsed = parseSearchArguments(argv);
  if (parsed === undefined) return false;
  const { search, json, root, databasePath } = parsed;
  const paths = resolveOmgPaths(process.env, {
    root,
    databasePath,
    cwd: process.cwd(),
    uid: process.getuid?.() ?? 0,
  });
  const format = json ? 'json' : 'text';
  if (process.env.OMG_NO_DAEMON !== '1') {
    const answer = await callDaemonRaw(
      paths.socketFile,
      'search',
      { ...search, regex: false, format },
      { owner: process.getuid?.() },
    );
    if (answer.available) {
      if (!answer.head.startsWith('ok ')) return false;
      finish(answer.body, Number(answer.head.slice(3)));
      return true;
    }
    if (answer.reason === 'outdated') process.stderr.write(`warning: ${outdatedDaemonWarning}\n`);
  }
  const current = await openCurrentSnapshot(paths);
  if (current === undefined) return false;
  try {
    const report = snapshotReport(current.snapshot);
    if (report.failed.length > 0 || report.problems.length > 0) return false;
    const { count, body } = searchSnapshotRendered(current.snapshot, search, format);
    finish(body, count);
    return true;
  } finally {
    current.snapshot.close();
  }
}

/** What the common forms of `omg search` ask. */
export interface SearchArguments {
  search: LiteralSearch;
  json: boolean;
  root: string | undefined;
  databasePath: string | undefined;
}

/** The search and output form, or undefined for anything but the common forms. */
export function parseSearchArguments(argv: readonly string[]): SearchArguments | undefined {
  const terms: string[] = [];
  let json = false;
  let namesOnly = false;
  let limit: number | undefined;
  let root: string | undefined;
  let databasePath: string | undefined;
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index] as string;
    const option = argument.startsWith('--') ? argument.split('=', 1)[0] : undefined;
    if (option === '--limit' || option === '--root' || option === '--dbpath') {
      // `--name value` or `--name=value`; a missing value, or one that looks like a flag, is the full
      // command's to report.
      const value = argument === option ? argv[++index] : argument.slice(option.length + 1);
      if (value === undefined || value === '' || value.startsWith('-')) return undefined;
      if (option === '--root') root = value;
      else if (option === '--dbpath') databasePath = value;
      else if (/^[1-9][0-9]{0,8}$/.test(value)) limit = Number(value);
      else return undefined;
    } else if (argument === '--json') json = true;
    else if (argument === '-n' || argument === '--names-only') namesOnly = true;
    else if (argument.startsWith('-')) return undefined;
    else if (argument !== '') terms.push(argument);
  }
  if (terms.length === 0) return undefined;
  return {
    search: { terms, namesOnly, ...(limit === undefined ? {} : { limit }) },
    json,
    root,
    databasePath,
  };
}

/** Writes the answer and sets the exit code (1 when nothing matched, as the full command). */
function finish(body: Buffer, count: number): void {
  // A reader that goes away early (`omg search lib | head`) ends the process quietly.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  if (body.length > 0) process.stdout.write(body);
  process.exitCode = count === 0 ? 1 : 0;
}
