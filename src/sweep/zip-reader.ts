/**
 * A bounded reader of ZIP archives held in memory (zip, jar, war, ear), from the central directory
 * (APPNOTE.TXT: end of central directory record, ZIP64 locator and record, central file headers,
 * local file headers). Entries are stored (0) or deflated (8, through node:zlib inflateRaw); others
 * and encrypted entries are listed but not extracted.
 *
 * Zip-bomb safety: the caller's limits cap the entry count, each entry's inflated size (inflation
 * stops at the limit, whatever the header claims) and the inflated/compressed ratio; a CRC-32
 * mismatch is reported.
 */
import { inflateRawSync } from 'node:zlib';
// The project's CRC-32: zlib.crc32 only exists from Node 20.15, and the engines field says >=20.
import { crc32 } from '../sources/evtx/crc32.js';

export interface ZipLimits {
  maxEntries: number;
  /** Largest inflated entry, bytes. */
  maxEntrySize: number;
  /** Largest inflated / compressed ratio of one entry. */
  maxRatio: number;
}

export interface ZipEntry {
  name: string;
  method: number;
  encrypted: boolean;
  compressedSize: number;
  size: number;
  crc: number;
  localOffset: number;
  /** DOS date/time of the entry as epoch ms (local time read as UTC); NaN when unset. */
  mtime: number;
  isDirectory: boolean;
}

export class ZipFormatError extends Error {
  override readonly name = 'ZipFormatError';
}

const EOCD = 0x06054b50;
const EOCD64_LOCATOR = 0x07064b50;
const EOCD64 = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export function looksLikeZip(buf: Buffer): boolean {
  return buf.length >= 22 && buf[0] === 0x50 && buf[1] === 0x4b && (buf[2] === 3 || buf[2] === 5) && (buf[3] === 4 || buf[3] === 6);
}

function need(buf: Buffer, at: number, len: number, what: string): void {
  if (at < 0 || at + len > buf.length) throw new ZipFormatError(`${what} at offset ${at} is past the end of the archive`);
}

function u64(buf: Buffer, at: number): number {
  const v = buf.readBigUInt64LE(at);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipFormatError(`64-bit value at offset ${at} is too large`);
  return Number(v);
}

function findEnd(buf: Buffer): { entries: number; cdSize: number; cdOffset: number } {
  const lowest = Math.max(0, buf.length - 22 - 0xffff);
  for (let at = buf.length - 22; at >= lowest; at--) {
    if (buf.readUInt32LE(at) !== EOCD) continue;
    let entries = buf.readUInt16LE(at + 10);
    let cdSize = buf.readUInt32LE(at + 12);
    let cdOffset = buf.readUInt32LE(at + 16);
    if ((entries === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) && at >= 20 && buf.readUInt32LE(at - 20) === EOCD64_LOCATOR) {
      const rec = u64(buf, at - 12);
      need(buf, rec, 56, 'ZIP64 end record');
      if (buf.readUInt32LE(rec) !== EOCD64) throw new ZipFormatError('ZIP64 end record signature missing');
      entries = u64(buf, rec + 32);
      cdSize = u64(buf, rec + 40);
      cdOffset = u64(buf, rec + 48);
    }
    return { entries, cdSize, cdOffset };
  }
  throw new ZipFormatError('no end of central directory record');
}

const dosTime = (date: number, time: number): number =>
  date === 0 ? NaN : Date.UTC(1980 + (date >> 9), ((date >> 5) & 15) - 1, date & 31, time >> 11, (time >> 5) & 63, (time & 31) * 2);

