/**
 * A small Bloom filter over 32-bit string hashes, checked before a hash-map lookup so that the
 * common miss costs two bit tests in a compact array instead of a slice and a probe into a large
 * map (what keeps matching cost flat as indicator sets grow to millions).
 */
export class BloomFilter {
  private readonly bits: Uint32Array;
  private readonly mask: number;

  constructor(expected: number) {
    let size = 1 << 16;
    while (size < expected * 16 && size < 1 << 30) size *= 2;
    this.bits = new Uint32Array(size >>> 5);
    this.mask = size - 1;
  }

  add(h: number): void {
    const a = h & this.mask;
    const b = mix(h) & this.mask;
    this.bits[a >>> 5]! |= 1 << (a & 31);
    this.bits[b >>> 5]! |= 1 << (b & 31);
  }

  has(h: number): boolean {
    const a = h & this.mask;
    if ((this.bits[a >>> 5]! & (1 << (a & 31))) === 0) return false;
    const b = mix(h) & this.mask;
    return (this.bits[b >>> 5]! & (1 << (b & 31))) !== 0;
  }
}

function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export const FNV_OFFSET = 0x811c9dc5;

/** FNV-1a step over one UTF-16 code unit, ASCII letters folded to lower case. */
export function fnvStep(h: number, c: number): number {
  return Math.imul(h ^ (c >= 65 && c <= 90 ? c + 32 : c), 16777619);
}

/** Hash of `s[a, b)` read right to left (as domain suffixes are checked). */
export function hashReverse(s: string, a = 0, b = s.length): number {
  let h = FNV_OFFSET;
  for (let j = b - 1; j >= a; j--) h = fnvStep(h, s.charCodeAt(j));
  return h;
}

/** Hash of `s[a, b)` read left to right. */
export function hashForward(s: string, a = 0, b = s.length): number {
  let h = FNV_OFFSET;
  for (let j = a; j < b; j++) h = fnvStep(h, s.charCodeAt(j));
  return h;
}
