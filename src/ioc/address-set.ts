/**
 * IPv4 and IPv6 addresses and CIDR blocks: one hash map per prefix length that occurs, so a lookup
 * costs at most one probe per distinct prefix length (33 for IPv4, 129 for IPv6), whatever the
 * number of blocks; it stops at the most specific match. Exact addresses are the /32 and /128
 * entries.
 */

export class AddressSet<T> {
  private readonly v4 = new Map<number, Map<number, T>>();
  private v4Lengths: number[] = [];
  /**
   * One bit per /24 network that holds or overlaps an entry of length 12 or more: a random address
   * outside every block costs one bit test instead of a probe per prefix length. Blocks shorter than
   * /12 are probed for every address (`shortV4`).
   */
  private v4Bits: Uint32Array | undefined;
  private shortV4: number[] = [];
  private readonly v6 = new Map<number, Map<string, T>>();
  private v6Lengths: number[] = [];

  get hasV4(): boolean {
    return this.v4Lengths.length > 0;
  }

  get hasV6(): boolean {
    return this.v6Lengths.length > 0;
  }

  /**
   * Add `value` (an address or `addr/len`); returns the existing entry for the same block if any.
   * Throws on a value that is not an address or block.
   */
  add(value: string, entry: T): T {
    const slash = value.indexOf('/');
    const addr = slash < 0 ? value : value.slice(0, slash);
    const bits = slash < 0 ? -1 : Number(value.slice(slash + 1));
    const ip = parseV4(addr, 0, addr.length);
    if (ip >= 0) {
      if (slash >= 0 && !(Number.isInteger(bits) && bits >= 0 && bits <= 32)) throw new Error(`bad prefix length: ${value}`);
      return this.addV4(ip, bits < 0 ? 32 : bits, entry);
    }
    const parts = [0, 0, 0, 0, 0, 0, 0, 0];
    if (!parseV6(addr, 0, addr.length, parts)) throw new Error(`not an IP address: ${value}`);
    if (slash >= 0 && !(Number.isInteger(bits) && bits >= 0 && bits <= 128)) throw new Error(`bad prefix length: ${value}`);
    return this.addV6(parts, bits < 0 ? 128 : bits, entry);
  }

  private addV4(ip: number, len: number, entry: T): T {
    const key = v4Key(ip, len);
    let m = this.v4.get(len);
    if (!m) {
      m = new Map();
      this.v4.set(len, m);
      this.v4Lengths = [...this.v4.keys()].sort((a, b) => b - a);
      this.shortV4 = this.v4Lengths.filter((l) => l < 12);
    }
    const old = m.get(key);
    if (old !== undefined) return old;
    m.set(key, entry);
    if (len >= 12) {
      const bits = (this.v4Bits ??= new Uint32Array(1 << 19));
      const first = len >= 24 ? ip >>> 8 : (key << (24 - len)) >>> 0;
      const count = len >= 24 ? 1 : 1 << (24 - len);
      for (let n = first; n < first + count; n++) bits[n >>> 5]! |= 1 << (n & 31);
    }
    return entry;
  }

  private addV6(parts: readonly number[], len: number, entry: T): T {
    const key = v6Key(parts, len);
    let m = this.v6.get(len);
    if (!m) {
      m = new Map();
      this.v6.set(len, m);
      this.v6Lengths = [...this.v6.keys()].sort((a, b) => b - a);
    }
    const old = m.get(key);
    if (old !== undefined) return old;
    m.set(key, entry);
    return entry;
  }

  /** The most specific entry (address, else longest block) containing the IPv4 address `ip`. */
  matchV4(ip: number): T | undefined {
    const bits = this.v4Bits;
    const net = ip >>> 8;
    const lengths = !bits || (bits[net >>> 5]! & (1 << (net & 31))) === 0 ? this.shortV4 : this.v4Lengths;
    for (let i = 0; i < lengths.length; i++) {
      const len = lengths[i]!;
      const e = this.v4.get(len)!.get(v4Key(ip, len));
      if (e !== undefined) return e;
    }
    return undefined;
  }

