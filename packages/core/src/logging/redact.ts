/** What a secret is replaced with in logs, errors and JSON output. */
export const REDACTED = '[REDACTED]';

/** Normalised key names whose values are always secret. */
const secretKeyNames: ReadonlySet<string> = new Set([
  'apikey',
  'xapikey',
  'apisecret',
  'auth',
  'authorization',
  'proxyauthorization',
  'bearer',
  'token',
  'accesstoken',
  'refreshtoken',
  'idtoken',
  'sessiontoken',
  'password',
  'passwd',
  'passphrase',
  'secret',
  'clientsecret',
  'secretkey',
  'secretaccesskey',
  'privatekey',
  'cookie',
  'setcookie',
  'credentials',
]);

/**
 * Normalised endings that make a key name secret (`anthropicApiKey`, `GITHUB_TOKEN`, `dbPassword`).
 * Whole words only: `maxTokens` normalises to `maxtokens`, which ends in `tokens`, not `token`.
 */
const secretKeySuffixes: readonly string[] = [
  'apikey',
  'secret',
  'password',
  'passwd',
  'passphrase',
  'token',
  'secretkey',
  'secretaccesskey',
  'privatekey',
];

function normaliseKeyName(name: string): string {
  return name.toLowerCase().replace(/[-_.\s]/g, '');
}

/**
 * True when a field, header or variable named `name` holds a secret. The name is normalised
 * (lower-cased; `-`, `_`, `.` and spaces removed) and matched exactly against known names
 * (`apiKey`, `api-key`, `Authorization`, `token`, `password`, `secret`, `cookie`, ...) or by a
 * whole-word ending (`anthropicApiKey`, `GITHUB_TOKEN`, `clientSecret`). Counters such as
 * `promptTokens`, `maxTokens` and `tokenCount` are not secret.
 */
export function isSecretKeyName(name: string): boolean {
  const normalised = normaliseKeyName(name.replace(/^-+/, ''));
  if (normalised === '') return false;
  if (secretKeyNames.has(normalised)) return true;
  return secretKeySuffixes.some((suffix) => normalised.endsWith(suffix));
}

interface SecretPattern {
  /** Global regular expression; must not match the empty string. */
  readonly pattern: RegExp;
  /** Extra check on a match, for shapes a regular expression cannot express. */
  readonly accept?: (match: string) => boolean;
  /** The replacement for an accepted match. Default: {@link REDACTED}. */
  readonly replace?: (match: string, ...groups: string[]) => string;
}

const hasDigit = (text: string): boolean => /\d/.test(text);

function isBasicCredential(match: string): boolean {
  const encoded = match.replace(/^basic\s+/i, '');
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  return /^[\x20-\x7e]+:[\x20-\x7e]*$/.test(decoded);
}

/**
 * Value shapes of real credentials. Minimum lengths are those of real keys (or well below),
 * long enough that words such as `sk-learn` or `task-list` never match.
 */
const secretPatterns: readonly SecretPattern[] = [
  // PEM private keys, including a block cut off before its END line.
  {
    pattern:
      /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----(?:[\s\S]*?-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|[\s\S]*$)/g,
  },
  // URL credentials: keep scheme, host and user, drop the password.
  {
    pattern: /(?<![A-Za-z0-9+.-])([a-z][a-z0-9+.-]*:\/\/[^\s/?#@:"'<>]*:)([^\s/?#@"'<>]+)@/gi,
    replace: (_match, prefix) => `${prefix}${REDACTED}@`,
  },
  // Authorization schemes: keep the scheme word so the log still says what kind of credential it was.
  {
    pattern: /\b(Bearer\s+)([A-Za-z0-9._~+/-]{8,}=*)/gi,
    accept: (match) => {
      const token = match.replace(/^bearer\s+/i, '');
      return hasDigit(token) || token.length >= 32;
    },
    replace: (_match, scheme) => `${scheme}${REDACTED}`,
  },
  {
    pattern: /\bBasic\s+[A-Za-z0-9+/]{6,}={0,2}/gi,
    accept: isBasicCredential,
    replace: (match) => `${match.slice(0, 5)} ${REDACTED}`,
  },
  // JSON Web Tokens: base64url header (always `{"...` so `eyJ`), payload, optional signature.
  { pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g },
  // Anthropic, OpenAI (project, service account, admin), OpenRouter keys.
  { pattern: /\bsk-(?:ant|proj|svcacct|admin|or)-[A-Za-z0-9_-]{16,}/g },
  // Other `sk-` keys (legacy OpenAI, DeepSeek, ...): random bodies always contain a digit.
  { pattern: /\bsk-[A-Za-z0-9][A-Za-z0-9_-]{19,}/g, accept: hasDigit },
  // Stripe.
  { pattern: /\b[rs]k_(?:live|test)_[A-Za-z0-9]{16,}/g },
  // Google API keys.
  { pattern: /\bAIza[0-9A-Za-z_-]{30,}/g },
  // GitHub tokens.
  { pattern: /\bgh[pousr]_[A-Za-z0-9]{30,}/g },
  { pattern: /\bgithub_pat_[A-Za-z0-9_]{22,}/g },
  // Slack tokens and app-level tokens.
  { pattern: /\bxox[abposre]-[A-Za-z0-9-]{10,}/g, accept: hasDigit },
  { pattern: /\bxapp-[A-Za-z0-9-]{10,}/g, accept: hasDigit },
  // AWS access key ids.
  { pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])/g },
];

