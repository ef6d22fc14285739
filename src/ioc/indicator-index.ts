/**
 * The indicators of a hunt, indexed for the detector's lookups: hash maps for domains (with the
 * hashes of their last labels for a cheap pre-check), hashes, file names, service and detection
 * names; per-prefix-length address maps for IPs and CIDR; Aho-Corasick automata for URLs and
 * registry keys (which can sit anywhere inside a string); Bloom filters in front of the domain and
 * hash maps. Indicators are normalised (or rejected with a reason) here.
 */
import type { Indicator, IndicatorType } from '../intel/indicator.js';
import { matchValue, normaliseIndicator } from '../intel/indicator.js';
import { windowMs } from './ioc-finding.js';
import { AddressSet } from './address-set.js';
import { AhoCorasick } from './aho-corasick.js';
import { BloomFilter, hashForward, hashReverse } from './bloom.js';

/**
 * One indicator in an index; indicators with the same type and match value from other sources (or
 * with other validity windows) hang off `next`. `stamp` marks the event that last reported it (one
 * finding per event).
 */
export interface Entry {
  /** Position in IndicatorIndex.entries. */
  readonly id: number;
  ind: Indicator;
  next: Entry | null;
  stamp: number;
  /** The validity window in epoch ms, parsed once (NaN: open on that side). */
  from: number;
  until: number;
}

/** Hash of a label as the detector's candidate scan computes it (for TLD and extension pre-checks). */
export function labelHash(label: string): number {
  let h = 0;
  for (let i = 0; i < label.length; i++) h = (Math.imul(h, 31) + label.charCodeAt(i)) | 0;
  return h;
}

export class IndicatorIndex {
  /** Indicators used (given minus rejected). */
  readonly size: number;
  /** Indicators that could not be used (invalid values), `type value: reason`. */
  readonly rejected: string[] = [];
  /** Every entry by its id. */
  readonly entries: Entry[] = [];
  readonly domains = new Map<string, Entry>();
  /** Hashes of the last labels of domain indicators, and of file-name indicators' extensions. */
  readonly domainTlds = new Set<number>();
  readonly fileExts = new Set<number>();
  /** Some file-name indicator has no dot. */
  bareNames = false;
  /** Some URL indicator has no path (`http://host/`): URL hosts need not be followed by `/`. */
  hostOnlyUrls = false;
  readonly addresses = new AddressSet<Entry>();
  readonly hashes = new Map<string, Entry>();
  readonly filenames = new Map<string, Entry>();
  readonly services = new Map<string, Entry>();
  readonly avNames = new Map<string, Entry>();
  readonly urlEntries: Entry[] = [];
  readonly urlPatterns: string[] = [];
  readonly regEntries: Entry[] = [];
  readonly regPatterns: string[] = [];
  readonly urls: AhoCorasick;
  readonly registry: AhoCorasick;
  /** Bloom filters in front of the domain and hash maps (built once the maps are full). */
  readonly domainBloom: BloomFilter;
  readonly hashBloom: BloomFilter;
  private readonly urlIndex = new Map<string, number>();
  private readonly regIndex = new Map<string, number>();

  constructor(indicators: readonly Indicator[]) {
    for (const given of indicators) {
      // Importers already normalise; indicators built by hand are normalised (or rejected) here.
      const n = normaliseIndicator(given.type, given.value);
      if (!n.ok) {
        this.rejected.push(`${given.type} ${given.value}: ${n.reason}`);
        continue;
      }
      const ind = n.type === given.type && n.value === given.value ? given : { ...given, type: n.type, value: n.value };
      const entry: Entry = { id: this.entries.length, ind, next: null, stamp: 0, from: windowMs(ind.validFrom), until: windowMs(ind.validUntil) };
      this.entries.push(entry);
      const first = this.index(ind.type, matchValue(ind.type, ind.value), entry);
      if (first !== entry) chainEntry(first, entry);
    }
    this.size = indicators.length - this.rejected.length;
    this.domainBloom = new BloomFilter(this.domains.size);
    for (const d of this.domains.keys()) this.domainBloom.add(hashReverse(d));
    this.hashBloom = new BloomFilter(this.hashes.size);
    for (const h of this.hashes.keys()) this.hashBloom.add(hashForward(h));
    this.urls = new AhoCorasick(this.urlPatterns);
    this.registry = new AhoCorasick(this.regPatterns);
  }

  /** Index `e` under its match value; returns the entry already there for that value, or `e`. */
  private index(type: IndicatorType, value: string, e: Entry): Entry {
    const put = (map: Map<string, Entry>, key: string): Entry => {
      const old = map.get(key);
      if (old) return old;
      map.set(key, e);
      return e;
    };
    switch (type) {
      case 'domain':
        this.domainTlds.add(labelHash(value.slice(value.lastIndexOf('.') + 1)));
        return put(this.domains, value);
      case 'ipv4':
      case 'ipv6':
      case 'cidr':
        return this.addresses.add(value, e);
      case 'md5':
      case 'sha1':
      case 'sha256':
        return put(this.hashes, value);
      case 'filename':
        if (value.includes('.')) this.fileExts.add(labelHash(value.slice(value.lastIndexOf('.') + 1)));
        else this.bareNames = true;
        return put(this.filenames, value);
      case 'service_name':
        return put(this.services, value.trim());
      case 'av_signature':
        return put(this.avNames, value.trim());
      case 'url':
      case 'registry': {
        const [index, patterns, entries] = type === 'url' ? [this.urlIndex, this.urlPatterns, this.urlEntries] : [this.regIndex, this.regPatterns, this.regEntries];
        const at = index.get(value);
        if (at !== undefined) return entries[at]!;
        index.set(value, patterns.length);
        patterns.push(value);
        if (type === 'url' && !/[/?]/.test(value)) this.hostOnlyUrls = true;
        entries.push(e);
        return e;
      }
    }
  }
}

/** Same type and value seen before: keep one entry per source and validity window. */
function chainEntry(first: Entry, entry: Entry): void {
  const ind = entry.ind;
  let last = first;
  for (let e: Entry | null = first; e; e = e.next) {
    if (e.ind.source === ind.source && e.ind.validFrom === ind.validFrom && e.ind.validUntil === ind.validUntil) return;
    last = e;
  }
  last.next = entry;
}
