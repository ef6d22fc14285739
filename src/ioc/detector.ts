/**
 * The indicator detector: every string in an event is tokenised once into host-like candidates,
 * hex runs and path names, and each candidate is looked up in hash sets (domains by label suffix,
 * hashes, file names, service and detection names), per-prefix-length address maps (IPs and CIDR),
 * or an Aho-Corasick automaton (URLs and registry keys, which can sit anywhere inside a string).
 * The work per event depends on the event, not on the number of indicators.
 *
 * Matching rules (see README "Indicator matching"):
 * - domain `evil.ddns.net` matches a host equal to it or ending in `.evil.ddns.net`, compared by
 *   whole labels, case-insensitively: `x.evil.ddns.net` matches; `notevil.ddns.net` and
 *   `evil.ddns.net.example` do not. Hosts are found anywhere: URLs, UNC paths, e-mail addresses,
 *   DNS query fields, command lines (a host is a run of letters, digits, `.`, `-`, `_`).
 * - IPv4/IPv6 addresses match exactly (IPv4-mapped IPv6 `::ffff:a.b.c.d` counts as a.b.c.d);
 *   CIDR blocks match every address inside them.
 * - hashes match a whole run of 32, 40 or 64 hex digits (so inside Sysmon `Hashes` strings); the
 *   IMPHASH value of a `Hashes` string is not a file hash and is skipped.
 * - file names match the last path element of path-like fields (Image, TargetFilename,
 *   cs-uri-stem, …) and whole path-delimited words of any string, case-insensitively.
 * - URLs match case-insensitively without their scheme, as a prefix of a URL in the event that
 *   ends at a boundary (`evil.com/a` matches `evil.com/a?x=1` and `evil.com/a/b`, not `evil.com/ab`);
 *   W3C/Zeek host and path fields are also joined.
 * - registry keys match a key or any of its subkeys, with hive spellings unified (HKLM,
 *   HKEY_LOCAL_MACHINE, \REGISTRY\MACHINE; ControlSet00N as CurrentControlSet).
 * - service names match service-name fields (Security 4697, System 7045 ServiceName, SCM param1),
 *   the key under `…\Services\` in registry paths and `sc create|config NAME` command lines.
 * - antivirus detection names match Defender `Threat Name` (1006/1116/1117…) and similar fields.
 * - an indicator with validFrom/validUntil only matches events whose time lies in that window
 *   (events without a time always match).
 */
import ipaddr from 'ipaddr.js';
import type { Indicator, IndicatorType } from '../intel/indicator.js';
import { indicatorKey, matchValue, normaliseIndicator } from '../intel/indicator.js';
import type { Detector, Emit } from '../findings/detector.js';
import type { Finding, Level } from '../findings/finding.js';
import type { FieldValue, HuntEvent } from '../events/event.js';
import { toIso } from '../events/timestamp.js';
import { AddressSet, parseV4 } from './address-set.js';
import { AhoCorasick } from './aho-corasick.js';

/** Indicators that share a type and match value, and the per-event mark that dedupes findings. */
interface Entry {
  type: IndicatorType;
  indicators: Indicator[];
  from: number[];
  until: number[];
  stamp: number;
}

const TYPE_LABEL: Record<IndicatorType, string> = {
  domain: 'Domain', ipv4: 'IPv4', ipv6: 'IPv6', cidr: 'CIDR', md5: 'MD5', sha1: 'SHA-1', sha256: 'SHA-256',
  filename: 'File name', url: 'URL', registry: 'Registry key', service_name: 'Service name', av_signature: 'Antivirus signature',
};

const DEFAULT_LEVEL: Record<IndicatorType, Level> = {
  domain: 'high', ipv4: 'high', ipv6: 'high', cidr: 'high', md5: 'high', sha1: 'high', sha256: 'high', url: 'high',
  av_signature: 'high', filename: 'medium', registry: 'medium', service_name: 'medium',
};

// Field kinds, by field name (cached per name).
const K_PATH = 1;
const K_SERVICE = 2;
const K_AV = 4;
const K_SCM_PARAM = 8;
const K_URL_HOST = 16;
const K_URL_PATH = 32;

