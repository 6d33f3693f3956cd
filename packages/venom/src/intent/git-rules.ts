import { definedParams, MISSING_PARAMETER_BASE, type Rule } from './rule.js';
import { RUNTIME_NAMES } from './runtime-rules.js';
import type { Segment } from './segment.js';
import { takeDateRange } from './take-date-range.js';
import {
  isFileToken,
  isFreeWord,
  takeDirectory,
  takeFolderWord,
  takeKind,
  takeLimit,
  takePath,
  takeQuoted,
  takeValueAfter,
} from './take-parameters.js';

const REF_KINDS = ['ref', 'version', 'path', 'word'];
const HISTORY_OF_REQUESTS = ['requests', 'request', 'asks', 'asked', 'ask', 'prompts', 'queries'];

/** Takes the token after one of `introducers` as a revision (HEAD~3, main, origin/main, v1.2.0, a sha). */
function takeRefAfter(segment: Segment, introducers: readonly string[]): string | undefined {
  return takeValueAfter(segment, introducers, { kinds: REF_KINDS, accept: (token) => !isFileToken(token) });
}

const status: Rule = {
  name: 'git.status',
  match(segment) {
    let matched = segment.takeWord('status') >= 0;
    if (!matched && segment.takePhrase([['current', 'the'], 'state']) !== undefined) matched = true;
    if (!matched && segment.takeWord('uncommitted') >= 0) {
      segment.takeEvery('changes', 'change', 'files', 'file');
      matched = true;
    }
    if (!matched && segment.takePhrase(['working', ['tree', 'copy', 'directory']]) !== undefined) {
      segment.takeEvery('clean', 'dirty', 'changed', 'what');
      matched = true;
    }
    const states = ['modified', 'changed', 'change', 'edited', 'staged', 'unstaged', 'untracked'];
    if (!matched && segment.has('untracked', 'unstaged')) {
      segment.takeEvery('untracked', 'unstaged', 'staged', 'and', 'files', 'file', 'changes');
      matched = true;
    }
    if (!matched && segment.has('files', 'file') && segment.has(...states)) {
      segment.takeEvery('files', 'file', 'and', ...states);
      matched = true;
    }
    if (!matched) return undefined;
    segment.takeEvery('git', 'show', 'check');
    const path = takeDirectory(segment, { allowBarePath: true });
    return { skill: 'git', action: 'status', params: definedParams({ path }), base: 0.95 };
  },
};

const diff: Rule = {
  name: 'git.diff',
  match(segment, context) {
    let base = 0.95;
    let trigger = segment.takeWord('diff');
    if (trigger < 0) trigger = segment.takeWord('different');
    if (trigger < 0 && segment.has('compare')) trigger = segment.takeWord('compare');
    if (trigger < 0) {
      trigger = segment.takeWord('changes', 'changed', 'change');
      base = 0.9;
    }
    if (trigger < 0) return undefined;
    segment.takeEvery('git', 'work', 'show', 'what', 'have', 'did', 'i', 'so', 'far', 'made');
    const staged =
      segment.takeWord('staged', 'cached') >= 0 || takeKind(segment, ['flag']) === '--staged' || undefined;
    const range = takeDateRange(segment, context.now);
    const ref =
      takeRefAfter(segment, ['against', 'with', 'vs', 'versus', 'since', 'from', 'to', 'than']) ??
      takeKind(segment, ['ref']);
    const path = takePath(segment) ?? takeFolderWord(segment);
    return {
      skill: 'git',
      action: 'diff',
      params: definedParams({ ref, since: range?.since, path, staged }),
      base,
    };
  },
};

