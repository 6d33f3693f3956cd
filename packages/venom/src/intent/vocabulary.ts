import { editDistance } from '@venom/core';

/**
 * Words that carry no intent of their own. Left over after a rule matched, they cost nothing.
 * Deliberately absent: "how" and "why" (questions a model should answer) and every verb in BLOCKERS.
 */
export const FILLERS: ReadonlySet<string> = new Set(
  (
    'a an the me my mine our ours please pls kindly can could would will you i we us to of for is are am was were be ' +
    'do does did done show display give tell get let see now just quickly currently what which this that these those ' +
    'here there in on at with it its so far have has had got some any repo repository project codebase code ' +
    'hey hi ok okay venom again right up whole entire every all also only really actually they them their he she ' +
    'his her one ones anything something stuff been being'
  ).split(' '),
);

/**
 * Words that mark a request the local tier must not claim: destructive or unsupported actions and requests
 * for explanation or judgement. One left over pushes a match below the threshold.
 */
export const BLOCKERS: ReadonlySet<string> = new Set(
  (
    'delete remove rm drop reset revert rebase merge push pull force undo explain why how fix write refactor ' +
    'implement generate rename move install uninstall upgrade update amend squash stash discard restore kill format ' +
    'deploy summarise summarize summary review optimise optimize improve add translate convert wrong bug bugs broken ' +
    'should best safe overwrite clean edit mean meaning help weather joke web document interesting purge erase wipe ' +
    'cherry-pick tag release publish describe'
  ).split(' '),
);

/**
 * Words the rules look for. Listed here (not only inside the rules) so typo correction can aim at them;
 * a rule word missing here still matches when spelled right.
 */
export const KEYWORDS: ReadonlySet<string> = new Set(
  (
    'git status diff log show commit commits branch branches switch checkout check create new make start blame ' +
    'annotate history changes changed change modified staged cached uncommitted clean working tree files file ' +
    'find locate search grep occurrences mention mentions list directory folder contents read cat print open view ' +
    'head tail first last lines line count loc sloc cloc largest biggest heaviest space size tests test suite run ' +
    'execute affected impacted use using version versions active installed available runtime runtimes node nodejs ' +
    'python bun ruby java rust golang package packages info information details costs cost spend spent spending ' +
    'budget left remaining history requests request asks asked snapshot snapshots take save named called message ' +
    'author committed recent latest previous today yesterday week month year since until before after monday ' +
    'tuesday wednesday thursday friday saturday sunday hours days weeks months ago between matching typescript ' +
    'javascript markdown against compare different where which who wrote touched string text ' +
    'then passes pass succeeds succeed model provider day breakdown money current ' +
    'everything happened touching remote unit integration ignoring ignore case insensitive sensitive ' +
    'globally global locally local end ending ends contents size most name filename used defined called past ' +
    'mine state unstaged untracked committing rerun usages references affect affects running provides remains things ' +
    'questions taking morning back listing total copy kick trigger places call calls touch over index into onto off'
  ).split(' '),
);

/** Common short typos that edit distance alone would not safely fix (too short to tell apart). */
const SHORT_TYPOS: Readonly<Record<string, string>> = {
  rn: 'run',
  st: 'status',
  gti: 'git',
  dif: 'diff',
  lgo: 'log',
  tst: 'test',
  whcih: 'which',
  wich: 'which',
  whats: 'what',
  wheres: 'where',
  thats: 'that',
  im: 'i',
};

const corrections = new Map<string, string>();

const correctable: readonly string[] = [...KEYWORDS, ...BLOCKERS];

/**
 * The vocabulary word a lower-cased word most likely means: itself when known, a plural's stem, a short-typo
 * fix, or the unique closest keyword within edit distance 1 (length >= 4) or 2 (length >= 8). Memoised.
 */
export function normalizeWord(word: string): string {
  const known = corrections.get(word);
  if (known !== undefined) return known;
  const result = correct(word);
  // Bounded: a long-running server sees unbounded distinct words.
  if (corrections.size >= 10_000) corrections.clear();
  corrections.set(word, result);
  return result;
}

function correct(word: string): string {
  if (KEYWORDS.has(word) || FILLERS.has(word) || BLOCKERS.has(word)) return word;
  const short = SHORT_TYPOS[word];
  if (short !== undefined) return short;
  if (word.endsWith('s') && KEYWORDS.has(word.slice(0, -1))) return word.slice(0, -1);
  if (word.length < 4 || !/^[a-z-]+$/.test(word)) return word;
  const limit = word.length >= 8 ? 2 : 1;
  let best: { candidate: string; distance: number; sameLength: boolean; prefix: number } | undefined;
  let tie = false;
  for (const candidate of correctable) {
    if (Math.abs(candidate.length - word.length) > limit || candidate.length < 3) continue;
    const distance = editDistance(word, candidate);
    if (distance > limit) continue;
    const scored = {
      candidate,
      distance,
      sameLength: candidate.length === word.length,
      prefix: commonPrefix(word, candidate),
    };
    const order = best === undefined ? -1 : compare(scored, best);
    if (order < 0) {
      best = scored;
      tie = false;
    } else if (order === 0) {
      tie = true;
    }
  }
  return best !== undefined && !tie ? best.candidate : word;
}

/** Closer first; then a substitution over an insertion ("filez" -> "files", not "file"); then a longer shared prefix. */
function compare(
  left: { distance: number; sameLength: boolean; prefix: number },
  right: { distance: number; sameLength: boolean; prefix: number },
): number {
  if (left.distance !== right.distance) return left.distance - right.distance;
  if (left.sameLength !== right.sameLength) return left.sameLength ? -1 : 1;
  return right.prefix - left.prefix;
}

function commonPrefix(left: string, right: string): number {
  let length = 0;
  while (length < left.length && left[length] === right[length]) length++;
  return length;
}

/** True for words a model is needed for (see BLOCKERS). */
export function isBlocker(word: string): boolean {
  return BLOCKERS.has(word);
}
