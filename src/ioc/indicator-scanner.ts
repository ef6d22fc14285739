/**
 * The indicators one string value holds: the value is tokenised once into host-like candidates,
 * hex runs and path names, and each candidate is looked up in the indicator index
 * (indicator-index.ts: hash sets, address maps, Aho-Corasick automata). Which lookups a value gets
 * beyond its tokens depends on its field's kind (field-kinds.ts). The result is a pure function of
 * the value and the kind, so the detector may remember it (ioc-detector.ts). The work per value
 * depends on the value, not on the number of indicators.
 *
 * Matching rules (see README "Indicator matching"):
 * - domain `evil.ddns.net` matches a host equal to it or ending in `.evil.ddns.net`, compared by
 *   whole labels, case-insensitively: `x.evil.ddns.net` matches; `notevil.ddns.net` and
 *   `evil.ddns.net.example` do not. When a parent and a subdomain are both indicators, a host
 *   reports the most specific one (`v2.hinitial.com`, not also `hinitial.com`). Hosts are found anywhere: URLs, UNC paths, e-mail addresses,
 *   DNS query fields, command lines (a host is a run of letters, digits, `.`, `-`, `_`).
 * - IPv4/IPv6 addresses match exactly (IPv4-mapped IPv6 `::ffff:a.b.c.d` counts as a.b.c.d);
 *   CIDR blocks match every address inside them; an address reports its most specific indicator
 *   (the address itself, else the longest block).
 * - hashes match a whole run of 32, 40 or 64 hex digits (so inside Sysmon `Hashes` strings); the
 *   IMPHASH value of a `Hashes` string is not a file hash and is skipped.
 * - file names match the last path element of path-like fields (Image, TargetFilename,
 *   cs-uri-stem, …) and whole path-delimited words of any string, case-insensitively.
 * - URLs match case-insensitively without their scheme, as a prefix of a URL in the event that
 *   ends at a boundary (`evil.com/a` matches `evil.com/a?x=1` and `evil.com/a/b`, not `evil.com/ab`);
 *   W3C/Zeek host and path fields are also joined.
 * - registry keys match a key or any of its subkeys, with hive spellings unified (HKLM,
 *   HKEY_LOCAL_MACHINE, \REGISTRY\MACHINE; ControlSet00N as CurrentControlSet; a user's
 *   HKU\S-1-5-21-…\ as HKCU\).
 * - service names match service-name fields (Security 4697, System 7045 ServiceName, SCM param1),
 *   the key under `…\Services\` in registry paths and `sc create|config NAME` command lines.
 * - antivirus detection names match Defender `Threat Name` (1006/1116/1117…) and similar fields.
 * - numbers are only read in address fields (`…Ip`, `…Address`, `…_ip`, Zeek `id.resp_h`): an
 *   IPv4 address written as an unsigned 32-bit integer.
 * - one finding per event and indicator value, naming every source that lists the value; an
 *   event outside an indicator's validFrom/validUntil window still matches (retro-hunting) and is
 *   marked `indicator_valid: false` (ioc-finding.ts), unless `strictValidity` drops it.
 */
import { K_AV, K_CMD, K_PATH, K_SCM_PARAM, K_SERVICE } from './field-kinds.js';
import { parseV4, parseV6 } from './address-set.js';
import { FNV_OFFSET, fnvStep, hashForward } from './bloom.js';
import type { IndicatorIndex, Entry } from './indicator-index.js';
import { unifyHives } from './registry-hive.js';

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
const isTrim = (c: number): boolean => c === 46 || c === 45 || c === 95;
const codes = (chars: string): Set<number> => new Set([...chars].map((c) => c.charCodeAt(0)));
/** Characters that may sit right before / after a whole file name in free text. */
const NAME_BEFORE = codes(' \t"\'\\/=(,>[\n\r');
const NAME_AFTER = codes(' \t"\',);<]:\n\r');
/** After a URL pattern: these continue the same path segment, so the match does not end there. */
const isUrlCont = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 46 || c === 45 || c === 95 || c === 126 || c === 37;
const REG_AFTER = codes('\\"\' ,;)\t\n\r');
const SERVICE_END = codes('\\"\',;');

