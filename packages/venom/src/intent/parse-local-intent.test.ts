import { describe, expect, it } from 'vitest';
import { LOCAL_CONFIDENCE_THRESHOLD, type LocalIntent, parseLocalIntent, skillCatalog } from './index.js';
import { MAX_LOCAL_TOKENS } from './parse-local-intent.js';

/** Saturday 2026-11-21, noon local time: relative dates below resolve against it. */
const now = new Date(2026, 10, 21, 12, 0, 0);

function parse(request: string): LocalIntent {
  return parseLocalIntent(request, { now });
}

function expectLocal(request: string, skillAction: string, params: Record<string, unknown>): LocalIntent {
  const intent = parse(request);
  expect(intent.confidence, `${request}: ${JSON.stringify(intent)}`).toBeGreaterThanOrEqual(
    LOCAL_CONFIDENCE_THRESHOLD,
  );
  expect(intent.steps).toHaveLength(1);
  const [step] = intent.steps;
  expect(`${step?.skill}.${step?.action}`).toBe(skillAction);
  expect(step?.params).toEqual(params);
  expect(intent.clarification).toBeNull();
  expect(intent.matched).toEqual([skillAction]);
  return intent;
}

function expectEscalation(request: string): LocalIntent {
  const intent = parse(request);
  expect(intent.confidence, `${request}: ${JSON.stringify(intent)}`).toBeLessThan(LOCAL_CONFIDENCE_THRESHOLD);
  expect(intent.clarification).toEqual(expect.any(String));
  return intent;
}

describe('parseLocalIntent: git', () => {
  it.each([
    ['git status', 'git.status', {}],
    ['any modified files in packages/core?', 'git.status', { path: 'packages/core' }],
    ['diff against main', 'git.diff', { ref: 'main' }],
    ['show staged changes', 'git.diff', { staged: true }],
    ['what changed in packages/core since v0.1.0', 'git.diff', { path: 'packages/core', ref: 'v0.1.0' }],
    ['show the last 5 commits', 'git.log', { limit: 5 }],
    ['last 3 commits by bob', 'git.log', { limit: 3, author: 'bob' }],
    ["show ana's commits", 'git.log', { author: 'ana' }],
    ['show my commits', 'git.log', { author: '@me' }],
    ['history of package.json', 'git.log', { path: 'package.json' }],
    ['show commits on main', 'git.log', { ref: 'main' }],
    ['show commit a1b2c3d', 'git.show', { ref: 'a1b2c3d' }],
    ['show the last commit', 'git.show', { ref: 'HEAD' }],
    ['what branch am I on', 'git.branch', { current: true }],
    ['list remote branches', 'git.branch', { remote: true }],
    ['switch to feature/login', 'git.switch', { branch: 'feature/login' }],
    [
      'make a new branch named experiment from main',
      'git.create-branch',
      { name: 'experiment', from: 'main' },
    ],
    ['git checkout -b feature/y', 'git.create-branch', { name: 'feature/y', switch: true }],
    ["commit everything with the message 'wip'", 'git.commit', { message: 'wip', all: true }],
    ['commit with message add retry to fetch', 'git.commit', { message: 'add retry to fetch' }],
    ['who touched lines 10-20 in src/app.ts', 'git.blame', { path: 'src/app.ts', line: 10, endLine: 20 }],
  ])('%s -> %s %j', (request, skillAction, params) => {
    expectLocal(request, skillAction, params);
  });
});

describe('parseLocalIntent: files', () => {
  it.each([
    ['find files named config.ts', 'files.find', { name: 'config.ts' }],
    ['list all markdown files in docs', 'files.find', { glob: '*.md', directory: 'docs' }],
    ['find *.test.ts', 'files.find', { glob: '*.test.ts' }],
    ["grep for 'useState' in src", 'files.search', { text: 'useState', directory: 'src' }],
    ["search for 'hello world' ignoring case", 'files.search', { text: 'hello world', ignoreCase: true }],
    ['find TODOs in src', 'files.search', { text: 'TODO', directory: 'src' }],
    ['ls docs/architecture', 'files.list', { directory: 'docs/architecture' }],
    ['what is in the scripts folder', 'files.list', { directory: 'scripts' }],
    ['show me the first 20 lines of src/index.ts', 'files.read', { path: 'src/index.ts', lines: 20 }],
    [
      'show the last 15 lines of logs/app.log',
      'files.read',
      { path: 'logs/app.log', lines: 15, fromEnd: true },
    ],
    [
      'count the lines of python code in scripts',
      'files.count-lines',
      { glob: '*.py', directory: 'scripts' },
    ],
    ['top 10 largest files', 'files.largest', { limit: 10 }],
  ])('%s -> %s %j', (request, skillAction, params) => {
    expectLocal(request, skillAction, params);
  });

  it('keeps a file name apart from a directory: "what\'s in X" reads a file and lists a folder', () => {
    expectLocal("what's in README.md", 'files.read', { path: 'README.md' });
    expectLocal("what's in src", 'files.list', { directory: 'src' });
  });
});

