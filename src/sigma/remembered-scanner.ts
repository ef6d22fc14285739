/**
 * A gram automaton that remembers which grams a field value held: in real logs most field values
 * the prefilter scans (Image, ParentImage, Hashes, CommandLine, Provider_Name, ...) repeat from
 * event to event, and a DFA scan over a large table costs a cache miss per character, while a
 * Map lookup hashes the text once. A remembered value replays its grams instead of being scanned.
 *
 * Replay order: the grams are reported once each, in the order of their first occurrence. The
 * prefilter's hit handler ignores a gram it has already seen in the same event, so this gives the
 * same candidates in the same order as a full scan.
 *
 * Memory is bounded by a budget in characters shared by every scanner of a rule index: when it is
 * spent, every memory is forgotten and fills again from the values events bring next.
 */
import type { GramAutomaton } from './gram-automaton.js';
import type { GramHits } from './gram-hits.js';
import { FieldRepeats } from './field-repeats.js';

/** Values shorter than this are scanned directly (hashing them costs about as much). */
const MIN_REMEMBERED = 12;
/** Values longer than this are scanned directly (rarely repeated; they would fill the budget). */
const MAX_REMEMBERED = 4096;
/** Characters of remembered values, all scanners of a rule index together. */
const BUDGET_CHARS = 4_000_000;

const NO_GRAMS = new Int32Array(0);

/** The remembered values of a set of scanners and the characters they hold. */
export class ScanMemory {
  chars = 0;
  readonly tables: Array<Map<string, Int32Array>> = [];

  /** A table for one more scanner. */
  table(): Map<string, Int32Array> {
    const t = new Map<string, Int32Array>();
    this.tables.push(t);
    return t;
  }

  /** Account for a value to be remembered; forgets everything first when the budget is spent. */
  spend(chars: number): void {
    if (this.chars + chars > BUDGET_CHARS) {
      for (const t of this.tables) t.clear();
      this.chars = 0;
    }
    this.chars += chars;
  }
}

export class RememberedScanner {
  private readonly known: Map<string, Int32Array>;
  /** Per gram: the stamp of the value that last reported it (first occurrences only are remembered). */
  private readonly seen: Uint32Array;
  private stamp = 0;
  /** Whether the values of this scanner's own field repeat (see collectField). */
  private readonly repeats = new FieldRepeats();

  constructor(readonly automaton: GramAutomaton, private readonly memory: ScanMemory) {
    this.known = memory.table();
    this.seen = new Uint32Array(Math.max(1, automaton.gramCount));
  }

  /**
   * `collect` for a value of the one field this scanner serves (a rule index key): its values are
   * remembered only while they repeat, so a field of unique values (GUIDs, command lines with random
   * parts) neither pays for hashing and storing them nor pushes the repeating fields' values out of
   * the shared budget.
   */
  collectField(text: string, hits: GramHits): void {
    if (text.length < MIN_REMEMBERED || text.length > MAX_REMEMBERED || !this.repeats.remember()) {
      this.automaton.collect(text, hits);
      return;
    }
    this.repeats.looked(this.collect(text, hits));
  }

  /**
   * Appends to `hits` the grams occurring in `text` (case-insensitive; see the file's note on
   * order). True when the value was remembered from before.
   */
  collect(text: string, hits: GramHits): boolean {
    if (text.length < MIN_REMEMBERED || text.length > MAX_REMEMBERED) {
      this.automaton.collect(text, hits);
      return false;
    }
    const grams = this.known.get(text);
    if (grams !== undefined) {
      if (grams.length > 0) hits.append(grams);
      return true;
    }
    const start = hits.n;
    this.automaton.collect(text, hits);
    // Keep each gram's first occurrence, in place.
    if (++this.stamp === 0xffffffff) {
      this.seen.fill(0);
      this.stamp = 1;
    }
    const ids = hits.ids;
    let w = start;
    for (let r = start; r < hits.n; r++) {
      const id = ids[r]!;
      if (this.seen[id] === this.stamp) continue;
      this.seen[id] = this.stamp;
      ids[w++] = id;
    }
    hits.n = w;
    this.memory.spend(text.length);
    this.known.set(text, w === start ? NO_GRAMS : ids.slice(start, w));
    return false;
  }
}