/** The central directory's entries; throws ZipFormatError when the archive cannot be read. */
export function listZipEntries(buf: Buffer, limits: ZipLimits): ZipEntry[] {
  const end = findEnd(buf);
  if (end.entries > limits.maxEntries) throw new ZipFormatError(`${end.entries} entries (limit ${limits.maxEntries})`);
  const out: ZipEntry[] = [];
  let at = end.cdOffset;
  for (let i = 0; i < end.entries; i++) {
    need(buf, at, 46, `central directory entry ${i + 1}`);
    if (buf.readUInt32LE(at) !== CENTRAL) throw new ZipFormatError(`central directory entry ${i + 1} has no signature`);
    const flags = buf.readUInt16LE(at + 8);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    need(buf, at + 46, nameLen + extraLen, `name of entry ${i + 1}`);
    const name = buf.toString(flags & 0x800 ? 'utf8' : 'latin1', at + 46, at + 46 + nameLen);
    let compressedSize = buf.readUInt32LE(at + 20);
    let size = buf.readUInt32LE(at + 24);
    let localOffset = buf.readUInt32LE(at + 42);
    // ZIP64 extended information: the 64-bit values present are those whose 32-bit field is all ones.
    for (let e = at + 46 + nameLen; e + 4 <= at + 46 + nameLen + extraLen;) {
      const id = buf.readUInt16LE(e);
      const len = buf.readUInt16LE(e + 2);
      if (id === 1) {
        let p = e + 4;
        const stop = e + 4 + len;
        if (size === 0xffffffff && p + 8 <= stop) { size = u64(buf, p); p += 8; }
        if (compressedSize === 0xffffffff && p + 8 <= stop) { compressedSize = u64(buf, p); p += 8; }
        if (localOffset === 0xffffffff && p + 8 <= stop) localOffset = u64(buf, p);
      }
      e += 4 + len;
    }
    out.push({
      name, method: buf.readUInt16LE(at + 10), encrypted: (flags & 1) !== 0, compressedSize, size,
      crc: buf.readUInt32LE(at + 16), localOffset, mtime: dosTime(buf.readUInt16LE(at + 14), buf.readUInt16LE(at + 12)),
      isDirectory: name.endsWith('/'),
    });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/** The inflated bytes of one entry, within the limits; throws ZipFormatError with the reason. */
export function readZipEntry(buf: Buffer, entry: ZipEntry, limits: ZipLimits): Buffer {
  if (entry.encrypted) throw new ZipFormatError('encrypted');
  if (entry.method !== 0 && entry.method !== 8) throw new ZipFormatError(`compression method ${entry.method} not supported`);
  if (entry.size > limits.maxEntrySize) throw new ZipFormatError(`${entry.size} bytes inflated (limit ${limits.maxEntrySize})`);
  if (entry.compressedSize > 0 && entry.size / entry.compressedSize > limits.maxRatio) {
    throw new ZipFormatError(`compression ratio ${Math.round(entry.size / entry.compressedSize)}:1 (limit ${limits.maxRatio}:1)`);
  }
  need(buf, entry.localOffset, 30, 'local header');
  if (buf.readUInt32LE(entry.localOffset) !== LOCAL) throw new ZipFormatError('local header signature missing');
  const start = entry.localOffset + 30 + buf.readUInt16LE(entry.localOffset + 26) + buf.readUInt16LE(entry.localOffset + 28);
  need(buf, start, entry.compressedSize, 'entry data');
  const raw = buf.subarray(start, start + entry.compressedSize);
  let data: Buffer;
  if (entry.method === 0) data = raw;
  else {
    // The header may lie about the size: inflation itself stops at the limit.
    const cap = Math.min(limits.maxEntrySize, Math.max(1, raw.length) * limits.maxRatio);
    try {
      data = inflateRawSync(raw, { maxOutputLength: Math.max(1, cap) });
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) throw new ZipFormatError(`inflates past ${cap} bytes (zip bomb limit)`);
      throw new ZipFormatError(`cannot inflate: ${e.message}`);
    }
  }
  if (crc32(data, 0, data.length) !== entry.crc >>> 0) throw new ZipFormatError('CRC-32 mismatch');
  return data;
}
