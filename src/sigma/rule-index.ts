/**
 * The rule index: compiled rule variants bucketed by the kind of event their selector takes
 * (Windows channel, event ID, reader format; event-selector-match.ts), so an event is only tested
 * against rules that can match it. A bucket is built once per kind of event and cached.
 */
import type { EventFields, FieldValue } from '../events/event.js';
import { eventIdText, selectorTakesKind, windowsChannel, type EventKind } from './event-selector-match.js';
import type { EventView } from './event-view.js';
import type { EventSelector } from './mapping.js';
import type { Predicate } from './compile.js';
import { ANY_VALUE, type Necessity } from './prefilter.js';
import { LiteralAutomata, type ResolvedNecessity } from './literal-automata.js';
import { GramHits } from './gram-hits.js';
import { AnyValueScan, type FieldRepeatTable } from './any-value-scan.js';
import { collectNonString } from './collect-non-string.js';
import type { RememberedScanner } from './remembered-scanner.js';

export interface IndexedVariant {
  /** Position of the rule in the rule set (dedupes a rule reached by two selectors). */
  ruleIndex: number;
  selector: EventSelector;
  /** Selector guard (conditions, field presence, file) and detection, combined. */
  test: Predicate;
  /** Clauses (all must hold; each: one of its literals occurs) for the detection to match (null: none known). */
  necessity: Necessity[] | null;
  /** The event IDs (digits) the detection can match; null when it does not pin them (event-id-requirement.ts). */
  eventIds: readonly string[] | null;
}

/** The per-event stamp wraps here; the marks are cleared then. */
const MAX_STAMP = 0xffffffff;

/** One field key a bucket's clauses read: its names (the first present is scanned), scanner and gram → clauses table. */
interface FieldGroup {
  names: string[];
  ac: RememberedScanner;
  gramClauses: Array<number[] | undefined>;
}

/**
 * The rules one kind of event (channel + event ID, or format) can reach, with the literal
 * prefilter: `select` returns the rules without a necessary literal plus those whose literal grams
 * occur in the event's fields.
 */
export class Bucket {
  /** Positions (in `variants`) of the variants without a necessity: tested on every event. */
  private readonly always: number[] = [];
  /** Per field key of this bucket: the shared scanner and, by its gram ids, this bucket's clauses. */
  private readonly groups: FieldGroup[] = [];
  /** The keyword (any value) group, scanned over every value of the event, or null. */
  private readonly anyGroup: FieldGroup | null = null;
  private readonly anyScan: AnyValueScan | null = null;
  /** Per clause: its variant; per variant: how many clauses it needs. */
  private readonly clauseVariant: number[] = [];
  private readonly need: Uint8Array;
  private readonly clauseMark: Uint32Array;
  private readonly variantMark: Uint32Array;
  private readonly variantCount: Uint8Array;
  private stamp = 0;
  private readonly selected: IndexedVariant[] = [];
  /** Positions of this event's selected variants (sorted before they are handed out). */
  private readonly picked: Int32Array;
  private pickedCount = 0;
  private readonly hits = new GramHits();

