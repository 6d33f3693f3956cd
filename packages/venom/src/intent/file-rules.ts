import { definedParams, MISSING_PARAMETER_BASE, type Rule } from './rule.js';
import type { Segment } from './segment.js';
import {
  isFileToken,
  isFreeWord,
  takeDirectory,
  takeKind,
  takeLanguageGlob,
  takeLimit,
  takePath,
  takeQuoted,
  takeValueAfter,
} from './take-parameters.js';
import type { Token } from './tokenize.js';

/** "search apt for X" searches packages, not a folder called apt. */
const PACKAGE_SOURCES = new Set([
  'apt',
  'apt-get',
  'omg',
  'pacman',
  'aur',
  'brew',
  'npm',
  'pip',
  'cargo',
  'packages',
]);

/** Identifiers rather than English: camelCase, snake_case, CONSTANTS, TODOs, dotted.names. */
function looksLikeCode(raw: string): boolean {
  return (
    /[a-z][A-Z]/.test(raw) ||
    /_/.test(raw) ||
    /^[A-Z][A-Z0-9]+s?$/.test(raw) ||
    /\w\.\w/.test(raw) ||
    /\(\)$/.test(raw)
  );
}

/** "TODOs" -> "TODO"; anything else as written. */
function searchText(raw: string): string {
  return /^[A-Z][A-Z0-9]+s$/.test(raw) ? raw.slice(0, -1) : raw;
}

const find: Rule = {
  name: 'files.find',
  match(segment) {
    const verb = segment.find(['find', 'locate', 'where', 'list', 'show', 'search', 'which', 'look']);
    if (verb < 0) return undefined;
    const verbWord = segment.word(verb);
    segment.take(verb);
    const withQuoted = segment.findPhrase(['with']);
    const inName = segment.findPhrase(['in', 'the?', ['name', 'filename']]);
    let quotedName: string | undefined;
    if (withQuoted !== undefined && inName !== undefined) {
      quotedName = takeQuoted(segment);
      if (quotedName !== undefined) segment.take(...withQuoted, ...inName);
    }
    segment.takeEvery('all', 'the', 'me', 'is', 'for', 'are', 'there');
    const glob = takeKind(segment, ['glob']) ?? takeLanguageGlob(segment);
    let name =
      quotedName ??
      takeValueAfter(segment, ['named', 'called'], { kinds: ['word', 'path', 'quoted'], anyWord: true });
    if (name === undefined) {
      const nameIndex = segment.tokens.findIndex(
        (token, index) =>
          !segment.isUsed(index) &&
          (isFileToken(token) ||
            (token.kind === 'word' &&
              /^[A-Z][a-z]+file$|^[A-Z]{3,}$/.test(token.raw) &&
              !/^TODOS?$|^FIXMES?$/.test(token.raw))),
      );
      if (
        nameIndex >= 0 &&
        glob === undefined &&
        (verbWord !== 'where' || isFileToken(segment.token(nameIndex)))
      ) {
        name = segment.token(nameIndex)?.raw;
        segment.take(nameIndex);
      }
    }
    if (name === undefined && glob === undefined) return undefined;
    if ((verbWord === 'list' || verbWord === 'show' || verbWord === 'which') && glob === undefined)
      return undefined;
    segment.takeEvery('files', 'file', 'matching', 'match', 'with', 'the', 'end', 'ends');
    const directory = takeDirectory(segment);
    return { skill: 'files', action: 'find', params: definedParams({ name, glob, directory }), base: 0.95 };
  },
};

