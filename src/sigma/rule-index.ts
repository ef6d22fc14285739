/**
 * The rule index: compiled rule variants bucketed by Windows (channel, event ID), and by reader
 * format for events without a channel, so an event is only tested against rules that can match it.
 * Merged candidate lists are built once per (channel, event ID) / format and cached.
 */
import type { EventFields, FieldValue } from '../events/event.js';
import { scalarText, type EventView } from './event-view.js';
import type { EventSelector } from './mapping.js';
import type { Predicate } from './compile.js';
import { ANY_VALUE, type Necessity } from './prefilter.js';
import type { GramAutomaton } from './gram-automaton.js';
import { LiteralAutomata, namesKey } from './literal-automata.js';

export interface IndexedVariant {
  /** Position of the rule in the rule set (dedupes a rule reached by two selectors). */
  ruleIndex: number;
  selector: EventSelector;
  /** Selector guard (conditions, field presence, file) and detection, combined. */
  test: Predicate;
  /** Clauses (all must hold; each: one of its literals occurs) for the detection to match (null: none known). */
  necessity: Necessity[] | null;
}

/**
 * The rules one kind of event (channel + event ID, or format) can reach, with the literal
 * prefilter: `select` returns the rules without a necessary literal plus those whose literal grams
 * occur in the event's fields.
 */
export class Bucket {
  private readonly always: IndexedVariant[] = [];
  /** Per field key of this bucket: the shared automaton and, by its gram ids, this bucket's clauses. */
  private readonly groups: Array<{ names: string[]; ac: GramAutomaton; gramClauses: Array<number[] | undefined> }> = [];
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
    if (++this.stamp === 0xffffffff) {
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
        for (const k in fields) {
          const v = fields[k]!;
          if (typeof v === 'string') g.ac.scan(v, this.onHit);
          else if (Array.isArray(v)) for (const e of (v as FieldValue[]).flat(8) as FieldValue[]) g.ac.scan(scalarText(e), this.onHit);
          else if (v !== null) g.ac.scan(scalarText(v), this.onHit);
        }
        continue;
      }
      let v: FieldValue | undefined = fields[g.names[0]!];
      for (let n = 1; v === undefined && n < g.names.length; n++) v = fields[g.names[n]!];
      if (v === undefined || v === null) continue;
      // The automaton folds case, so the raw text is scanned.
      if (typeof v === 'string') g.ac.scan(v, this.onHit);
      else if (Array.isArray(v)) for (const e of (v as FieldValue[]).flat(8) as FieldValue[]) g.ac.scan(scalarText(e), this.onHit);
      else g.ac.scan(scalarText(v), this.onHit);
    }
    return out;
  }
}

const ANY = '*';

export class RuleIndex {
  /** channel → event id (or '*') → variants. */
  private readonly windows = new Map<string, Map<string, IndexedVariant[]>>();
  /** variants for events without a Windows channel. */
  private readonly other: IndexedVariant[] = [];
  private readonly windowsCache = new Map<string, Bucket>();
  private readonly otherCache = new Map<string, Bucket>();
  private readonly all: IndexedVariant[] = [];
  private readonly automata = new LiteralAutomata(() => this.all.map((v) => v.necessity));

  add(v: IndexedVariant): void {
    this.all.push(v);
    this.automata.reset();
    const s = v.selector;
    if (s.channels === null) {
      this.other.push(v);
      return;
    }
    for (const ch of s.channels) {
      let byId = this.windows.get(ch);
      if (!byId) this.windows.set(ch, (byId = new Map()));
      for (const id of s.eventIds ?? [ANY]) {
        let list = byId.get(id);
        if (!list) byId.set(id, (list = []));
        list.push(v);
      }
    }
    this.windowsCache.clear();
    this.otherCache.clear();
  }

  get size(): number {
    return this.all.length;
  }

  /** The bucket of an event (by its Channel and EventID, or by its reader format). */
  bucket(fields: EventFields, format: string): Bucket {
    const channel = fields.Channel;
    if (typeof channel === 'string' && channel !== '') {
      const id = fields.EventID;
      const idText = id === undefined || id === null ? '' : typeof id === 'number' ? String(id) : String(id).trim();
      const key = `${channel}\u0000${idText}`;
      let b = this.windowsCache.get(key);
      if (!b) {
        b = new Bucket(this.buildWindows(channel.toLowerCase(), idText), this.automata);
        if (this.windowsCache.size < 10000) this.windowsCache.set(key, b);
      }
      return b;
    }
    let b = this.otherCache.get(format);
    if (!b) {
      b = new Bucket(this.other.filter((v) => v.selector.formats === null || v.selector.formats.includes(format.toLowerCase())), this.automata);
      this.otherCache.set(format, b);
    }
    return b;
  }

  private buildWindows(channel: string, id: string): IndexedVariant[] {
    const out: IndexedVariant[] = [];
    for (const ch of [channel, ANY]) {
      const byId = this.windows.get(ch);
      if (!byId) continue;
      if (id) out.push(...(byId.get(id) ?? []));
      out.push(...(byId.get(ANY) ?? []));
    }
    // Keep rule-set order so findings come out in a stable order.
    return out.sort((a, b) => a.ruleIndex - b.ruleIndex);
  }
}

/** The guard a selector adds on top of channel/event ID: field conditions, presence, file name. */
export function selectorGuard(s: EventSelector): ((view: EventView) => boolean) | null {
  const checks: Array<(view: EventView) => boolean> = [];
  for (const [field, values] of s.conditions) {
    checks.push((view) => {
      const v = view.fields[field];
      return v !== undefined && v !== null && !Array.isArray(v) && values.includes(String(v).toLowerCase());
    });
  }
  if (s.fieldsAll) {
    const fs = s.fieldsAll;
    checks.push((view) => fs.every((f) => view.fields[f] !== undefined));
  }
  if (s.fieldsAny) {
    const fs = s.fieldsAny;
    checks.push((view) => fs.some((f) => view.fields[f] !== undefined));
  }
  if (s.file) {
    const re = s.file;
    checks.push((view) => re.test(view.path.slice(Math.max(view.path.lastIndexOf('/'), view.path.lastIndexOf('\\')) + 1)));
  }
  if (checks.length === 0) return null;
  return (view) => {
    for (const c of checks) if (!c(view)) return false;
    return true;
  };
}
