import { VenomError } from '../errors/index.js';

/** A one-line usage mistake (exit code 2), with the `--help` line to run next as hint. */
export function usageError(
  message: string,
  hint: string,
  options: { code?: string; details?: Record<string, unknown> } = {},
): VenomError {
  return new VenomError({
    code: options.code ?? 'USAGE',
    category: 'usage',
    message,
    hint,
    details: options.details ?? {},
  });
}

/** The hint pointing at the help of a command (or of the program when `commandWords` is empty). */
export function helpHint(programName: string, commandWords: readonly string[]): string {
  const path = [programName, ...commandWords].join(' ');
  return `run '${path} --help'`;
}
