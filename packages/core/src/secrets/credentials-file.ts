import { readFileSync, statSync } from 'node:fs';
import { VenomError } from '../errors/index.js';
import { writeFileAtomic } from '../fs/index.js';

/** What reading the credentials file found. `secrets` has no prototype, so any name is a plain key. */
export interface CredentialsFileContent {
  secrets: Map<string, string>;
  /** The file's permission bits when they allow more than the owner (e.g. 0o644), else undefined. */
  openMode: number | undefined;
}

/**
 * Reads `{"version":1,"secrets":{name: value}}` from `path`; a missing file is empty.
 * Throws VenomError `CREDENTIALS_CORRUPT` (environment) naming the path but never the content.
 */
export function readCredentialsFile(path: string): CredentialsFileContent {
  let text: string;
  let mode: number;
  try {
    mode = statSync(path).mode & 0o777;
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { secrets: new Map(), openMode: undefined };
    throw new VenomError({
      code: 'CREDENTIALS_UNREADABLE',
      category: 'environment',
      message: `cannot read the credentials file ${path}: ${(error as NodeJS.ErrnoException).code ?? 'unknown error'}`,
      hint: `Check the permissions of ${path}; it should belong to you with mode 0600.`,
      details: { path },
      cause: error,
    });
  }
  const secrets = parseCredentials(text, path);
  return { secrets, openMode: (mode & 0o077) === 0 ? undefined : mode };
}

function corrupt(path: string, problem: string): VenomError {
  // No `cause`: a JSON SyntaxError quotes the text it failed on, which would be a secret.
  return new VenomError({
    code: 'CREDENTIALS_CORRUPT',
    category: 'environment',
    message: `the credentials file ${path} is corrupt: ${problem}`,
    hint: `Repair ${path} (expected {"version":1,"secrets":{"name":"value"}}) or delete it and store the secrets again.`,
    details: { path },
  });
}

function parseCredentials(text: string, path: string): Map<string, string> {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw corrupt(path, 'it is not valid JSON');
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw corrupt(path, 'expected a JSON object');
  }
  const { version, secrets } = document as { version?: unknown; secrets?: unknown };
  if (version !== 1) throw corrupt(path, 'expected "version": 1');
  if (typeof secrets !== 'object' || secrets === null || Array.isArray(secrets)) {
    throw corrupt(path, 'expected "secrets" to be an object');
  }
  const result = new Map<string, string>();
  for (const [name, value] of Object.entries(secrets)) {
    if (typeof value !== 'string') throw corrupt(path, `the secret ${JSON.stringify(name)} is not a string`);
    result.set(name, value);
  }
  return result;
}

/** Writes `secrets` to `path` atomically with mode 0600 in a 0700 directory (when created). */
export function writeCredentialsFile(path: string, secrets: ReadonlyMap<string, string>): void {
  const sorted: Record<string, string> = {};
  for (const name of [...secrets.keys()].sort()) {
    Object.defineProperty(sorted, name, { value: secrets.get(name), enumerable: true });
  }
  writeFileAtomic(path, `${JSON.stringify({ version: 1, secrets: sorted }, null, 2)}\n`, { mode: 0o600 });
}
