/**
 * A cheap first look at a value before the indicator scanner reads it: could it hold an indicator
 * of a kind the index has at all? Most values cannot (a Channel, a user name, a path whose file
 * extension no indicator has), and native `indexOf`/short regular expressions plus a hash of the
 * label after each dot decide that for a fraction of a scan's cost. The answer is conservative:
 * false only when a scan (indicator-scanner.ts) would find nothing, by these conditions:
 * - a domain, file name or IPv4 candidate is a token whose last label (after its last dot) hashes
 *   into the index's top-level labels or file extensions, or is 1-3 digits after `N.N.N`; every such label
 *   follows a dot in the value and is hashed here the same way (labelHash, letters folded, a
 *   trailing `-`/`_` trimmed as the scanner trims it); so is the last label of a URL pattern's host,
 *   which a URL in the value holds as it is (a URL whose host has no dot always scans);
 * - a hash needs a run of 32+ hex digits (found by probing every 32nd character); an IPv6 address a colon;
 *   a registry key a `\` and a pattern's first characters or a hive spelling to unify; a service
 *   under `...\Services\` the text `services\`;
 * - bare file names (no dot) can be any word: their presence always scans;
 * - the lookups a field's kind adds (path, service, antivirus name, SCM param1) scan whenever the
 *   index has indicators of that kind; a command line when it holds an `sc create|config|… NAME`.
 */
import { K_AV, K_CMD, K_PATH, K_SCM_PARAM, K_SERVICE } from './field-kinds.js';
import type { IndicatorIndex } from './indicator-index.js';
import { labelHash } from './indicator-index.js';
import { NEEDS_HIVE_NORMALISING } from './registry-hive.js';
import { SC_COMMAND } from './indicator-scanner.js';

/** Letters, digits, `_` and `-`: a label's characters (a dot, a colon or anything else ends it). */
const LABEL = new Uint8Array(128);
for (let c = 0; c < 128; c++) if (/[A-Za-z0-9_-]/.test(String.fromCharCode(c))) LABEL[c] = 1;
const HEX = new Uint8Array(128);
for (let c = 0; c < 128; c++) if (/[0-9A-Fa-f]/.test(String.fromCharCode(c))) HEX[c] = 1;
const isHex = (c: number): boolean => c < 128 && HEX[c] === 1;
const SC_WORD = /sc/i;

export class ValuePrecheck {
  /** Some indicator kind is found anywhere in any value (bare file names): every value scans. */
  private readonly always: boolean;
  private readonly hashes: boolean;
  private readonly v4: boolean;
  private readonly v6: boolean;
  private readonly urls: boolean;
  private readonly registry: boolean;
  /** What a value must contain (case-insensitively) for a registry pattern to match: a pattern's first characters or a hive spelling to unify. */
  private readonly registryStart: RegExp | null;
  /** Some URL pattern's host has no last label to look for: every value with a `/` scans. */
  private readonly anyUrl: boolean;
  private readonly services: boolean;
  private readonly labels: ReadonlySet<number>;
  private readonly dotted: boolean;
  /** The kind bits whose lookups the index can answer (K_CMD apart: it also needs `sc`). */
  private readonly kindBits: number;

  constructor(ix: IndicatorIndex) {
    this.always = ix.bareNames;
    this.hashes = ix.hashes.size > 0;
    this.v4 = ix.addresses.hasV4;
    this.v6 = ix.addresses.hasV6;
    this.urls = ix.urls.size > 0;
    this.registry = ix.registry.size > 0;
    this.registryStart = this.registry ? registryStart(ix.regPatterns) : null;
    this.services = ix.services.size > 0;
    const urlLabels = ix.urlPatterns.map(urlHostLabel);
    this.anyUrl = urlLabels.includes(undefined);
    this.labels = new Set([...ix.domainTlds, ...ix.fileExts, ...urlLabels.filter((h) => h !== undefined)]);
    this.dotted = this.v4 || this.labels.size > 0;
    this.kindBits = (ix.filenames.size > 0 ? K_PATH : 0) | (this.services ? K_SERVICE | K_SCM_PARAM : 0) | (ix.avNames.size > 0 ? K_AV : 0);
  }