const log: Rule = {
  name: 'git.log',
  match(segment, context) {
    let base = 0.95;
    let trigger = segment.find(['log']);
    if (trigger >= 0 && ['in', 'into', 'out', 'on'].includes(segment.word(trigger + 1) ?? ''))
      return undefined;
    if (trigger < 0) trigger = segment.find(['commits', 'committed', 'committing', 'history']);
    if (trigger < 0 && segment.has('commit') && segment.has('what', 'who') && segment.has('did')) {
      trigger = segment.find(['commit']);
    }
    if (trigger < 0 && segment.has('happened')) {
      trigger = segment.find(['happened']);
      base = 0.9;
    }
    if (trigger < 0) return undefined;
    if (segment.has(...HISTORY_OF_REQUESTS) || segment.findPhrase(['venom', 'history']) !== undefined)
      return undefined;
    const my = segment.findPhrase(['my', ['commits', 'commit']]);
    const range = takeDateRange(segment, context.now);
    const limit = takeLimit(segment, ['commits', 'commit', 'entries', 'log']);
    segment.take(trigger);
    segment.takeEvery(
      'log',
      'commits',
      'commit',
      'history',
      'committed',
      'git',
      'show',
      'list',
      'recent',
      'latest',
    );
    segment.takeEvery('who', 'what', 'did', 'happened', 'touching', 'give', 'committing', 'been');
    let author = takeValueAfter(segment, ['by', 'from', 'author'], { kinds: ['word', 'email', 'quoted'] });
    if (author === undefined && my !== undefined) {
      segment.take(...my);
      author = '@me';
    }
    if (author === undefined) {
      // "what did ana commit": the name sits between "did" and "commit".
      const did = segment.tokens.findIndex((token) => token.word === 'did');
      const name = segment.token(did + 1);
      const commitAfter = segment.tokens[did + 2]?.word === 'commit';
      if (did >= 0 && commitAfter && name?.kind === 'word' && (isFreeWord(name) || name.word === 'i')) {
        segment.take(did + 1);
        author = name.word === 'i' ? '@me' : name.raw;
      }
    }
    if (author === undefined) {
      const owner = segment.tokens.findIndex((token) => token.possessive === true && isFreeWord(token));
      if (
        owner >= 0 &&
        ['commits', 'commit', 'log', 'history'].includes(segment.token(owner + 1)?.word ?? '')
      ) {
        segment.take(owner);
        author = segment.token(owner)?.raw;
      }
    }
    let flagSince: string | undefined;
    for (let index = 0; index < segment.length; index++) {
      const token = segment.token(index);
      if (token?.kind !== 'flag' || segment.isUsed(index)) continue;
      const value = /^--(author|since|after)=(.+)$/.exec(token.raw);
      if (value?.[1] === 'author' && author === undefined) {
        author = value[2];
        segment.take(index);
      } else if (value?.[2] !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(value[2])) {
        flagSince = value[2];
        segment.take(index);
      }
    }
    if (author === 'me') author = '@me';
    const path = takePath(segment);
    const ref = takeValueAfter(segment, ['on', 'to', 'into'], {
      kinds: ['word', 'path'],
      accept: (token) => !isFileToken(token),
    });
    return {
      skill: 'git',
      action: 'log',
      params: definedParams({
        limit,
        since: range?.since ?? flagSince,
        until: range?.until,
        author,
        path,
        ref,
      }),
      base,
    };
  },
};

const show: Rule = {
  name: 'git.show',
  match(segment) {
    if (segment.has('commits', 'log', 'history', 'branch', 'branches')) return undefined;
    const refIndex = segment.tokens.findIndex(
      (token, index) => token.kind === 'ref' && !segment.isUsed(index),
    );
    const showWord = segment.find(['show']);
    const commitWord = segment.find(['commit']);
    const latest = segment.findPhrase([['last', 'latest', 'newest', 'most'], 'recent?', 'commit']);
    let ref: string | undefined;
    if (refIndex >= 0 && (showWord >= 0 || commitWord >= 0)) {
      ref = segment.token(refIndex)?.raw;
      segment.take(refIndex);
    } else if (latest !== undefined && commitWord >= 0) {
      segment.take(...latest);
      ref = 'HEAD';
    } else if (showWord >= 0 && segment.word(showWord - 1) === 'git' && segment.length === 2) {
      segment.take(showWord - 1);
      ref = 'HEAD';
    } else {
      return undefined;
    }
    segment.takeEvery('show', 'commit', 'git', 'details', 'what', 'in');
    return { skill: 'git', action: 'show', params: { ref }, base: 0.95 };
  },
};

