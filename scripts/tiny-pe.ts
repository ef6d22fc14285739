/**
 * Builds a tiny, inert PE32 file for examples and tests: headers, an import table and a version
 * resource with the given StringFileInfo strings. It has no code (the entry point is 0) and no
 * bytes of any real program; it only carries the fields a renamed-tool check reads.
 */
export interface TinyPeSpec {
  /** StringFileInfo strings, e.g. { OriginalFilename: 'mimikatz.exe', ProductName: 'mimikatz' }. */
  version: Record<string, string>;
  imports?: { dll: string; functions: string[] }[];
  /** Extra bytes appended to the resource section (strings a YARA rule may look for). */
  extra?: Buffer;
}

const FILE_ALIGN = 0x200;
const SECTION_ALIGN = 0x1000;
const align = (n: number, a: number): number => Math.ceil(n / a) * a;
const pad4 = (b: Buffer): Buffer => Buffer.concat([b, Buffer.alloc((4 - (b.length % 4)) % 4)]);

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
}

/** One version block: wLength, wValueLength, wType, key, padding, value, padding, children. */
function block(key: string, value: Buffer, valueUnits: number, type: number, children: Buffer[] = []): Buffer {
  const head = pad4(Buffer.concat([Buffer.alloc(6), Buffer.from(`${key}\0`, 'utf16le')]));
  const body = Buffer.concat([head, children.length ? pad4(value) : value, ...children.map((c, i) => (i < children.length - 1 ? pad4(c) : c))]);
  body.writeUInt16LE(body.length, 0);
  body.writeUInt16LE(valueUnits, 2);
  body.writeUInt16LE(type, 4);
  return body;
}

export function versionResource(strings: Record<string, string>): Buffer {
  const entries = Object.entries(strings).map(([k, v]) => block(k, Buffer.from(`${v}\0`, 'utf16le'), v.length + 1, 1));
  const table = block('040904b0', Buffer.alloc(0), 0, 1, entries);
  const sfi = block('StringFileInfo', Buffer.alloc(0), 0, 1, [table]);
  const fixed = Buffer.alloc(52);
  fixed.writeUInt32LE(0xfeef04bd, 0);
  fixed.writeUInt32LE(0x00010000, 4);
  fixed.writeUInt32LE(0x00010000, 8); // file version 1.0.0.0
  fixed.writeUInt32LE(0x00010000, 16); // product version 1.0.0.0
  fixed.writeUInt32LE(0x00040004, 32); // VOS_NT_WINDOWS32
  fixed.writeUInt32LE(1, 36); // VFT_APP
  return block('VS_VERSION_INFO', fixed, 52, 0, [sfi]);
}

function importSection(rva: number, imports: { dll: string; functions: string[] }[]): Buffer {
  const descSize = (imports.length + 1) * 20;
  let at = descSize;
  const thunkAt: number[] = [];
  for (const i of imports) {
    thunkAt.push(at);
    at += (i.functions.length + 1) * 4;
  }
  const names: Buffer[] = [];
  const fnAt: number[][] = [];
  const dllAt: number[] = [];
  for (const i of imports) {
    fnAt.push(i.functions.map((f) => {
      const entry = Buffer.concat([u16(0), Buffer.from(`${f}\0`, 'latin1')]);
      const here = at;
      names.push(entry.length % 2 ? Buffer.concat([entry, Buffer.alloc(1)]) : entry);
      at += names[names.length - 1]!.length;
      return here;
    }));
    dllAt.push(at);
    names.push(Buffer.from(`${i.dll}\0`, 'latin1'));
    at += i.dll.length + 1;
  }
  const desc = Buffer.alloc(descSize);
  imports.forEach((_, k) => {
    desc.writeUInt32LE(rva + thunkAt[k]!, k * 20);
    desc.writeUInt32LE(rva + dllAt[k]!, k * 20 + 12);
    desc.writeUInt32LE(rva + thunkAt[k]!, k * 20 + 16);
  });
  const thunks = imports.map((_, k) => Buffer.concat([...fnAt[k]!.map((f) => u32(rva + f)), u32(0)]));
  return Buffer.concat([desc, ...thunks, ...names]);
}

