/**
 * The headers of a Portable Executable (Microsoft PE/COFF specification): DOS stub pointer, COFF
 * header, optional header (PE32 and PE32+), data directories and section table, plus RVA → file
 * offset translation. Every read is bounds-checked; a malformed file throws PeFormatError, which
 * callers turn into "not a PE" rather than a crash.
 */
export class PeFormatError extends Error {
  override readonly name = 'PeFormatError';
}

export interface PeSection {
  name: string;
  virtualAddress: number;
  virtualSize: number;
  rawOffset: number;
  rawSize: number;
}

export interface PeDirectory {
  rva: number;
  size: number;
}

export interface PeHeaders {
  machine: number;
  timeDateStamp: number;
  pe32plus: boolean;
  /** IMAGE_FILE_DLL set in the COFF characteristics. */
  isDll: boolean;
  sections: PeSection[];
  /** Data directories by index (1 import, 2 resource, …); missing ones are absent. */
  directories: PeDirectory[];
}

export const DIR_IMPORT = 1;
export const DIR_RESOURCE = 2;
const MAX_SECTIONS = 96;

export function u16(buf: Buffer, off: number): number {
  if (off < 0 || off + 2 > buf.length) throw new PeFormatError(`read past the end at offset ${off}`);
  return buf.readUInt16LE(off);
}

export function u32(buf: Buffer, off: number): number {
  if (off < 0 || off + 4 > buf.length) throw new PeFormatError(`read past the end at offset ${off}`);
  return buf.readUInt32LE(off);
}

/** True when the bytes start like a PE file (MZ and a PE signature where e_lfanew points). */
export function looksLikePe(buf: Buffer): boolean {
  if (buf.length < 64 || buf[0] !== 0x4d || buf[1] !== 0x5a) return false;
  const lfanew = buf.readUInt32LE(0x3c);
  return lfanew + 4 <= buf.length && buf.readUInt32LE(lfanew) === 0x00004550;
}

export function readPeHeaders(buf: Buffer): PeHeaders {
  if (!looksLikePe(buf)) throw new PeFormatError('no MZ/PE signature');
  const pe = u32(buf, 0x3c);
  const coff = pe + 4;
  const machine = u16(buf, coff);
  const sectionCount = u16(buf, coff + 2);
  const timeDateStamp = u32(buf, coff + 4);
  const optionalSize = u16(buf, coff + 16);
  const characteristics = u16(buf, coff + 18);
  if (sectionCount > MAX_SECTIONS) throw new PeFormatError(`${sectionCount} sections (at most ${MAX_SECTIONS})`);
  const opt = coff + 20;
  const magic = u16(buf, opt);
  if (magic !== 0x10b && magic !== 0x20b) throw new PeFormatError(`optional header magic 0x${magic.toString(16)}`);
  const pe32plus = magic === 0x20b;
  const countAt = opt + (pe32plus ? 108 : 92);
  const dirCount = countAt + 4 <= opt + optionalSize ? Math.min(16, u32(buf, countAt)) : 0;
  const directories: PeDirectory[] = [];
  for (let i = 0; i < dirCount; i++) {
    const at = countAt + 4 + i * 8;
    if (at + 8 > opt + optionalSize) break;
    directories.push({ rva: u32(buf, at), size: u32(buf, at + 4) });
  }
  const sections: PeSection[] = [];
  const table = opt + optionalSize;
  for (let i = 0; i < sectionCount; i++) {
    const at = table + i * 40;
    if (at + 40 > buf.length) throw new PeFormatError(`section table cut short at section ${i + 1}`);
    sections.push({
      name: buf.toString('latin1', at, at + 8).replace(/\0.*$/s, ''),
      virtualSize: u32(buf, at + 8),
      virtualAddress: u32(buf, at + 12),
      rawSize: u32(buf, at + 16),
      rawOffset: u32(buf, at + 20),
    });
  }
  return { machine, timeDateStamp, pe32plus, isDll: (characteristics & 0x2000) !== 0, sections, directories };
}

/** File offset of a relative virtual address; throws when no section holds it on disk. */
export function rvaToOffset(headers: PeHeaders, rva: number, bufLength: number): number {
  for (const s of headers.sections) {
    const span = Math.max(s.virtualSize, s.rawSize);
    if (rva >= s.virtualAddress && rva < s.virtualAddress + span) {
      const off = rva - s.virtualAddress;
      if (off >= s.rawSize) break;
      const at = s.rawOffset + off;
      if (at >= bufLength) break;
      return at;
    }
  }
  throw new PeFormatError(`RVA 0x${rva.toString(16)} is not in any section on disk`);
}

/** A NUL-terminated ASCII string at a file offset, at most `max` bytes. */
export function asciiz(buf: Buffer, off: number, max = 512): string {
  if (off < 0 || off >= buf.length) throw new PeFormatError(`string at offset ${off} is outside the file`);
  const end = buf.indexOf(0, off);
  const stop = end < 0 ? Math.min(buf.length, off + max) : Math.min(end, off + max);
  return buf.toString('latin1', off, stop);
}
