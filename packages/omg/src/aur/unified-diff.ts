/**
 * A unified diff (`diff -u` layout, 3 lines of context) of two texts, or '' when they are equal.
 * LCS over lines: meant for PKGBUILD-sized files.
 */
export function unifiedDiff(
  before: string,
  after: string,
  labels: { before: string; after: string },
): string {
  if (before === after) return '';
  const left = before.split('\n');
  const right = after.split('\n');
  if (left[left.length - 1] === '') left.pop();
  if (right[right.length - 1] === '') right.pop();
  const rows = left.length;
  const columns = right.length;
  // lengths[i][j] = LCS of left[i..] and right[j..]
  const lengths: Uint32Array[] = [];
  for (let index = 0; index <= rows; index += 1) lengths.push(new Uint32Array(columns + 1));
  for (let i = rows - 1; i >= 0; i -= 1) {
    const row = lengths[i] as Uint32Array;
    const below = lengths[i + 1] as Uint32Array;
    for (let j = columns - 1; j >= 0; j -= 1)
      row[j] =
        left[i] === right[j]
          ? (below[j + 1] as number) + 1
          : Math.max(below[j] as number, row[j + 1] as number);
  }
  type Line = { kind: ' ' | '-' | '+'; text: string; leftLine: number; rightLine: number };
  const lines: Line[] = [];
  let i = 0;
  let j = 0;
  while (i < rows || j < columns) {
    if (i < rows && j < columns && left[i] === right[j]) {
      lines.push({ kind: ' ', text: left[i] as string, leftLine: i, rightLine: j });
      i += 1;
      j += 1;
    } else if (
      i < rows &&
      (j >= columns || (lengths[i + 1]?.[j] as number) >= (lengths[i]?.[j + 1] as number))
    ) {
      lines.push({ kind: '-', text: left[i] as string, leftLine: i, rightLine: j });
      i += 1;
    } else {
      lines.push({ kind: '+', text: right[j] as string, leftLine: i, rightLine: j });
      j += 1;
    }
  }
  const context = 3;
  const output = [`--- ${labels.before}`, `+++ ${labels.after}`];
  let position = 0;
  while (position < lines.length) {
    while (position < lines.length && lines[position]?.kind === ' ') position += 1;
    if (position >= lines.length) break;
    const start = Math.max(0, position - context);
    let end = position;
    // Extend the hunk while changes are within 2*context lines of each other.
    let last = position;
    while (end < lines.length) {
      if (lines[end]?.kind !== ' ') last = end;
      else if (end - last > context * 2) break;
      end += 1;
    }
    const stop = Math.min(lines.length, last + context + 1);
    const hunk = lines.slice(start, stop);
    const first = hunk[0] as Line;
    const leftCount = hunk.filter((line) => line.kind !== '+').length;
    const rightCount = hunk.filter((line) => line.kind !== '-').length;
    const leftStart = leftCount === 0 ? first.leftLine : first.leftLine + 1;
    const rightStart = rightCount === 0 ? first.rightLine : first.rightLine + 1;
    const range = (start: number, count: number): string => (count === 1 ? `${start}` : `${start},${count}`);
    output.push(`@@ -${range(leftStart, leftCount)} +${range(rightStart, rightCount)} @@`);
    for (const line of hunk) output.push(`${line.kind}${line.text}`);
    position = stop;
  }
  return `${output.join('\n')}\n`;
}
