/**
 * Which addresses count as indicators: one policy for every importer (STIX, MISP, CSV, free text,
 * bare indicator lists), applied in one place (`importIntel`).
 *
 * An address that is not public names a different machine in every network: a 10.x "C2" from
 * someone else's incident matches your own file server, 127.0.0.1 matches every health check. So
 * IPv4 and IPv6 addresses and CIDR blocks that lie inside a non-public range are dropped and
 * reported with their range: private (RFC 1918), carrier-grade NAT (100.64.0.0/10, subscriber
 * space at a mobile operator), loopback, link-local, multicast, broadcast, unspecified, IPv6
 * unique-local and site-local, and the reserved blocks (documentation, benchmarking, future use,
 * AS112, AMT, discard, ORCHID). Kept: public unicast, and the IPv6 transition forms that carry a
 * public address (6to4, Teredo, NAT64 `64:ff9b::/96`, RFC 6145). A CIDR block is dropped when its
 * first and last addresses lie in the same non-public range; a block that reaches into public
 * space is kept.
 *
 * `cellwatch intel import --keep-private` keeps them, for a pack of one's own internal indicators
 * (a compromised host at 10.2.3.4); a cellwatch pack is read as written, since the policy was
 * applied when it was made.
 */
import ipaddr from 'ipaddr.js';
import type { Indicator } from './indicator.js';

/** A non-public address or block found in an intel file, with the name of its range. */
export interface NonPublicAddress {
  value: string;
  range: string;
}

const PUBLIC_RANGES = new Set(['unicast', '6to4', 'teredo', 'rfc6052', 'rfc6145']);

/** ipaddr.js range names in words. */
const RANGE_WORDS: Record<string, string> = {
  private: 'private', carrierGradeNat: 'carrier-grade NAT', loopback: 'loopback', linkLocal: 'link-local',
  multicast: 'multicast', broadcast: 'broadcast', unspecified: 'unspecified', uniqueLocal: 'unique-local',
  deprecatedSiteLocal: 'site-local', reserved: 'reserved', benchmarking: 'benchmarking', as112: 'AS112',
  as112v6: 'AS112', amt: 'AMT', discard: 'discard', deprecatedOrchid: 'ORCHID', orchid2: 'ORCHID',
  ipv4Mapped: 'IPv4-mapped',
};

function rangeOf(address: string): string | undefined {
  return ipaddr.isValid(address) ? ipaddr.parse(address).range() : undefined;
}

/** The last address of a block (host bits set). */
function lastAddress(network: ipaddr.IPv4 | ipaddr.IPv6, bits: number): string {
  const bytes = network.toByteArray();
  for (let i = 0; i < bytes.length; i++) {
    const keep = Math.max(0, Math.min(8, bits - i * 8));
    bytes[i] = bytes[i]! | (0xff >> keep);
  }
  return ipaddr.fromByteArray(bytes).toString();
}

/** The non-public range an address or block lies in, in words; undefined for public addresses and other types. */
export function nonPublicRange(ind: Pick<Indicator, 'type' | 'value'>): string | undefined {
  let range: string | undefined;
  if (ind.type === 'ipv4' || ind.type === 'ipv6') range = rangeOf(ind.value);
  else if (ind.type === 'cidr' && ipaddr.isValidCIDR(ind.value)) {
    const [network, bits] = ipaddr.parseCIDR(ind.value);
    const first = network.range();
    range = rangeOf(lastAddress(network, bits)) === first ? first : undefined;
  }
  if (range === undefined || PUBLIC_RANGES.has(range)) return undefined;
  return RANGE_WORDS[range] ?? range;
}

/** Split indicators into those the policy keeps and the non-public addresses it drops. */
export function dropNonPublic<T extends Indicator>(indicators: readonly T[]): { kept: T[]; dropped: NonPublicAddress[] } {
  const kept: T[] = [];
  const dropped: NonPublicAddress[] = [];
  for (const ind of indicators) {
    const range = nonPublicRange(ind);
    if (range === undefined) kept.push(ind);
    else dropped.push({ value: ind.value, range });
  }
  return { kept, dropped };
}

/** `10.0.0.5 (private), 127.0.0.1 (loopback), …`: the first `max` addresses of a list. */
export function listAddresses(list: readonly NonPublicAddress[], max = 8): string {
  const shown = list.slice(0, max).map((a) => `${a.value} (${a.range})`).join(', ');
  return list.length > max ? `${shown}, … ${list.length - max} more` : shown;
}
