/**
 * EVTX chunks: 64 KiB blocks after the file header. Header (512 bytes): `ElfChnk\0`, first/last
 * record number u64 @8/@16, first/last record id u64 @24/@32, header size u32 @40, last record offset
 * u32 @44, free space offset u32 @48, records CRC-32 u32 @52 (bytes [512, free space)), flags u32
 * @120, header CRC-32 u32 @124 (bytes [0,120) and [128,512)); string table @128, template table @384.
 * Records: `**\0\0`, size u32, record number u64, written FILETIME, BinXML, size copy u32.
 * Active records run from 512 to the free space offset; deleted ones may remain in the slack after it.
 */
import { crc32 } from './crc32.js';

export const CHUNK_SIZE = 0x10000;
export const CHUNK_HEADER_SIZE = 512;
export const CHUNK_MAGIC = Buffer.from('ElfChnk\0', 'latin1');
export const RECORD_MAGIC = 0x00002a2a;
export const RECORD_HEADER_SIZE = 24;
/** Smallest possible record: header, an EOF token, size copy. */
export const MIN_RECORD_SIZE = 28;

export interface ChunkHeader {
  firstRecordNumber: number;
  lastRecordNumber: number;
  firstRecordId: number;
  lastRecordId: number;
  lastRecordOffset: number;
  freeSpaceOffset: number;
  flags: number;
  headerChecksumOk: boolean;
  recordsChecksumOk: boolean;
}

export function hasChunkMagic(b: Uint8Array, o = 0): boolean {
  if (o + 8 > b.length) return false;
  for (let i = 0; i < 8; i++) if (b[o + i] !== CHUNK_MAGIC[i]) return false;
  return true;
}

function u64(b: Buffer, o: number): number {
  return b.readUInt32LE(o + 4) * 0x100000000 + b.readUInt32LE(o);
}

/** Parse a chunk header from a buffer holding the chunk at offset 0 (at least 512 bytes). */
export function parseChunkHeader(b: Buffer): ChunkHeader {
  const free = b.readUInt32LE(48);
  const headerCrc = crc32(b, 128, 512, crc32(b, 0, 120));
  const recordsEnd = free >= CHUNK_HEADER_SIZE && free <= b.length ? free : -1;
  return {
    firstRecordNumber: u64(b, 8),
    lastRecordNumber: u64(b, 16),
    firstRecordId: u64(b, 24),
    lastRecordId: u64(b, 32),
    lastRecordOffset: b.readUInt32LE(44),
    freeSpaceOffset: free,
    flags: b.readUInt32LE(120),
    headerChecksumOk: headerCrc === b.readUInt32LE(124),
    recordsChecksumOk: recordsEnd >= 0 && crc32(b, CHUNK_HEADER_SIZE, recordsEnd) === b.readUInt32LE(52),
  };
}

/** Does a plausible record start at `o` and end before `limit`? Returns its size or 0. */
export function recordSizeAt(b: Buffer, o: number, limit: number): number {
  if (o + MIN_RECORD_SIZE > limit || b.readUInt32LE(o) !== RECORD_MAGIC) return 0;
  const size = b.readUInt32LE(o + 4);
  if (size < MIN_RECORD_SIZE || o + size > limit) return 0;
  if (b.readUInt32LE(o + size - 4) !== size) return 0;
  return size;
}