function takeSearchText(segment: Segment, trigger: number): string | undefined {
  const quoted = takeQuoted(segment);
  if (quoted !== undefined) return quoted;
  const after = takeValueAfter(
    segment,
    ['for', 'of', 'to', 'mention', 'mentions', 'mentioning', 'containing'],
    {
      anyWord: true,
      kinds: ['word', 'path', 'ref', 'version', 'number'],
    },
  );
  if (after !== undefined) return searchText(after);
  const next = segment.nextUnused(trigger, new Set(['the', 'all', 'string', 'text']));
  const token = segment.token(next);
  if (
    token !== undefined &&
    token.kind !== 'separator' &&
    token.kind !== 'flag' &&
    (token.kind !== 'word' || isFreeWord(token) || looksLikeCode(token.raw))
  ) {
    segment.take(next);
    return searchText(token.raw);
  }
  return undefined;
}

const search: Rule = {
  name: 'files.search',
  match(segment) {
    let trigger = segment.find([
      'search',
      'grep',
      'rg',
      'occurrences',
      'mention',
      'mentions',
      'mentioning',
      'usages',
      'usage',
      'uses',
      'references',
      'callers',
    ]);
    let base = 0.95;
    const lookFor = segment.findPhrase(['look', 'for']);
    if (trigger < 0 && lookFor !== undefined) {
      segment.take(lookFor[0] ?? 0);
      trigger = lookFor[0] ?? 0;
    }
    if (trigger < 0) {
      // "find TODOs", "where is editDistance used", "find the string X".
      const verb = segment.find(['find', 'where']);
      if (verb < 0) return undefined;
      // "find all the places that call openRuntime"
      const calls = segment.findPhrase([
        ['places', 'code'],
        'that',
        ['call', 'calls', 'use', 'uses', 'reference', 'references'],
      ]);
      const callee = calls === undefined ? undefined : segment.token((calls[calls.length - 1] ?? 0) + 1);
      if (calls !== undefined && callee !== undefined && looksLikeCode(callee.raw)) {
        segment.take(verb, ...calls, (calls[calls.length - 1] ?? 0) + 1);
        segment.takeEvery('all', 'the', 'every');
        const directory = takeDirectory(segment);
        return {
          skill: 'files',
          action: 'search',
          params: definedParams({ text: callee.raw, directory }),
          base: 0.9,
        };
      }
      const target = segment.nextUnused(verb, new Set(['the', 'all', 'is', 'are', 'string', 'text']));
      const token = segment.token(target);
      const explicit = segment.has('string', 'text');
      if (token === undefined || !(explicit || token.kind === 'quoted' || looksLikeCode(token.raw)))
        return undefined;
      if (segment.word(verb) === 'where')
        segment.takeEvery('used', 'defined', 'called', 'referenced', 'is', 'are');
      trigger = verb;
      base = 0.9;
    }
    const globFiles = segment.tokens.findIndex((token) => token.kind === 'glob');
    if (
      globFiles >= 0 &&
      ['files', 'file'].includes(segment.token(globFiles + 1)?.word ?? '') &&
      !segment.tokens.some((token) => token.kind === 'quoted')
    ) {
      return undefined;
    }
    const forWord = segment.find(['for']);
    if (
      forWord >= 0 &&
      ['files', 'file', 'package', 'packages'].includes(
        segment.word(segment.nextUnused(forWord, new Set(['the', 'a']))) ?? '',
      )
    ) {
      return undefined;
    }
    segment.take(trigger);
    let scopedDirectory: string | undefined;
    const scope = segment.token(trigger + 1);
    if (
      segment.token(trigger)?.word === 'search' &&
      scope !== undefined &&
      (scope.kind === 'path' ||
        (scope.kind === 'word' && isFreeWord(scope) && !PACKAGE_SOURCES.has(scope.word))) &&
      segment.word(trigger + 2) === 'for'
    ) {
      scopedDirectory = scope.raw;
      segment.take(trigger + 1);
    }
    segment.takeEvery(
      'search',
      'grep',
      'rg',
      'occurrences',
      'find',
      'string',
      'text',
      'all',
      'which',
      'files',
    );
    segment.takeEvery('code', 'codebase', 'source', 'repo', 'project');
    let ignoreCase: boolean | undefined;
    if (
      segment.takePhrase([['ignoring', 'ignore'], 'case']) ??
      segment.takePhrase(['case', ['insensitive', 'insensitively']])
    ) {
      ignoreCase = true;
    }
    const flagIndex = segment.tokens.findIndex((token) => token.raw === '-i');
    if (flagIndex >= 0) {
      segment.take(flagIndex);
      ignoreCase = true;
    }
    const glob = takeKind(segment, ['glob']) ?? takeLanguageGlob(segment);
    const text = takeSearchText(segment, trigger);
    if (text === undefined) {
      return {
        skill: 'files',
        action: 'search',
        params: {},
        base: MISSING_PARAMETER_BASE,
        clarification: 'What text do you want to search for?',
      };
    }
    segment.takeEvery('files', 'file');
    const directory = scopedDirectory ?? takeDirectory(segment);
    return {
      skill: 'files',
      action: 'search',
      params: definedParams({ text, directory, glob, ignoreCase }),
      base,
    };
  },
};

