/**
 * The one indicator model every importer produces and the ioc detector consumes, with the
 * normalisation that makes values comparable (case, defanging, hive names, CIDR forms).
 */
import ipaddr from 'ipaddr.js';
import type { Level } from '../findings/finding.js';
import { isLevel } from '../findings/finding.js';

export const INDICATOR_TYPES = [
  'domain', 'ipv4', 'ipv6', 'cidr', 'md5', 'sha1', 'sha256', 'filename', 'url', 'registry', 'service_name', 'av_signature',
] as const;
export type IndicatorType = (typeof INDICATOR_TYPES)[number];

export interface Indicator {
  type: IndicatorType;
  value: string;
  /** Source key (e.g. `mstic-2019`) or the file an indicator was imported from. */
  source: string;
  tags: string[];
  note?: string;
  level?: Level;
  /** ISO 8601; an event before this time does not match. */
  validFrom?: string;
  /** ISO 8601; an event after this time does not match. */
  validUntil?: string;
}

/** Type names accepted in CSV files and other loose inputs, mapped to the model's types. */
const TYPE_ALIASES: Record<string, IndicatorType> = {
  domain: 'domain', hostname: 'domain', host: 'domain', fqdn: 'domain', 'domain-name': 'domain', dns: 'domain',
  ip: 'ipv4', ipv4: 'ipv4', 'ipv4-addr': 'ipv4', 'ip-src': 'ipv4', 'ip-dst': 'ipv4', ipaddress: 'ipv4', ip_address: 'ipv4', address: 'ipv4',
  ipv6: 'ipv6', 'ipv6-addr': 'ipv6',
  cidr: 'cidr', subnet: 'cidr', network: 'cidr', netblock: 'cidr', range: 'cidr',
  md5: 'md5', sha1: 'sha1', 'sha-1': 'sha1', sha256: 'sha256', 'sha-256': 'sha256',
  filename: 'filename', file: 'filename', file_name: 'filename', 'file-name': 'filename', name: 'filename',
  url: 'url', uri: 'url', link: 'url',
  registry: 'registry', regkey: 'registry', registry_key: 'registry', 'registry-key': 'registry', 'windows-registry-key': 'registry',
  service_name: 'service_name', service: 'service_name', servicename: 'service_name', 'windows-service-name': 'service_name',
  'windows-service-displayname': 'service_name', 'service-name': 'service_name',
  av_signature: 'av_signature', 'av-signature': 'av_signature', avsignature: 'av_signature', signature: 'av_signature',
  detection: 'av_signature', threat_name: 'av_signature', 'threat-name': 'av_signature',
};

/**
 * Resolve a type name or alias (case-insensitive); undefined when unknown. `hash` (and `filehash`)
 * take their type from the value's length.
 */
export function indicatorType(name: string, value = ''): IndicatorType | undefined {
  const n = name.trim().toLowerCase().replace(/\s+/g, '_');
  if (n === 'hash' || n === 'filehash' || n === 'file_hash') return hashTypeByLength(value.trim().length) ?? 'sha256';
  return TYPE_ALIASES[n];
}