  /** `resolved[i]`: variants[i]'s necessity as field keys and gram ids (literal-automata.ts). */
  constructor(
    private readonly variants: readonly IndexedVariant[], resolved: ReadonlyArray<ResolvedNecessity | null>,
    automata: LiteralAutomata, repeats: FieldRepeatTable,
  ) {
    const n = Math.max(1, variants.length);
    this.need = new Uint8Array(n);
    this.variantMark = new Uint32Array(n);
    this.variantCount = new Uint8Array(n);
    this.picked = new Int32Array(n);
    const byKey = new Map<number, FieldGroup>();
    variants.forEach((v, i) => {
      const clauses = resolved[i];
      if (!clauses || clauses.length === 0) {
        this.always.push(i);
        return;
      }
      this.need[i] = clauses.length;
      for (const clause of clauses) {
        const c = this.clauseVariant.length;
        this.clauseVariant.push(i);
        for (const { key, grams } of clause) {
          let g = byKey.get(key);
          if (!g) {
            const ac = automata.scanner(key);
            // Sized up front: filled at scattered gram ids, a growing array would turn into a dictionary.
            g = { names: automata.keyNames(key), ac, gramClauses: new Array<number[] | undefined>(ac.automaton.gramCount) };
            byKey.set(key, g);
          }
          const table = g.gramClauses;
          for (let j = 0; j < grams.length; j++) {
            const list = table[grams[j]!];
            // Clauses are numbered in order, so a repeat can only be the last one linked.
            if (!list) table[grams[j]!] = [c];
            else if (list[list.length - 1] !== c) list.push(c);
          }
        }
      }
    });
    this.clauseMark = new Uint32Array(Math.max(1, this.clauseVariant.length));
    for (const g of byKey.values()) {
      if (g.names[0] === ANY_VALUE) {
        this.anyGroup = g;
        this.anyScan = new AnyValueScan(g.ac, repeats);
      } else this.groups.push(g);
    }
  }

  get size(): number {
    return this.variants.length;
  }

  /** Rules to evaluate for this event, in rule-set order. The array is reused by the next call. */
  select(view: EventView): readonly IndexedVariant[] {
    if (++this.stamp === MAX_STAMP) {
      this.clauseMark.fill(0);
      this.variantMark.fill(0);
      this.stamp = 1;
    }
    const picked = this.picked;
    const always = this.always;
    for (let i = 0; i < always.length; i++) picked[i] = always[i]!;
    this.pickedCount = always.length;
    const fields = view.fields;
    const hits = this.hits;
    for (let gi = 0; gi < this.groups.length; gi++) {
      const g = this.groups[gi]!;
      const names = g.names;
      let v: FieldValue | undefined = fields[names[0]!];
      for (let n = 1; v === undefined && n < names.length; n++) v = fields[names[n]!];
      if (v === undefined || v === null) continue;
      hits.n = 0;
      // The automaton folds case, so the raw text is scanned.
      if (typeof v === 'string') g.ac.collectField(v, hits);
      else collectNonString(g.ac.automaton, v, hits);
      if (hits.n > 0) this.take(g.gramClauses);
    }
    if (this.anyScan !== null) {
      hits.n = 0;
      this.anyScan.collect(fields, hits);
      if (hits.n > 0) this.take(this.anyGroup!.gramClauses);
    }
    return this.inOrder();
  }

  /** The picked variants in rule-set order (insertion sort: a handful per event). */
  private inOrder(): readonly IndexedVariant[] {
    const picked = this.picked;
    const n = this.pickedCount;
    for (let i = 1; i < n; i++) {
      const x = picked[i]!;
      let j = i - 1;
      while (j >= 0 && picked[j]! > x) {
        picked[j + 1] = picked[j]!;
        j--;
      }
      picked[j + 1] = x;
    }
    const out = this.selected;
    out.length = n;
    for (let i = 0; i < n; i++) out[i] = this.variants[picked[i]!]!;
    return out;
  }

  /** Marks the clauses the found grams lead to; a variant whose every clause is marked is selected. */
  private take(gramClauses: Array<number[] | undefined>): void {
    const { ids, n } = this.hits;
    const stamp = this.stamp;
    for (let h = 0; h < n; h++) {
      const list = gramClauses[ids[h]!];
      if (list === undefined) continue;
      for (let k = 0; k < list.length; k++) {
        const c: number = list[k]!;
        if (this.clauseMark[c] === stamp) continue;
        this.clauseMark[c] = stamp;
        const vi = this.clauseVariant[c]!;
        if (this.variantMark[vi] !== stamp) {
          this.variantMark[vi] = stamp;
          this.variantCount[vi] = 0;
        }
        if (++this.variantCount[vi]! === this.need[vi]) this.picked[this.pickedCount++] = vi;
      }
    }
  }
}