const branch: Rule = {
  name: 'git.branch',
  match(segment) {
    if (segment.has('switch', 'checkout', 'create', 'new', 'make', 'start', 'go', 'change')) return undefined;
    const amOn = segment.findPhrase(['am', 'i', 'on']);
    const branchName = amOn === undefined ? undefined : segment.token((amOn[2] ?? 0) + 1);
    if (
      amOn !== undefined &&
      amOn[0] === 0 &&
      branchName?.kind === 'word' &&
      (COMMON_BRANCHES.has(branchName.word) || isFreeWord(branchName)) &&
      amOn.length + 1 === segment.length
    ) {
      segment.take(...amOn, (amOn[2] ?? 0) + 1);
      return { skill: 'git', action: 'branch', params: { current: true }, base: 0.9 };
    }
    const trigger = segment.takeWord('branch', 'branches');
    if (trigger < 0) return undefined;
    let current: boolean | undefined;
    if (
      segment.takePhrase(['am', 'i', 'on']) !== undefined ||
      segment.takeWord('current') >= 0 ||
      (segment.tokens[trigger]?.word === 'branch' &&
        segment.has('which', 'what') &&
        (segment.takePhrase(['is', 'this']) !== undefined || !segment.has('list', 'all', 'have', 'exist')))
    ) {
      current = true;
    }
    const remote =
      segment.takeWord('remote', 'remotes') >= 0 || takeKind(segment, ['flag']) === '-a' || undefined;
    segment.takeEvery('git', 'list', 'show', 'all', 'which', 'what', 'we', 'have', 'do', 'exist', 'local');
    return { skill: 'git', action: 'branch', params: definedParams({ current, remote }), base: 0.95 };
  },
};

const COMMON_BRANCHES = new Set([
  'main',
  'master',
  'develop',
  'dev',
  'trunk',
  'staging',
  'production',
  'next',
  'stable',
]);

const SWITCH_VERBS = ['switch', 'checkout', 'go', 'change', 'jump', 'hop'];

const switchBranch: Rule = {
  name: 'git.switch',
  match(segment) {
    if (segment.has('new', 'create')) return undefined;
    let verb = segment.find(SWITCH_VERBS);
    const checkOut = segment.findPhrase(['check', 'out']);
    if (verb < 0 && checkOut !== undefined) verb = checkOut[0] ?? -1;
    if (verb < 0) return undefined;
    if (segment.tokens.some((token) => token.kind === 'flag' && token.raw === '-b')) return undefined;
    if (segment.tokens.some((token) => RUNTIME_NAMES[token.word] !== undefined && token.word !== 'go'))
      return undefined;
    const word = segment.word(verb);
    const back = segment.word(verb + 1) === 'back' ? 1 : 0;
    if (
      (word === 'go' || word === 'change' || word === 'jump' || word === 'hop') &&
      segment.word(verb + 1 + back) !== 'to'
    ) {
      return undefined;
    }
    segment.take(verb);
    if (back > 0) segment.take(verb + 1);
    if (checkOut !== undefined) segment.take(...checkOut);
    segment.takeEvery('git', 'to', 'over');
    const branchWord = segment.takeWord('branch');
    let name: string | undefined;
    for (let index = verb + 1; index < segment.length; index++) {
      if (segment.isUsed(index)) continue;
      const token = segment.token(index);
      if (token?.kind === 'word' && ['the', 'a'].includes(token.word)) {
        segment.take(index);
        continue;
      }
      if (
        token !== undefined &&
        (token.kind === 'path' || token.kind === 'ref' || isFreeWord(token)) &&
        token.kind !== 'quoted'
      ) {
        segment.take(index);
        name = token.raw;
      }
      break;
    }
    if (name === undefined && branchWord < 0) return undefined;
    if (name === undefined) {
      return {
        skill: 'git',
        action: 'switch',
        params: {},
        base: MISSING_PARAMETER_BASE,
        clarification: 'Which branch do you want to switch to?',
      };
    }
    // "go to sleep" is not a branch: the loose verbs need the word "branch" or a name that looks like one.
    const loose = word === 'go' || word === 'change' || word === 'jump' || word === 'hop';
    if (loose && branchWord < 0 && !COMMON_BRANCHES.has(name) && !/[-/_.\d]/.test(name)) return undefined;
    return { skill: 'git', action: 'switch', params: { branch: name }, base: loose ? 0.9 : 0.95 };
  },
};