const list: Rule = {
  name: 'files.list',
  match(segment) {
    const ls = segment.takeWord('ls', 'dir', 'tree');
    if (ls >= 0) {
      // ls -la, ls -lh: display options, not a different request.
      for (let index = ls + 1; segment.token(index)?.kind === 'flag'; index++) segment.take(index);
    }
    const listVerb = segment.find(['list', 'show']);
    const whatIn =
      segment.findPhrase(['what', ['files', 'file']]) ?? segment.findPhrase(['what', 'is?', 'in']);
    const content = segment.find(['files', 'contents', 'directory', 'folder', 'listing']);
    if (ls < 0 && !(listVerb >= 0 && content >= 0) && whatIn === undefined) return undefined;
    if (segment.tokens.some((token) => token.kind === 'glob')) return undefined;
    if (listVerb >= 0) segment.take(listVerb);
    if (whatIn !== undefined) segment.take(...whatIn.filter((index) => segment.token(index)?.word !== 'in'));
    let directory: string | undefined;
    const contentsOf = segment.findPhrase(['contents', 'of', 'the?']);
    if (contentsOf !== undefined) {
      const target = segment.token((contentsOf[contentsOf.length - 1] ?? 0) + 1);
      if (
        target !== undefined &&
        (target.kind === 'path' || (target.kind === 'word' && !['this', 'current'].includes(target.word)))
      ) {
        segment.take(...contentsOf, (contentsOf[contentsOf.length - 1] ?? 0) + 1);
        directory = target.raw;
      }
    }
    segment.takeEvery('files', 'contents', 'are', 'the', 'me', 'of', 'all', 'is', 'listing');
    directory ??= takeDirectory(segment);
    directory ??= takeValueAfter(segment, ['for'], {
      kinds: ['word', 'path'],
      anyWord: true,
      accept: (token) => !isFileToken(token),
    });
    if (directory === undefined) {
      const bare = segment.tokens.findIndex(
        (token, index) => !segment.isUsed(index) && token.kind === 'path',
      );
      if (bare >= 0) {
        directory = segment.token(bare)?.raw;
        segment.take(bare);
      } else {
        directory = takeValueAfter(segment, ['directory', 'folder'], { kinds: ['word'] });
      }
    }
    if (directory !== undefined && isFileToken({ kind: 'path', raw: directory } as Token)) return undefined;
    segment.takeEvery('directory', 'folder', 'current', 'this');
    return { skill: 'files', action: 'list', params: definedParams({ directory }), base: 0.95 };
  },
};