  /** The most specific entry containing the IPv6 address given as eight 16-bit parts. */
  matchV6(parts: readonly number[]): T | undefined {
    for (const len of this.v6Lengths) {
      const e = this.v6.get(len)!.get(v6Key(parts, len));
      if (e !== undefined) return e;
    }
    return undefined;
  }
}

function v4Key(ip: number, len: number): number {
  return len === 0 ? 0 : ip >>> (32 - len);
}

function v6Key(parts: readonly number[], len: number): string {
  let key = '';
  let left = len;
  for (let i = 0; i < 8 && left > 0; i++) {
    const keep = Math.min(16, left);
    const part = parts[i]! & ((0xffff << (16 - keep)) & 0xffff);
    key += part.toString(16) + ':';
    left -= keep;
  }
  return key;
}

/**
 * Dotted-quad IPv4 in `s[a, b)` without allocating; -1 when it is not exactly four decimal octets
 * (leading zeros accepted, as Windows logs never write octal).
 */
export function parseV4(s: string, a: number, b: number): number {
  let ip = 0;
  let octet = -1;
  let dots = 0;
  let digits = 0;
  for (let i = a; i < b; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (++digits > 3) return -1;
      octet = (octet < 0 ? 0 : octet * 10) + (c - 48);
    } else if (c === 46) {
      if (octet < 0 || octet > 255 || ++dots > 3) return -1;
      ip = ip * 256 + octet;
      octet = -1;
      digits = 0;
    } else return -1;
  }
  if (dots !== 3 || octet < 0 || octet > 255) return -1;
  return ip * 256 + octet;
}

/**
 * IPv6 in `s[a, b)` (lower- or upper-case hex, `::`, a trailing dotted IPv4) into eight 16-bit
 * parts, without ipaddr.js or regular expressions; false when it is not an IPv6 address.
 */
export function parseV6(s: string, a: number, b: number, out: number[]): boolean {
  let n = 0; // parts written before '::'
  let gap = -1; // index in out where '::' sits
  let i = a;
  if (b - a < 2) return false;
  if (s.charCodeAt(i) === 58) {
    if (s.charCodeAt(i + 1) !== 58) return false;
    gap = 0;
    i += 2;
    if (i === b) {
      for (let k = 0; k < 8; k++) out[k] = 0;
      return true;
    }
  }
  while (i < b) {
    // One group: up to 4 hex digits, or a dotted IPv4 as the last two groups.
    let v = 0;
    let digits = 0;
    const start = i;
    while (i < b) {
      const c = s.charCodeAt(i);
      let d: number;
      if (c >= 48 && c <= 57) d = c - 48;
      else if (c >= 97 && c <= 102) d = c - 87;
      else if (c >= 65 && c <= 70) d = c - 55;
      else break;
      v = v * 16 + d;
      if (++digits > 4) return false;
      i++;
    }
    if (i < b && s.charCodeAt(i) === 46) {
      const ip = parseV4(s, start, b);
      if (ip < 0 || n > 6) return false;
      out[n++] = ip >>> 16;
      out[n++] = ip & 0xffff;
      i = b;
      break;
    }
    if (digits === 0) return false;
    if (n >= 8) return false;
    out[n++] = v;
    if (i === b) break;
    if (s.charCodeAt(i) !== 58) return false;
    i++;
    if (i < b && s.charCodeAt(i) === 58) {
      if (gap >= 0) return false;
      gap = n;
      i++;
      if (i === b) break;
    } else if (i === b) return false;
  }
  if (gap < 0) return n === 8;
  if (n > 7) return false;
  const tail = n - gap;
  for (let k = 7; k >= 8 - tail; k--) out[k] = out[k - (8 - n)]!;
  for (let k = gap; k < 8 - tail; k++) out[k] = 0;
  return true;
}
