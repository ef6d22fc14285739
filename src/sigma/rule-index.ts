/**
 * The rule index: compiled rule variants bucketed by the kind of event their selector takes
 * (Windows channel, event ID, reader format; event-selector-match.ts), so an event is only tested
 * against rules that can match it. A bucket is built once per kind of event and cached.
 */
import type { EventFields, FieldValue } from '../events/event.js';
import { eventIdText, selectorTakesKind, windowsChannel, type EventKind } from './event-selector-match.js';
import { scalarText, type EventView } from './event-view.js';
import type { EventSelector } from './mapping.js';
import type { Predicate } from './compile.js';
import { ANY_VALUE, type Necessity } from './prefilter.js';
import { LiteralAutomata, namesKey } from './literal-automata.js';
import type { RememberedScanner } from './remembered-scanner.js';

export interface IndexedVariant {
  /** Position of the rule in the rule set (dedupes a rule reached by two selectors). */
  ruleIndex: number;
  selector: EventSelector;
  /** Selector guard (conditions, field presence, file) and detection, combined. */
  test: Predicate;
  /** Clauses (all must hold; each: one of its literals occurs) for the detection to match (null: none known). */
  necessity: Necessity[] | null;
}

/** The per-event stamp wraps here; the marks are cleared then. */
const MAX_STAMP = 0xffffffff;
/** Nested arrays in a field value are scanned this deep. */
const MAX_ARRAY_DEPTH = 8;

/**
 * The rules one kind of event (channel + event ID, or format) can reach, with the literal
 * prefilter: `select` returns the rules without a necessary literal plus those whose literal grams
 * occur in the event's fields.
 */
export class Bucket {
  private readonly always: IndexedVariant[] = [];
  /** Per field key of this bucket: the shared automaton and, by its gram ids, this bucket's clauses. */
  private readonly groups: Array<{ names: string[]; ac: RememberedScanner; gramClauses: Array<number[] | undefined> }> = [];
  /** Per clause: its variant; per variant: how many clauses it needs. */
  private readonly clauseVariant: number[] = [];
  private readonly need: Uint8Array;
  private readonly clauseMark: Uint32Array;
  private readonly variantMark: Uint32Array;
  private readonly variantCount: Uint8Array;
  private stamp = 0;
  private readonly selected: IndexedVariant[] = [];
  private readonly onHit: (gram: number) => void;
  private current: Array<number[] | undefined> = [];

  constructor(private readonly variants: readonly IndexedVariant[], automata: LiteralAutomata) {
    const n = Math.max(1, variants.length);
    this.need = new Uint8Array(n);
    this.variantMark = new Uint32Array(n);
    this.variantCount = new Uint8Array(n);
    const byField = new Map<string, { names: string[]; gramClauses: Array<number[] | undefined> }>();
    const link = (table: Array<number[] | undefined>, id: number, c: number): void => {
      const list = table[id];
      if (!list) table[id] = [c];
      else if (!list.includes(c)) list.push(c);
    };
    variants.forEach((v, i) => {
      if (!v.necessity || v.necessity.length === 0) {
        this.always.push(v);
        return;
      }
      this.need[i] = v.necessity.length;
      for (const clause of v.necessity) {
        const c = this.clauseVariant.length;
        this.clauseVariant.push(i);
        for (const { names, literals } of clause) {
          const key = namesKey(names);
          let g = byField.get(key);
          if (!g) byField.set(key, (g = { names, gramClauses: [] }));
          for (const lit of literals) link(g.gramClauses, automata.literalId(key, lit), c);
        }
      }
    });
    this.clauseMark = new Uint32Array(Math.max(1, this.clauseVariant.length));
    for (const [key, g] of byField) this.groups.push({ names: g.names, ac: automata.automaton(key), gramClauses: g.gramClauses });
    this.onHit = (gram: number): void => {
      const list = this.current[gram];
      if (list === undefined) return;
      const stamp = this.stamp;
      for (let k = 0; k < list.length; k++) {
        const c: number = list[k]!;
        if (this.clauseMark[c] === stamp) continue;
        this.clauseMark[c] = stamp;
        const vi = this.clauseVariant[c]!;
        if (this.variantMark[vi] !== stamp) {
          this.variantMark[vi] = stamp;
          this.variantCount[vi] = 0;
        }
        if (++this.variantCount[vi]! === this.need[vi]) this.selected.push(this.variants[vi]!);
      }
    };
  }

  get size(): number {
    return this.variants.length;
  }

  /** Rules to evaluate for this event. The array is reused by the next call. */
  select(view: EventView): readonly IndexedVariant[] {
    if (++this.stamp === MAX_STAMP) {
      this.clauseMark.fill(0);
      this.variantMark.fill(0);
      this.stamp = 1;
    }
    const out = this.selected;
    out.length = 0;
    for (let i = 0; i < this.always.length; i++) out.push(this.always[i]!);
    const fields = view.fields;
    for (let gi = 0; gi < this.groups.length; gi++) {
      const g = this.groups[gi]!;
      this.current = g.gramClauses;
      if (g.names[0] === ANY_VALUE) {
        // Object.keys, not for-in (nor Object.values): flattened events are dictionary-mode
        // objects, which for-in walks at twice the cost. Same order. Every value is scanned
        // directly, not remembered: ids, times and GUIDs differ per event and would only churn
        // the memory (measured: remembering them here cost more than it saved).
        const any = g.ac.automaton;
        const keys = Object.keys(fields);
        for (let k = 0; k < keys.length; k++) {
          const v = fields[keys[k]!]!;
          if (typeof v === 'string') any.scan(v, this.onHit);
          else if (Array.isArray(v)) for (const e of (v as FieldValue[]).flat(MAX_ARRAY_DEPTH) as FieldValue[]) any.scan(scalarText(e), this.onHit);
          else if (v !== null) any.scan(scalarText(v), this.onHit);
        }
        continue;
      }
      let v: FieldValue | undefined = fields[g.names[0]!];
      for (let n = 1; v === undefined && n < g.names.length; n++) v = fields[g.names[n]!];
      if (v === undefined || v === null) continue;
      // The automaton folds case, so the raw text is scanned.
      if (typeof v === 'string') g.ac.scan(v, this.onHit);
      else if (Array.isArray(v)) for (const e of (v as FieldValue[]).flat(MAX_ARRAY_DEPTH) as FieldValue[]) g.ac.scan(scalarText(e), this.onHit);
      else g.ac.scan(scalarText(v), this.onHit);
    }
    return out;
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
  private readonly automata = new LiteralAutomata(() => this.variants.map((v) => v.necessity));

  add(v: IndexedVariant): void {
    this.variants.push(v);
    this.automata.reset();
    if (v.selector.channels === null && v.selector.eventIds !== null) this.eventIdsOutsideWindows = true;
    this.cache.clear();
  }

  get size(): number {
    return this.variants.length;
  }

  /** The bucket of an event (by its Channel, EventID and reader format). */
  bucket(fields: EventFields, format: string): Bucket {
    const channel = windowsChannel(fields);
    const id = channel !== null || this.eventIdsOutsideWindows ? eventIdText(fields) : '';
    const key = `${channel ?? ''}\u0000${id}\u0000${format}`;
    let b = this.cache.get(key);
    if (!b) {
      const kind: EventKind = { channel: channel?.toLowerCase() ?? null, eventId: id, format: format.toLowerCase() };
      b = new Bucket(this.variants.filter((v) => selectorTakesKind(v.selector, kind)), this.automata);
      if (this.cache.size < MAX_CACHED_BUCKETS) this.cache.set(key, b);
    }
    return b;
  }
}
