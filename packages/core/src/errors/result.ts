import type { VenomError } from './venom-error.js';

/**
 * The outcome of an operation whose failure is an expected branch (a parse failure, a cache miss,
 * a merge conflict). Bugs and environment failures throw instead.
 */
export type Result<T, E = VenomError> = { ok: true; value: T } | { ok: false; error: E };

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function err<E>(error: E): { ok: false; error: E } {
  return { ok: false, error };
}

/** The value of a successful result; throws the error of a failed one. */
export function unwrap<T, E>(result: Result<T, E>): T {
  if (result.ok) return result.value;
  throw result.error;
}
