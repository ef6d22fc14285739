/**
 * The keyword scan: a bucket with keyword rules (Sigma `keywords`, no field) looks for their grams
 * in every value of the event. Values of some fields repeat from event to event (Provider,
 * Channel, Computer, User, Image...), others almost never (times, GUIDs, ids): each field name's
 * repeat rate is learned (field-repeats.ts), and only the values of fields that repeat go through
 * the remembering scanner (remembered-scanner.ts); the rest are scanned directly, so one-off values
 * neither pay for hashing nor churn the shared memory.
 */
import type { EventFields } from '../events/event.js';
import { collectNonString } from './collect-non-string.js';
import type { GramHits } from './gram-hits.js';
import type { RememberedScanner } from './remembered-scanner.js';
import { FieldRepeats } from './field-repeats.js';

/** Per field name, shared by every bucket of a rule index (field names mean the same in every bucket). */
export type FieldRepeatTable = Map<string, FieldRepeats>;

export class AnyValueScan {
  /** By position in the event's keys: the last key seen there and its record (events of one kind share their keys' order). */
  private readonly lastKeys: string[] = [];
  private readonly lastRepeats: FieldRepeats[] = [];

  constructor(private readonly scanner: RememberedScanner, private readonly table: FieldRepeatTable) {}

  /** Appends to `hits` the keyword grams found in every value of the event. */
  collect(fields: EventFields, hits: GramHits): void {
    // Object.keys: the keys by position (repeatsOf caches by position), in for-in order.
    const keys = Object.keys(fields);
    const direct = this.scanner.automaton;
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k]!;
      const v = fields[key]!;
      if (typeof v !== 'string') {
        collectNonString(direct, v, hits);
        continue;
      }
      const r = this.repeatsOf(key, k);
      if (r.remember()) r.looked(this.scanner.collect(v, hits));
      else direct.collect(v, hits);
    }
  }

  private repeatsOf(key: string, k: number): FieldRepeats {
    if (this.lastKeys[k] === key) return this.lastRepeats[k]!;
    let r = this.table.get(key);
    if (r === undefined) this.table.set(key, (r = new FieldRepeats()));
    this.lastKeys[k] = key;
    this.lastRepeats[k] = r;
    return r;
  }
}