describe('parseLocalIntent: tests, runtimes, packages', () => {
  it.each([
    ['run the tests', 'tests.run', {}],
    ["run tests matching 'login'", 'tests.run', { filter: 'login' }],
    ['run tests in packages/core', 'tests.run', { path: 'packages/core' }],
    ['run the tests affected by my changes', 'tests.affected', {}],
    ['which tests are affected by my changes', 'tests.affected', { listOnly: true }],
    ['run affected tests since main', 'tests.affected', { base: 'main' }],
    ['use node 20', 'runtime.use', { runtime: 'node', version: '20' }],
    ['use nodejs lts globally', 'runtime.use', { runtime: 'node', version: 'lts', scope: 'global' }],
    ['switch node to v20', 'runtime.use', { runtime: 'node', version: '20' }],
    ['what version of python am I using', 'runtime.current', { runtime: 'python' }],
    ['what node versions are available', 'runtime.list', { runtime: 'node', available: true }],
    ['search packages for ripgrep', 'packages.search', { term: 'ripgrep' }],
    ['is there a package called htop', 'packages.search', { term: 'htop' }],
    ['package info curl', 'packages.info', { name: 'curl' }],
  ])('%s -> %s %j', (request, skillAction, params) => {
    expectLocal(request, skillAction, params);
  });

  it('reads "switch to python 3.12" as a runtime, and "switch to main" as a branch', () => {
    expectLocal('switch to python 3.12', 'runtime.use', { runtime: 'python', version: '3.12' });
    expectLocal('switch to main', 'git.switch', { branch: 'main' });
  });
});

describe('parseLocalIntent: venom and shell', () => {
  it.each([
    ['how much did I spend today', 'venom.costs', { since: '2026-11-21' }],
    ['costs by model', 'venom.costs', { groupBy: 'model' }],
    ['spend per day this week', 'venom.costs', { since: '2026-11-16', groupBy: 'day' }],
    ['how much budget do I have left', 'venom.budget', {}],
    ['show my last 10 requests', 'venom.history', { limit: 10 }],
    ['venom history', 'venom.history', {}],
    ['last 3 snapshots', 'venom.snapshots', { limit: 3 }],
    ["save a snapshot named 'pre upgrade'", 'venom.snapshot', { label: 'pre upgrade' }],
    ['run npm install', 'shell.run', { command: 'npm install' }],
    ['run `make build`', 'shell.run', { command: 'make build' }],
    ['please run npx tsc --build', 'shell.run', { command: 'npx tsc --build' }],
  ])('%s -> %s %j', (request, skillAction, params) => {
    expectLocal(request, skillAction, params);
  });

  it('asks before running something that does not look like a command line', () => {
    const intent = expectEscalation('run away');
    expect(intent.steps[0]?.params).toEqual({ command: 'away' });
    expect(intent.clarification).toContain('`away`');
  });
});

describe('parseLocalIntent: dates', () => {
  it.each([
    ['commits since yesterday', { since: '2026-11-20' }],
    ['who committed yesterday', { since: '2026-11-20', until: '2026-11-21' }],
    ['commits since monday', { since: '2026-11-16' }],
    ['git log since last friday', { since: '2026-11-20' }],
    ['commits this week', { since: '2026-11-16' }],
    ['commits this month', { since: '2026-11-01' }],
    ['commits from last week', { since: '2026-11-14' }],
    ['commits in the last 3 days', { since: '2026-11-18' }],
    ['commits since 2 days ago', { since: '2026-11-19' }],
    ['commits since 2026-11-01', { since: '2026-11-01' }],
    ['commits on 2026-11-03', { since: '2026-11-03', until: '2026-11-04' }],
    ['commits before 2026-11-01', { until: '2026-11-01' }],
  ])('%s -> %j', (request, range) => {
    expectLocal(request, 'git.log', range);
  });

  it('resolves hour-granular requests to an instant', () => {
    const expected = new Date(now.getTime() - 24 * 3_600_000).toISOString();
    expectLocal('give me the log of the past 24 hours', 'git.log', { since: expected });
  });

  it('resolves against the injected clock, not the real one', () => {
    const other = parseLocalIntent('commits since yesterday', { now: new Date(2030, 0, 1, 9) });
    expect(other.steps[0]?.params).toEqual({ since: '2029-12-31' });
  });
});

