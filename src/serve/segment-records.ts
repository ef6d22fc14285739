/**
 * The record framing of a log segment file: `[u32 length][u32 crc32 of payload][payload]`, little
 * endian, back to back. A segment's file name is the offset of its first record (20 digits).
 */
import { crc32 } from '../sources/evtx/crc32.js';

export const RECORD_HEADER = 8;
/** Longest payload accepted (a record above it is corruption, not data). */
export const MAX_RECORD = 64 * 1024 * 1024;

export function frameRecords(records: readonly Buffer[]): Buffer {
  let size = 0;
  for (const r of records) size += RECORD_HEADER + r.length;
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (const r of records) {
    out.writeUInt32LE(r.length, at);
    out.writeUInt32LE(crc32(r, 0, r.length), at + 4);
    r.copy(out, at + RECORD_HEADER);
    at += RECORD_HEADER + r.length;
  }
  return out;
}

export type FrameResult =
  | { kind: 'record'; payload: Buffer; next: number }
  /** Not enough bytes for the record at `at` (a partial tail, or read more). */
  | { kind: 'short' }
  | { kind: 'corrupt'; reason: string };

/** The record starting at `at` in `buf`. */
export function readFrame(buf: Buffer, at: number): FrameResult {
  if (buf.length - at < RECORD_HEADER) return { kind: 'short' };
  const length = buf.readUInt32LE(at);
  if (length > MAX_RECORD) return { kind: 'corrupt', reason: `record length ${length} out of range` };
  const end = at + RECORD_HEADER + length;
  if (end > buf.length) return { kind: 'short' };
  const payload = buf.subarray(at + RECORD_HEADER, end);
  if (crc32(payload, 0, payload.length) !== buf.readUInt32LE(at + 4)) return { kind: 'corrupt', reason: 'checksum mismatch' };
  return { kind: 'record', payload, next: end };
}

export function segmentName(firstOffset: number): string {
  return `${String(firstOffset).padStart(20, '0')}.seg`;
}

/** First offset from a segment file name, or undefined for other files. */
export function segmentOffset(name: string): number | undefined {
  const m = /^(\d{20})\.seg$/.exec(name);
  return m ? Number(m[1]) : undefined;
}
