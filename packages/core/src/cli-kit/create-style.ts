import { stripVTControlCharacters } from 'node:util';

/** ANSI styling that is either fully on or fully off (the identity), decided once per stream. */
export interface Style {
  readonly enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

function wrap(enabled: boolean, open: number, close: number): (text: string) => string {
  if (!enabled) return (text) => text;
  return (text) => `\u001b[${open}m${text}\u001b[${close}m`;
}

/** A {@link Style} that adds ANSI escapes when `enabled`, and returns text unchanged otherwise. */
export function createStyle(enabled: boolean): Style {
  return {
    enabled,
    bold: wrap(enabled, 1, 22),
    dim: wrap(enabled, 2, 22),
    red: wrap(enabled, 31, 39),
    green: wrap(enabled, 32, 39),
    yellow: wrap(enabled, 33, 39),
    cyan: wrap(enabled, 36, 39),
  };
}

/**
 * Whether to colour a stream. `--no-color` and a non-empty `NO_COLOR` always win; then a
 * `FORCE_COLOR` other than `0`/`false` forces colour on; `TERM=dumb` turns it off; otherwise
 * colour follows whether the stream is a TTY.
 */
export function shouldUseColor(options: {
  isTTY: boolean;
  env: Record<string, string | undefined>;
  noColorFlag: boolean;
}): boolean {
  const { env } = options;
  if (options.noColorFlag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  if (env.TERM === 'dumb') return false;
  return options.isTTY;
}

/** The number of terminal columns `text` takes, ignoring ANSI colour escapes. */
export function visibleWidth(text: string): number {
  return stripVTControlCharacters(text).length;
}