  /** False when scanning `s` as a value of a field of kind `kind` cannot find an indicator. */
  mayHold(s: string, kind: number): boolean {
    if (this.always || kind & this.kindBits) return true;
    if (kind & K_CMD && this.services && SC_WORD.test(s) && SC_COMMAND.test(s.toLowerCase())) return true;
    if (this.hashes && s.length >= 32 && hasHexRun32(s)) return true;
    if (this.v6 && s.indexOf(':') >= 0) return true;
    if (this.anyUrl && s.indexOf('/') >= 0) return true;
    if ((this.registry || this.services) && s.indexOf('\\') >= 0) {
      if (this.registryStart === null ? this.registry : this.registryStart.test(s)) return true;
      if (this.services && servicesKeyIn(s)) return true;
    }
    return this.dotted && this.labelAfterDot(s);
  }

  /** Some label right after a dot is an IPv4 address's last octet (with IPv4 indicators) or hashes into `labels`. */
  private labelAfterDot(s: string): boolean {
    const n = s.length;
    for (let dot = s.indexOf('.'); dot >= 0; dot = s.indexOf('.', dot + 1)) {
      let h = 0;
      let digits = true;
      let end = dot + 1;
      while (end < n) {
        const c = s.charCodeAt(end);
        if (c >= 128 || LABEL[c] === 0) break;
        end++;
      }
      // The scanner trims a token's trailing `-` and `_` before reading its last label.
      while (end > dot + 1 && (s.charCodeAt(end - 1) === 45 || s.charCodeAt(end - 1) === 95)) end--;
      if (end === dot + 1) continue;
      for (let j = dot + 1; j < end; j++) {
        let c = s.charCodeAt(j);
        if (c > 57) {
          digits = false;
          if (c <= 90 && c >= 65) c += 32;
        } else if (c < 48) digits = false;
        h = (Math.imul(h, 31) + c) | 0;
      }
      if ((digits && this.v4 && end - dot <= 4 && quadEnd(s, dot)) || this.labels.has(h)) return true;
    }
    return false;
  }
}

/**
 * Does `s` hold 32 hex digits in a row? Any such run covers one of the positions 31, 63, 95, ...,
 * so only those are probed, and a run is measured around a probe that is a hex digit.
 */
function hasHexRun32(s: string): boolean {
  const n = s.length;
  for (let p = 31; p < n; p += 32) {
    if (!isHex(s.charCodeAt(p))) continue;
    let a = p;
    while (a > 0 && isHex(s.charCodeAt(a - 1))) a--;
    let b = p + 1;
    while (b < n && isHex(s.charCodeAt(b))) b++;
    if (b - a >= 32) return true;
  }
  return false;
}

/**
 * The last label of a URL pattern's host (its leading run of host characters), hashed as
 * `labelAfterDot` hashes labels; undefined when the host has no dot or ends in one.
 */
function urlHostLabel(pattern: string): number | undefined {
  let r = 0;
  while (r < pattern.length && /[A-Za-z0-9._:-]/.test(pattern[r]!)) r++;
  const host = pattern.slice(0, r);
  const dot = host.lastIndexOf('.');
  if (dot < 0) return undefined;
  const label = host.slice(dot + 1).split(':')[0]!.replace(/[-_]+$/, '');
  return label === '' ? undefined : labelHash(label);
}

/** A test for the first characters of the registry patterns or a hive spelling to unify; null when there are too many. */
function registryStart(patterns: readonly string[]): RegExp | null {
  const starts = [...new Set(patterns.map((p) => p.slice(0, 4)))];
  if (starts.length > 64) return null;
  const escaped = starts.map((p) => p.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&'));
  return new RegExp(`${escaped.join('|')}|${NEEDS_HIVE_NORMALISING.source}`, 'i');
}

/** Could the dot at `dot` be an IPv4 address's last one: a digit before it, another dot within the three characters before that? */
function quadEnd(s: string, dot: number): boolean {
  const c = s.charCodeAt(dot - 1);
  if (!(c >= 48 && c <= 57)) return false;
  return s.charCodeAt(dot - 2) === 46 || s.charCodeAt(dot - 3) === 46 || s.charCodeAt(dot - 4) === 46;
}

const SERVICES_BS = 'services\\';

/** Does `s` hold `services\` (ASCII case-insensitively)? Checked at each backslash. */
function servicesKeyIn(s: string): boolean {
  for (let i = s.indexOf('\\', 8); i >= 0; i = s.indexOf('\\', i + 1)) {
    let j = 1;
    while (j <= 8 && (s.charCodeAt(i - j) | 32) === SERVICES_BS.charCodeAt(8 - j)) j++;
    if (j > 8) return true;
  }
  return false;
}