/**
 * `name: value`, `name=value`, `"name":"value"` and the escaped form inside a JSON string, where the
 * name is a secret key name. Catches plain-word secrets (`password=hunter2`) that have no shape.
 */
const keyValuePattern =
  /(?<![A-Za-z0-9_.-])([A-Za-z_][A-Za-z0-9_.-]*)(\\?["']?)(\s*[:=]\s*)(\\"(?:(?!\\").)*\\"|"(?:[^"\\]|\\.)*"|'[^'\n]*'|(?:(?:Bearer|Basic|Token|Digest|Negotiate)\s+)?(?:\[REDACTED\]|[^\s,;&"'\\{[}\]]+))/gi;

function redactKeyValues(text: string): string {
  return text.replace(
    keyValuePattern,
    (match: string, name: string, closingQuote: string, separator: string, value: string) => {
      if (!isSecretKeyName(name) || value === '' || value.endsWith(REDACTED)) return match;
      let quote = '';
      if (value.startsWith('\\"')) quote = '\\"';
      else if (value.startsWith('"') || value.startsWith("'")) quote = value.charAt(0);
      return `${name}${closingQuote}${separator}${quote}${REDACTED}${quote}`;
    },
  );
}

function applyPattern(text: string, secretPattern: SecretPattern): string {
  secretPattern.pattern.lastIndex = 0;
  return text.replace(secretPattern.pattern, (match: string, ...rest: unknown[]) => {
    if (secretPattern.accept !== undefined && !secretPattern.accept(match)) return match;
    if (secretPattern.replace === undefined) return REDACTED;
    const groups = rest.filter((item): item is string => typeof item === 'string');
    return secretPattern.replace(match, ...groups);
  });
}

/**
 * True when `text` contains a secret-looking value: `sk-`/`sk-ant-`/`sk-proj-` keys, Google `AIza`
 * keys, GitHub `ghp_`/`gho_`/`ghu_`/`ghs_`/`ghr_`/`github_pat_` tokens, Slack `xox?-` tokens, AWS
 * `AKIA`/`ASIA` key ids, JWTs, `Bearer`/`Basic` credentials, PEM private keys, URLs with a password,
 * or `name=value` pairs whose name is a secret key name.
 */
export function looksLikeSecret(text: string): boolean {
  return redactText(text) !== text;
}

/**
 * `text` with every secret-looking substring replaced by {@link REDACTED}. Context that is not part
 * of the secret survives: the `Bearer` scheme word, a URL's user and host, a `password=` key.
 */
export function redactText(text: string): string {
  let result = text;
  for (const secretPattern of secretPatterns) result = applyPattern(result, secretPattern);
  return redactKeyValues(result);
}

const maximumDepth = 64;

/**
 * A deep, JSON-safe copy of `value` with secrets removed:
 * - values under secret key names ({@link isSecretKeyName}) become {@link REDACTED};
 * - every string anywhere passes through {@link redactText};
 * - `Map` becomes a plain object, `Set` an array, `Headers` a plain object, `Date` an ISO string,
 *   binary data a `[Uint8Array N bytes]` placeholder, `bigint` a string;
 * - errors become `{ name, message, code, category, hint, details, stack, cause, ... }`, recursively
 *   through `details` and the `cause` chain;
 * - in an array, a value that follows a secret key name (`['authorization', 'Bearer ...']`,
 *   `['--api-key', 'abc']`, raw header lists) becomes {@link REDACTED};
 * - a reference back to an enclosing object becomes `'[Circular]'`.
 * Never throws: a field that cannot be read or copied becomes {@link REDACTED} (fail closed).
 */
export function redactSecrets<T>(value: T): unknown {
  try {
    return redactValue(value, new Set<object>(), 0);
  } catch {
    return REDACTED;
  }
}

function redactValue(value: unknown, ancestors: Set<object>, depth: number): unknown {
  switch (typeof value) {
    case 'string':
      return redactText(value);
    case 'number':
    case 'boolean':
    case 'undefined':
      return value;
    case 'bigint':
      return value.toString();
    case 'symbol':
      return redactText(value.toString());
    case 'function':
      return `[Function ${redactText(value.name || 'anonymous')}]`;
  }
  if (value === null) return null;
  const object = value as object;
  if (ancestors.has(object)) return '[Circular]';
  if (depth >= maximumDepth) return '[Truncated]';
  ancestors.add(object);
  try {
    return redactObject(object, ancestors, depth + 1);
  } finally {
    ancestors.delete(object);
  }
}

function redactField(value: unknown, ancestors: Set<object>, depth: number): unknown {
  try {
    return redactValue(value, ancestors, depth);
  } catch {
    return REDACTED;
  }
}

function redactUnderKey(key: string, value: unknown, ancestors: Set<object>, depth: number): unknown {
  if (isSecretKeyName(key)) return value === null || value === undefined ? value : REDACTED;
  return redactField(value, ancestors, depth);
}

function redactEntries(
  entries: Iterable<readonly [unknown, unknown]>,
  ancestors: Set<object>,
  depth: number,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, item] of entries) {
    const name = typeof key === 'string' ? key : String(redactField(key, ancestors, depth));
    defineField(result, redactText(name), redactUnderKey(name, item, ancestors, depth));
  }
  return result;
}

