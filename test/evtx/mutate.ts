/**
 * Seeded EVTX mutator for fuzzing the reader: bit flips, interesting-value overwrites of size and
 * offset fields, truncation, spliced/duplicated chunks, garbage runs, with CRCs recomputed on
 * half of the cases so damage reaches the BinXML parser instead of stopping at checksums.
 */
import { crc32 } from '../../src/sources/evtx/crc32.js';
export { seededRandom as prng } from '../../scripts/seeded-random.js';

/** mulberry32: small, fast, seedable. */
const INTERESTING_32 = [0, 1, 0x7f, 0x80, 0xff, 0x100, 0x1ff, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff, 24, 28, 512, 0xfffe];

function chunkCount(b: Buffer): number {
  return Math.max(0, Math.floor((b.length - 4096) / 0x10000));
}

function recordOffsets(b: Buffer): number[] {
  const out: number[] = [];
  let i = 4096;
  const sig = Buffer.from([0x2a, 0x2a, 0, 0]);
  while ((i = b.indexOf(sig, i)) >= 0 && out.length < 4096) {
    out.push(i);
    i += 4;
  }
  return out;
}

function fixCrcs(b: Buffer): void {
  if (b.length >= 128) b.writeUInt32LE(crc32(b, 0, 120), 124);
  for (let c = 0; c < chunkCount(b); c++) {
    const o = 4096 + c * 0x10000;
    const chunk = b.subarray(o, o + 0x10000);
    const free = chunk.readUInt32LE(48);
    if (free >= 512 && free <= 0x10000) chunk.writeUInt32LE(crc32(chunk, 512, free), 52);
    chunk.writeUInt32LE(crc32(chunk, 128, 512, crc32(chunk, 0, 120)), 124);
  }
}

export const MUTATIONS = ['bitflip', 'interesting', 'record-size', 'truncate', 'splice-chunk', 'garbage', 'binxml-bytes', 'header-fields'] as const;
export type Mutation = (typeof MUTATIONS)[number];

/** A mutated copy of one of `seeds`; deterministic for a given `rand` state. */
export function mutate(seeds: Buffer[], rand: () => number): { data: Buffer; kind: Mutation } {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const int = (n: number): number => Math.floor(rand() * n);
  const src = pick(seeds);
  let b = Buffer.from(src);
  const kind = pick(MUTATIONS);
  const records = (): number[] => recordOffsets(b);
  switch (kind) {
    case 'bitflip':
      for (let i = 0, n = 1 + int(16); i < n; i++) {
        const at = int(b.length);
        b[at]! ^= 1 << int(8);
      }
      break;
    case 'interesting':
      for (let i = 0, n = 1 + int(4); i < n; i++) {
        const at = int(Math.max(1, b.length - 4));
        b.writeUInt32LE(pick(INTERESTING_32), at);
      }
      break;
    case 'record-size': {
      const rs = records();
      if (rs.length === 0) break;
      const r = pick(rs);
      if (r + 8 > b.length) break;
      const field = pick([4, 4, 8, 24 + 6, 24 + 10, 24 + 14]);
      if (r + field + 4 <= b.length) b.writeUInt32LE(pick(INTERESTING_32), r + field);
      break;
    }
    case 'truncate':
      b = b.subarray(0, int(b.length));
      break;
    case 'splice-chunk': {
      const other = pick(seeds);
      const n = chunkCount(b);
      const m = chunkCount(other);
      if (n === 0 || m === 0) break;
      const from = 4096 + int(m) * 0x10000;
      const to = 4096 + int(n) * 0x10000;
      if (rand() < 0.5) other.copy(b, to, from, from + 0x10000);
      else {
        // Half of one chunk, half of another: templates and names point into the wrong bytes.
        const cut = 512 + int(0x10000 - 512);
        other.copy(b, to + cut, from + cut, from + 0x10000);
      }
      if (rand() < 0.3) b = Buffer.concat([b, other.subarray(from, from + 0x10000)]);
      break;
    }
    case 'garbage': {
      const at = int(b.length);
      const len = 1 + int(256);
      for (let i = at; i < Math.min(b.length, at + len); i++) b[i] = int(256);
      break;
    }
    case 'binxml-bytes': {
      const rs = records();
      if (rs.length === 0) break;
      const r = pick(rs);
      for (let i = 0, n = 1 + int(6); i < n; i++) {
        const at = r + 24 + int(200);
        if (at < b.length) b[at] = pick([0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x0c, 0x0d, 0x0e, 0x0f, 0x21, 0x41, 0x81, 0xff, int(256)]);
      }
      break;
    }
    case 'header-fields': {
      const n = chunkCount(b);
      const base = n > 0 && rand() < 0.7 ? 4096 + int(n) * 0x10000 : 0;
      const field = pick(base === 0 ? [24, 32, 40, 42, 120] : [8, 16, 40, 44, 48, 48, 128 + 4 * int(64), 384 + 4 * int(32)]);
      if (base + field + 4 <= b.length) b.writeUInt32LE(pick(INTERESTING_32), base + field);
      break;
    }
  }
  if (rand() < 0.5) fixCrcs(b);
  return { data: b, kind };
}
