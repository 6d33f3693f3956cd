import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { globToRegex } from '../util/glob-to-regex.js';

/** How tests are recognised in a repo. */
export interface TestMatcher {
  /** Whether a repo-relative file is a test. */
  isTest(file: string): boolean;
  /** Where the patterns came from, e.g. `vitest.config.ts include` or `defaults`. */
  sources: string[];
}

/** Default patterns of vitest, jest, node --test, mocha and pytest, as globs. */
export const DEFAULT_TEST_PATTERNS = [
  '**/*.{test,spec}.?(c|m)[jt]s?(x)',
  '**/__tests__/**/*.?(c|m)[jt]s?(x)',
  '**/test-*.?(c|m)js',
  '**/test/**/*.test.?(c|m)js',
  '**/test_*.py',
  '**/*_test.py',
];

const EXCLUDED = /(^|\/)(node_modules|dist|build|coverage|\.git)\//;

const CONFIG_FILE = /(^|\/)(vitest|vite|jest)\.config\.[cm]?[jt]s$|(^|\/)vitest\.workspace\.[cm]?[jt]s$/;

/** String literals of an array assigned to `key` (`include: ['a', "b"]`), read without running the config. */
function readArray(source: string, key: string): string[] | undefined {
  const match = new RegExp(`\\b${key}\\s*:\\s*\\[([^\\]]*)\\]`).exec(source);
  if (match?.[1] === undefined) return undefined;
  const values = [...match[1].matchAll(/(['"`])((?:(?!\1).)*)\1/g)].map((item) => item[2] ?? '');
  return values.length > 0 ? values : undefined;
}

/**
 * Builds the test matcher from the runners' configs found in the repo (vitest/vite `include`, jest
 * `testMatch`, package.json `jest.testMatch`) plus the runners' default patterns. Configs are read as
 * text, never executed; a config that computes its patterns falls back to the defaults.
 */
export function discoverTests(root: string, files: readonly string[]): TestMatcher {
  const matchers: { base: string; expression: RegExp }[] = [];
  const sources: string[] = [];
  for (const file of files) {
    if (!CONFIG_FILE.test(file) || EXCLUDED.test(file)) continue;
    let source: string;
    try {
      source = readFileSync(posix.join(root, file), 'utf8');
    } catch {
      continue;
    }
    const base = posix.dirname(file) === '.' ? '' : posix.dirname(file);
    const patterns = readArray(source, 'include') ?? readArray(source, 'testMatch');
    if (patterns === undefined) continue;
    for (const pattern of patterns) {
      const cleaned = pattern.replace(/^<rootDir>\//, '').replace(/^\.\//, '');
      matchers.push({ base, expression: globToRegex(cleaned) });
    }
    sources.push(`${file} (${patterns.length} pattern${patterns.length === 1 ? '' : 's'})`);
  }
  const defaults = DEFAULT_TEST_PATTERNS.map((pattern) => globToRegex(pattern));
  sources.push('defaults');
  const known = new Map<string, boolean>();
  const matches = (file: string): boolean => {
    if (EXCLUDED.test(file)) return false;
    for (const matcher of matchers) {
      if (matcher.base !== '' && !file.startsWith(`${matcher.base}/`)) continue;
      const relative = matcher.base === '' ? file : file.slice(matcher.base.length + 1);
      if (matcher.expression.test(relative)) return true;
    }
    return defaults.some((expression) => expression.test(file));
  };
  return {
    sources,
    isTest(file) {
      let answer = known.get(file);
      if (answer === undefined) {
        answer = matches(file);
        known.set(file, answer);
      }
      return answer;
    },
  };
}
