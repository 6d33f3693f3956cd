import type { Segment } from './segment.js';
import type { Token } from './tokenize.js';
import { BLOCKERS, FILLERS, KEYWORDS } from './vocabulary.js';

/** Extensions for language words ("typescript files" -> *.ts). */
export const LANGUAGE_GLOBS: Readonly<Record<string, string>> = {
  typescript: '*.ts',
  ts: '*.ts',
  tsx: '*.tsx',
  javascript: '*.js',
  js: '*.js',
  python: '*.py',
  py: '*.py',
  markdown: '*.md',
  md: '*.md',
  json: '*.json',
  yaml: '*.yml',
  yml: '*.yml',
  rust: '*.rs',
  go: '*.go',
  golang: '*.go',
  ruby: '*.rb',
  java: '*.java',
  css: '*.css',
  html: '*.html',
  shell: '*.sh',
  bash: '*.sh',
  sql: '*.sql',
  toml: '*.toml',
  c: '*.c',
};

const FILE_NOUNS = new Set(['file', 'files', 'code', 'source', 'sources', 'lines', 'line']);
const LOCATION_WORDS = new Set(['in', 'under', 'inside', 'within', 'from']);
const HERE_NOUNS = new Set([
  'repo',
  'repository',
  'project',
  'directory',
  'folder',
  'dir',
  'codebase',
  'code',
  'tree',
  'workspace',
]);

/** Our words that never name a directory after "in" ("in the name", "in lines"). */
const NOT_DIRECTORIES = new Set([
  'files',
  'file',
  'lines',
  'line',
  'tests',
  'test',
  'commits',
  'commit',
  'name',
  'named',
  'use',
  'last',
  'past',
  'total',
]);

/** True when a word token could be a name the user chose (branch, package, author): not one of ours. */
export function isFreeWord(token: Token | undefined): boolean {
  if (token === undefined || token.kind === 'separator' || token.kind === 'flag') return false;
  if (token.kind !== 'word') return true;
  return !FILLERS.has(token.word) && !KEYWORDS.has(token.word) && !BLOCKERS.has(token.word);
}

/** Tokens that name a file or directory: paths, globs, or words that look like names (no keyword). */
export function isPathLike(token: Token | undefined): boolean {
  return token !== undefined && (token.kind === 'path' || token.kind === 'glob');
}

/**
 * Takes a count for `nouns` ("last 5 commits", "top 10 largest files", "5 most recent", "-n 3", "-5",
 * "last 10"); returns it or undefined.
 */
export function takeLimit(segment: Segment, nouns: readonly string[]): number | undefined {
  for (let index = 0; index < segment.length; index++) {
    if (segment.isUsed(index)) continue;
    const token = segment.token(index);
    if (token === undefined) continue;
    if (token.kind === 'flag') {
      const inline = /^-(\d+)$/.exec(token.raw);
      if (inline?.[1] !== undefined) {
        segment.take(index);
        return Number(inline[1]);
      }
      if (token.raw === '-n' || token.raw === '--max-count') {
        const next = segment.token(index + 1);
        if (next?.number !== undefined) {
          segment.take(index, index + 1);
          return next.number;
        }
      }
      continue;
    }
    if (token.number === undefined) continue;
    const before = segment.word(index - 1);
    const taken = [index];
    let after = index + 1;
    while (
      ['most', 'recent', 'latest', 'last', 'newest', 'largest', 'biggest', 'previous'].includes(
        segment.word(after) ?? '',
      )
    ) {
      taken.push(after);
      after++;
    }
    const noun = segment.word(after);
    const introduced = before === 'last' || before === 'top' || before === 'latest' || before === 'first';
    if (noun !== undefined && nouns.includes(noun)) {
      if (introduced) taken.push(index - 1);
      segment.take(...taken, after);
      return token.number;
    }
    if (introduced && (noun === undefined || after >= segment.length)) {
      segment.take(...taken, index - 1);
      return token.number;
    }
  }
  return undefined;
}

/** Takes "<language> files|code" or "*.ext files" or "files ending with .ext"; returns a glob. */
export function takeLanguageGlob(segment: Segment): string | undefined {
  for (let index = 0; index < segment.length; index++) {
    if (segment.isUsed(index)) continue;
    const token = segment.token(index);
    if (token === undefined) continue;
    if (token.kind === 'word') {
      const glob = LANGUAGE_GLOBS[token.raw.toLowerCase()];
      const nextWord = segment.token(index + 1)?.word;
      const previousWord = segment.word(index - 1);
      if (
        glob !== undefined &&
        ((nextWord !== undefined && FILE_NOUNS.has(nextWord)) || previousWord === 'of')
      ) {
        segment.take(index);
        return glob;
      }
    }
    if (token.kind === 'path' && /^\.\w+$/.test(token.raw)) {
      const previous = segment.word(index - 1);
      if (
        previous === 'with' ||
        previous === 'in' ||
        previous === 'end' ||
        previous === 'ends' ||
        segment.word(index + 1) === 'files'
      ) {
        segment.take(index);
        segment.takePhrase(['end', 'with']);
        segment.takePhrase(['ends', 'with']);
        segment.takePhrase(['ending', 'with']);
        segment.takePhrase(['ending', 'in']);
        return `*${token.raw}`;
      }
    }
  }
  return undefined;
}

/**
 * Takes a location ("in src", "under packages/core", "in this repo"): a path token, or a free word after a
 * location word. Returns the directory as written, or undefined (also when it meant "here").
 */