const read: Rule = {
  name: 'files.read',
  match(segment) {
    const pathIndex = segment.tokens.findIndex((token) => isFileToken(token));
    if (pathIndex < 0) return undefined;
    const verb = segment.find(['read', 'cat', 'print', 'open', 'view', 'display', 'show', 'head', 'tail']);
    const whatIn = segment.findPhrase(['what', 'in']);
    const linesWord = segment.find(['lines', 'line']);
    if (verb < 0 && whatIn === undefined && linesWord < 0) return undefined;
    if (segment.has('count', 'many', 'number')) return undefined;
    let fromEnd: boolean | undefined = segment.word(verb) === 'tail' || undefined;
    if (verb >= 0) segment.take(verb);
    if (whatIn !== undefined) segment.take(...whatIn);
    let lines: number | undefined;
    for (let index = 0; index < segment.length; index++) {
      const token = segment.token(index);
      if (token?.number === undefined || segment.isUsed(index)) continue;
      const previous = segment.word(index - 1);
      const flag = segment.token(index - 1)?.raw === '-n';
      if (segment.word(index + 1) === 'lines' || segment.word(index + 1) === 'line' || flag) {
        lines = token.number;
        segment.take(index);
        if (segment.word(index + 1) === 'lines' || segment.word(index + 1) === 'line')
          segment.take(index + 1);
        if (flag) segment.take(index - 1);
        if (previous === 'last' || previous === 'bottom') {
          fromEnd = true;
          segment.take(index - 1);
        } else if (previous === 'first' || previous === 'top') {
          segment.take(index - 1);
        }
        break;
      }
    }
    if (lines === undefined && linesWord >= 0) return undefined;
    segment.takeEvery('me', 'the', 'of', 'file', 'contents', 'content', 'in');
    const path = takePath(segment);
    if (path === undefined) return undefined;
    return { skill: 'files', action: 'read', params: definedParams({ path, lines, fromEnd }), base: 0.95 };
  },
};

const countLines: Rule = {
  name: 'files.count-lines',
  match(segment) {
    const short = segment.takeWord('loc', 'sloc', 'cloc');
    const linesWord = segment.find(['lines', 'line']);
    if (short < 0 && linesWord < 0) return undefined;
    if (short < 0) {
      const counted =
        segment.takePhrase(['how', 'many']) ??
        segment.takePhrase(['number', 'of']) ??
        segment.takePhrase(['how', 'big']) ??
        segment.takePhrase(['total', ['lines', 'line']]) ??
        (segment.takeWord('count') >= 0 ? [0] : undefined) ??
        segment.takePhrase(['line', 'count']) ??
        segment.takePhrase(['lines', 'of', 'code']);
      if (counted === undefined) return undefined;
    }
    if (segment.tokens.some((token, index) => isFileToken(token) && !segment.isUsed(index))) return undefined;
    segment.takeEvery(
      'lines',
      'line',
      'count',
      'code',
      'are',
      'there',
      'we',
      'have',
      'do',
      'is',
      'the',
      'codebase',
    );
    const glob = takeLanguageGlob(segment);
    segment.takeEvery('code', 'of', 'for');
    const directory = takeDirectory(segment, { allowBarePath: true });
    return { skill: 'files', action: 'count-lines', params: definedParams({ directory, glob }), base: 0.95 };
  },
};

const largest: Rule = {
  name: 'files.largest',
  match(segment) {
    let trigger = segment.find(['largest', 'biggest', 'heaviest']);
    const space = segment.findPhrase(['most', 'space']) ?? segment.findPhrase(['by', 'size']);
    if (trigger < 0 && space === undefined) return undefined;
    if (trigger < 0) trigger = space?.[0] ?? 0;
    if (space !== undefined) segment.take(...space);
    const limit = takeLimit(segment, ['files', 'file', 'largest', 'biggest']);
    segment.takeEvery('largest', 'biggest', 'heaviest', 'files', 'file', 'what', 'are', 'is', 'the', 'which');
    segment.takeEvery('take', 'takes', 'taking', 'up', 'using', 'uses', 'disk');
    segment.takeEvery('top', 'show', 'list');
    const directory = takeDirectory(segment);
    return { skill: 'files', action: 'largest', params: definedParams({ limit, directory }), base: 0.95 };
  },
};

/** Rules of the files skill. */
export const fileRules: readonly Rule[] = [find, search, list, read, countLines, largest];