const PATH_NAMES = new Set([
  'image', 'imageloaded', 'parentimage', 'sourceimage', 'targetimage', 'targetfilename', 'filename', 'file', 'path',
  'filepath', 'executable', 'application', 'processname', 'newprocessname', 'parentprocessname', 'servicefilename',
  'imagepath', 'originalfilename', 'cs-uri-stem', 'uri-stem', 'uri_stem', 'sourcefilename', 'device', 'targetpath',
]);
const PATH_FULL = new Set(['file.name', 'file.path', 'process.name', 'process.executable', 'process.parent.executable', 'process.parent.name', 'dll.path', 'dll.name']);

function fieldKind(name: string): number {
  const n = name.toLowerCase();
  const last = n.slice(n.lastIndexOf('.') + 1);
  let k = 0;
  if (PATH_FULL.has(n) || PATH_NAMES.has(last)) k |= K_PATH;
  if (/^(servicename|service_name|service\.name|servicedisplayname|service_display_name)$/.test(last === n ? n : n.replace(/^winlog\.event_data\./, ''))) k |= K_SERVICE;
  if (/^(threat name|threatname|threat\.name|threat_name|virusname|virus_name|detectionname|malwarename)$/.test(n)) k |= K_AV;
  if (n === 'param1') k |= K_SCM_PARAM;
  if (/^(cs-host|cs\(host\)|host|url\.domain|destination\.domain|http\.host)$/.test(n)) k |= K_URL_HOST;
  if (/^(cs-uri-stem|uri|url\.path|http\.uri)$/.test(n)) k |= K_URL_PATH;
  return k;
}

const HOST_FIELDS = ['Computer', 'host', 'hostname', 'host.name', 'host.hostname', 'computer_name', 'ComputerName', 's-computername', 'agent.hostname', 'Hostname', 'WorkstationName'];

/** Character classes, by UTF-16 code (ASCII only; everything else separates). */
const HOSTISH = new Uint8Array(128);
const HEXCH = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9._:-]/.test(ch)) HOSTISH[c] = 1;
  if (/[0-9A-Fa-f]/.test(ch)) HEXCH[c] = 1;
}
const isHostish = (c: number): boolean => c < 128 && HOSTISH[c] === 1;
const isHex = (c: number): boolean => c < 128 && HEXCH[c] === 1;
/** Characters that may sit right before / after a whole file name in free text. */
const NAME_BEFORE = new Set([' ', '\t', '"', "'", '\\', '/', '=', '(', ',', '>', '[', '\n', '\r']);
const NAME_AFTER = new Set([' ', '\t', '"', "'", ',', ')', ';', '<', ']', ':', '\n', '\r']);
/** After a URL prefix: a boundary unless the URL goes on with the same word. */
const URL_CONT = /[a-z0-9_~%.-]/;
const REG_AFTER = new Set(['\\', '"', "'", ' ', ',', ';', ')', '\t', '\n', '\r']);

export class IocDetector implements Detector {
  readonly name = 'ioc' as const;
  readonly size: number;
  /** Indicators that could not be used (invalid values), `type value: reason`. */
  readonly rejected: string[] = [];
  private readonly entries: Entry[] = [];
  private readonly domains = new Map<string, Entry>();
  private readonly domainTlds = new Set<string>();
  private readonly addresses = new AddressSet<Entry>();
  private readonly hashes = new Map<string, Entry>();
  private readonly filenames = new Map<string, Entry>();
  private readonly services = new Map<string, Entry>();
  private readonly avNames = new Map<string, Entry>();
  private readonly urlEntries: Entry[] = [];
  private readonly urlPatterns: string[] = [];
  private readonly regEntries: Entry[] = [];
  private readonly regPatterns: string[] = [];
  private readonly urls: AhoCorasick;
  private readonly registry: AhoCorasick;
  private readonly kinds = new Map<string, number>();
  private stamp = 0;
  // Per-event state (the detector is used by one thread at a time).
  private event!: HuntEvent;
  private emit!: Emit;

  constructor(indicators: readonly Indicator[]) {
    const byKey = new Map<string, Entry>();
    for (const given of indicators) {
      // Importers already normalise; indicators built by hand are normalised (or rejected) here.
      const n = normaliseIndicator(given.type, given.value);
      if (!n.ok) {
        this.rejected.push(`${given.type} ${given.value}: ${n.reason}`);
        continue;
      }
      const ind = n.type === given.type && n.value === given.value ? given : { ...given, type: n.type, value: n.value };
      const key = indicatorKey(ind);
      let e = byKey.get(key);
      if (!e) {
        e = { type: ind.type, indicators: [], from: [], until: [], stamp: 0 };
        byKey.set(key, e);
        this.index(ind.type, matchValue(ind.type, ind.value), e);
      }
      if (e.indicators.some((x) => x.source === ind.source)) continue;
      e.indicators.push(ind);
      e.from.push(ind.validFrom ? Date.parse(ind.validFrom) : -Infinity);
      e.until.push(ind.validUntil ? Date.parse(ind.validUntil) : Infinity);
    }
    this.entries = [...byKey.values()];
    this.size = indicators.length - this.rejected.length;
    this.urls = new AhoCorasick(this.urlPatterns);
    this.registry = new AhoCorasick(this.regPatterns);
  }

