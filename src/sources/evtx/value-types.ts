/**
 * BinXML value types, rendered as Windows renders them (EvtRender, Event Viewer, `wevtutil qe /f:xml`);
 * docs/evtx-rendering.md has the table. Integers and booleans stay JSON numbers/booleans, except
 * 64-bit integers beyond 2^53, which are strings of their exact digits; strings are kept byte-exact
 * up to the first NUL; GUIDs `{…}` upper-case; FILETIME/SYSTEMTIME `YYYY-MM-DDTHH:MM:SS.fffffff00Z`;
 * binary upper-case hex; hex32/hex64/size_t `0x…` lower-case without padding; SIDs `S-1-…`;
 * arrays comma-joined.
 */
import { EvtxFormatError } from './binxml-tokens.js';

export const VT_NULL = 0x00;
export const VT_STRING = 0x01;
export const VT_ANSI_STRING = 0x02;
export const VT_INT8 = 0x03;
export const VT_UINT8 = 0x04;
export const VT_INT16 = 0x05;
export const VT_UINT16 = 0x06;
export const VT_INT32 = 0x07;
export const VT_UINT32 = 0x08;
export const VT_INT64 = 0x09;
export const VT_UINT64 = 0x0a;
export const VT_REAL32 = 0x0b;
export const VT_REAL64 = 0x0c;
export const VT_BOOL = 0x0d;
export const VT_BINARY = 0x0e;
export const VT_GUID = 0x0f;
export const VT_SIZE_T = 0x10;
export const VT_FILETIME = 0x11;
export const VT_SYSTIME = 0x12;
export const VT_SID = 0x13;
export const VT_HEX_INT32 = 0x14;
export const VT_HEX_INT64 = 0x15;
export const VT_EVT_HANDLE = 0x20;
export const VT_BINXML = 0x21;
export const VT_EVT_XML = 0x23;
export const VT_ARRAY = 0x80;

/** A rendered scalar: text, an integer (a 64-bit one beyond 2^53 as its exact digits), or a boolean. */
export type Scalar = string | number | boolean;

/** Byte size of fixed-size types (0 for variable-size ones). */
export function fixedSize(type: number): number {
  switch (type) {
    case VT_INT8: case VT_UINT8: return 1;
    case VT_INT16: case VT_UINT16: return 2;
    case VT_INT32: case VT_UINT32: case VT_REAL32: case VT_BOOL: case VT_HEX_INT32: return 4;
    case VT_INT64: case VT_UINT64: case VT_REAL64: case VT_FILETIME: case VT_HEX_INT64: return 8;
    case VT_GUID: case VT_SYSTIME: return 16;
    default: return 0;
  }
}

const HEX_UPPER: string[] = [];
for (let i = 0; i < 256; i++) HEX_UPPER.push(i.toString(16).toUpperCase().padStart(2, '0'));

export function hexUpper(b: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += HEX_UPPER[b[i]!]!;
  return s;
}

function u32(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16)) + b[o + 3]! * 0x1000000;
}

export function utf16(b: Buffer, start: number, end: number): string {
  if (end - start < 2) return '';
  // Latin-1 fast path for short strings: every high byte zero.
  const s = b.toString('utf16le', start, end);
  const nul = s.indexOf('\0');
  return nul < 0 ? s : s.slice(0, nul);
}

/** A GUID as Windows writes it (StringFromGUID2): `{0CCE9215-69AE-11D9-BED3-505054503030}`. */
export function formatGuid(b: Uint8Array, o: number): string {
  const h = HEX_UPPER;
  return (
    '{' + h[b[o + 3]!]! + h[b[o + 2]!]! + h[b[o + 1]!]! + h[b[o]!]! + '-' + h[b[o + 5]!]! + h[b[o + 4]!]! + '-' +
    h[b[o + 7]!]! + h[b[o + 6]!]! + '-' + h[b[o + 8]!]! + h[b[o + 9]!]! + '-' + h[b[o + 10]!]! + h[b[o + 11]!]! +
    h[b[o + 12]!]! + h[b[o + 13]!]! + h[b[o + 14]!]! + h[b[o + 15]!]! + '}'
  );
}

const EPOCH_DELTA_S = 11644473600;

function pad2(n: number): string {
  return n < 10 ? '0' + n : '' + n;
}

