/** What a token looks like, decided from its characters alone (no grammar). */
export type TokenKind =
  | 'word'
  | 'number'
  | 'quoted'
  | 'path'
  | 'glob'
  | 'ref'
  | 'date'
  | 'version'
  | 'email'
  | 'flag'
  | 'separator';

/** One token of a request. `raw` keeps the user's spelling; `word` is the normalised form used for matching. */
export interface Token {
  readonly kind: TokenKind;
  /** As written (without surrounding quotes for `quoted`, without trailing punctuation). */
  readonly raw: string;
  /** Lower-cased, apostrophes folded, typo-corrected for words (see normalizeWord); `raw` for other kinds. */
  word: string;
  /** Set when `word` is a typo correction of `raw`. */
  corrected: boolean;
  /** Set for a word written with "'s" ("ana's"); `word` drops it. */
  readonly possessive?: boolean;
  /** Numeric value of digits and number words ("five"). */
  readonly number?: number;
  /** Offsets of the token in the request, quotes included. */
  readonly start: number;
  readonly end: number;
}

const OPENING_QUOTES: Readonly<Record<string, string>> = {
  '"': '"',
  "'": "'",
  '`': '`',
  '\u201c': '\u201d',
  '\u2018': '\u2019',
};

const NUMBER_WORDS: Readonly<Record<string, number>> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  fifty: 50,
  hundred: 100,
  dozen: 12,
};

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const VERSION = /^v?\d+(\.\d+)+$|^v\d+$/;
const EMAIL = /^[^@\s/]+@[^@\s/]+\.[a-z]{2,}$/i;
const REF = /^(?:HEAD|@)(?:[~^]\d*)*$|^HEAD@\{[^}]+\}$/;
const SHA = /^[0-9a-f]{7,40}$/;
const FILE_WITH_EXTENSION = /^[\w@.+-]*\w\.[a-z][\w]{0,9}$/i;

/** Classifies one whitespace-free chunk of text. */
function classify(raw: string): TokenKind {
  if (/^--?[a-z0-9]/i.test(raw)) return 'flag';
  if (/^\d+$/.test(raw)) return 'number';
  if (ISO_DATE.test(raw)) return 'date';
  if (VERSION.test(raw)) return 'version';
  if (EMAIL.test(raw)) return 'email';
  if (/[*?]|\{.*,.*\}/.test(raw)) return 'glob';
  if (REF.test(raw)) return 'ref';
  if (SHA.test(raw) && /\d/.test(raw) && /[a-f]/.test(raw)) return 'ref';
  if (raw.includes('/') || raw.startsWith('.') || raw.startsWith('~')) return 'path';
  if (FILE_WITH_EXTENSION.test(raw) && !/^(node|next|vue)\.js$/i.test(raw)) return 'path';
  return 'word';
}

/** Lower-case, fold typographic apostrophes and drop a possessive or contraction "'s". */
function foldWord(raw: string): string {
  return raw
    .toLowerCase()
    .replace(/\u2019/g, "'")
    .replace(/'s$/, '')
    .replace(/'(ve|m|re|ll|d)$/, '')
    .replace(/'/g, '');
}

function makeToken(raw: string, start: number, end: number): Token {
  const kind = classify(raw);
  if (kind === 'number') return { kind, raw, word: raw, corrected: false, number: Number(raw), start, end };
  if (kind !== 'word')
    return { kind, raw, word: kind === 'flag' ? raw.toLowerCase() : raw, corrected: false, start, end };
  const word = foldWord(raw);
  const number = NUMBER_WORDS[word];
  const possessive =
    /['\u2019]s$/i.test(raw) &&
    !['what', 'where', 'that', 'it', 'who', 'there', 'here', 'how'].includes(word);
  const token: Token =
    number === undefined
      ? { kind, raw: possessive ? raw.slice(0, -2) : raw, word, corrected: false, start, end }
      : { kind, raw, word, corrected: false, number, start, end };
  return possessive ? { ...token, possessive } : token;
}

/**
 * Splits a request into tokens: quoted strings ("…", '…', `…`, “…”) stay whole; `;`, `&&` and a
 * trailing `,` become separator tokens; trailing `?!.:` are dropped from a chunk.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < text.length) {
    const character = text[index] ?? '';
    if (/\s/.test(character)) {
      index++;
      continue;
    }
    const closing = OPENING_QUOTES[character];
    if (closing !== undefined) {
      const closeAt = text.indexOf(closing, index + 1);
      // An apostrophe only closes a quote when it ends a word ("it's" inside 'x' would not).
      const validClose =
        closeAt > index &&
        (closing !== "'" || closeAt + 1 >= text.length || /[\s,;:.?!)]/.test(text[closeAt + 1] ?? ''));
      if (validClose) {
        const raw = text.slice(index + 1, closeAt);
        tokens.push({ kind: 'quoted', raw, word: raw, corrected: false, start: index, end: closeAt + 1 });
        index = closeAt + 1;
        continue;
      }
    }
    if (text.startsWith('&&', index)) {
      tokens.push({
        kind: 'separator',
        raw: '&&',
        word: '&&',
        corrected: false,
        start: index,
        end: index + 2,
      });
      index += 2;
      continue;
    }
    if (character === ';') {
      tokens.push({ kind: 'separator', raw: ';', word: ';', corrected: false, start: index, end: index + 1 });
      index++;
      continue;
    }
    let end = index;
    while (
      end < text.length &&
      !/\s/.test(text[end] ?? '') &&
      text[end] !== ';' &&
      !text.startsWith('&&', end)
    )
      end++;
    let chunkEnd = end;
    let trailingComma = -1;
    while (chunkEnd > index + 1 && /[?!.:,)]/.test(text[chunkEnd - 1] ?? '')) {
      if (text[chunkEnd - 1] === ',') trailingComma = chunkEnd - 1;
      // Keep a dot that is part of a path such as "." or "..".
      if (text[chunkEnd - 1] === '.' && /^\.+$/.test(text.slice(index, chunkEnd))) break;
      chunkEnd--;
    }
    let start = index;
    while (start < chunkEnd - 1 && text[start] === '(') start++;
    const raw = text.slice(start, chunkEnd);
    if (raw === '.' || raw === '..' || (raw.length > 0 && !/^[?!.:,]+$/.test(raw)))
      tokens.push(makeToken(raw, start, chunkEnd));
    if (trailingComma >= 0) {
      tokens.push({
        kind: 'separator',
        raw: ',',
        word: ',',
        corrected: false,
        start: trailingComma,
        end: trailingComma + 1,
      });
    }
    index = end;
  }
  return tokens;
}
