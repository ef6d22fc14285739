/**
 * Value tests beyond text: CIDR ranges (IPv4 by integer range, IPv6 through ipaddr.js), numeric
 * comparisons (gt/gte/lt/lte, exact for 64-bit integers), and parts of timestamps (minute ... year).
 */
import ipaddr from 'ipaddr.js';
import type { FieldValue } from '../events/event.js';
import { parseTimestamp } from '../events/timestamp.js';
import { RuleError } from './rule-error.js';
import type { TextTest } from './text-matchers.js';
import type { CompareOp, TimePart } from './values.js';

const IPV4_BITS = 32;
const IPV6_BITS = 128;
/** An IPv4 address written as IPv6 (`::ffff:10.0.0.1`) is tested as the IPv4 address. */
const IPV4_MAPPED_PREFIX = '::ffff:';
/** Longer decimal digit strings may exceed 2^53 and are compared as BigInt (15 digits < 2^53). */
const MAX_EXACT_DECIMAL_LENGTH = 15;
/** Longer `0x…` strings (14 hex digits or more may exceed 2^53) are compared as BigInt. */
const MAX_EXACT_HEX_LENGTH = 15;
const MS_PER_DAY = 86_400_000;

function ipv4ToInt(s: string): number {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return -1;
  let n = 0;
  for (let i = 1; i <= 4; i++) {
    const o = Number(m[i]);
    if (o > 255) return -1;
    n = n * 256 + o;
  }
  return n;
}

export function cidrTest(cidr: string, where: string): TextTest {
  let range: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    range = cidr.includes('/') ? ipaddr.parseCIDR(cidr) : (() => {
      const a = ipaddr.parse(cidr);
      return [a, a.kind() === 'ipv4' ? IPV4_BITS : IPV6_BITS] as [ipaddr.IPv4 | ipaddr.IPv6, number];
    })();
  } catch {
    throw new RuleError('invalid', `invalid CIDR '${cidr}' in '${where}'`);
  }
  const [net, bits] = range;
  if (net.kind() === 'ipv4') {
    const base = ipv4ToInt(net.toString());
    const size = 2 ** (IPV4_BITS - bits);
    const start = base - (base % size);
    return (text) => {
      let s = text.trim();
      if (s.startsWith(IPV4_MAPPED_PREFIX)) s = s.slice(IPV4_MAPPED_PREFIX.length);
      const n = ipv4ToInt(s);
      return n >= 0 && n >= start && n < start + size;
    };
  }
  return (text) => {
    let s = text.trim();
    const pct = s.indexOf('%');
    if (pct > 0) s = s.slice(0, pct);
    if (!ipaddr.isValid(s)) return false;
    const a = ipaddr.parse(s);
    return a.kind() === 'ipv6' && (a as ipaddr.IPv6).match(range as [ipaddr.IPv6, number]);
  };
}

export function compareNumber(op: CompareOp, n: number): (x: number | bigint) => boolean {
  switch (op) {
    case 'gt':
      return (x) => x > n;
    case 'gte':
      return (x) => x >= n;
    case 'lt':
      return (x) => x < n;
    case 'lte':
      return (x) => x <= n;
  }
}

/**
 * A field value as a number for gt/gte/lt/lte. Integers too long for a double (EVTX 64-bit values
 * beyond 2^53 arrive as their exact digits) become BigInt, which JavaScript compares exactly with a number.
 */
export function toNumber(v: FieldValue): number | bigint {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '') {
    const t = v.trim();
    if (/^0x[0-9a-f]+$/i.test(t)) return t.length > MAX_EXACT_HEX_LENGTH ? BigInt(t) : parseInt(t, 16);
    return t.length > MAX_EXACT_DECIMAL_LENGTH && /^-?\d+$/.test(t) ? BigInt(t) : Number(t);
  }
  return NaN;
}

function isoWeek(d: Date): number {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  return Math.ceil(((t.getTime() - yearStart) / MS_PER_DAY + 1) / 7);
}

export function timePartOf(part: TimePart, v: FieldValue): number {
  const ms = parseTimestamp(v);
  if (Number.isNaN(ms)) return NaN;
  const d = new Date(ms);
  switch (part) {
    case 'minute':
      return d.getUTCMinutes();
    case 'hour':
      return d.getUTCHours();
    case 'day':
      return d.getUTCDate();
    case 'week':
      return isoWeek(d);
    case 'month':
      return d.getUTCMonth() + 1;
    case 'year':
      return d.getUTCFullYear();
  }
}
