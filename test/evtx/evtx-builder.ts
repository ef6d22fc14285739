/**
 * Builds small, real-format EVTX files byte by byte for tests (file header, chunks with CRCs,
 * records holding BinXML template definitions, instances and substitution values).
 */
import { crc32 } from '../../src/sources/evtx/crc32.js';

export type Part =
  | { text: string }
  | { sub: number; type: number; optional?: boolean }
  | { entity: string }
  | { charRef: number }
  | { cdata: string }
  | { pi: [string, string] };
export interface El {
  name: string;
  attrs?: [string, Part[]][];
  kids?: (El | Part)[];
}
export interface Value {
  type: number;
  /** The bytes, or a function of the chunk offset they land at (nested BinXML has offsets). */
  bytes: Buffer | ((at: number) => Buffer);
}

/** Writes BinXML at a known chunk offset so name and template offsets come out right. */
class ChunkWriter {
  bytes: number[] = [];
  names = new Map<string, number>();
  constructor(readonly base: number) {}
  get pos(): number {
    return this.base + this.bytes.length;
  }
  u8(v: number): void {
    this.bytes.push(v & 0xff);
  }
  u16(v: number): void {
    this.u8(v);
    this.u8(v >>> 8);
  }
  u32(v: number): void {
    this.u16(v & 0xffff);
    this.u16(v >>> 16);
  }
  buf(b: Buffer): void {
    for (const x of b) this.u8(x);
  }
  utf16(s: string): void {
    this.buf(Buffer.from(s, 'utf16le'));
  }
  name(n: string): void {
    const known = this.names.get(n);
    if (known !== undefined) return this.u32(known);
    const at = this.pos + 4;
    this.u32(at);
    this.names.set(n, at);
    this.u32(0);
    this.u16(0);
    this.u16(n.length);
    this.utf16(n);
    this.u16(0);
  }
  part(p: Part): void {
    if ('text' in p) {
      this.u8(0x05);
      this.u8(0x01);
      this.u16(p.text.length);
      this.utf16(p.text);
    } else if ('sub' in p) {
      this.u8(p.optional ? 0x0e : 0x0d);
      this.u16(p.sub);
      this.u8(p.type);
    } else if ('entity' in p) {
      this.u8(0x09);
      this.name(p.entity);
    } else if ('cdata' in p) {
      this.u8(0x07);
      this.u16(p.cdata.length);
      this.utf16(p.cdata);
    } else if ('pi' in p) {
      this.u8(0x0a);
      this.name(p.pi[0]);
      this.u8(0x0b);
      this.u16(p.pi[1].length);
      this.utf16(p.pi[1]);
    } else {
      this.u8(0x08);
      this.u16(p.charRef);
    }
  }
  /** A template definition written where it is referred to from (next offset, GUID, size, BinXML). */
  definition(root: El): void {
    this.u32(0); // next definition
    this.buf(Buffer.from('00112233445566778899aabbccddeeff', 'hex'));
    const sizeAt = this.bytes.length;
    this.u32(0);
    const dataStart = this.bytes.length;
    this.u8(0x0f); this.u8(1); this.u8(1); this.u8(0);
    this.element(root, true);
    this.u8(0x00);
    const dataSize = this.bytes.length - dataStart;
    [0, 8, 16, 24].forEach((s, i) => (this.bytes[sizeAt + i] = (dataSize >>> s) & 0xff));
  }
  /** A template instance's substitution array: count, descriptors, then the values. */
  values(values: Value[]): void {
    this.u32(values.length);
    // Lay the values out first: nested BinXML needs the chunk offset it will sit at.
    let at = this.pos + 4 * values.length;
    const bytes = values.map((v) => {
      const b = typeof v.bytes === 'function' ? v.bytes(at) : v.bytes;
      at += b.length;
      return b;
    });
    values.forEach((v, i) => {
      this.u16(bytes[i]!.length);
      this.u8(v.type);
      this.u8(0);
    });
    for (const b of bytes) this.buf(b);
  }
  element(e: El, dependencyId: boolean): void {
    const attrs = e.attrs ?? [];
    this.u8(attrs.length > 0 ? 0x41 : 0x01);
    if (dependencyId) this.u16(0xffff);
    this.u32(0); // data size (unused by readers)
    this.name(e.name);
    if (attrs.length > 0) this.u32(0);
    attrs.forEach(([name, parts], i) => {
      this.u8(i < attrs.length - 1 ? 0x46 : 0x06);
      this.name(name);
      for (const p of parts) this.part(p);
    });
    const kids = e.kids ?? [];
    if (kids.length === 0) {
      this.u8(0x03);
      return;
    }
    this.u8(0x02);
    for (const k of kids) {
      if ('name' in k) this.element(k, dependencyId);
      else this.part(k);
    }
    this.u8(0x04);
  }
}

export interface RecordSpec {
  number: number;
  /** Template key: the first record using a key defines it inline, later ones refer to it. */
  template: string;
  root: El;
  values: Value[];
}