function resourceSection(rva: number, version: Buffer): Buffer {
  // Three directories of one entry each (type 16 → name 1 → language 0x409), then the data entry.
  const dir = (id: number, target: number, isDir: boolean): Buffer =>
    Buffer.concat([Buffer.alloc(12), u16(0), u16(1), u32(id), u32(isDir ? (target | 0x80000000) : target)]);
  const typeDir = dir(16, 24, true);
  const nameDir = dir(1, 48, true);
  const langDir = dir(0x409, 72, false);
  const dataEntry = Buffer.concat([u32(rva + 88), u32(version.length), u32(0), u32(0)]);
  return Buffer.concat([typeDir, nameDir, langDir, dataEntry, version]);
}

export function buildTinyPe(spec: TinyPeSpec): Buffer {
  const imports = spec.imports ?? [{ dll: 'KERNEL32.dll', functions: ['GetProcAddress', 'LoadLibraryA'] }];
  const idataRva = SECTION_ALIGN;
  const idata = importSection(idataRva, imports);
  const rsrcRva = idataRva + align(idata.length, SECTION_ALIGN);
  const rsrc = Buffer.concat([resourceSection(rsrcRva, versionResource(spec.version)), spec.extra ?? Buffer.alloc(0)]);
  const headerSize = FILE_ALIGN;
  const idataRaw = align(idata.length, FILE_ALIGN);
  const rsrcRaw = align(rsrc.length, FILE_ALIGN);
  const out = Buffer.alloc(headerSize + idataRaw + rsrcRaw);
  out.write('MZ', 0, 'latin1');
  out.writeUInt32LE(0x40, 0x3c);
  out.write('PE\0\0', 0x40, 'latin1');
  const coff = 0x44;
  out.writeUInt16LE(0x14c, coff); // i386
  out.writeUInt16LE(2, coff + 2);
  out.writeUInt32LE(0x5c000000, coff + 4);
  out.writeUInt16LE(224, coff + 16);
  out.writeUInt16LE(0x0102, coff + 18); // executable, 32-bit
  const opt = coff + 20;
  out.writeUInt16LE(0x10b, opt);
  out.writeUInt32LE(0x400000, opt + 28); // image base
  out.writeUInt32LE(SECTION_ALIGN, opt + 32);
  out.writeUInt32LE(FILE_ALIGN, opt + 36);
  out.writeUInt16LE(6, opt + 40); // OS version 6.0
  out.writeUInt16LE(6, opt + 48); // subsystem version
  out.writeUInt32LE(rsrcRva + align(rsrc.length, SECTION_ALIGN), opt + 56); // size of image
  out.writeUInt32LE(headerSize, opt + 60);
  out.writeUInt16LE(3, opt + 68); // console
  out.writeUInt32LE(16, opt + 92);
  out.writeUInt32LE(idataRva, opt + 96 + 8);
  out.writeUInt32LE(idata.length, opt + 96 + 12);
  out.writeUInt32LE(rsrcRva, opt + 96 + 16);
  out.writeUInt32LE(rsrc.length, opt + 96 + 20);
  const sections = opt + 224;
  const section = (at: number, name: string, rva: number, size: number, raw: number, rawSize: number, flags: number): void => {
    out.write(name, at, 'latin1');
    out.writeUInt32LE(size, at + 8);
    out.writeUInt32LE(rva, at + 12);
    out.writeUInt32LE(rawSize, at + 16);
    out.writeUInt32LE(raw, at + 20);
    out.writeUInt32LE(flags, at + 36);
  };
  section(sections, '.idata', idataRva, idata.length, headerSize, idataRaw, 0xc0000040);
  section(sections + 40, '.rsrc', rsrcRva, rsrc.length, headerSize + idataRaw, rsrcRaw, 0x40000040);
  idata.copy(out, headerSize);
  rsrc.copy(out, headerSize + idataRaw);
  return out;
}
