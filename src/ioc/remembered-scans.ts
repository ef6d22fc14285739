/**
 * The indicator scanner's results remembered per value: in real logs most values the detector
 * reads (Image, ParentImage, Hashes, Provider_Name, Computer, CurrentDirectory, ...) repeat from
 * event to event, and a Map lookup hashes the text once where a scan reads every character a few
 * times. A scan's result depends only on the value and its field's kind (indicator-scanner.ts), so
 * a remembered value gives exactly the entries, in the same order, that a new scan would.
 *
 * A field whose values seldom repeat (a command line with random parts, a time) is not worth a
 * lookup per value: each field keeps count (src/sigma/field-repeats.ts).
 *
 * Memory is bounded by the character budget of a ScanMemory (the Sigma prefilter's policy,
 * src/sigma/remembered-scanner.ts): when it is spent, every remembered value is forgotten and the
 * memory fills again from the values events bring next.
 */
import { ScanMemory } from '../sigma/remembered-scanner.js';
import type { FieldRepeats } from '../sigma/field-repeats.js';
import { K_AV, K_CMD, K_PATH, K_SCM_PARAM, K_SERVICE } from './field-kinds.js';
import type { IndicatorScanner } from './indicator-scanner.js';

/** Values shorter than this are scanned directly (hashing them costs about as much). */
const MIN_REMEMBERED = 8;
/** Values longer than this are scanned directly (rarely repeated; they would fill the budget). */
const MAX_REMEMBERED = 4096;
/** The kind bits a scan depends on: one table of remembered values per combination. */
const SCAN_KINDS = K_PATH | K_SERVICE | K_AV | K_SCM_PARAM | K_CMD;

const NO_HITS = new Int32Array(0);

export class RememberedScans {
  private readonly tables: Array<Map<string, Int32Array> | undefined> = [];

  constructor(private readonly scanner: IndicatorScanner, private readonly memory: ScanMemory = new ScanMemory()) {}

  /** The entry ids `scanner.scan(s, kind)` finds, remembered when `s` has been seen before (in a field counted by `field`). */
  hits(s: string, kind: number, field: FieldRepeats): ArrayLike<number> {
    if (s.length < MIN_REMEMBERED || s.length > MAX_REMEMBERED || !field.remember()) {
      this.scanner.scan(s, kind);
      return this.scanner.found;
    }
    const k = kind & SCAN_KINDS;
    const table = (this.tables[k] ??= this.memory.table());
    let ids = table.get(s);
    field.looked(ids !== undefined);
    if (ids === undefined) {
      this.scanner.scan(s, kind);
      const found = this.scanner.found;
      ids = found.length === 0 ? NO_HITS : Int32Array.from(found);
      this.memory.spend(s.length);
      table.set(s, ids);
    }
    return ids;
  }
}
