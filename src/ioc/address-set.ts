/**
 * IPv4 and IPv6 addresses and CIDR blocks: one hash map per prefix length that occurs, so a lookup
 * costs one probe per distinct prefix length (at most 33 for IPv4, 129 for IPv6), whatever the
 * number of blocks. Exact addresses are the /32 and /128 entries.
 */
import ipaddr from 'ipaddr.js';

export class AddressSet<T> {
  private readonly v4 = new Map<number, Map<number, T>>();
  private v4Lengths: number[] = [];
  private readonly v6 = new Map<number, Map<string, T>>();
  private v6Lengths: number[] = [];

  get hasV4(): boolean {
    return this.v4Lengths.length > 0;
  }

  get hasV6(): boolean {
    return this.v6Lengths.length > 0;
  }

  /** Add `value` (an address or `addr/len`); returns the existing entry for the same block if any. */
  add(value: string, entry: T): T {
    const [addr, bits] = value.includes('/') ? ipaddr.parseCIDR(value) : [ipaddr.parse(value), -1];
    if (addr.kind() === 'ipv4') {
      const len = bits < 0 ? 32 : bits;
      const key = v4Key(v4Number((addr as ipaddr.IPv4).octets), len);
      let m = this.v4.get(len);
      if (!m) {
        m = new Map();
        this.v4.set(len, m);
        this.v4Lengths = [...this.v4.keys()].sort((a, b) => b - a);
      }
      const old = m.get(key);
      if (old !== undefined) return old;
      m.set(key, entry);
      return entry;
    }
    const len = bits < 0 ? 128 : bits;
    const key = v6Key((addr as ipaddr.IPv6).parts, len);
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

  /** Every block containing the IPv4 address `ip` (unsigned 32-bit), most specific first. */
  matchV4(ip: number, found: (entry: T) => void): void {
    for (const len of this.v4Lengths) {
      const e = this.v4.get(len)!.get(v4Key(ip, len));
      if (e !== undefined) found(e);
    }
  }

  /** Every block containing the IPv6 address given as eight 16-bit parts. */
  matchV6(parts: readonly number[], found: (entry: T) => void): void {
    for (const len of this.v6Lengths) {
      const e = this.v6.get(len)!.get(v6Key(parts, len));
      if (e !== undefined) found(e);
    }
  }
}

export function v4Number(octets: readonly number[]): number {
  return ((octets[0]! << 24) | (octets[1]! << 16) | (octets[2]! << 8) | octets[3]!) >>> 0;
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