function isoSeconds(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  const y = d.getUTCFullYear();
  if (Number.isNaN(y)) return '';
  const ys = y >= 0 && y < 10000 ? String(y).padStart(4, '0') : String(y);
  return `${ys}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}T${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
}

/**
 * FILETIME (100 ns ticks since 1601) at `o` as Windows renders it: ISO 8601 with nine fraction
 * digits, the last two always 0 (`2019-07-19T14:42:51.446280900Z`), exact for all 64 bits.
 */
export function formatFiletime(b: Uint8Array, o: number): string {
  // Long division of the 64-bit tick count by 10^7 in 16-bit limbs (no precision loss).
  let r = 0;
  let q = 0;
  for (let i = 3; i >= 0; i--) {
    const limb = b[o + 2 * i]! | (b[o + 2 * i + 1]! << 8);
    const cur = r * 65536 + limb;
    const d = Math.floor(cur / 10000000);
    r = cur - d * 10000000;
    q = q * 65536 + d;
  }
  const head = isoSeconds(q - EPOCH_DELTA_S);
  if (head === '') return '';
  return `${head}.${String(r).padStart(7, '0')}00Z`;
}

/** FILETIME at `o` as epoch milliseconds. */
export function filetimeToMs(b: Uint8Array, o: number): number {
  const ticks = u32(b, o + 4) * 0x100000000 + u32(b, o);
  return Math.floor(ticks / 10000) - EPOCH_DELTA_S * 1000;
}

/** SYSTEMTIME (fields as written, milliseconds precision) in the same nine-digit form as FILETIME. */
export function formatSystemtime(b: Uint8Array, o: number): string {
  const w = (i: number): number => b[o + 2 * i]! | (b[o + 2 * i + 1]! << 8);
  const ms = w(7);
  return `${String(w(0)).padStart(4, '0')}-${pad2(w(1))}-${pad2(w(3))}T${pad2(w(4))}:${pad2(w(5))}:${pad2(w(6))}.${String(ms).padStart(3, '0')}000000Z`;
}

/** A SID as ConvertSidToStringSid writes it; an authority of 2^32 or more in hex (`S-1-0x…`). */
export function formatSid(b: Uint8Array, o: number, size: number): string {
  if (size < 8) return 'S-?';
  const count = b[o + 1]!;
  let authority = 0;
  for (let i = 0; i < 6; i++) authority = authority * 256 + b[o + 2 + i]!;
  const auth = authority < 0x100000000 ? String(authority) : '0x' + hexUpper(b, o + 2, o + 8);
  let s = `S-${b[o]!}-${auth}`;
  for (let i = 0; i < count && 8 + 4 * i + 4 <= size; i++) s += '-' + u32(b, o + 8 + 4 * i);
  return s;
}

function hex64Lower(b: Uint8Array, o: number): string {
  const hi = u32(b, o + 4);
  const lo = u32(b, o);
  return hi === 0 ? '0x' + lo.toString(16) : '0x' + hi.toString(16) + lo.toString(16).padStart(8, '0');
}

/** A 64-bit integer at `o`: a number when it is exact as one, else its exact decimal digits. */
function int64(b: Buffer, o: number, signed: boolean): number | string {
  const hi = signed ? b.readInt32LE(o + 4) : u32(b, o + 4);
  const n = hi * 0x100000000 + u32(b, o);
  if (Number.isSafeInteger(n)) return n;
  return (signed ? b.readBigInt64LE(o) : b.readBigUInt64LE(o)).toString();
}

function formatFloat(v: number, single: boolean): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  let s: string;
  if (single) {
    s = String(v);
    for (let p = 1; p <= 9; p++) {
      const t = v.toPrecision(p);
      if (Math.fround(Number(t)) === v) {
        s = String(Number(t));
        break;
      }
    }
  } else s = String(v);
  if (/^-?\d+$/.test(s)) s += '.0';
  return s.replace('e+', 'e');
}

/** Decode one scalar (non-array, non-BinXML) value; null for NULL or empty values. */
export function decodeScalar(b: Buffer, type: number, o: number, size: number): Scalar | null {
  switch (type) {
    case VT_NULL:
      return null;
    case VT_STRING:
      // Byte-exact: trailing spaces are data (`NtLmSsp `); evtx_dump trims them, Windows does not.
      return utf16(b, o, o + (size & ~1));
    case VT_ANSI_STRING: {
      const s = b.toString('latin1', o, o + size);
      const nul = s.indexOf('\0');
      return nul < 0 ? s : s.slice(0, nul);
    }
    case VT_BINARY:
      return hexUpper(b, o, o + size);
    case VT_SID:
      return formatSid(b, o, size);
    case VT_SIZE_T:
      if (size === 4) return '0x' + u32(b, o).toString(16);
      if (size === 8) return hex64Lower(b, o);
      return hexUpper(b, o, o + size);
    case VT_EVT_HANDLE:
    case VT_EVT_XML:
      return hexUpper(b, o, o + size);
  }
  const need = fixedSize(type);
  if (need === 0) throw new EvtxFormatError(o, `unknown value type 0x${type.toString(16)}`);
  if (size < need) throw new EvtxFormatError(o, `value of type 0x${type.toString(16)} has ${size} bytes, needs ${need}`);
  switch (type) {
    case VT_INT8: return (b[o]! << 24) >> 24;
    case VT_UINT8: return b[o]!;
    case VT_INT16: return ((b[o]! | (b[o + 1]! << 8)) << 16) >> 16;
    case VT_UINT16: return b[o]! | (b[o + 1]! << 8);
    case VT_INT32: return b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24);
    case VT_UINT32: return u32(b, o);
    case VT_INT64: return int64(b, o, true);
    case VT_UINT64: return int64(b, o, false);
    case VT_REAL32: return formatFloat(b instanceof Buffer ? b.readFloatLE(o) : 0, true);
    case VT_REAL64: return formatFloat(b.readDoubleLE(o), false);
    case VT_BOOL: return u32(b, o) !== 0;
    case VT_GUID: return formatGuid(b, o);
    case VT_FILETIME: return formatFiletime(b, o);
    case VT_SYSTIME: return formatSystemtime(b, o);
    case VT_HEX_INT32: return '0x' + u32(b, o).toString(16);
    case VT_HEX_INT64: return hex64Lower(b, o);
  }
  throw new EvtxFormatError(o, `unknown value type 0x${type.toString(16)}`);
}

/** Decode an array value (type has the 0x80 bit) as comma-joined text. */
export function decodeArray(b: Buffer, type: number, o: number, size: number): string {
  const base = type & 0x7f;
  if (base === VT_STRING || base === VT_ANSI_STRING) {
    const s = base === VT_STRING ? b.toString('utf16le', o, o + (size & ~1)) : b.toString('latin1', o, o + size);
    const parts = s.split('\0');
    if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
    return parts.join(',');
  }
  let width = fixedSize(base);
  if (base === VT_SIZE_T) width = 8;
  if (width === 0) return hexUpper(b, o, o + size);
  const out: string[] = [];
  for (let p = o; p + width <= o + size; p += width) out.push(String(decodeScalar(b, base, p, width)));
  return out.join(',');
}