export function takeDirectory(
  segment: Segment,
  options: { allowBarePath?: boolean } = {},
): string | undefined {
  for (let index = 0; index < segment.length; index++) {
    const word = segment.word(index);
    if (word === undefined || !LOCATION_WORDS.has(word)) continue;
    let next = index + 1;
    const skipped: number[] = [];
    while (
      next < segment.length &&
      (segment.isUsed(next) ||
        ['the', 'this', 'my', 'our', 'current'].includes(segment.token(next)?.word ?? ''))
    ) {
      skipped.push(next);
      next++;
    }
    const target = segment.token(next);
    if (target === undefined || segment.isUsed(next)) continue;
    if (target.kind === 'word' && HERE_NOUNS.has(target.word)) {
      segment.take(index, ...skipped, next);
      return undefined;
    }
    const namesDirectory =
      target.kind === 'word' &&
      word !== 'from' &&
      (isFreeWord(target) || (KEYWORDS.has(target.word) && !NOT_DIRECTORIES.has(target.word)));
    if (target.kind === 'path' || namesDirectory) {
      segment.take(index, ...skipped, next);
      if (segment.word(next + 1) === 'directory' || segment.word(next + 1) === 'folder')
        segment.take(next + 1);
      return target.raw;
    }
  }
  const folder = takeFolderWord(segment);
  if (folder !== undefined) return folder;
  if (options.allowBarePath) {
    for (let index = 0; index < segment.length; index++) {
      const token = segment.token(index);
      if (token?.kind === 'path' && !segment.isUsed(index)) {
        segment.take(index);
        return token.raw;
      }
    }
  }
  return undefined;
}

/** A path token that names a file (has an extension or is a dotfile), not a directory. */
export function isFileToken(token: Token | undefined): boolean {
  if (token?.kind !== 'path' || token.raw.endsWith('/')) return false;
  const last = token.raw.split('/').pop() ?? '';
  return /\.\w+$/.test(last) || /^\.\w/.test(last);
}

/** Takes "the X folder" / "X directory" (a plain word naming a directory). */
export function takeFolderWord(segment: Segment): string | undefined {
  for (let index = 0; index < segment.length - 1; index++) {
    const token = segment.token(index);
    const next = segment.word(index + 1);
    if (
      segment.isUsed(index) ||
      token === undefined ||
      (next !== 'folder' && next !== 'directory' && next !== 'dir')
    )
      continue;
    if (token.kind === 'path' || (token.kind === 'word' && isFreeWord(token))) {
      segment.take(index, index + 1);
      if (['in', 'of', 'for', 'under'].includes(segment.word(index - 1) ?? '')) segment.take(index - 1);
      return token.raw;
    }
  }
  return undefined;
}

/** Takes the first unused path token (a file or directory as written). */
export function takePath(segment: Segment): string | undefined {
  for (let index = 0; index < segment.length; index++) {
    const token = segment.token(index);
    if (token?.kind === 'path' && !segment.isUsed(index)) {
      segment.take(index);
      if (
        LOCATION_WORDS.has(segment.word(index - 1) ?? '') ||
        ['of', 'for', 'to', 'on'].includes(segment.word(index - 1) ?? '')
      ) {
        segment.take(index - 1);
      }
      return token.raw;
    }
  }
  return undefined;
}

/** Takes the first unused quoted token. */
export function takeQuoted(segment: Segment): string | undefined {
  for (let index = 0; index < segment.length; index++) {
    const token = segment.token(index);
    if (token?.kind === 'quoted' && !segment.isUsed(index)) {
      segment.take(index);
      return token.raw;
    }
  }
  return undefined;
}

/**
 * Takes the value after one of `introducers` ("named X", "called X", "by X"): the next unused token,
 * skipping `the`/`a`. Word values must be free words (not our vocabulary) unless `anyWord`.
 */
export function takeValueAfter(
  segment: Segment,
  introducers: readonly string[],
  options: { anyWord?: boolean; kinds?: readonly string[]; accept?: (token: Token) => boolean } = {},
): string | undefined {
  for (let index = 0; index < segment.length; index++) {
    const word = segment.word(index);
    if (word === undefined || !introducers.includes(word)) continue;
    let next = index + 1;
    const skipped: number[] = [];
    while (
      next < segment.length &&
      (segment.isUsed(next) || ['the', 'a', 'an'].includes(segment.token(next)?.word ?? ''))
    ) {
      skipped.push(next);
      next++;
    }
    const token = segment.token(next);
    if (token === undefined || segment.isUsed(next) || token.kind === 'separator') continue;
    if (options.kinds !== undefined && !options.kinds.includes(token.kind)) continue;
    if (token.kind === 'word' && !options.anyWord && !isFreeWord(token)) continue;
    if (token.kind === 'flag') continue;
    if (token.kind === 'word' && FILLERS.has(token.word)) continue;
    if (options.accept !== undefined && !options.accept(token)) continue;
    segment.take(index, ...skipped, next);
    return token.raw;
  }
  return undefined;
}

/** Takes the first unused token of one of `kinds`; returns its raw text. */
export function takeKind(segment: Segment, kinds: readonly string[]): string | undefined {
  for (let index = 0; index < segment.length; index++) {
    const token = segment.token(index);
    if (token !== undefined && !segment.isUsed(index) && kinds.includes(token.kind)) {
      segment.take(index);
      return token.raw;
    }
  }
  return undefined;
}
