/** Buckets of the trigram hash; collisions only add candidates, which are verified afterwards. */
const bucketBits = 20;
const bucketMask = (1 << bucketBits) - 1;

function hashAt(text: string, position: number): number {
  return (
    ((text.charCodeAt(position) * 961) ^
      (text.charCodeAt(position + 1) * 31) ^
      text.charCodeAt(position + 2)) &
    bucketMask
  );
}

/** Lines that may contain a term: every line holding all of its trigrams (a superset of the real matches). */
export interface TrigramIndex {
  /** Ascending line numbers, or undefined for a term shorter than three characters (scan instead). */
  candidates(term: string): Int32Array | undefined;
}

function intersect(left: Int32Array, right: Int32Array): Int32Array {
  const result = new Int32Array(Math.min(left.length, right.length));
  let i = 0;
  let j = 0;
  let count = 0;
  while (i < left.length && j < right.length) {
    const a = left[i] as number;
    const b = right[j] as number;
    if (a === b) {
      result[count++] = a;
      i += 1;
      j += 1;
    } else if (a < b) i += 1;
    else j += 1;
  }
  return result.subarray(0, count);
}

/**
 * Builds a hashed trigram index over lower-cased text whose lines start at `starts` (the last entry
 * is the end sentinel). Postings are line numbers in a compressed sparse row layout: two passes over
 * the text, no per-trigram objects, about 4 bytes per distinct trigram and line.
 */
export function buildTrigramIndex(lower: string, starts: Int32Array): TrigramIndex {
  const lineCount = starts.length - 1;
  const counts = new Uint32Array(bucketMask + 2);
  const lastLine = new Int32Array(bucketMask + 1).fill(-1);
  for (let line = 0; line < lineCount; line += 1) {
    const end = (starts[line + 1] as number) - 1;
    for (let position = starts[line] as number; position + 3 <= end; position += 1) {
      const bucket = hashAt(lower, position);
      if (lastLine[bucket] !== line) {
        lastLine[bucket] = line;
        counts[bucket + 1] = (counts[bucket + 1] as number) + 1;
      }
    }
  }
  for (let bucket = 1; bucket < counts.length; bucket += 1)
    counts[bucket] = (counts[bucket] as number) + (counts[bucket - 1] as number);
  const offsets = counts;
  const postings = new Int32Array(offsets[offsets.length - 1] as number);
  const fill = offsets.slice(0, bucketMask + 1);
  lastLine.fill(-1);
  for (let line = 0; line < lineCount; line += 1) {
    const end = (starts[line + 1] as number) - 1;
    for (let position = starts[line] as number; position + 3 <= end; position += 1) {
      const bucket = hashAt(lower, position);
      if (lastLine[bucket] !== line) {
        lastLine[bucket] = line;
        postings[fill[bucket] as number] = line;
        fill[bucket] = (fill[bucket] as number) + 1;
      }
    }
  }
  return {
    candidates(term: string): Int32Array | undefined {
      if (term.length < 3) return undefined;
      const lists: Int32Array[] = [];
      for (let position = 0; position + 3 <= term.length; position += 1) {
        const bucket = hashAt(term, position);
        lists.push(postings.subarray(offsets[bucket] as number, offsets[bucket + 1] as number));
      }
      lists.sort((left, right) => left.length - right.length);
      let result = lists[0] as Int32Array;
      for (let index = 1; index < lists.length && result.length > 0; index += 1)
        result = intersect(result, lists[index] as Int32Array);
      return result;
    },
  };
}
