/**
 * dep-ci's content hash: 64 bits, as 16 hex digits, of a file's bytes. The graph cache keeps it to
 * tell a file whose mtime changed but whose content did not (a checkout, a `touch`) from an edited
 * one; nothing adversarial is at stake, so it trades SHA-1's strength for speed (several GB/s in
 * native/scan.cc, which computes the same function, against SHA-1's ~1.6).
 *
 * Two independent 32-bit hashes of the same shape, each over four lanes that take one
 * little-endian 32-bit word of every 16-byte stripe (multiply, rotate, multiply), then the tail
 * word by word and byte by byte, and a final avalanche. The lane structure is xxHash32's; the
 * constants are its primes, the second hash uses them in another order.
 */
const P1 = 0x9e3779b1;
const P2 = 0x85ebca77;
const P3 = 0xc2b2ae3d;
const P4 = 0x27d4eb2f;
const P5 = 0x165667b1;

function rotl(value: number, bits: number): number {
  return (value << bits) | (value >>> (32 - bits));
}

function avalanche(input: number): number {
  let hash = input;
  hash ^= hash >>> 15;
  hash = Math.imul(hash, P2);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, P3);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

function hex(value: number): string {
  return value.toString(16).padStart(8, '0');
}

/** The content hash of `data` (see above). */
export function contentHash(data: Uint8Array): string {
  const length = data.length;
  const view = new DataView(data.buffer, data.byteOffset, length);
  // First hash: lanes a-d; second: e-h.
  let a = (P1 + P2) | 0;
  let b = P2 | 0;
  let c = 0;
  let d = -P1 | 0;
  let e = (P3 + P4) | 0;
  let f = P4 | 0;
  let g = 0;
  let h = -P3 | 0;
  let offset = 0;
  for (; offset + 16 <= length; offset += 16) {
    const w0 = view.getInt32(offset, true);
    const w1 = view.getInt32(offset + 4, true);
    const w2 = view.getInt32(offset + 8, true);
    const w3 = view.getInt32(offset + 12, true);
    a = Math.imul(rotl((a + Math.imul(w0, P2)) | 0, 13), P1);
    b = Math.imul(rotl((b + Math.imul(w1, P2)) | 0, 13), P1);
    c = Math.imul(rotl((c + Math.imul(w2, P2)) | 0, 13), P1);
    d = Math.imul(rotl((d + Math.imul(w3, P2)) | 0, 13), P1);
    e = Math.imul(rotl((e + Math.imul(w0, P4)) | 0, 17), P3);
    f = Math.imul(rotl((f + Math.imul(w1, P4)) | 0, 17), P3);
    g = Math.imul(rotl((g + Math.imul(w2, P4)) | 0, 17), P3);
    h = Math.imul(rotl((h + Math.imul(w3, P4)) | 0, 17), P3);
  }
  let first = length >= 16 ? (rotl(a, 1) + rotl(b, 7) + rotl(c, 12) + rotl(d, 18)) | 0 : P5;
  let second = length >= 16 ? (rotl(e, 1) + rotl(f, 7) + rotl(g, 12) + rotl(h, 18)) | 0 : P1;
  first = (first + length) | 0;
  second = (second + length) | 0;
  for (; offset + 4 <= length; offset += 4) {
    const word = view.getInt32(offset, true);
    first = Math.imul(rotl((first + Math.imul(word, P3)) | 0, 17), P4);
    second = Math.imul(rotl((second + Math.imul(word, P5)) | 0, 15), P2);
  }
  for (; offset < length; offset++) {
    const byte = data[offset] as number;
    first = Math.imul(rotl((first + Math.imul(byte, P5)) | 0, 11), P1);
    second = Math.imul(rotl((second + Math.imul(byte, P1)) | 0, 13), P5);
  }
  return hex(avalanche(first)) + hex(avalanche(second));
}
