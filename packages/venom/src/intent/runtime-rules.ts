import { definedParams, MISSING_PARAMETER_BASE, type Rule } from './rule.js';
import type { Segment } from './segment.js';
import { FILLERS } from './vocabulary.js';

/** Runtime spellings -> the name omg uses. */
export const RUNTIME_NAMES: Readonly<Record<string, string>> = {
  node: 'node',
  nodejs: 'node',
  'node.js': 'node',
  bun: 'bun',
  python: 'python',
  python3: 'python',
  go: 'go',
  golang: 'go',
  rust: 'rust',
  ruby: 'ruby',
  java: 'java',
};

const VERSION_WORDS = new Set(['latest', 'lts', 'stable', 'nightly', 'beta']);

/** Finds the runtime word; "go" counts only next to a version or a version word. */
function findRuntime(segment: Segment): number {
  for (let index = 0; index < segment.length; index++) {
    const word = segment.word(index);
    if (word === undefined || RUNTIME_NAMES[word] === undefined) continue;
    if (word === 'go') {
      const next = segment.token(index + 1);
      const previous = segment.word(index - 1);
      const nearVersion =
        next?.kind === 'version' ||
        next?.kind === 'number' ||
        ['version', 'versions'].includes(next?.word ?? '') ||
        ['use', 'of', 'installed', 'available', 'current'].includes(previous ?? '');
      if (!nearVersion) continue;
    }
    return index;
  }
  return -1;
}

/** Takes a version token (20, 3.12, v20, latest); returns it without a leading "v". */
function takeVersion(segment: Segment): string | undefined {
  for (let index = 0; index < segment.length; index++) {
    const token = segment.token(index);
    if (token === undefined || segment.isUsed(index)) continue;
    if (
      token.kind === 'version' ||
      token.kind === 'number' ||
      (token.kind === 'word' && VERSION_WORDS.has(token.word))
    ) {
      segment.take(index);
      return token.raw.replace(/^v/, '');
    }
  }
  return undefined;
}

const use: Rule = {
  name: 'runtime.use',
  match(segment) {
    const verb = segment.find(['use', 'switch', 'set', 'change', 'pin', 'select']);
    const runtimeIndex = findRuntime(segment);
    if (verb < 0 || runtimeIndex < 0) return undefined;
    const runtime = RUNTIME_NAMES[segment.word(runtimeIndex) ?? ''];
    segment.take(verb, runtimeIndex);
    let scope: string | undefined;
    if (segment.takeWord('globally', 'global', 'everywhere') >= 0) scope = 'global';
    const project =
      segment.takePhrase([
        ['in', 'for'],
        ['this', 'the'],
        ['project', 'repo', 'repository', 'directory', 'folder'],
      ]) ?? (segment.takeWord('locally', 'here') >= 0 ? [0] : undefined);
    if (project !== undefined) scope = 'project';
    segment.takeEvery('to', 'version', 'the', 'my');
    const version = takeVersion(segment);
    if (version === undefined) {
      return {
        skill: 'runtime',
        action: 'use',
        params: definedParams({ runtime, scope }),
        base: MISSING_PARAMETER_BASE,
        clarification: `Which ${runtime} version do you want to use?`,
      };
    }
    return {
      skill: 'runtime',
      action: 'use',
      params: definedParams({ runtime, version, scope }),
      base: 0.95,
    };
  },
};

const current: Rule = {
  name: 'runtime.current',
  match(segment) {
    const runtimeIndex = findRuntime(segment);
    const versionWord = segment.find(['version']);
    const runtimesWord = segment.find(['runtime', 'runtimes']);
    let activeWord = segment.find(['active', 'using', 'current', 'running']);
    const amOn = segment.findPhrase(['am', 'i', 'on']);
    if (activeWord < 0 && amOn !== undefined && runtimeIndex >= 0) {
      segment.take(...amOn);
      activeWord = amOn[0] ?? 0;
    }
    if (segment.has('versions', 'installed', 'available', 'list')) return undefined;
    if (runtimeIndex < 0 && runtimesWord < 0) return undefined;
    if (versionWord < 0 && activeWord < 0) return undefined;
    const runtime = runtimeIndex >= 0 ? RUNTIME_NAMES[segment.word(runtimeIndex) ?? ''] : undefined;
    segment.take(runtimeIndex, runtimesWord, versionWord);
    segment.takeEvery(
      'active',
      'using',
      'current',
      'running',
      'which',
      'what',
      'of',
      'is',
      'in',
      'use',
      'am',
      'i',
      'my',
    );
    return { skill: 'runtime', action: 'current', params: definedParams({ runtime }), base: 0.95 };
  },
};

