import { definedParams, type Rule } from './rule.js';
import { takeKind, takeValueAfter } from './take-parameters.js';

const CHANGE_WORDS = [
  'affected',
  'affect',
  'affects',
  'impacted',
  'changed',
  'changes',
  'change',
  'touched',
  'touch',
];

const run: Rule = {
  name: 'tests.run',
  match(segment) {
    const trigger = segment.find(['test', 'tests', 'testsuite']);
    if (trigger < 0 || segment.has(...CHANGE_WORDS)) return undefined;
    segment.take(trigger);
    segment.takeEvery('kick', 'off', 'start', 'trigger', 'whole', 'entire');
    segment.takeEvery(
      'run',
      'rerun',
      're-run',
      'execute',
      'the',
      'all',
      'suite',
      'unit',
      'integration',
      'e2e',
      'file',
      'my',
    );
    const filter = takeValueAfter(segment, ['matching', 'named', 'called'], {
      kinds: ['quoted', 'word'],
      anyWord: true,
    });
    const path = takeKind(segment, ['path', 'glob']);
    if (path !== undefined) segment.takeEvery('in', 'for', 'under', 'of');
    return { skill: 'tests', action: 'run', params: definedParams({ path, filter }), base: 0.95 };
  },
};

const affected: Rule = {
  name: 'tests.affected',
  match(segment) {
    const tests = segment.find(['test', 'tests']);
    const change = segment.find(CHANGE_WORDS);
    if (tests < 0 || change < 0) return undefined;
    const runVerb = segment.takeWord('run', 'rerun', 'execute');
    const asks = segment.find(['which', 'list', 'show', 'what']);
    const listOnly = runVerb < 0 && asks >= 0 && asks < tests ? true : undefined;
    if (listOnly) segment.take(asks);
    segment.take(tests);
    segment.takeEvery(
      ...CHANGE_WORDS,
      'by',
      'my',
      'me',
      'the',
      'for',
      'files',
      'i',
      'what',
      'only',
      'are',
      'made',
      'test',
      'tests',
      'do',
    );
    const base = takeValueAfter(segment, ['since', 'against', 'vs', 'from', 'than', 'to'], {
      kinds: ['word', 'path', 'ref', 'version'],
    });
    if (base !== undefined) segment.takeEvery('compared', 'compare', 'relative');
    return { skill: 'tests', action: 'affected', params: definedParams({ base, listOnly }), base: 0.95 };
  },
};

/** Rules of the tests skill. */
export const testRules: readonly Rule[] = [run, affected];