const createBranch: Rule = {
  name: 'git.create-branch',
  match(segment) {
    const dashB = segment.tokens.findIndex((token) => token.kind === 'flag' && token.raw === '-b');
    const branchWord = segment.find(['branch']);
    if (dashB < 0 && branchWord < 0) return undefined;
    let switchAfter = false;
    if (dashB >= 0) {
      segment.take(dashB);
      segment.takeEvery('git', 'checkout', 'switch');
      switchAfter = true;
    } else if (
      branchWord === 0 &&
      ['off', 'from'].includes(segment.word(1) ?? '') &&
      segment.has('into', 'as', 'called', 'named')
    ) {
      // "branch off main into fix/x"
      segment.take(0);
      const intoName = takeValueAfter(segment, ['into', 'as', 'called', 'named'], {
        kinds: ['word', 'path', 'quoted'],
      });
      const fromName = takeValueAfter(segment, ['off', 'from'], {
        kinds: ['word', 'path', 'ref', 'version'],
      });
      if (intoName === undefined || fromName === undefined) return undefined;
      return {
        skill: 'git',
        action: 'create-branch',
        params: { name: intoName, from: fromName },
        base: 0.95,
      };
    } else {
      const verb = segment.takeWord('create', 'new', 'make', 'start');
      if (verb < 0) return undefined;
      segment.takeEvery('create', 'new', 'make', 'start', 'git');
      if (segment.takeWord('switch', 'checkout') >= 0) {
        segment.takeEvery('to', 'and');
        switchAfter = true;
      }
    }
    let name = takeValueAfter(segment, ['called', 'named'], { kinds: ['word', 'path', 'quoted', 'ref'] });
    const from = takeValueAfter(segment, ['from', 'off'], { kinds: ['word', 'path', 'ref', 'version'] });
    segment.takeEvery('branch');
    if (name === undefined) {
      for (let index = 0; index < segment.length; index++) {
        const token = segment.token(index);
        if (
          !segment.isUsed(index) &&
          token !== undefined &&
          (token.kind === 'path' || token.kind === 'quoted' || isFreeWord(token))
        ) {
          if (token.kind === 'word' && !/[a-z]/i.test(token.raw)) continue;
          segment.take(index);
          name = token.raw;
          break;
        }
      }
    }
    if (name === undefined) {
      return {
        skill: 'git',
        action: 'create-branch',
        params: {},
        base: MISSING_PARAMETER_BASE,
        clarification: 'What should the new branch be called?',
      };
    }
    return {
      skill: 'git',
      action: 'create-branch',
      params: definedParams({ name, from, switch: switchAfter }),
      base: 0.95,
    };
  },
};