/** Buckets kept per kind of event; beyond this many kinds a bucket is built per event and not kept. */
const MAX_CACHED_BUCKETS = 10_000;

/**
 * Every compiled variant, and per kind of event (Windows channel, event ID, reader format:
 * event-selector-match.ts) the bucket of the variants whose selector takes that kind.
 */
export class RuleIndex {
  /** Every variant in rule-set order, so findings come out in a stable order. */
  private readonly variants: IndexedVariant[] = [];
  private readonly cache = new Map<string, Bucket>();
  /** Whether a selector without channels names event IDs (else events without a channel skip the ID). */
  private eventIdsOutsideWindows = false;
  /** Variant positions by selector: rules of one logsource share their selectors, so a bucket tests each selector once. */
  private readonly bySelector = new Map<EventSelector, number[]>();
  private readonly automata = new LiteralAutomata(() => this.variants.map((v) => v.necessity));
  /** How often each field's values repeat, learned by the keyword scans of every bucket. */
  private readonly repeats: FieldRepeatTable = new Map();

  add(v: IndexedVariant): void {
    const list = this.bySelector.get(v.selector);
    if (list) list.push(this.variants.length);
    else this.bySelector.set(v.selector, [this.variants.length]);
    this.variants.push(v);
    this.lastBucket = null;
    this.automata.reset();
    if (v.selector.channels === null && v.selector.eventIds !== null) this.eventIdsOutsideWindows = true;
    this.cache.clear();
  }

  get size(): number {
    return this.variants.length;
  }

  /** The last event's Channel, EventID (as the event holds them) and format, and its bucket: runs of one kind of event skip the key. */
  private lastChannel: unknown = undefined;
  private lastEventId: unknown = undefined;
  private lastFormat = '';
  private lastBucket: Bucket | null = null;

  /** The bucket of an event (by its Channel, EventID and reader format). */
  bucket(fields: EventFields, format: string): Bucket {
    const channel = fields.Channel;
    const eventId = fields.EventID;
    if (this.lastBucket !== null && this.lastChannel === channel && this.lastEventId === eventId && this.lastFormat === format) return this.lastBucket;
    const b = this.keyedBucket(fields, format);
    this.lastChannel = channel;
    this.lastEventId = eventId;
    this.lastFormat = format;
    this.lastBucket = b;
    return b;
  }

  private keyedBucket(fields: EventFields, format: string): Bucket {
    const channel = windowsChannel(fields);
    const id = channel !== null || this.eventIdsOutsideWindows ? eventIdText(fields) : '';
    const key = `${channel ?? ''}\u0000${id}\u0000${format}`;
    let b = this.cache.get(key);
    if (!b) {
      const kind: EventKind = { channel: channel?.toLowerCase() ?? null, eventId: id, format: format.toLowerCase() };
      const taken: number[] = [];
      for (const [selector, positions] of this.bySelector) if (selectorTakesKind(selector, kind)) taken.push(...positions);
      // Rules that pin other event IDs are left out, when this kind's ID is known (a number).
      const pinned = (channel !== null || this.eventIdsOutsideWindows) && /^\d+$/.test(id);
      // Back in rule-set order.
      const order = Int32Array.from(taken).sort();
      const variants: IndexedVariant[] = [];
      const resolved: Array<ResolvedNecessity | null> = [];
      for (const i of order) {
        const ids = this.variants[i]!.eventIds;
        if (pinned && ids !== null && !ids.includes(id)) continue;
        variants.push(this.variants[i]!);
        resolved.push(this.automata.resolved(i));
      }
      b = new Bucket(variants, resolved, this.automata, this.repeats);
      if (this.cache.size < MAX_CACHED_BUCKETS) this.cache.set(key, b);
    }
    return b;
  }
}
