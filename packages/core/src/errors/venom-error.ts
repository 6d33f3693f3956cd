/**
 * What kind of failure an error is. The category decides the process exit code
 * (see DESIGN.md, "Contracts other tools rely on"); `interrupted` is the user stopping the command
 * (Ctrl-C), exit 130 as for SIGINT.
 */
export type ErrorCategory = 'usage' | 'environment' | 'upstream' | 'internal' | 'interrupted';

/** JSON-safe detail values: errors are rendered with `--json` and written to logs and events. */
export type ErrorDetails = Record<string, unknown>;

const exitCodeByCategory: Record<ErrorCategory, number> = {
  usage: 2,
  environment: 3,
  upstream: 4,
  internal: 70,
  interrupted: 130,
};

/** Exit code for a command's own negative answer (tests failed, conflicts found). */
export const NEGATIVE_ANSWER_EXIT_CODE = 1;

const marker = Symbol.for('venom.error');

export interface VenomErrorOptions {
  /** Stable, upper-case identifier that scripts can match on, e.g. `CONFIG_INVALID`. */
  code: string;
  category: ErrorCategory;
  /** What went wrong and where, in one sentence. */
  message: string;
  /** The next step for the user, e.g. "Run 'venom config init'". */
  hint?: string;
  details?: ErrorDetails;
  cause?: unknown;
}

/**
 * The one error class of the suite. Library code throws it for every failure a user can act on;
 * only the CLI layer prints it.
 */
export class VenomError extends Error {
  readonly code: string;
  readonly category: ErrorCategory;
  readonly hint: string | undefined;
  readonly details: ErrorDetails;
  readonly [marker] = true;

  constructor(options: VenomErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'VenomError';
    this.code = options.code;
    this.category = options.category;
    this.hint = options.hint;
    this.details = options.details ?? {};
  }

  /** True for a VenomError even when two copies of @venom/core are loaded. */
  static isInstance(value: unknown): value is VenomError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[marker] === true;
  }

  get exitCode(): number {
    return exitCodeByCategory[this.category];
  }

  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      category: this.category,
      message: this.message,
      ...(this.hint === undefined ? {} : { hint: this.hint }),
      details: this.details,
    };
  }
}

/** The exit code for any thrown value: a VenomError's category, else 70 (a bug). */
export function exitCodeFor(error: unknown): number {
  return VenomError.isInstance(error) ? error.exitCode : exitCodeByCategory.internal;
}

/** Wraps an unexpected value as an internal VenomError, keeping it as `cause`. */
export function toVenomError(error: unknown): VenomError {
  if (VenomError.isInstance(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new VenomError({
    code: 'INTERNAL',
    category: 'internal',
    message: `unexpected error: ${message}`,
    hint: 'This is a bug in venom. Re-run with --verbose and report the output.',
    cause: error,
  });
}