const list: Rule = {
  name: 'runtime.list',
  match(segment) {
    const runtimeIndex = findRuntime(segment);
    let versions = segment.find(['versions', 'runtimes']);
    if (versions < 0 && segment.has('installed', 'available'))
      versions = segment.find(['runtime', 'version']);
    if (versions < 0) return undefined;
    const asks = segment.find(['list', 'installed', 'available', 'have', 'show', 'which', 'what']);
    if (asks < 0) return undefined;
    const runtime = runtimeIndex >= 0 ? RUNTIME_NAMES[segment.word(runtimeIndex) ?? ''] : undefined;
    const available = segment.has('available', 'remote', 'installable') || undefined;
    segment.take(runtimeIndex, versions);
    segment.takeEvery(
      'list',
      'installed',
      'available',
      'remote',
      'installable',
      'have',
      'show',
      'which',
      'what',
    );
    segment.takeEvery('are', 'do', 'i', 'we', 'of', 'all', 'the', 'can', 'every', 'runtime', 'version');
    return { skill: 'runtime', action: 'list', params: definedParams({ runtime, available }), base: 0.95 };
  },
};

const PACKAGE_WORDS = ['package', 'packages'];
const PACKAGE_MANAGERS = ['apt', 'omg', 'pacman', 'aur', 'apt-get'];

const PACKAGE_NAME_LEAD_INS = new Set(
  'the a an called named for on about of that which provides provide providing contains containing with'.split(
    ' ',
  ),
);

/** The package name near "package": "package X", "the X package", "package called X". */
function takePackageName(segment: Segment, options: { after: readonly string[] }): string | undefined {
  for (const introducer of options.after) {
    for (let index = 0; index < segment.length; index++) {
      if (segment.token(index)?.word !== introducer) continue;
      let next = index + 1;
      while (
        next < segment.length &&
        (segment.isUsed(next) || PACKAGE_NAME_LEAD_INS.has(segment.token(next)?.word ?? ''))
      ) {
        next++;
      }
      const token = segment.token(next);
      if (token?.kind === 'word' && !FILLERS.has(token.word) && !PACKAGE_WORDS.includes(token.word)) {
        if (['info', 'information', 'details', 'search'].includes(token.word)) continue;
        for (let taken = index; taken <= next; taken++) segment.take(taken);
        return token.raw;
      }
      if (token?.kind === 'quoted' || token?.kind === 'path') {
        segment.take(index, next);
        return token.raw;
      }
    }
  }
  for (let index = 1; index < segment.length; index++) {
    if (!PACKAGE_WORDS.includes(segment.word(index) ?? '')) continue;
    const token = segment.token(index - 1);
    if (token?.kind === 'word' && !segment.isUsed(index - 1) && !FILLERS.has(token.word)) {
      segment.take(index - 1, index);
      return token.raw;
    }
  }
  return undefined;
}

const packageSearch: Rule = {
  name: 'packages.search',
  match(segment) {
    const packageWord = segment.find(PACKAGE_WORDS);
    const manager = segment.find(PACKAGE_MANAGERS);
    if (packageWord < 0 && manager < 0) return undefined;
    const verb =
      segment.find(['search', 'find', 'look']) >= 0
        ? segment.takeWord('search', 'find', 'look')
        : (segment.takePhrase(['is', 'there'])?.[0] ?? -1);
    if (verb < 0) return undefined;
    segment.take(manager);
    segment.takeEvery('for', 'a', 'an', 'the');
    const term =
      takePackageName(segment, { after: ['called', 'named', 'for', ...PACKAGE_WORDS, 'search'] }) ??
      undefined;
    segment.takeEvery(...PACKAGE_WORDS, 'called', 'named');
    if (term === undefined) {
      return {
        skill: 'packages',
        action: 'search',
        params: {},
        base: MISSING_PARAMETER_BASE,
        clarification: 'Which package are you looking for?',
      };
    }
    return { skill: 'packages', action: 'search', params: { term }, base: 0.95 };
  },
};

const packageInfo: Rule = {
  name: 'packages.info',
  match(segment) {
    const packageWord = segment.find(['package']);
    if (packageWord < 0 || segment.has('search', 'find', 'look')) return undefined;
    const detail =
      segment.find(['info', 'information', 'details']) >= 0 ||
      segment.findPhrase(['about']) !== undefined ||
      segment.findPhrase(['what', 'is']) !== undefined ||
      segment.findPhrase(['what', 'the?', 'package']) !== undefined;
    if (!detail) return undefined;
    segment.takeEvery(
      'info',
      'information',
      'details',
      'about',
      'what',
      'is',
      'tell',
      'show',
      'me',
      'for',
      'on',
      'of',
    );
    const name = takePackageName(segment, { after: ['package'] });
    if (name === undefined) {
      return {
        skill: 'packages',
        action: 'info',
        params: {},
        base: MISSING_PARAMETER_BASE,
        clarification: 'Which package do you want details of?',
      };
    }
    return { skill: 'packages', action: 'info', params: { name }, base: 0.95 };
  },
};

/** Rules of the runtime and packages skills (omg). */
export const runtimeRules: readonly Rule[] = [use, current, list, packageSearch, packageInfo];
