/**
 * The prefilter's automata, shared by every bucket of a rule index: per field-names key (the names
 * a rule field maps to), one automaton over the grams of every rule's literals on those fields,
 * built on first use. A bucket (one channel + event ID) then only keeps which of an automaton's
 * grams lead to its own clauses, instead of building automata of its own: SigmaHQ's set has a few
 * hundred buckets over the same few hundred field keys.
 * Each rule's necessity is resolved here once (field keys and gram ids, `resolved`), so building a
 * bucket only links numbers.
 * Keyword (any-value) grams have their own automaton, which a bucket with keyword rules runs over
 * every value of the event. Each automaton is wrapped in a scanner that remembers the grams of
 * repeated values (remembered-scanner.ts), shared by every bucket like the automaton.
 */
import type { Necessity } from './prefilter.js';
import { chooseGram } from './gram-choice.js';
import { GramAutomaton } from './gram-automaton.js';
import { RememberedScanner, ScanMemory } from './remembered-scanner.js';

/** The field-names key of a necessity entry. */
export const namesKey = (names: readonly string[]): string => names.join('\u0000');

/** One (field key, literals) entry of a necessity clause, as numbers: the key's index and the literals' gram ids. */
export interface ResolvedEntry {
  key: number;
  grams: Int32Array;
}

/** A necessity resolved: per clause, its entries. */
export type ResolvedNecessity = ResolvedEntry[][];

interface Resolution {
  /** Field key → its index. */
  keys: Map<string, number>;
  /** Per key index: its field names, and gram → id in its automaton. */
  names: string[][];
  grams: Array<Map<string, number>>;
  /** Per necessity (same order as given): resolved, or null when there is none. */
  resolved: Array<ResolvedNecessity | null>;
}

export class LiteralAutomata {
  private resolution: Resolution | null = null;
  private built: Array<RememberedScanner | undefined> = [];
  private memory = new ScanMemory();

  constructor(private readonly necessities: () => ReadonlyArray<Necessity[] | null>) {}

  /** Forget everything (rules were added). */
  reset(): void {
    this.resolution = null;
    this.built = [];
    this.memory = new ScanMemory();
  }

  /** The i-th necessity (in the order `necessities` gives them) as key indexes and gram ids, or null. */
  resolved(i: number): ResolvedNecessity | null {
    return this.resolve().resolved[i] ?? null;
  }

  /** The field names of a key index. */
  keyNames(key: number): string[] {
    return this.resolve().names[key]!;
  }

  /** Id of a literal's gram in the automaton of `key` (-1 when no rule has it there). */
  literalId(key: string, literal: string): number {
    const r = this.resolve();
    const k = r.keys.get(key);
    return k === undefined ? -1 : (r.grams[k]!.get(chooseGram(literal)) ?? -1);
  }

  /** The scanner of a key index, built on first use. */
  scanner(key: number): RememberedScanner {
    let ac = this.built[key];
    if (!ac) {
      const grams = [...this.resolve().grams[key]!.keys()];
      ac = new RememberedScanner(new GramAutomaton(grams), this.memory);
      this.built[key] = ac;
    }
    return ac;
  }

  /** The scanner of a field key (by its names key), or null when no rule reads it. */
  automaton(key: string): RememberedScanner | null {
    const k = this.resolve().keys.get(key);
    return k === undefined ? null : this.scanner(k);
  }

  private resolve(): Resolution {
    if (this.resolution) return this.resolution;
    const r: Resolution = { keys: new Map(), names: [], grams: [], resolved: [] };
    const keyOf = (names: string[]): number => {
      const text = namesKey(names);
      let k = r.keys.get(text);
      if (k === undefined) {
        k = r.names.length;
        r.keys.set(text, k);
        r.names.push(names);
        r.grams.push(new Map());
      }
      return k;
    };
    for (const clauses of this.necessities()) {
      if (!clauses) {
        r.resolved.push(null);
        continue;
      }
      r.resolved.push(clauses.map((clause) => clause.map(({ names, literals, grams: chosen }) => {
        const key = keyOf(names);
        const ids = r.grams[key]!;
        const grams = new Int32Array(literals.length);
        literals.forEach((lit, j) => {
          const c = chosen?.[j];
          const gram = c === undefined ? chooseGram(lit) : c === '' ? lit : c;
          let id = ids.get(gram);
          if (id === undefined) ids.set(gram, (id = ids.size));
          grams[j] = id;
        });
        return { key, grams };
      })));
    }
    this.resolution = r;
    return r;
  }
}