const fold = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c);
const SERVICES_KEY = /currentcontrolset\\services\\/i;
/** `sc create|config|… NAME` in a lower-cased command line; the service name is the first group. */
export const SC_COMMAND = /(?:^|[\s\\/"'&|;(])sc(?:\.exe)?["']?\s+(?:\\\\\S+\s+)?(?:create|config|start|stop|delete|failure|description)\s+("[^"]+"|\S+)/;

export class IndicatorScanner {
  /** Entry ids (IndicatorIndex.entries) found by the last `scan`, each once, in the order found. */
  readonly found: number[] = [];

  constructor(private readonly ix: IndicatorIndex) {}

  /**
   * The indicators `s` holds, read as a value of a field of kind `kind` (field-kinds.ts bits; the
   * caller clears K_SCM_PARAM unless the event comes from the Service Control Manager): their
   * entry ids in `found`, each once, in the order found.
   */
  scan(s: string, kind: number): void {
    this.found.length = 0;
    this.scanTokens(s);
    if (kind !== 0) {
      const lower = s.toLowerCase();
      if (kind & K_PATH && this.ix.filenames.size > 0) {
        let p = lower.trim();
        if (p.startsWith('"')) {
          const q = p.indexOf('"', 1);
          p = q > 0 ? p.slice(1, q) : p.slice(1);
        }
        const e = this.ix.filenames.get(p.slice(Math.max(p.lastIndexOf('\\'), p.lastIndexOf('/')) + 1));
        if (e) this.add(e);
      }
      if (kind & K_SERVICE && this.ix.services.size > 0) {
        const e = this.ix.services.get(lower.trim());
        if (e) this.add(e);
      }
      if (kind & K_SCM_PARAM && this.ix.services.size > 0) {
        const e = this.ix.services.get(lower.trim());
        if (e) this.add(e);
      }
      if (kind & K_AV && this.ix.avNames.size > 0) {
        const e = this.ix.avNames.get(lower.trim());
        if (e) this.add(e);
      }
      if (kind & K_CMD && this.ix.services.size > 0 && lower.indexOf('sc') >= 0) {
        const m = SC_COMMAND.exec(lower);
        if (m) {
          const e = this.ix.services.get(m[1]!.replace(/^"|"$/g, ''));
          if (e) this.add(e);
        }
      }
    }
    if (this.ix.urls.size > 0 && s.indexOf('/') >= 0) this.scanUrls(s);
    if ((this.ix.registry.size > 0 || this.ix.services.size > 0) && s.indexOf('\\') >= 0) this.scanRegistry(s);
  }

  /** Host-like runs: domains, IPv4, IPv6, hashes and whole file names. */
  private scanTokens(s: string): void {
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
        this.candidate(s, a, b);
        continue;
      }
      if (colons >= 2 && this.ix.addresses.hasV6) this.ipv6(s, a, b);
      let p = a;
      for (let j = a; j <= b; j++) {
        if (j === b || s.charCodeAt(j) === 58) {
          if (j - p >= 3) this.candidate(s, p, j);
          p = j + 1;
        }
      }
    }
  }

  private candidate(s: string, a: number, b: number): void {
    // Trim dots, hyphens and underscores at the ends (sentence ends, FQDN trailing dots).
    while (a < b && isTrim(s.charCodeAt(a))) a++;
    while (b > a && isTrim(s.charCodeAt(b - 1))) b--;
    const len = b - a;
    if (len < 3) return;
    if (len >= 32 && this.ix.hashes.size > 0) this.hexRuns(s, a, b);
    // Last label's hash (for the TLD and file-extension pre-checks) and whether letters occur.
    let dot = -1;
    let letters = false;
    let h = 0;
    for (let j = a; j < b; j++) {
      let c = s.charCodeAt(j);
      if (c === 46) {
        dot = j;
        h = 0;
      } else {
        if (c > 57) {
          letters = true;
          if (c <= 90 && c >= 65) c += 32;
        }
        h = (Math.imul(h, 31) + c) | 0;
      }
    }
    if (dot < 0) {
      if (this.ix.bareNames && this.nameBounded(s, a, b)) {
        const e = this.ix.filenames.get(s.slice(a, b).toLowerCase());
        if (e) this.add(e);
      }
      return;
    }
    if (!letters) {
      if (this.ix.addresses.hasV4 && len <= 15) {
        const ip = parseV4(s, a, b);
        if (ip >= 0) {
          const e = this.ix.addresses.matchV4(ip);
          if (e) this.add(e);
        }
      }
      return;
    }
    const checkDomain = this.ix.domainTlds.has(h);
    const checkName = this.ix.fileExts.has(h) && this.nameBounded(s, a, b);
    if (!checkDomain && !checkName) return;
    if (checkName) {
      const e = this.ix.filenames.get(s.slice(a, b).toLowerCase());
      if (e) this.add(e);
    }
    if (checkDomain) {
      // Suffixes at label boundaries, right to left, hashed as they grow; a suffix needs two
      // labels. The longest (most specific) indicator that matches is reported.
      let h = FNV_OFFSET;
      let dots = 0;
      let best: Entry | undefined;
      for (let j = b - 1; j >= a; j--) {
        const c = s.charCodeAt(j);
        if (c === 46) {
          if (dots > 0 && this.ix.domainBloom.has(h)) best = this.ix.domains.get(s.slice(j + 1, b).toLowerCase()) ?? best;
          dots++;
        }
        h = fnvStep(h, c);
      }
      if (this.ix.domainBloom.has(h)) best = this.ix.domains.get(s.slice(a, b).toLowerCase()) ?? best;
      if (best) this.add(best);
    }
  }

  private nameBounded(s: string, a: number, b: number): boolean {
    return (a === 0 || NAME_BEFORE.has(s.charCodeAt(a - 1))) && (b === s.length || NAME_AFTER.has(s.charCodeAt(b)));
  }

  /** Whole runs of 32, 40 or 64 hex digits inside `s[a, b)`. */
  private hexRuns(s: string, a: number, b: number): void {
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
      if (before === 61 && start >= 8 && s.slice(start - 8, start - 1).toLowerCase() === 'imphash') continue;
      if (!this.ix.hashBloom.has(hashForward(s, start, i))) continue;
      const e = this.ix.hashes.get(s.slice(start, i).toLowerCase());
      if (e) this.add(e);
    }
  }

  private readonly v6parts: number[] = [0, 0, 0, 0, 0, 0, 0, 0];

  private ipv6(s: string, a: number, b: number): void {
    // Trailing dot (sentence end) and a zone id (`%12`, cut by the tokeniser) do not count.
    if (s.charCodeAt(b - 1) === 46) b--;
    // `::ffff:a.b.c.d` is matched through its IPv4 part, read as a candidate of its own.
    if (!parseV6(s, a, b, this.v6parts)) return;
    const p = this.v6parts;
    if (p[0] === 0 && p[1] === 0 && p[2] === 0 && p[3] === 0 && p[4] === 0 && p[5] === 0xffff) return;
    const e = this.ix.addresses.matchV6(p);
    if (e) this.add(e);
  }

  /** The URL indicators `s` (a request's host and path joined) holds, in `found` as `scan` gives them. */
  scanJoinedUrl(s: string): void {
    this.found.length = 0;
    this.scanUrls(s);
  }

  /**
   * URL patterns (host[:port]/path, no scheme), walked from the start of each host-like run that
   * holds a dot and is followed by `/` or ends the string: where a URL's host can begin.
   */
  private scanUrls(s: string): void {
    const n = s.length;
    let i = 0;
    while (i < n) {
      while (i < n && !isHostish(s.charCodeAt(i))) i++;
      const a = i;
      let dot = false;
      while (i < n && isHostish(s.charCodeAt(i))) {
        if (s.charCodeAt(i) === 46) dot = true;
        i++;
      }
      if (!dot || (i < n && s.charCodeAt(i) !== 47 && !this.ix.hostOnlyUrls) || !this.ix.urls.startsWith(s.charCodeAt(a))) continue;
      this.ix.urls.walkFrom(s, a, (p, end) => {
        const pat = this.ix.urlPatterns[p]!;
        const last = pat.charCodeAt(pat.length - 1);
        // `/`, `?`, `=`, `&` at the end of the pattern: anything may follow.
        if (end < n && last !== 47 && last !== 63 && last !== 61 && last !== 38 && isUrlCont(fold(s.charCodeAt(end)))) return;
        this.add(this.ix.urlEntries[p]!);
      });
    }
  }

  private scanRegistry(s: string): void {
    const text = unifyHives(s);
    const n = text.length;
    if (this.ix.registry.size > 0) {
      for (let i = 0; i < n; i++) {
        if (!this.ix.registry.startsWith(text.charCodeAt(i))) continue;
        if (i > 0 && isWordChar(text.charCodeAt(i - 1))) continue;
        // (isWordChar covers both cases.)
        this.ix.registry.walkFrom(text, i, (p, end) => {
          if (end < n && !REG_AFTER.has(text.charCodeAt(end))) return;
          this.add(this.ix.regEntries[p]!);
        });
      }
    }
    if (this.ix.services.size > 0) {
      const m = SERVICES_KEY.exec(text);
      if (m) {
        const from = m.index + m[0].length;
        let end = from;
        while (end < n && !SERVICE_END.has(text.charCodeAt(end))) end++;
        const e = this.ix.services.get(text.slice(from, end).toLowerCase());
        if (e) this.add(e);
      }
    }
  }

  private add(e: Entry): void {
    if (!this.found.includes(e.id)) this.found.push(e.id);
  }
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
