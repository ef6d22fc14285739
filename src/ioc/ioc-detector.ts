/**
 * The indicator detector: every string value of an event that could hold an indicator
 * (value-precheck.ts) goes through the indicator scanner (indicator-scanner.ts, where the matching
 * rules are), remembered per value (remembered-scans.ts);
 * which lookups a field gets beyond its tokens depends on its name (field-kinds.ts,
 * content/mappings/ioc/indicator-fields.yml), decided once per name. Numbers are read in address
 * fields only; a request's host and path fields are joined into a URL. Each indicator found gives
 * one finding per event (ioc-finding.ts). The work per event depends on the event, not on the
 * number of indicators.
 */
import type { Indicator } from '../intel/indicator.js';
import type { Detector, Emit } from '../findings/detector.js';
import type { FieldValue, HuntEvent } from '../events/event.js';
import type { ScanMemory } from '../sigma/remembered-scanner.js';
import { insideWindow, makeIocFinding } from './ioc-finding.js';
import { K_IPNUM, K_SCM_PARAM, K_SKIP, K_URL_HOST, K_URL_PATH, loadFieldTaxonomy, type FieldTaxonomy } from './field-kinds.js';
import { IndicatorIndex, type Entry } from './indicator-index.js';
import { IndicatorScanner } from './indicator-scanner.js';
import { RememberedScans } from './remembered-scans.js';
import { FieldRepeats } from '../sigma/field-repeats.js';
import { ValuePrecheck } from './value-precheck.js';

const NO_EVENT: HuntEvent = { fields: {}, source: { path: '', record: 0, format: '' }, time: NaN, raw: null };
const NO_EMIT: Emit = () => undefined;
const SCM_PROVIDER = /service control manager/i;

/** A field name's kind bits (decided once per name) and how often its values repeat. */
class FieldSeen extends FieldRepeats {
  constructor(readonly kind: number) {
    super();
  }
}

export interface IocDetectorOptions {
  /** Drop matches outside every source's validity window (default: report them, marked). */
  strictValidity?: boolean;
  /** Which fields hold which kinds of value (default: content/mappings/ioc/indicator-fields.yml). */
  fieldTaxonomy?: FieldTaxonomy;
  /** Where scanned values are remembered, within its character budget (default: a memory of its own). */
  memory?: ScanMemory;
}

export class IocDetector implements Detector {
  readonly name = 'ioc' as const;
  /** Indicators used (given minus rejected). */
  readonly size: number;
  /** Indicators that could not be used (invalid values), `type value: reason`. */
  readonly rejected: string[];
  private readonly ix: IndicatorIndex;
  private readonly scanner: IndicatorScanner;
  private readonly scans: RememberedScans;
  private readonly precheck: ValuePrecheck;
  private readonly taxonomy: FieldTaxonomy;
  private readonly fieldsSeen = new Map<string, FieldSeen>();
  private stamp = 0;
  // Per-event state (the detector is used by one thread at a time).
  private event: HuntEvent = NO_EVENT;
  private emit: Emit = NO_EMIT;

  /** Drop matches outside every source's validity window instead of marking them. */
  private readonly strictValidity: boolean;

  constructor(indicators: readonly Indicator[], options: IocDetectorOptions = {}) {
    this.strictValidity = options.strictValidity === true;
    this.taxonomy = options.fieldTaxonomy ?? loadFieldTaxonomy();
    this.ix = new IndicatorIndex(indicators);
    this.scanner = new IndicatorScanner(this.ix);
    this.scans = new RememberedScans(this.scanner, options.memory);
    this.precheck = new ValuePrecheck(this.ix);
    this.size = this.ix.size;
    this.rejected = this.ix.rejected;
  }

  examine(event: HuntEvent, emit: Emit): void {
    this.stamp++;
    this.event = event;
    this.emit = emit;
    const fields = event.fields;
    let urlHost: string | undefined;
    let urlPath: string | undefined;
    let urlPathField = '';
    // Object.keys, same order as for-in (chosen when flattened events were dictionaries; most are fast objects now: events/field-collector.ts).
    const names = Object.keys(fields);
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      const value = fields[name] as FieldValue;
      if (value === null || value === undefined) continue;
      let seen = this.fieldsSeen.get(name);
      if (seen === undefined) {
        seen = new FieldSeen(this.taxonomy.kindOf(name));
        this.fieldsSeen.set(name, seen);
      }
      const kind = seen.kind;
      if (kind === K_SKIP) continue;
      if (typeof value === 'string') {
        if (value.length < 3) continue;
        this.scanValue(name, value, seen);
        if (kind & K_URL_HOST) urlHost = value;
        if (kind & K_URL_PATH && value.startsWith('/')) {
          urlPath = value;
          urlPathField = name;
        }
      } else if (typeof value === 'number') {
        // An address field holding a number: an IPv4 address as an unsigned 32-bit integer.
        if (kind & K_IPNUM && Number.isInteger(value) && value >= 0 && value <= 0xffffffff && this.ix.addresses.hasV4) {
          const e = this.ix.addresses.matchV4(value);
          if (e) this.hit(e, name, String(value));
        }
      } else if (Array.isArray(value)) {
        for (const v of value) if (typeof v === 'string' && v.length > 0) this.scanValue(name, v, seen);
      }
    }
    if (urlHost !== undefined && urlPath !== undefined && this.ix.urls.size > 0) {
      const joined = urlHost + urlPath;
      this.scanner.scanJoinedUrl(joined);
      this.report(this.scanner.found, urlPathField, joined);
    }
    // Keep no reference to the event (Detector contract).
    this.event = NO_EVENT;
    this.emit = NO_EMIT;
  }

  private scanValue(field: string, s: string, seen: FieldSeen): void {
    let kind = seen.kind;
    // The SCM's param1 is a service name only in that provider's events.
    if (kind & K_SCM_PARAM && !SCM_PROVIDER.test(String(this.event.fields.Provider_Name ?? ''))) kind &= ~K_SCM_PARAM;
    if (this.precheck.mayHold(s, kind)) this.report(this.scans.hits(s, kind, seen), field, s);
  }

  private report(ids: ArrayLike<number>, field: string, seen: string): void {
    for (let i = 0; i < ids.length; i++) this.hit(this.ix.entries[ids[i]!]!, field, seen);
  }

  private hit(e: Entry, field: string, seen: string): void {
    if (e.stamp === this.stamp) return;
    e.stamp = this.stamp;
    const event = this.event;
    const listed: Indicator[] = [];
    const valid: Indicator[] = [];
    for (let x: Entry | null = e; x; x = x.next) {
      listed.push(x.ind);
      if (insideWindow(event.time, x.from, x.until)) valid.push(x.ind);
    }
    if (valid.length === 0 && this.strictValidity) return;
    this.emit(makeIocFinding(this.strictValidity ? valid : listed, valid, event, field, seen));
  }
}
