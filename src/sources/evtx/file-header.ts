/**
 * The EVTX file header: the first 4096-byte block of a file (`ElfFile\0`, 128 bytes used).
 * Layout: magic[8], first chunk u64 @8, last chunk u64 @16, next record id u64 @24, header size u32
 * @32, minor u16 @36, major u16 @38, header block size u16 @40, chunk count u16 @42, flags u32 @120
 * (0x1 dirty, 0x2 full), CRC-32 of bytes [0,120) @124.
 */
import { crc32 } from './crc32.js';

export const FILE_MAGIC = Buffer.from('ElfFile\0', 'latin1');
export const FILE_HEADER_BLOCK = 4096;
export const FILE_FLAG_DIRTY = 0x1;
export const FILE_FLAG_FULL = 0x2;

export interface EvtxFileHeader {
  firstChunk: number;
  lastChunk: number;
  nextRecordId: number;
  headerSize: number;
  minorVersion: number;
  majorVersion: number;
  blockSize: number;
  chunkCount: number;
  flags: number;
  dirty: boolean;
  full: boolean;
  checksumOk: boolean;
}

export function isEvtxMagic(head: Uint8Array): boolean {
  if (head.length < 8) return false;
  for (let i = 0; i < 8; i++) if (head[i] !== FILE_MAGIC[i]) return false;
  return true;
}

function u64(b: Buffer, o: number): number {
  return b.readUInt32LE(o + 4) * 0x100000000 + b.readUInt32LE(o);
}

/** Parse the file header; null when the magic is wrong or the buffer is shorter than 128 bytes. */
export function parseFileHeader(b: Buffer): EvtxFileHeader | null {
  if (b.length < 128 || !isEvtxMagic(b)) return null;
  const flags = b.readUInt32LE(120);
  return {
    firstChunk: u64(b, 8),
    lastChunk: u64(b, 16),
    nextRecordId: u64(b, 24),
    headerSize: b.readUInt32LE(32),
    minorVersion: b.readUInt16LE(36),
    majorVersion: b.readUInt16LE(38),
    blockSize: b.readUInt16LE(40),
    chunkCount: b.readUInt16LE(42),
    flags,
    dirty: (flags & FILE_FLAG_DIRTY) !== 0,
    full: (flags & FILE_FLAG_FULL) !== 0,
    checksumOk: crc32(b, 0, 120) === b.readUInt32LE(124),
  };
}