/** Undo the usual defanging: `[.]`, `(.)`, `{.}`, `[dot]`, `hxxp`, `[:]`, `[://]`, `[@]`. */
export function refang(text: string): string {
  if (!/[[({]|h[x*]{2}p|fxp/i.test(text)) return text;
  return text
    .replace(/\[\s*(?:\.|dot)\s*\]|\(\s*(?:\.|dot)\s*\)|\{\s*(?:\.|dot)\s*\}/gi, '.')
    .replace(/\[\s*:\s*\]/g, ':')
    .replace(/\[\s*:\/\/\s*\]/g, '://')
    .replace(/\[\s*(?:@|at)\s*\]/gi, '@')
    .replace(/\bh(?:xx|XX|\*\*)p(s?)(?=\[?:)/g, 'http$1')
    .replace(/\bfxp(?=\[?:)/gi, 'ftp');
}

const HEX = /^[0-9a-f]+$/;
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.)+[a-z0-9-]{1,63}$/;
const FOUR_PART = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
const FOUR_PART_GROUPS = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Registry hive spellings reduced to one form (`hklm\…`), lower-case. */
export function normaliseRegistryKey(key: string): string {
  let k = key.trim().toLowerCase().replace(/\//g, '\\').replace(/\\{2,}/g, '\\');
  k = k
    .replace(/^\\?registry\\machine(?=\\|$)/, 'hklm')
    .replace(/^\\?registry\\user(?=\\|$)/, 'hku')
    .replace(/^hkey_local_machine(?=\\|$)/, 'hklm')
    .replace(/^hkey_current_user(?=\\|$)/, 'hkcu')
    .replace(/^hkey_users(?=\\|$)/, 'hku')
    .replace(/^hkey_classes_root(?=\\|$)/, 'hkcr')
    .replace(/^hkey_current_config(?=\\|$)/, 'hkcc')
    .replace(/^(hklm|hkcu|hku|hkcr|hkcc):(?=\\|$)/, '$1')
    .replace(/^hklm\\system\\controlset00\d(?=\\|$)/, 'hklm\\system\\currentcontrolset');
  return k.replace(/\\$/, '');
}

/** URL without scheme, lower-case host, no default port and no trailing `/` when the path is empty. */
export function normaliseUrl(url: string): string | undefined {
  const m = /^(?:([a-z][a-z0-9+.-]*):\/\/)?([^/?#\s]+)([^\s]*)$/i.exec(url.trim());
  if (!m) return undefined;
  let host = m[2]!.toLowerCase();
  const at = host.lastIndexOf('@');
  if (at >= 0) host = host.slice(at + 1);
  host = host.replace(/:(80|443)$/, '');
  let rest = m[3] ?? '';
  if (rest === '/') rest = '';
  return (host + rest).toLowerCase();
}

export type Normalised = { ok: true; type: IndicatorType; value: string } | { ok: false; reason: string };

/**
 * Validate and normalise one value of a type. IPv4 values with a prefix become `cidr`; IPv6
 * addresses given as `ipv4` become `ipv6`, and the reverse; hashes are checked against their type.
 */
export function normaliseIndicator(type: IndicatorType, raw: string): Normalised {
  const value = refang(raw.trim()).replace(/^["']|["']$/g, '');
  if (value === '') return { ok: false, reason: 'empty value' };
  switch (type) {
    case 'md5':
    case 'sha1':
    case 'sha256': {
      const v = value.toLowerCase();
      const want = type === 'md5' ? 32 : type === 'sha1' ? 40 : 64;
      if (!HEX.test(v)) return { ok: false, reason: `${type} value is not hexadecimal: ${raw}` };
      if (v.length !== want) {
        return { ok: false, reason: `${type} value has ${v.length} hex digits, expected ${want}: ${raw}` };
      }
      return { ok: true, type, value: v };
    }
    case 'domain': {
      let v = value.toLowerCase().replace(/\.$/, '');
      if (v.startsWith('*.')) v = v.slice(2);
      if (FOUR_PART.test(v)) return normaliseIndicator('ipv4', v);
      if (!DOMAIN.test(v)) return { ok: false, reason: `not a domain name: ${raw}` };
      if (!/[a-z]/.test(v.slice(v.lastIndexOf('.') + 1))) return { ok: false, reason: `not a domain name: ${raw}` };
      return { ok: true, type, value: v };
    }
    case 'ipv4':
    case 'ipv6':
    case 'cidr':
      return normaliseAddress(type, value, raw);
    case 'url': {
      if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value) && !/^[^/\s]+\.[^/\s]+\//.test(value)) {
        return { ok: false, reason: `not a URL: ${raw}` };
      }
      if (!normaliseUrl(value)) return { ok: false, reason: `not a URL: ${raw}` };
      return { ok: true, type, value };
    }
    case 'filename': {
      const v = value.replace(/^.*[\\/]/, '');
      if (v === '' || v === '.' || v === '..') return { ok: false, reason: `not a file name: ${raw}` };
      return { ok: true, type, value: v };
    }
    case 'registry': {
      if (!normaliseRegistryKey(value).includes('\\')) return { ok: false, reason: `registry key needs at least two levels: ${raw}` };
      return { ok: true, type, value: value.replace(/\\$/, '') };
    }
    case 'service_name':
    case 'av_signature':
      return { ok: true, type, value };
  }
}

/**
 * The form the matcher looks values up by: lower-case for every type; URLs without scheme,
 * registry keys with one hive spelling. Two indicators with the same type and match value are one.
 */
export function matchValue(type: IndicatorType, value: string): string {
  if (type === 'url') return normaliseUrl(value) ?? value.toLowerCase();
  if (type === 'registry') return normaliseRegistryKey(value);
  return value.toLowerCase();
}

export function hashTypeByLength(len: number): IndicatorType | undefined {
  return len === 32 ? 'md5' : len === 40 ? 'sha1' : len === 64 ? 'sha256' : undefined;
}

function normaliseAddress(type: IndicatorType, value: string, raw: string): Normalised {
  let v = value.replace(/^\[|\](?::\d+)?$/g, '');
  // `1.2.3.4:443` (MISP ip-dst|port uses `|`, handled by the importer)
  const port = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(v);
  if (port) v = port[1]!;
  const slash = v.indexOf('/');
  if (slash >= 0) {
    if (!ipaddr.isValidCIDR(v)) return { ok: false, reason: `not a CIDR block: ${raw}` };
    const [addr, bits] = ipaddr.parseCIDR(v);
    const max = addr.kind() === 'ipv4' ? 32 : 128;
    if (bits === max) return { ok: true, type: addr.kind() as IndicatorType, value: addressString(addr) };
    return { ok: true, type: 'cidr', value: `${addressString(networkOf(addr, bits))}/${bits}` };
  }
  if (type === 'cidr') return { ok: false, reason: `CIDR block needs a /prefix: ${raw}` };
  if (v.includes(':')) {
    const zone = v.indexOf('%');
    if (zone >= 0) v = v.slice(0, zone);
    if (!ipaddr.IPv6.isValid(v)) return { ok: false, reason: `not an IP address: ${raw}` };
    const a = ipaddr.IPv6.parse(v);
    if (a.isIPv4MappedAddress()) return { ok: true, type: 'ipv4', value: a.toIPv4Address().toString() };
    return { ok: true, type: 'ipv6', value: addressString(a) };
  }
  const m = FOUR_PART_GROUPS.exec(v);
  if (!m) return { ok: false, reason: `not an IP address: ${raw}` };
  const octets = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
  if (octets.some((o) => o > 255)) return { ok: false, reason: `not an IP address: ${raw}` };
  return { ok: true, type: 'ipv4', value: octets.join('.') };
}

function addressString(a: ipaddr.IPv4 | ipaddr.IPv6): string {
  return a.kind() === 'ipv6' ? (a as ipaddr.IPv6).toString() : a.toString();
}

/** The network address of `addr/bits` (host bits cleared). */
export function networkOf(addr: ipaddr.IPv4 | ipaddr.IPv6, bits: number): ipaddr.IPv4 | ipaddr.IPv6 {
  const bytes = addr.toByteArray();
  for (let i = 0; i < bytes.length; i++) {
    const keep = Math.max(0, Math.min(8, bits - i * 8));
    bytes[i] = bytes[i]! & ((0xff << (8 - keep)) & 0xff);
  }
  return ipaddr.fromByteArray(bytes);
}

/** Tags as a clean list: split on `;`, `|` or `,` when given as one string; trimmed, no duplicates. */
export function parseTags(value: unknown): string[] {
  const list = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/[;|,]/) : [];
  const out: string[] = [];
  for (const t of list) {
    const s = t.trim();
    if (s !== '' && !out.includes(s)) out.push(s);
  }
  return out;
}

/** Parse a level name (`high`, `High`, `crit`); undefined when it is not one. */
export function parseLevel(value: string): Level | undefined {
  const v = value.trim().toLowerCase();
  if (isLevel(v)) return v;
  if (v === 'crit') return 'critical';
  if (v === 'info') return 'informational';
  if (v === 'med') return 'medium';
  return undefined;
}

/** Build a normalised indicator or the reason it cannot be one. */
export function makeIndicator(
  type: IndicatorType,
  raw: string,
  rest: Omit<Indicator, 'type' | 'value'>,
): { indicator: Indicator } | { reason: string } {
  const n = normaliseIndicator(type, raw);
  if (!n.ok) return { reason: n.reason };
  const ind: Indicator = { type: n.type, value: n.value, source: rest.source, tags: rest.tags };
  if (rest.note) ind.note = rest.note;
  if (rest.level) ind.level = rest.level;
  if (rest.validFrom) ind.validFrom = rest.validFrom;
  if (rest.validUntil) ind.validUntil = rest.validUntil;
  return { indicator: ind };
}

/** Key that identifies an indicator for de-duplication: type and normalised value. */
export function indicatorKey(ind: Pick<Indicator, 'type' | 'value'>): string {
  return `${ind.type}:${matchValue(ind.type, ind.value)}`;
}
