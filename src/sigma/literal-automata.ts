/**
 * The prefilter's automata, shared by every bucket of a rule index: per field-names key (the names
 * a rule field maps to), one automaton over the grams of every rule's literals on those fields,
 * built on first use. A bucket (one channel + event ID) then only keeps which of an automaton's
 * grams lead to its own clauses, instead of building automata of its own: SigmaHQ's set has a few
 * hundred buckets over the same few hundred field keys.
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

export class LiteralAutomata {
  /** key → gram → id in that key's automaton. */
  private ids: Map<string, Map<string, number>> | null = null;
  private readonly built = new Map<string, RememberedScanner>();
  private memory = new ScanMemory();

  constructor(private readonly necessities: () => Iterable<Necessity[] | null>) {}

  /** Forget everything (rules were added). */
  reset(): void {
    this.ids = null;
    this.built.clear();
    this.memory = new ScanMemory();
  }

  /** Id of a literal's gram in the automaton of `key` (-1 when no rule has it there). */
  literalId(key: string, literal: string): number {
    return this.gramId(key, chooseGram(literal));
  }

  gramId(key: string, gram: string): number {
    return this.gramIds().get(key)?.get(gram) ?? -1;
  }

  automaton(key: string): RememberedScanner {
    let ac = this.built.get(key);
    if (!ac) {
      ac = new RememberedScanner(new GramAutomaton([...(this.gramIds().get(key) ?? new Map<string, number>()).keys()]), this.memory);
      this.built.set(key, ac);
    }
    return ac;
  }

  private gramIds(): Map<string, Map<string, number>> {
    if (this.ids) return this.ids;
    const ids = new Map<string, Map<string, number>>();
    const add = (key: string, gram: string): void => {
      let m = ids.get(key);
      if (!m) ids.set(key, (m = new Map()));
      if (!m.has(gram)) m.set(gram, m.size);
    };
    for (const clauses of this.necessities()) {
      for (const clause of clauses ?? []) {
        for (const { names, literals } of clause) {
          const key = namesKey(names);
          for (const lit of literals) add(key, chooseGram(lit));
        }
      }
    }
    this.ids = ids;
    return ids;
  }
}
