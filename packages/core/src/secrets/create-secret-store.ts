import { VenomError } from '../errors/index.js';
import { readCredentialsFile, writeCredentialsFile } from './credentials-file.js';
import { type Keyring, secretToolKeyring } from './secret-tool-keyring.js';

/** Where a secret came from. */
export type SecretBackend = 'env' | 'keyring' | 'file';

/** A secret and where it was found. */
export interface SecretLookup {
  value: string;
  backend: SecretBackend;
  /** The variable it came from, when `backend` is `env`. */
  envVar?: string;
}

/** Something the caller should tell the user about; the store carried on regardless. */
export interface SecretStoreWarning {
  /**
   * `CREDENTIALS_MODE_OPEN`: the credentials file is readable by others; its mode is fixed to 0600
   * on the next write. `KEYRING_LOOKUP_FAILED`: the keyring failed during `get`; the file was used.
   */
  code: 'CREDENTIALS_MODE_OPEN' | 'KEYRING_LOOKUP_FAILED';
  message: string;
  /** The credentials file, for `CREDENTIALS_MODE_OPEN`. */
  path?: string;
  /** The file's permission bits, for `CREDENTIALS_MODE_OPEN`. */
  mode?: number;
  cause?: unknown;
}

export interface SecretStoreOptions {
  /** The tool's name, e.g. `venom`: the keyring service name. */
  tool: string;
  /** The environment to read secrets and `PATH`/`DBUS_SESSION_BUS_ADDRESS` from. */
  env: Record<string, string | undefined>;
  /** e.g. `~/.config/venom/credentials.json`: `{"version":1,"secrets":{name: value}}`, mode 0600, dir 0700. */
  credentialsFile: string;
  /** `auto` (default) uses the OS keyring when it answers; `off` uses only the environment and the file. */
  keyring?: 'auto' | 'off';
  /** Receives warnings (credentials file readable by others, keyring failing on read). Default: ignored. */
  onWarning?: (warning: SecretStoreWarning) => void;
}

/** Reads and stores named secrets (API keys) in the environment, the OS keyring and a credentials file. */
export interface SecretStore {
  /** The first of: `envVars` in order (non-blank, trimmed), the keyring, the credentials file. */
  get(name: string, envVars?: readonly string[]): Promise<SecretLookup | undefined>;
  /**
   * Stores in the keyring when it is available, else the credentials file, and says where it went.
   * One trailing newline is trimmed. Rejects empty, blank or multi-line values with VenomError
   * `SECRET_INVALID` (usage). A keyring that is available but fails is VenomError `KEYRING_FAILED`
   * (environment): the store never silently downgrades to the file.
   */
  set(name: string, value: string): Promise<{ backend: 'keyring' | 'file'; location: string }>;
  /** Removes the secret from the keyring and the file; `backends` lists where it was found. */
  remove(name: string): Promise<{ removed: boolean; backends: SecretBackend[] }>;
  /** Names stored in the keyring and the file, with their backend; never values. */
  list(): Promise<Array<{ name: string; backend: 'keyring' | 'file' }>>;
  keyringAvailable(): Promise<boolean>;
}

const namePattern = /^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,127}$/;

function checkName(name: string): void {
  if (namePattern.test(name)) return;
  throw new VenomError({
    code: 'SECRET_NAME_INVALID',
    category: 'usage',
    message: `invalid secret name ${JSON.stringify(name.slice(0, 64))}: use letters, digits and . _ : @ / - (at most 128 characters, starting with a letter or digit)`,
    hint: 'Use a name such as "anthropic" or "openai.apiKey".',
    details: { name: name.slice(0, 64) },
  });
}

function normaliseValue(name: string, value: string): string {
  const trimmed = value.replace(/\r?\n$/, '');
  const problem =
    trimmed.trim() === ''
      ? 'it is empty'
      : /[\r\n]/.test(trimmed)
        ? 'it spans several lines'
        : trimmed.includes('\0')
          ? 'it contains a NUL character'
          : undefined;
  if (problem === undefined) return trimmed;
  throw new VenomError({
    code: 'SECRET_INVALID',
    category: 'usage',
    message: `cannot store the secret ${JSON.stringify(name)}: ${problem}`,
    hint: 'Paste the key on one line, without quotes.',
    details: { name },
  });
}

/**
 * A {@link SecretStore} over `options.env`, the Secret Service keyring (`secret-tool`) and
 * `options.credentialsFile`. The keyring's availability is probed once, on first use.
 */
export function createSecretStore(options: SecretStoreOptions): SecretStore {
  const keyring: Keyring | undefined =
    options.keyring === 'off' ? undefined : secretToolKeyring({ tool: options.tool, env: options.env });
  const warn = (warning: SecretStoreWarning): void => options.onWarning?.(warning);
  const path = options.credentialsFile;

  const keyringAvailable = async (): Promise<boolean> =>
    keyring === undefined ? false : keyring.available();
  const readFile = (): Map<string, string> => {
    const content = readCredentialsFile(path);
    if (content.openMode !== undefined) {
      warn({
        code: 'CREDENTIALS_MODE_OPEN',
        message: `the credentials file ${path} has mode ${content.openMode.toString(8).padStart(4, '0')}, readable by others; it will be set to 0600 on the next write`,
        path,
        mode: content.openMode,
      });
    }
    return content.secrets;
  };

  return {
    keyringAvailable,

    async get(name, envVars = []) {
      for (const envVar of envVars) {
        const value = options.env[envVar]?.trim();
        if (value !== undefined && value !== '') return { value, backend: 'env', envVar };
      }
      checkName(name);
      if (keyring !== undefined && (await keyring.available())) {
        try {
          const value = await keyring.lookup(name);
          if (value !== undefined && value !== '') return { value, backend: 'keyring' };
        } catch (error) {
          warn({
            code: 'KEYRING_LOOKUP_FAILED',
            message: `the OS keyring failed while looking up ${JSON.stringify(name)}; trying the credentials file`,
            cause: error,
          });
        }
      }
      const value = readFile().get(name);
      return value === undefined ? undefined : { value, backend: 'file' };
    },

    async set(name, value) {
      checkName(name);
      const normalised = normaliseValue(name, value);
      if (keyring !== undefined && (await keyring.available())) {
        await keyring.store(name, normalised);
        return { backend: 'keyring', location: keyring.location };
      }
      const secrets = readFile();
      secrets.set(name, normalised);
      writeCredentialsFile(path, secrets);
      return { backend: 'file', location: path };
    },

    async remove(name) {
      checkName(name);
      const backends: SecretBackend[] = [];
      if (keyring !== undefined && (await keyring.available()) && (await keyring.clear(name))) {
        backends.push('keyring');
      }
      const secrets = readFile();
      if (secrets.delete(name)) {
        writeCredentialsFile(path, secrets);
        backends.push('file');
      }
      return { removed: backends.length > 0, backends };
    },

    async list() {
      const entries: Array<{ name: string; backend: 'keyring' | 'file' }> = [];
      if (keyring !== undefined && (await keyring.available())) {
        for (const name of await keyring.names()) entries.push({ name, backend: 'keyring' });
      }
      for (const name of [...readFile().keys()].sort()) entries.push({ name, backend: 'file' });
      return entries;
    },
  };
}
