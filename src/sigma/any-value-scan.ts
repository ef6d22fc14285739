/**
 * The keyword scan: a bucket with keyword rules (Sigma `keywords`, no field) looks for their grams
 * in every value of the event. Values of some fields repeat from event to event (Provider,
 * Channel, Computer, User, Image...), others almost never (times, GUIDs, ids): each field name's
 * repeat rate is learned, and only the values of fields that repeat go through the remembering
 * scanner (remembered-scanner.ts); the rest are scanned directly, so one-off values neither pay
 * for hashing nor churn the shared memory.
 */
import type { EventFields } from '../events/event.js';
import { collectNonString } from './collect-non-string.js';
import type { GramHits } from './gram-hits.js';
import type { RememberedScanner } from './remembered-scanner.js';

/** Values of a field are remembered while it is learned (this many values) ... */
const LEARN_VALUES = 32;
/** ... and then while at least this share of its values were seen before. */
const MIN_REPEAT_SHARE = 0.5;
/** The counts are halved at this many values, so the rate follows the data. */
const RATE_WINDOW = 1024;
/** A field whose values are scanned directly still tries remembering every this many values. */
const RETRY_EVERY = 64;

/** How often one field name's values were seen before. */
export interface FieldRepeats {
  values: number;
  repeated: number;
  direct: number;
}

/** Per field name, shared by every bucket of a rule index (field names mean the same in every bucket). */
export type FieldRepeatTable = Map<string, FieldRepeats>;

export class AnyValueScan {
  /** By position in the event's keys: the last key seen there and its record (events of one kind share their keys' order). */
  private readonly lastKeys: string[] = [];
  private readonly lastRepeats: FieldRepeats[] = [];

  constructor(private readonly scanner: RememberedScanner, private readonly table: FieldRepeatTable) {}

  /** Appends to `hits` the keyword grams found in every value of the event. */
  collect(fields: EventFields, hits: GramHits): void {
    // Object.keys, not for-in (nor Object.values): flattened events are dictionary-mode objects,
    // which for-in walks at twice the cost. Same order.
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
      if (r.values < LEARN_VALUES || r.repeated >= r.values * MIN_REPEAT_SHARE || ++r.direct % RETRY_EVERY === 0) {
        if (this.scanner.collect(v, hits)) r.repeated++;
        if (++r.values === RATE_WINDOW) {
          r.values >>= 1;
          r.repeated >>= 1;
        }
      } else direct.collect(v, hits);
    }
  }

  private repeatsOf(key: string, k: number): FieldRepeats {
    if (this.lastKeys[k] === key) return this.lastRepeats[k]!;
    let r = this.table.get(key);
    if (r === undefined) this.table.set(key, (r = { values: 0, repeated: 0, direct: 0 }));
    this.lastKeys[k] = key;
    this.lastRepeats[k] = r;
    return r;
  }
}