describe('parseLocalIntent: numbers, quotes and typos', () => {
  it('reads number words and git-style counts', () => {
    expectLocal('last five commits', 'git.log', { limit: 5 });
    expectLocal('list the last twenty commits', 'git.log', { limit: 20 });
    expectLocal('git log -n 3', 'git.log', { limit: 3 });
  });

  it('keeps quoted text exactly as written', () => {
    expectLocal('commit -m "Fix: handle  two spaces"', 'git.commit', { message: 'Fix: handle  two spaces' });
    expectLocal('search the code for "it\'s"', 'files.search', { text: "it's" });
  });

  it.each([
    ['git stauts', 'git.status', {}],
    ['show git histroy', 'git.log', {}],
    ['swtich to staging', 'git.switch', { branch: 'staging' }],
    ['rn the tests', 'tests.run', {}],
    ['largst filez', 'files.largest', {}],
    ['costs tody', 'venom.costs', { since: '2026-11-21' }],
  ])('forgives the typo in %s', (request, skillAction, params) => {
    const intent = expectLocal(request, skillAction, params);
    expect(intent.confidence).toBeLessThan(0.95);
  });
});

describe('parseLocalIntent: compound plans', () => {
  it('orders "X and then Y" without a condition', () => {
    const intent = parse("run the tests and then commit with message 'fix parser'");
    expect(intent.confidence).toBeGreaterThanOrEqual(LOCAL_CONFIDENCE_THRESHOLD);
    expect(intent.steps).toEqual([
      { id: 's1', skill: 'tests', action: 'run', params: {}, dependsOn: [] },
      { id: 's2', skill: 'git', action: 'commit', params: { message: 'fix parser' }, dependsOn: ['s1'] },
    ]);
    expect(intent.matched).toEqual(['tests.run', 'git.commit']);
  });

  it.each([
    'run the tests; if they pass, commit with message "release"',
    'run the tests and if they succeed commit with message "release"',
    'run the tests && commit -m "release"',
  ])('makes the second step conditional in %s', (request) => {
    const intent = parse(request);
    expect(intent.confidence).toBeGreaterThanOrEqual(LOCAL_CONFIDENCE_THRESHOLD);
    expect(intent.steps[1]).toEqual({
      id: 's2',
      skill: 'git',
      action: 'commit',
      params: { message: 'release' },
      dependsOn: ['s1'],
      condition: 'previous-succeeded',
    });
  });

  it('chains three steps and keeps each relation', () => {
    const intent = parse('use node 20, then run the tests; if they pass, run npm run build');
    expect(
      intent.steps.map((step) => [step.id, `${step.skill}.${step.action}`, step.dependsOn, step.condition]),
    ).toEqual([
      ['s1', 'runtime.use', [], undefined],
      ['s2', 'tests.run', ['s1'], undefined],
      ['s3', 'shell.run', ['s2'], 'previous-succeeded'],
    ]);
  });

  it('splits a plain "and" into independent steps only when both halves stand alone', () => {
    const intent = parse('git status and git log -n 2');
    expect(intent.steps.map((step) => step.dependsOn)).toEqual([[], []]);
    // Two authors is not something git.log can take: neither half alone covers it, so a model gets it.
    expect(expectEscalation('commits by ana and bob').steps).toHaveLength(1);
  });

  it('does not split inside quotes', () => {
    expectLocal('run "npm test && npm run build"', 'shell.run', { command: 'npm test && npm run build' });
  });

  it('is only as confident as its weakest step', () => {
    const intent = parse('run the tests and then explain the failures');
    expect(intent.confidence).toBeLessThan(LOCAL_CONFIDENCE_THRESHOLD);
  });
});