export class ChunkBuilder {
  private w = new ChunkWriter(0);
  private templates = new Map<string, number>();
  private freeSpace = 0;
  private firstNumber = 0;
  private lastNumber = 0;
  constructor() {
    for (let i = 0; i < 512; i++) this.w.u8(0);
  }
  record(spec: RecordSpec): this {
    const w = this.w;
    const start = w.pos;
    w.u32(0x2a2a);
    w.u32(0); // size, patched below
    w.u32(spec.number);
    w.u32(0);
    w.u32(0xd53e8000); // written time: 2021-01-01
    w.u32(0x01d6e000);
    w.u8(0x0f); w.u8(1); w.u8(1); w.u8(0);
    w.u8(0x0c);
    w.u8(1);
    w.u32(0x1234);
    const known = this.templates.get(spec.template);
    if (known !== undefined) w.u32(known);
    else {
      this.templates.set(spec.template, w.pos + 4);
      w.u32(w.pos + 4);
      w.definition(spec.root);
    }
    w.values(spec.values);
    w.u8(0x00);
    while ((w.pos + 4) % 8 !== 0) w.u8(0);
    const size = w.pos + 4 - start;
    w.u32(size);
    [0, 8, 16, 24].forEach((s, i) => (w.bytes[start + 4 - w.base + i] = (size >>> s) & 0xff));
    if (this.firstNumber === 0) this.firstNumber = spec.number;
    this.lastNumber = spec.number;
    this.freeSpace = w.pos;
    return this;
  }
  /** Mark everything written so far as active; later records land in the slack (deleted). */
  sealActive(): this {
    this.sealed = this.freeSpace;
    return this;
  }
  private sealed = -1;
  build(): Buffer {
    const b = Buffer.alloc(0x10000);
    Buffer.from(this.w.bytes).copy(b);
    const free = this.sealed >= 0 ? this.sealed : this.freeSpace;
    b.write('ElfChnk\0', 0, 'latin1');
    b.writeUInt32LE(this.firstNumber, 8);
    b.writeUInt32LE(this.lastNumber, 16);
    b.writeUInt32LE(this.firstNumber, 24);
    b.writeUInt32LE(this.lastNumber, 32);
    b.writeUInt32LE(128, 40);
    b.writeUInt32LE(free, 48);
    b.writeUInt32LE(crc32(b, 512, free), 52);
    b.writeUInt32LE(crc32(b, 128, 512, crc32(b, 0, 120)), 124);
    return b;
  }
}

/** A file header plus the given chunks; `declaredChunks` is what the header claims. */
export function buildFile(chunks: Buffer[], declaredChunks = chunks.length): Buffer {
  const h = Buffer.alloc(4096);
  h.write('ElfFile\0', 0, 'latin1');
  h.writeUInt32LE(0, 8);
  h.writeUInt32LE(Math.max(0, declaredChunks - 1), 16);
  h.writeUInt32LE(100, 24);
  h.writeUInt32LE(128, 32);
  h.writeUInt16LE(1, 36);
  h.writeUInt16LE(3, 38);
  h.writeUInt16LE(4096, 40);
  h.writeUInt16LE(declaredChunks, 42);
  h.writeUInt32LE(crc32(h, 0, 120), 124);
  return Buffer.concat([h, ...chunks]);
}

/** A nested BinXML fragment (value type 0x21) holding plain elements, written for offset `at`. */
export function nestedBinXml(root: El, dependencyId: boolean): Value {
  return {
    type: 0x21,
    bytes: (at: number) => {
      const w = new ChunkWriter(at);
      w.u8(0x0f); w.u8(1); w.u8(1); w.u8(0);
      w.element(root, dependencyId);
      w.u8(0x00);
      return Buffer.from(w.bytes);
    },
  };
}

/**
 * A nested BinXML fragment (value type 0x21) holding a template instance, its definition inline:
 * how Windows stores EventData and UserData in a hole of the Event template.
 */
export function nestedTemplate(root: El, values: Value[]): Value {
  return {
    type: 0x21,
    bytes: (at: number) => {
      const w = new ChunkWriter(at);
      w.u8(0x0f); w.u8(1); w.u8(1); w.u8(0);
      w.u8(0x0c);
      w.u8(1);
      w.u32(0x5678);
      w.u32(w.pos + 4);
      w.definition(root);
      w.values(values);
      w.u8(0x00);
      return Buffer.from(w.bytes);
    },
  };
}