/** Assigns without invoking a `__proto__` setter. */
function defineField(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function isHeaders(value: object): value is Headers {
  // Not `instanceof Headers`: touching the global makes Node load its fetch implementation (~6 ms),
  // on every command that logs anything.
  return Object.prototype.toString.call(value) === '[object Headers]';
}

function redactObject(object: object, ancestors: Set<object>, depth: number): unknown {
  if (object instanceof Error) return redactError(object, ancestors, depth);
  if (Array.isArray(object)) return redactArray(object, ancestors, depth);
  if (object instanceof Date) return Number.isNaN(object.getTime()) ? 'Invalid Date' : object.toISOString();
  if (object instanceof URL) return redactText(object.href);
  if (object instanceof RegExp) return redactText(object.toString());
  if (ArrayBuffer.isView(object) || object instanceof ArrayBuffer) {
    return `[${object.constructor.name} ${object.byteLength} bytes]`;
  }
  if (object instanceof Map) return redactEntries(object.entries(), ancestors, depth);
  if (object instanceof Set) return redactArray([...object], ancestors, depth);
  if (isHeaders(object)) return redactEntries(object.entries(), ancestors, depth);
  const withToJson = object as { toJSON?: unknown };
  if (typeof withToJson.toJSON === 'function') {
    return redactField((withToJson.toJSON as () => unknown).call(object), ancestors, depth);
  }
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(object)) {
    let item: unknown;
    try {
      item = (object as Record<string, unknown>)[key];
    } catch {
      defineField(result, redactText(key), REDACTED);
      continue;
    }
    defineField(result, redactText(key), redactUnderKey(key, item, ancestors, depth));
  }
  return result;
}

function redactArray(array: readonly unknown[], ancestors: Set<object>, depth: number): unknown[] {
  const result: unknown[] = [];
  let previousNamesSecret = false;
  for (let index = 0; index < array.length; index += 1) {
    let item: unknown;
    try {
      item = array[index];
    } catch {
      result.push(REDACTED);
      previousNamesSecret = false;
      continue;
    }
    const namesSecret = typeof item === 'string' && isSecretKeyName(item);
    if (previousNamesSecret && !namesSecret && item !== null && item !== undefined) result.push(REDACTED);
    else result.push(redactField(item, ancestors, depth));
    previousNamesSecret = namesSecret;
  }
  return result;
}

const errorFieldOrder = ['name', 'message', 'code', 'category', 'hint', 'details', 'stack'] as const;

function redactError(error: Error, ancestors: Set<object>, depth: number): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const source = error as unknown as Record<string, unknown>;
  const read = (key: string): unknown => {
    try {
      return source[key];
    } catch {
      return REDACTED;
    }
  };
  for (const key of errorFieldOrder) {
    const item = read(key);
    if (item !== undefined) defineField(result, key, redactUnderKey(key, item, ancestors, depth));
  }
  for (const key of Object.keys(error)) {
    if (key in result || key === 'cause') continue;
    defineField(result, redactText(key), redactUnderKey(key, read(key), ancestors, depth));
  }
  if (error instanceof AggregateError) {
    defineField(result, 'errors', redactField(read('errors'), ancestors, depth));
  }
  const cause = read('cause');
  if (cause !== undefined) defineField(result, 'cause', redactField(cause, ancestors, depth));
  return result;
}
