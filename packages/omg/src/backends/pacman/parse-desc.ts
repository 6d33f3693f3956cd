/** A pacman `desc` file: `%KEY%` then value lines, sections separated by blank lines. */
export type DescFields = Record<string, string[]>;

/** Parses a desc (v1 or v2) file; unknown keys are kept, values as lines. */
export function parseDesc(text: string): DescFields {
  const fields: DescFields = {};
  let key: string | undefined;
  for (const line of text.split('\n')) {
    const trimmed = line.replace(/\r$/, '');
    if (/^%[A-Z0-9]+%$/.test(trimmed)) {
      key = trimmed.slice(1, -1);
      fields[key] = [];
    } else if (trimmed === '') key = undefined;
    else if (key !== undefined) fields[key]?.push(trimmed);
  }
  return fields;
}

/** pacman's `name>=1.0: why` dependency lines as a Debian-style relation field `name (>= 1.0), …`. */
export function toRelationField(lines: readonly string[] | undefined): string | undefined {
  if (lines === undefined || lines.length === 0) return undefined;
  return lines
    .map((line) => {
      const spec = line.replace(/:\s.*$/, '').trim();
      const match = /^([^<>=]+)(<=|>=|=|<|>)(.+)$/.exec(spec);
      if (match === null) return spec;
      const operator = match[2] === '<' ? '<<' : match[2] === '>' ? '>>' : match[2];
      return `${match[1]} (${operator} ${match[3]})`;
    })
    .join(', ');
}
