import { describe, expect, it } from 'vitest';
import { err, ok, unwrap } from './result.js';
import { exitCodeFor, toVenomError, VenomError } from './venom-error.js';

describe('VenomError', () => {
  it.each([
    ['usage', 2],
    ['environment', 3],
    ['upstream', 4],
    ['internal', 70],
    ['interrupted', 130],
  ] as const)('maps category %s to exit code %i', (category, exitCode) => {
    const error = new VenomError({ code: 'X', category, message: 'm' });
    expect(error.exitCode).toBe(exitCode);
    expect(exitCodeFor(error)).toBe(exitCode);
  });

  it('treats anything else as an internal bug with exit code 70', () => {
    expect(exitCodeFor(new TypeError('boom'))).toBe(70);
    const wrapped = toVenomError(new TypeError('boom'));
    expect(wrapped.code).toBe('INTERNAL');
    expect(wrapped.cause).toBeInstanceOf(TypeError);
  });

  it('is recognised across copies through the shared symbol', () => {
    const error = new VenomError({ code: 'X', category: 'usage', message: 'm' });
    const lookalike = Object.assign(Object.create(null), { [Symbol.for('venom.error')]: true });
    expect(VenomError.isInstance(error)).toBe(true);
    expect(VenomError.isInstance(lookalike)).toBe(true);
    expect(VenomError.isInstance(new Error('m'))).toBe(false);
  });

  it('serialises code, category, message, hint and details to JSON', () => {
    const error = new VenomError({
      code: 'CONFIG_INVALID',
      category: 'usage',
      message: 'bad',
      hint: 'fix it',
      details: { key: 'a.b' },
      cause: new Error('inner'),
    });
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      code: 'CONFIG_INVALID',
      category: 'usage',
      message: 'bad',
      hint: 'fix it',
      details: { key: 'a.b' },
    });
  });
});

describe('Result', () => {
  it('unwraps a success and throws a failure', () => {
    expect(unwrap(ok(3))).toBe(3);
    expect(() => unwrap(err(new Error('no')))).toThrow('no');
  });
});
