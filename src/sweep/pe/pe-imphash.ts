/**
 * The import table of a PE file and its imphash: MD5 of the imports listed as `dll.function`, in
 * import order, lower-case, joined by commas, where the DLL name loses a `.dll`, `.ocx` or `.sys`
 * extension and an import by ordinal is written `ordN`. (Tools that map a few well-known ordinals
 * of ws2_32, wsock32 and oleaut32 to names give a different hash for such files.)
 */
import { createHash } from 'node:crypto';
import { DIR_IMPORT, PeFormatError, asciiz, rvaToOffset, u32, type PeHeaders } from './pe-headers.js';

const MAX_DLLS = 1024;
const MAX_FUNCTIONS = 65536;

export interface PeImport {
  dll: string;
  function: string;
}

export function readImports(buf: Buffer, headers: PeHeaders): PeImport[] {
  const dir = headers.directories[DIR_IMPORT];
  if (!dir || dir.rva === 0 || dir.size === 0) return [];
  const out: PeImport[] = [];
  let desc = rvaToOffset(headers, dir.rva, buf.length);
  for (let d = 0; d < MAX_DLLS; d++, desc += 20) {
    const lookup = u32(buf, desc);
    const nameRva = u32(buf, desc + 12);
    const first = u32(buf, desc + 16);
    if (nameRva === 0 && lookup === 0 && first === 0) return out;
    const dll = asciiz(buf, rvaToOffset(headers, nameRva, buf.length), 256);
    const thunkRva = lookup !== 0 ? lookup : first;
    if (thunkRva === 0) continue;
    let at = rvaToOffset(headers, thunkRva, buf.length);
    const width = headers.pe32plus ? 8 : 4;
    for (;;) {
      if (out.length >= MAX_FUNCTIONS) throw new PeFormatError(`more than ${MAX_FUNCTIONS} imports`);
      const low = u32(buf, at);
      const high = width === 8 ? u32(buf, at + 4) : 0;
      if (low === 0 && high === 0) break;
      const byOrdinal = width === 8 ? (high & 0x80000000) !== 0 : (low & 0x80000000) !== 0;
      const fn = byOrdinal ? `ord${low & 0xffff}` : asciiz(buf, rvaToOffset(headers, low & 0x7fffffff, buf.length) + 2, 512);
      out.push({ dll, function: fn });
      at += width;
    }
  }
  throw new PeFormatError(`more than ${MAX_DLLS} imported DLLs`);
}

/** The imphash, or '' when the file imports nothing. */
export function imphash(imports: readonly PeImport[]): string {
  if (imports.length === 0) return '';
  const parts = imports.map((i) => {
    let dll = i.dll.toLowerCase();
    const dot = dll.lastIndexOf('.');
    if (dot > 0 && ['dll', 'ocx', 'sys'].includes(dll.slice(dot + 1))) dll = dll.slice(0, dot);
    return `${dll}.${i.function.toLowerCase()}`;
  });
  return createHash('md5').update(parts.join(',')).digest('hex');
}
