/**
 * CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320) as used by EVTX file and chunk headers.
 * Uses zlib.crc32 when the runtime has it (Node ≥ 20.15), else a table implementation.
 */
import * as zlib from 'node:zlib';

const TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

const nativeCrc = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

/** Table-driven CRC-32 of `buf[start, end)` continuing from `crc`. */
export function crc32Table(buf: Uint8Array, start: number, end: number, crc = 0): number {
  let c = ~crc;
  for (let i = start; i < end; i++) c = TABLE[(c ^ buf[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

/** CRC-32 of `buf[start, end)`, continuing from `crc` (pass the previous result to chain ranges). */
export function crc32(buf: Uint8Array, start: number, end: number, crc = 0): number {
  if (end <= start) return crc >>> 0;
  if (nativeCrc !== undefined) return nativeCrc(buf.subarray(start, end), crc) >>> 0;
  return crc32Table(buf, start, end, crc);
}
