import { definedParams, type Rule } from './rule.js';
import { takeDateRange } from './take-date-range.js';
import { takeLimit, takeValueAfter } from './take-parameters.js';

const costs: Rule = {
  name: 'venom.costs',
  match(segment, context) {
    const trigger = segment.find(['cost', 'costs', 'spend', 'spent', 'spending', 'bill', 'expenses']);
    if (trigger < 0) return undefined;
    segment.take(trigger);
    let groupBy: string | undefined;
    const by = segment.takePhrase([
      ['by', 'per'],
      ['model', 'models', 'provider', 'providers', 'day', 'days'],
    ]);
    if (by !== undefined) {
      const word = segment.token(by[1] ?? 0)?.word ?? '';
      groupBy = word.startsWith('model') ? 'model' : word.startsWith('provider') ? 'provider' : 'day';
    } else if (segment.takeWord('daily') >= 0) {
      groupBy = 'day';
    }
    const range = takeDateRange(segment, context.now);
    segment.takeEvery(
      'how',
      'much',
      'money',
      'did',
      'have',
      'i',
      'venom',
      'the',
      'models',
      'my',
      'show',
      'what',
    );
    segment.takeEvery('breakdown', 'total', 'cost', 'costs', 'spend', 'spent', 'so', 'far', 'on', 'ai');
    return {
      skill: 'venom',
      action: 'costs',
      params: definedParams({ since: range?.since, until: range?.until, groupBy }),
      base: 0.95,
    };
  },
};

const budget: Rule = {
  name: 'venom.budget',
  match(segment) {
    if (segment.takeWord('budget') < 0) return undefined;
    segment.takeEvery(
      'left',
      'remaining',
      'remains',
      'remain',
      'how',
      'much',
      'over',
      'under',
      'am',
      'i',
      'of',
      'my',
      'today',
      'what',
    );
    segment.takeEvery('do', 'have', 'is', 'there', 'the', 'still', 'daily', 'venom');
    return { skill: 'venom', action: 'budget', params: {}, base: 0.95 };
  },
};

const REQUEST_WORDS = ['requests', 'request', 'asks', 'ask', 'asked', 'prompts', 'prompt', 'queries'];

const history: Rule = {
  name: 'venom.history',
  match(segment, context) {
    const requests = segment.find(REQUEST_WORDS);
    const venomHistory = segment.findPhrase(['venom', 'history']);
    if (requests < 0 && venomHistory === undefined) return undefined;
    if (venomHistory !== undefined) segment.take(...venomHistory);
    const range = takeDateRange(segment, context.now);
    const limit = takeLimit(segment, [...REQUEST_WORDS, 'things', 'questions']);
    segment.takeEvery(
      ...REQUEST_WORDS,
      'history',
      'my',
      'previous',
      'recent',
      'past',
      'what',
      'did',
      'i',
      'venom',
    );
    segment.takeEvery('show', 'list', 'of', 'the', 'last', 'me', 'made', 'things', 'questions');
    return {
      skill: 'venom',
      action: 'history',
      params: definedParams({ limit, since: range?.since, until: range?.until }),
      base: 0.95,
    };
  },
};

const CREATE_VERBS = ['take', 'create', 'make', 'save', 'new', 'capture'];

const snapshots: Rule = {
  name: 'venom.snapshots',
  match(segment) {
    const plural = segment.find(['snapshots']);
    const singular = segment.find(['snapshot']);
    if (plural < 0 && singular < 0) return undefined;
    if (segment.has(...CREATE_VERBS)) return undefined;
    if (plural < 0 && !segment.has('list', 'show')) return undefined;
    const limit = takeLimit(segment, ['snapshots', 'snapshot']);
    segment.takeEvery(
      'snapshots',
      'snapshot',
      'list',
      'show',
      'my',
      'what',
      'are',
      'there',
      'all',
      'recent',
      'the',
    );
    return { skill: 'venom', action: 'snapshots', params: definedParams({ limit }), base: 0.95 };
  },
};

const snapshot: Rule = {
  name: 'venom.snapshot',
  match(segment) {
    const word = segment.find(['snapshot', 'checkpoint']);
    if (word < 0) return undefined;
    const verb = segment.find(CREATE_VERBS);
    // "snapshot now", "snapshot", "snapshot this as X": the noun used as a verb, first.
    const imperative =
      word === 0 &&
      (segment.length === 1 || ['now', 'this', 'it', 'everything'].includes(segment.word(1) ?? ''));
    if (verb < 0 && !imperative) return undefined;
    segment.take(word, verb);
    segment.takeEvery(
      'now',
      'a',
      'an',
      'the',
      'new',
      'quick',
      'of',
      'everything',
      'state',
      'current',
      'this',
      'it',
    );
    const label = takeValueAfter(segment, ['called', 'named', 'labelled', 'labeled', 'as'], {
      anyWord: true,
      kinds: ['word', 'quoted', 'path', 'version'],
    });
    return { skill: 'venom', action: 'snapshot', params: definedParams({ label }), base: 0.95 };
  },
};

/** Rules of venom's own skill: costs, budget, history, snapshots. */
export const venomRules: readonly Rule[] = [costs, budget, history, snapshots, snapshot];
