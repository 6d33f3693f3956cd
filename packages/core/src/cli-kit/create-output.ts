import { type Style, visibleWidth } from './create-style.js';
import type { Output } from './define-command.js';

/** Human output to `stream`; with `silent` (the `--json` mode) every write is dropped. */
export function createOutput(
  stream: NodeJS.WritableStream,
  style: Style,
  options: { silent: boolean },
): Output {
  const write = (text: string): void => {
    if (!options.silent) stream.write(text);
  };
  return {
    style,
    line(text = '') {
      write(`${text}\n`);
    },
    table(rows, tableOptions = {}) {
      write(formatTable(rows, tableOptions.header, style));
    },
  };
}

/** Rows as left-aligned columns separated by two spaces; the last column is not padded. */
export function formatTable(
  rows: readonly string[][],
  header: readonly string[] | undefined,
  style: Style,
): string {
  const allRows = header === undefined ? rows : [header, ...rows];
  const widths: number[] = [];
  for (const row of allRows) {
    row.forEach((cell, column) => {
      widths[column] = Math.max(widths[column] ?? 0, visibleWidth(cell));
    });
  }
  const formatRow = (row: readonly string[], decorate: (text: string) => string): string =>
    row
      .map((cell, column) => {
        const isLast = column === row.length - 1;
        const padding = isLast ? '' : ' '.repeat((widths[column] ?? 0) - visibleWidth(cell));
        return decorate(cell) + padding;
      })
      .join('  ')
      .trimEnd();
  const lines = rows.map((row) => formatRow(row, (text) => text));
  if (header !== undefined) lines.unshift(formatRow(header, style.bold));
  return lines.map((line) => `${line}\n`).join('');
}