// Value encoders.
export const v = {
  u8: (n: number): Value => ({ type: 0x04, bytes: Buffer.from([n]) }),
  i8: (n: number): Value => ({ type: 0x03, bytes: Buffer.from([n & 0xff]) }),
  u16: (n: number): Value => { const b = Buffer.alloc(2); b.writeUInt16LE(n); return { type: 0x06, bytes: b }; },
  i32: (n: number): Value => { const b = Buffer.alloc(4); b.writeInt32LE(n); return { type: 0x07, bytes: b }; },
  u32: (n: number): Value => { const b = Buffer.alloc(4); b.writeUInt32LE(n); return { type: 0x08, bytes: b }; },
  u64: (n: bigint): Value => { const b = Buffer.alloc(8); b.writeBigUInt64LE(n); return { type: 0x0a, bytes: b }; },
  i64: (n: bigint): Value => { const b = Buffer.alloc(8); b.writeBigInt64LE(n); return { type: 0x09, bytes: b }; },
  f64: (n: number): Value => { const b = Buffer.alloc(8); b.writeDoubleLE(n); return { type: 0x0c, bytes: b }; },
  bool: (x: boolean): Value => { const b = Buffer.alloc(4); b.writeUInt32LE(x ? 1 : 0); return { type: 0x0d, bytes: b }; },
  str: (s: string): Value => ({ type: 0x01, bytes: Buffer.from(s, 'utf16le') }),
  ansi: (s: string): Value => ({ type: 0x02, bytes: Buffer.from(s, 'latin1') }),
  strArray: (xs: string[]): Value => ({ type: 0x81, bytes: Buffer.from(xs.map((x) => x + '\0').join(''), 'utf16le') }),
  binary: (hex: string): Value => ({ type: 0x0e, bytes: Buffer.from(hex, 'hex') }),
  guid: (bytesHex: string): Value => ({ type: 0x0f, bytes: Buffer.from(bytesHex, 'hex') }),
  filetime: (ticks: bigint): Value => { const b = Buffer.alloc(8); b.writeBigUInt64LE(ticks); return { type: 0x11, bytes: b }; },
  systime: (y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): Value => {
    const b = Buffer.alloc(16);
    [y, mo, 0, d, h, mi, s, ms].forEach((x, i) => b.writeUInt16LE(x, i * 2));
    return { type: 0x12, bytes: b };
  },
  sid: (rev: number, auth: number, subs: number[]): Value => {
    const b = Buffer.alloc(8 + 4 * subs.length);
    b[0] = rev; b[1] = subs.length; b.writeUIntBE(auth, 2, 6);
    subs.forEach((s, i) => b.writeUInt32LE(s, 8 + 4 * i));
    return { type: 0x13, bytes: b };
  },
  hex32: (n: number): Value => { const b = Buffer.alloc(4); b.writeUInt32LE(n); return { type: 0x14, bytes: b }; },
  hex64: (n: bigint): Value => { const b = Buffer.alloc(8); b.writeBigUInt64LE(n); return { type: 0x15, bytes: b }; },
  null: (): Value => ({ type: 0x00, bytes: Buffer.alloc(0) }),
  u16Array: (xs: number[]): Value => { const b = Buffer.alloc(2 * xs.length); xs.forEach((x, i) => b.writeUInt16LE(x, 2 * i)); return { type: 0x86, bytes: b }; },
  guidArray: (hexes: string[]): Value => ({ type: 0x8f, bytes: Buffer.from(hexes.join(''), 'hex') }),
  sizeT64: (n: bigint): Value => { const b = Buffer.alloc(8); b.writeBigUInt64LE(n); return { type: 0x10, bytes: b }; },
};

/**
 * A Sysmon process creation (Event ID 1) template; substitutions: 0 EventID (u16), 1 SystemTime
 * (FILETIME), 2 EventRecordID (u64), 3 Image, 4 ParentImage, 5 CommandLine (strings).
 */
export const SYSMON_PROCESS_CREATION: El = {
  name: 'Event',
  attrs: [['xmlns', [{ text: 'http://schemas.microsoft.com/win/2004/08/events/event' }]]],
  kids: [
    {
      name: 'System',
      kids: [
        { name: 'Provider', attrs: [['Name', [{ text: 'Microsoft-Windows-Sysmon' }]]] },
        { name: 'EventID', kids: [{ sub: 0, type: 0x06 }] },
        { name: 'TimeCreated', attrs: [['SystemTime', [{ sub: 1, type: 0x11 }]]] },
        { name: 'EventRecordID', kids: [{ sub: 2, type: 0x0a }] },
        { name: 'Channel', kids: [{ text: 'Microsoft-Windows-Sysmon/Operational' }] },
        { name: 'Computer', kids: [{ text: 'WEB-IIS01.corp.telco.example' }] },
      ],
    },
    {
      name: 'EventData',
      kids: [
        { name: 'Data', attrs: [['Name', [{ text: 'Image' }]]], kids: [{ sub: 3, type: 0x01 }] },
        { name: 'Data', attrs: [['Name', [{ text: 'ParentImage' }]]], kids: [{ sub: 4, type: 0x01 }] },
        { name: 'Data', attrs: [['Name', [{ text: 'CommandLine' }]]], kids: [{ sub: 5, type: 0x01 }] },
      ],
    },
  ],
};