  private index(type: IndicatorType, value: string, e: Entry): void {
    switch (type) {
      case 'domain':
        this.domains.set(value, e);
        this.domainTlds.add(value.slice(value.lastIndexOf('.') + 1));
        break;
      case 'ipv4':
      case 'ipv6':
      case 'cidr':
        this.addresses.add(value, e);
        break;
      case 'md5':
      case 'sha1':
      case 'sha256':
        this.hashes.set(value, e);
        break;
      case 'filename':
        this.filenames.set(value, e);
        break;
      case 'service_name':
        this.services.set(value.trim(), e);
        break;
      case 'av_signature':
        this.avNames.set(value.trim(), e);
        break;
      case 'url':
        this.urlPatterns.push(value);
        this.urlEntries.push(e);
        break;
      case 'registry':
        this.regPatterns.push(value);
        this.regEntries.push(e);
        break;
    }
  }

  examine(event: HuntEvent, emit: Emit): void {
    this.stamp++;
    this.event = event;
    this.emit = emit;
    const fields = event.fields;
    let urlHost: string | undefined;
    let urlPath: string | undefined;
    let urlPathField = '';
    for (const name in fields) {
      const value = fields[name] as FieldValue;
      if (value === null || value === undefined) continue;
      let kind = this.kinds.get(name);
      if (kind === undefined) {
        kind = fieldKind(name);
        this.kinds.set(name, kind);
      }
      if (typeof value === 'string') {
        if (value.length === 0) continue;
        this.scanValue(name, value, kind);
        if (kind & K_URL_HOST) urlHost = value;
        if (kind & K_URL_PATH && value.startsWith('/')) {
          urlPath = value;
          urlPathField = name;
        }
      } else if (Array.isArray(value)) {
        for (const v of value) if (typeof v === 'string' && v.length > 0) this.scanValue(name, v, kind);
      }
    }
    if (urlHost !== undefined && urlPath !== undefined && this.urls.size > 0) {
      const joined = urlHost + urlPath;
      this.scanUrls(urlPathField, joined, joined.toLowerCase());
    }
  }