const commit: Rule = {
  name: 'git.commit',
  match(segment) {
    const verb = segment.find(['commit']);
    if (verb < 0 || segment.has('commits', 'last', 'latest', 'previous', 'log', 'history')) return undefined;
    if (segment.tokens.some((token) => token.kind === 'ref')) return undefined;
    const before = segment.tokens
      .slice(0, verb)
      .filter((token) => !['git', 'make', 'a', 'please', 'now'].includes(token.word));
    if (before.length > 0) return undefined;
    segment.take(verb);
    segment.takeEvery('git', 'make', 'a');
    let all: boolean | undefined;
    for (let index = 0; index < segment.length; index++) {
      const token = segment.token(index);
      if (token?.kind !== 'flag' || segment.isUsed(index)) continue;
      if (token.raw === '-a' || token.raw === '-am' || token.raw === '--all') all = true;
      if (['-m', '-am', '--message', '-a', '--all'].includes(token.raw)) segment.take(index);
    }
    if (segment.takeWord('everything') >= 0) all = true;
    if (segment.takePhrase(['all', 'changes?']) !== undefined) all = true;
    segment.takeEvery(
      'with',
      'the',
      'my',
      'changes',
      'work',
      'saying',
      'message',
      'msg',
      'and',
      'of',
      'using',
      'as',
      'staged',
    );
    let message = takeQuoted(segment);
    let base = 0.95;
    if (message === undefined) {
      const messageWord = segment.tokens.findIndex((token) =>
        ['message', 'msg', 'saying'].includes(token.word),
      );
      const start = messageWord >= 0 ? messageWord + 1 : -1;
      if (start > 0 && start < segment.length) {
        message = segment.rawFrom(start);
        for (let index = start; index < segment.length; index++) segment.take(index);
        base = 0.85;
      }
    }
    if (message === undefined || message.trim() === '') {
      return {
        skill: 'git',
        action: 'commit',
        params: definedParams({ all }),
        base: MISSING_PARAMETER_BASE,
        clarification: 'What commit message should I use?',
      };
    }
    return { skill: 'git', action: 'commit', params: definedParams({ message, all }), base };
  },
};

const blame: Rule = {
  name: 'git.blame',
  match(segment) {
    let trigger = segment.takeWord('blame', 'annotate');
    if (trigger < 0) {
      const who = segment.findPhrase(['who', 'last?', ['wrote', 'changed', 'touched', 'modified', 'edited']]);
      if (who === undefined) return undefined;
      segment.take(...who);
      trigger = who[0] ?? 0;
    }
    segment.takeEvery('git', 'last', 'the', 'file');
    let line: number | undefined;
    let endLine: number | undefined;
    const lineWord = segment.find(['line', 'lines']);
    if (lineWord >= 0) {
      const value = segment.token(lineWord + 1);
      const range = /^(\d+)(?:-|\.\.|:)(\d+)$/.exec(value?.raw ?? '');
      if (range?.[1] !== undefined && range[2] !== undefined) {
        line = Number(range[1]);
        endLine = Number(range[2]);
        segment.take(lineWord, lineWord + 1);
      } else if (value?.number !== undefined) {
        line = value.number;
        segment.take(lineWord, lineWord + 1);
        const to = segment.findPhrase([['to', 'through'], 'line?']);
        const end = to === undefined ? undefined : segment.token((to[to.length - 1] ?? 0) + 1);
        if (to !== undefined && end?.number !== undefined) {
          endLine = end.number;
          segment.take(...to, (to[to.length - 1] ?? 0) + 1);
        }
      }
      segment.takeEvery('of', 'in');
    }
    const path = takePath(segment);
    if (path === undefined) {
      return {
        skill: 'git',
        action: 'blame',
        params: {},
        base: MISSING_PARAMETER_BASE,
        clarification: 'Which file do you want to blame?',
      };
    }
    return { skill: 'git', action: 'blame', params: definedParams({ path, line, endLine }), base: 0.95 };
  },
};

/** Rules of the git skill. */
export const gitRules: readonly Rule[] = [
  status,
  diff,
  log,
  show,
  branch,
  switchBranch,
  createBranch,
  commit,
  blame,
];