describe('parseLocalIntent: escalation', () => {
  it.each([
    'delete all my files',
    'explain this regex',
    'why are my tests failing',
    'how do I undo the last commit',
    'force push to main',
    'revert the last commit',
    'rm -rf node_modules',
    'install python 3.13',
    'write tests for the changes I made',
    'status update for my manager',
    'log in to github',
    'switch to dark mode',
    'show me how to use git log',
    'hello',
    '',
    '   ',
  ])('escalates %j', (request) => {
    expectEscalation(request);
  });

  it('asks for the missing parameter when the intent is clear', () => {
    expect(expectEscalation('switch branch').clarification).toBe('Which branch do you want to switch to?');
    expect(expectEscalation('commit my changes').clarification).toBe('What commit message should I use?');
    expect(expectEscalation('use node').clarification).toBe('Which node version do you want to use?');
    expect(expectEscalation('blame').clarification).toBe('Which file do you want to blame?');
  });

  it('names the word that needs a model', () => {
    expect(expectEscalation('explain the last 5 commits').clarification).toContain('"explain"');
  });

  it('returns no steps and a general question when nothing matches', () => {
    const intent = expectEscalation('what is a monad');
    expect(intent.steps).toEqual([]);
    expect(intent.matched).toEqual([]);
    expect(intent.confidence).toBe(0);
  });
});

describe('parseLocalIntent: contract', () => {
  const samples = [
    'git status',
    'diff of src/index.ts since yesterday',
    'last 3 commits by bob since monday touching src/',
    'show HEAD~2',
    'list remote branches',
    'create and switch to branch feature/x',
    "commit all with message 'x'",
    'who wrote line 42 of src/cli/main.ts',
    'find python files under scripts',
    "search for 'x' in *.md files ignoring case",
    'ls src',
    'tail server.log',
    'count lines in src',
    'show the 5 biggest files in packages',
    "run tests matching 'login' in src/",
    'list the tests affected by my changes since main',
    'use go 1.22 in this project',
    'which node version is active',
    'list available go versions',
    'package search imagemagick',
    'tell me about the package jq',
    'costs yesterday by provider',
    'budget left',
    'what did I ask venom yesterday',
    'list snapshots',
    'create a snapshot called before-refactor',
    'run make',
  ];

  it('emits only documented skill/actions and camelCase params', () => {
    for (const request of samples) {
      const intent = parse(request);
      expect(intent.steps.length, request).toBeGreaterThan(0);
      for (const step of intent.steps) {
        const entry = skillCatalog.find((item) => item.skill === step.skill && item.action === step.action);
        expect(entry, `${request}: ${step.skill}.${step.action}`).toBeDefined();
        for (const name of Object.keys(step.params)) {
          expect(Object.keys(entry?.params ?? {}), `${request}: ${name}`).toContain(name);
          expect(name).toMatch(/^[a-z][a-zA-Z]*$/);
        }
      }
    }
  });

  it('documents every action listed in the issue', () => {
    const names = skillCatalog.map((entry) => `${entry.skill}.${entry.action}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'git.status',
        'git.diff',
        'git.log',
        'git.show',
        'git.branch',
        'git.switch',
        'git.create-branch',
        'git.commit',
        'git.blame',
        'files.find',
        'files.search',
        'files.list',
        'files.read',
        'files.count-lines',
        'files.largest',
        'tests.run',
        'tests.affected',
        'runtime.use',
        'runtime.current',
        'runtime.list',
        'packages.search',
        'packages.info',
        'venom.costs',
        'venom.budget',
        'venom.history',
        'venom.snapshots',
        'venom.snapshot',
        'shell.run',
      ]),
    );
  });

  it('is deterministic and does not mutate shared state between calls', () => {
    const first = parse('comits by maria since monday');
    parse('delete everything');
    expect(parse('comits by maria since monday')).toEqual(first);
  });

  it('leaves a very long request to a model instead of reading it', () => {
    const intent = parse(`show the last 5 commits ${'and git status '.repeat(5_000)}`);
    expect(intent.confidence).toBe(0);
    expect(intent.steps).toEqual([]);
    expect(intent.clarification).toContain('too long');
  });

  it('reads a request right at the length limit', () => {
    const request = `git status ${'please '.repeat(MAX_LOCAL_TOKENS - 2)}`;
    expectLocal(request, 'git.status', {});
  });
});