  private scanValue(field: string, s: string, kind: number): void {
    this.scanTokens(field, s);
    if (kind !== 0) {
      if (kind & K_PATH && this.filenames.size > 0) {
        let p = s.trim();
        if (p.startsWith('"')) {
          const q = p.indexOf('"', 1);
          p = q > 0 ? p.slice(1, q) : p.slice(1);
        }
        const base = p.slice(Math.max(p.lastIndexOf('\\'), p.lastIndexOf('/')) + 1).toLowerCase();
        const e = this.filenames.get(base);
        if (e) this.hit(e, field, s);
      }
      if (kind & K_SERVICE && this.services.size > 0) {
        const e = this.services.get(s.trim().toLowerCase());
        if (e) this.hit(e, field, s);
      }
      if (kind & K_SCM_PARAM && this.services.size > 0 && /service control manager/i.test(String(this.event.fields.Provider_Name ?? ''))) {
        const e = this.services.get(s.trim().toLowerCase());
        if (e) this.hit(e, field, s);
      }
      if (kind & K_AV && this.avNames.size > 0) {
        const e = this.avNames.get(s.trim().toLowerCase());
        if (e) this.hit(e, field, s);
      }
    }
    const needUrl = this.urls.size > 0 && s.indexOf('/') >= 0;
    const needReg = (this.registry.size > 0 || this.services.size > 0) && s.indexOf('\\') >= 0;
    const needSc = this.services.size > 0 && s.length > 10 && /\bsc(?:\.exe)?["']?\s/i.test(s);
    if (!needUrl && !needReg && !needSc) return;
    const lower = s.toLowerCase();
    if (needUrl) this.scanUrls(field, s, lower);
    if (needReg) this.scanRegistry(field, s, lower);
    if (needSc) {
      const m = /\bsc(?:\.exe)?["']?\s+(?:\\\\\S+\s+)?(?:create|config|start|stop|delete|failure|description)\s+("[^"]+"|\S+)/.exec(lower);
      if (m) {
        const e = this.services.get(m[1]!.replace(/^"|"$/g, ''));
        if (e) this.hit(e, field, s);
      }
    }
  }

  /** Host-like runs: domains, IPv4, IPv6, hashes and whole file names. */
  private scanTokens(field: string, s: string): void {
    const n = s.length;
    let i = 0;
    while (i < n) {
      while (i < n && !isHostish(s.charCodeAt(i))) i++;
      const a = i;
      let colons = 0;
      while (i < n && isHostish(s.charCodeAt(i))) {
        if (s.charCodeAt(i) === 58) colons++;
        i++;
      }
      const b = i;
      if (b - a < 3) continue;
      if (colons === 0) {
        this.candidate(field, s, a, b);
        continue;
      }
      if (colons >= 2 && this.addresses.hasV6) this.ipv6(field, s, a, b);
      let p = a;
      for (let j = a; j <= b; j++) {
        if (j === b || s.charCodeAt(j) === 58) {
          if (j - p >= 3) this.candidate(field, s, p, j);
          p = j + 1;
        }
      }
    }
  }

  private candidate(field: string, s: string, a: number, b: number): void {
    // Trim dots, hyphens and underscores at the ends (sentence ends, FQDN trailing dots).
    while (a < b && (s.charCodeAt(a) === 46 || s.charCodeAt(a) === 45 || s.charCodeAt(a) === 95)) a++;
    while (b > a && (s.charCodeAt(b - 1) === 46 || s.charCodeAt(b - 1) === 45 || s.charCodeAt(b - 1) === 95)) b--;
    const len = b - a;
    if (len < 3) return;
    if (len >= 32 && this.hashes.size > 0) this.hexRuns(field, s, a, b);
    let dot = -1;
    let letters = false;
    for (let j = a; j < b; j++) {
      const c = s.charCodeAt(j);
      if (c === 46) dot = j;
      else if (c > 57) letters = true;
    }
    if (dot < 0) {
      if (this.filenames.size > 0 && this.nameBounded(s, a, b)) {
        const e = this.filenames.get(s.slice(a, b).toLowerCase());
        if (e) this.hit(e, field, s);
      }
      return;
    }
    if (!letters) {
      if (this.addresses.hasV4 && len <= 15) {
        const ip = parseV4(s, a, b);
        if (ip >= 0) this.addresses.matchV4(ip, (e) => this.hit(e, field, s));
      }
      return;
    }
    const checkDomain = this.domains.size > 0 && this.domainTlds.has(s.slice(dot + 1, b).toLowerCase());
    const checkName = this.filenames.size > 0 && this.nameBounded(s, a, b);
    if (!checkDomain && !checkName) return;
    const host = s.slice(a, b).toLowerCase();
    if (checkName) {
      const e = this.filenames.get(host);
      if (e) this.hit(e, field, s);
    }
    if (checkDomain) {
      let from = 0;
      for (;;) {
        const e = this.domains.get(from === 0 ? host : host.slice(from));
        if (e) this.hit(e, field, s);
        const d = host.indexOf('.', from);
        if (d < 0 || host.indexOf('.', d + 1) < 0) break;
        from = d + 1;
      }
    }
  }

  private nameBounded(s: string, a: number, b: number): boolean {
    return (a === 0 || NAME_BEFORE.has(s[a - 1]!)) && (b === s.length || NAME_AFTER.has(s[b]!));
  }

  /** Whole runs of 32, 40 or 64 hex digits inside `s[a, b)`. */
  private hexRuns(field: string, s: string, a: number, b: number): void {
    let i = a;
    while (i < b) {
      while (i < b && !isHex(s.charCodeAt(i))) i++;
      const start = i;
      while (i < b && isHex(s.charCodeAt(i))) i++;
      const len = i - start;
      if (len !== 32 && len !== 40 && len !== 64) continue;
      // Bounded by non-alphanumerics (a hex run inside a longer word is not a hash).
      const before = start > 0 ? s.charCodeAt(start - 1) : 32;
      const after = i < s.length ? s.charCodeAt(i) : 32;
      if (isWordChar(before) || isWordChar(after)) continue;
      if (before === 61 && start >= 8 && s.slice(start - 8, start - 1).toUpperCase() === 'IMPHASH') continue;
      const e = this.hashes.get(s.slice(start, i).toLowerCase());
      if (e) this.hit(e, field, s);
    }
  }

  private ipv6(field: string, s: string, a: number, b: number): void {
    let text = s.slice(a, b);
    text = text.replace(/^:+(?=[^:])/, (m) => (m.length >= 2 ? m : '')).replace(/\.$/, '');
    if (!/^[0-9A-Fa-f:.]+$/.test(text) || !ipaddr.IPv6.isValid(text)) return;
    const addr = ipaddr.IPv6.parse(text);
    if (addr.isIPv4MappedAddress()) return; // its IPv4 part is read as a candidate of its own
    this.addresses.matchV6(addr.parts, (e) => this.hit(e, field, s));
  }

  private scanUrls(field: string, s: string, lower: string): void {
    this.urls.search(lower, (p, start, end) => {
      if (start > 0) {
        const before = lower[start - 1]!;
        if (/[a-z0-9.-]/.test(before)) return;
      }
      const pat = this.urlPatterns[p]!;
      const last = pat[pat.length - 1]!;
      if (end < lower.length && last !== '/' && last !== '?' && last !== '=' && last !== '&' && URL_CONT.test(lower[end]!)) return;
      this.hit(this.urlEntries[p]!, field, s);
    });
  }

  private scanRegistry(field: string, s: string, lower: string): void {
    let text = lower;
    if (text.includes('hkey_') || text.includes('\\registry\\') || text.includes('controlset00')) {
      text = text
        .replace(/\\registry\\machine(?=\\)/g, 'hklm')
        .replace(/\\registry\\user(?=\\)/g, 'hku')
        .replace(/hkey_local_machine(?=\\)/g, 'hklm')
        .replace(/hkey_current_user(?=\\)/g, 'hkcu')
        .replace(/hkey_users(?=\\)/g, 'hku')
        .replace(/hkey_classes_root(?=\\)/g, 'hkcr')
        .replace(/(hklm\\system\\)controlset00\d(?=\\)/g, '$1currentcontrolset');
    }
    if (this.registry.size > 0) {
      this.registry.search(text, (p, start, end) => {
        if (start > 0 && /[a-z0-9_]/.test(text[start - 1]!)) return;
        if (end < text.length && !REG_AFTER.has(text[end]!)) return;
        this.hit(this.regEntries[p]!, field, s);
      });
    }
    if (this.services.size > 0) {
      const i = text.indexOf('\\services\\');
      if (i >= 0 && /currentcontrolset\\services\\$/.test(text.slice(Math.max(0, i - 30), i + 10))) {
        const rest = text.slice(i + 10);
        const end = rest.search(/[\\"',;]/);
        const e = this.services.get(end < 0 ? rest.trim() : rest.slice(0, end));
        if (e) this.hit(e, field, s);
      }
    }
  }

  private hit(e: Entry, field: string, seen: string): void {
    if (e.stamp === this.stamp) return;
    e.stamp = this.stamp;
    const event = this.event;
    const t = event.time;
    for (let k = 0; k < e.indicators.length; k++) {
      if (!Number.isNaN(t) && (t < e.from[k]! || t > e.until[k]!)) continue;
      this.emit(makeFinding(e.indicators[k]!, event, field, seen));
    }
  }
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function attackFromTags(tags: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of tags) {
    const m = /^(?:attack\.)?(t\d{4}(?:\.\d{3})?)$/i.exec(t.trim());
    if (m) {
      const id = m[1]!.toUpperCase();
      if (!out.includes(id)) out.push(id);
    }
  }
  return out;
}

function hostOf(fields: HuntEvent['fields']): string {
  for (const f of HOST_FIELDS) {
    const v = fields[f];
    if (typeof v === 'string' && v !== '') return v;
  }
  return '';
}

export function makeFinding(ind: Indicator, event: HuntEvent, field: string, seen: string): Finding {
  return {
    ts: toIso(event.time),
    detector: 'ioc',
    rule: {
      id: `ioc:${ind.type}:${ind.value}`,
      title: `${TYPE_LABEL[ind.type]} indicator ${ind.value} (${ind.note || ind.source})`,
      level: ind.level ?? DEFAULT_LEVEL[ind.type],
    },
    attack: attackFromTags(ind.tags),
    host: hostOf(event.fields),
    source: event.source,
    matched: { [field]: seen, indicator: ind.value },
    event: event.fields,
    intel: { source: ind.source, tags: ind.tags },
  };
}
