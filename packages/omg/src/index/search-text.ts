import type { PackageRecord } from '../backends/package-record.js';

/** The names a package provides (`Provides: editor, mail-transport-agent (= 1)` -> `editor mail-transport-agent`). */
export function providedNames(provides: string | undefined): string {
  if (provides === undefined || provides === '') return '';
  return provides
    .split(/[,|]/)
    .map((part) => part.trim().split(/[\s(:]/)[0] ?? '')
    .filter((name) => name !== '')
    .join(' ');
}

/** Separates the fields of one line of search text. */
export const fieldSeparator = '\x1f';

/** Separates the summary from the extended description inside the description field. */
export const summarySeparator = '\x1e';

/** Characters that would break a line of search text, replaced by spaces. */
const separators = new RegExp(`[\n${fieldSeparator}${summarySeparator}]`, 'g');

/**
 * One source's packages as search text: a line per package, `name US summary RS extended US version US
 * architecture US provided names` (the extended description on one line, RS and its text omitted when
 * empty; provided names separated by spaces, as apt-cache search also matches them). Name and
 * description come first so a match position tells which field it is in.
 */
export function encodeSearchText(packages: readonly PackageRecord[]): string {
  const lines: string[] = [];
  for (const record of packages) {
    const long =
      record.longDescription === ''
        ? ''
        : `${summarySeparator}${record.longDescription.replace(separators, ' ')}`;
    const description = record.description.replace(separators, ' ');
    lines.push(
      `${record.name}${fieldSeparator}${description}${long}${fieldSeparator}${record.version}${fieldSeparator}${record.architecture}${fieldSeparator}${providedNames(record.relations.provides)}`,
    );
  }
  return lines.join('\n');
}
