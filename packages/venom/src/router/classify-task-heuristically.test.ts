import { describe, expect, it } from 'vitest';
import { classifyTaskHeuristically } from './classify-task-heuristically.js';

describe('classifyTaskHeuristically', () => {
  it.each([
    'what is the capital of France?',
    'list the files in src',
    'show git status',
    'convert 3 miles to kilometres',
  ])('calls a lookup or one small action simple: %s', (request) => {
    expect(classifyTaskHeuristically(request)).toBe('simple');
  });

  it.each([
    'write a function that parses ISO dates and returns the weekday in the user locale',
    'add a --json flag to the list command and update its tests accordingly please',
  ])('calls an ordinary coding task moderate: %s', (request) => {
    expect(classifyTaskHeuristically(request)).toBe('moderate');
  });

  it.each([
    'why does the worker deadlock when two jobs share a lock? find the root cause',
    'refactor the storage layer to support Redis, then migrate the tests, then update the docs, and finally benchmark it',
    `debug this:\n\`\`\`\nfunction f(x) { return x.y.z; }\n\`\`\`\nit throws sometimes in production under load and I need to understand when`,
    'word '.repeat(200),
  ])('calls deep or multi-step work complex: %s', (request) => {
    expect(classifyTaskHeuristically(request)).toBe('complex');
  });
});
