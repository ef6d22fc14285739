/**
 * The per-event view the compiled predicates read: the event's fields plus a cache of lower-cased
 * string values, filled lazily once per field per event (slots are numbered at compile time, and a
 * generation counter invalidates the cache without clearing it).
 */
import type { EventFields, FieldValue } from '../events/event.js';

export class FieldSlots {
  private readonly slots = new Map<string, number>();
  slot(field: string): number {
    let s = this.slots.get(field);
    if (s === undefined) {
      s = this.slots.size;
      this.slots.set(field, s);
    }
    return s;
  }
  get size(): number {
    return this.slots.size;
  }
}

export class EventView {
  fields: EventFields = {};
  format = '';
  path = '';
  private gen = 0;
  private stamps: Uint32Array;
  private readonly low: string[];

  constructor(slotCount: number) {
    this.stamps = new Uint32Array(Math.max(1, slotCount));
    this.low = new Array<string>(Math.max(1, slotCount)).fill('');
  }

  private valuesGen = 0;
  private rawValues: string[] = [];
  private lowValues: string[] = [];

  /** Every scalar value of the event as text (array elements included), built once per event. */
  allValues(lower: boolean): readonly string[] {
    if (this.valuesGen !== this.gen) {
      this.valuesGen = this.gen;
      const raw: string[] = [];
      // Object.keys, same order as for-in (chosen when flattened events were dictionaries; most are fast objects now: events/field-collector.ts).
      const f = this.fields;
      for (const k of Object.keys(f)) {
        const v = f[k]!;
        if (Array.isArray(v)) {
          for (const e of v.flat(8) as FieldValue[]) raw.push(scalarText(e));
        } else raw.push(scalarText(v));
      }
      this.rawValues = raw;
      this.lowValues = raw.map((x) => x.toLowerCase());
    }
    return lower ? this.lowValues : this.rawValues;
  }

  reset(fields: EventFields, format = '', path = ''): void {
    this.fields = fields;
    this.format = format;
    this.path = path;
    this.gen++;
    if (this.gen === 0xffffffff) {
      this.stamps.fill(0);
      this.gen = 1;
    }
  }

  private grow(size: number): void {
    const stamps = new Uint32Array(Math.max(size, this.stamps.length * 2));
    stamps.set(this.stamps);
    this.stamps = stamps;
    while (this.low.length < stamps.length) this.low.push('');
  }

  /** Lower-cased text of a scalar field value, cached per slot for this event. */
  lower(slot: number, text: string): string {
    if (slot >= this.stamps.length) this.grow(slot + 1);
    if (this.stamps[slot] === this.gen) return this.low[slot]!;
    const l = text.toLowerCase();
    this.low[slot] = l;
    this.stamps[slot] = this.gen;
    return l;
  }
}

/** The text a scalar field value is matched as (numbers and booleans as written, null as ''). */
export function scalarText(v: FieldValue): string {
  if (typeof v === 'string') return v;
  if (v === null) return '';
  return String(v);
}
