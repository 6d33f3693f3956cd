import { describe, expect, it } from 'vitest';
import { contentHash } from './content-hash.js';

describe('contentHash', () => {
  it('is 16 hex digits, the same for the same bytes wherever they sit in memory', () => {
    const text = 'import { a } from "./a.js";\nexport const b = a + 1;\n';
    const hash = contentHash(Buffer.from(text));
    expect(hash).toMatch(/^[0-9a-f]{16}$/);
    const padded = Buffer.from(`xyz${text}`).subarray(3);
    expect(contentHash(padded)).toBe(hash);
    expect(contentHash(new Uint8Array(Buffer.from(text)))).toBe(hash);
  });

  it('keeps its values (the graph cache stores them)', () => {
    expect(contentHash(Buffer.from(''))).toBe('02cc5d050ab656ac');
    expect(contentHash(Buffer.from('abc'))).toBe('32d153ff4c6e7899');
    expect(contentHash(Buffer.from('0123456789abcdef0123'))).toBe('6350964e4fe001e8');
  });

  it('changes with any one bit, the length, and the order of the stripes', () => {
    for (const length of [1, 5, 16, 17, 40, 100]) {
      const data = Buffer.alloc(length, 0x61);
      const seen = new Set([contentHash(data)]);
      for (let bit = 0; bit < length * 8; bit++) {
        data[bit >> 3] = (data[bit >> 3] as number) ^ (1 << (bit & 7));
        seen.add(contentHash(data));
        data[bit >> 3] = (data[bit >> 3] as number) ^ (1 << (bit & 7));
      }
      expect(seen.size, `${length} bytes`).toBe(length * 8 + 1);
      expect(contentHash(Buffer.alloc(length + 1, 0x61))).not.toBe(contentHash(data));
    }
    const stripes = Buffer.from('aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbb');
    const swapped = Buffer.from('bbbbbbbbbbbbbbbbaaaaaaaaaaaaaaaa');
    expect(contentHash(stripes)).not.toBe(contentHash(swapped));
  });
});
