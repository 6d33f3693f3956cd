import { describe, expect, it } from 'vitest';
import { createStyle, shouldUseColor } from './create-style.js';

describe('shouldUseColor', () => {
  it.each([
    ['a TTY', { isTTY: true, env: {}, noColorFlag: false }, true],
    ['a pipe', { isTTY: false, env: {}, noColorFlag: false }, false],
    ['NO_COLOR=1 on a TTY', { isTTY: true, env: { NO_COLOR: '1' }, noColorFlag: false }, false],
    ['an empty NO_COLOR on a TTY', { isTTY: true, env: { NO_COLOR: '' }, noColorFlag: false }, true],
    ['--no-color on a TTY', { isTTY: true, env: {}, noColorFlag: true }, false],
    ['FORCE_COLOR=1 on a pipe', { isTTY: false, env: { FORCE_COLOR: '1' }, noColorFlag: false }, true],
    ['FORCE_COLOR=0 on a TTY', { isTTY: true, env: { FORCE_COLOR: '0' }, noColorFlag: false }, false],
    [
      'NO_COLOR with FORCE_COLOR',
      { isTTY: true, env: { NO_COLOR: '1', FORCE_COLOR: '1' }, noColorFlag: false },
      false,
    ],
    ['--no-color with FORCE_COLOR', { isTTY: false, env: { FORCE_COLOR: '1' }, noColorFlag: true }, false],
    ['TERM=dumb on a TTY', { isTTY: true, env: { TERM: 'dumb' }, noColorFlag: false }, false],
  ] as const)('decides for %s', (_label, options, expected) => {
    expect(shouldUseColor(options)).toBe(expected);
  });
});

describe('createStyle', () => {
  it('wraps text in ANSI escapes when enabled and leaves it alone when not', () => {
    const on = createStyle(true);
    const off = createStyle(false);
    expect(on.red('x')).toBe('\u001b[31mx\u001b[39m');
    expect(on.bold('x')).toBe('\u001b[1mx\u001b[22m');
    expect(on.enabled).toBe(true);
    for (const paint of [off.bold, off.dim, off.red, off.green, off.yellow, off.cyan])
      expect(paint('x')).toBe('x');
  });
});
