/**
 * `cellwatch search`: which events mention an address, a user, a hash. Terms are keywords
 * (substrings of any field value; case-sensitive unless ignoreCase) and regular expressions (JS
 * syntax, tested against every field value); an event matches when one term matches (every term
 * with `all`), and, when field conditions are given, they all hold too (field-search.ts).
 *
 * Keywords are found with the Sigma prefilter's case-folding automaton (one pass over each value
 * for all keywords); an automaton hit is only a hint, confirmed with an exact substring test.
 */
import { GramAutomaton } from '../sigma/gram-automaton.js';
import { scalarText } from '../sigma/event-view.js';
import type { FieldValue, HuntEvent } from '../events/event.js';
import { compileFieldConditions, type FieldCondition } from './field-search.js';

export interface SearchSpec {
  keywords: string[];
  /** Regular expression sources (JS syntax). */
  regexes: string[];
  fields: FieldCondition[];
  ignoreCase: boolean;
  /** Every keyword and regex must match (default: any). */
  all: boolean;
}

export interface SearchHit {
  /** The first field that matched and its value. */
  field: string;
  value: string;
}

export type EventSearch = (event: HuntEvent) => SearchHit | null;

/** Compile a search; throws an Error with a one-line reason for an invalid regex or field condition. */
export async function compileSearch(spec: SearchSpec): Promise<EventSearch> {
  const terms = new TermScan(spec);
  const fields = spec.fields.length ? await compileFieldConditions(spec.fields) : null;
  return (event) => {
    let hit: SearchHit | null = null;
    if (terms.count > 0) {
      hit = terms.match(event.fields);
      if (!hit) return null;
    }
    if (fields) {
      const matched = fields.match(event);
      if (!matched) return null;
      if (!hit) {
        const [field, value] = Object.entries(matched)[0] ?? ['', ''];
        hit = { field, value: typeof value === 'string' ? value : JSON.stringify(value) };
      }
    }
    return hit ?? { field: '', value: '' };
  };
}

class TermScan {
  readonly count: number;
  private readonly keywords: string[];
  private readonly automaton: GramAutomaton | null;
  private readonly regexes: RegExp[];
  private readonly ignoreCase: boolean;
  private readonly all: boolean;
  /** Per term: the event generation in which it matched (no clearing between events). */
  private readonly matchedIn: Int32Array;
  private readonly candidate: Uint8Array;
  private generation = 0;
  private matchedCount = 0;
  private readonly onGram = (id: number): void => {
    this.candidate[id] = 1;
  };

  constructor(spec: SearchSpec) {
    this.ignoreCase = spec.ignoreCase;
    this.all = spec.all;
    this.keywords = spec.ignoreCase ? spec.keywords.map((k) => k.toLowerCase()) : [...spec.keywords];
    this.automaton = this.keywords.length ? new GramAutomaton(this.keywords.map((k) => k.toLowerCase())) : null;
    this.regexes = spec.regexes.map((r) => {
      try {
        return new RegExp(r, spec.ignoreCase ? 'i' : '');
      } catch (err) {
        throw new Error(`-r '${r}': ${(err as Error).message}`);
      }
    });
    this.count = this.keywords.length + this.regexes.length;
    this.matchedIn = new Int32Array(this.count);
    this.candidate = new Uint8Array(this.keywords.length);
  }

  match(fields: Record<string, FieldValue>): SearchHit | null {
    this.generation++;
    this.matchedCount = 0;
    let first: SearchHit | null = null;
    for (const name in fields) {
      const v = fields[name]!;
      if (Array.isArray(v)) {
        for (const item of v) {
          if (Array.isArray(item)) continue;
          const text = scalarText(item);
          if (this.test(text) && !first) first = { field: name, value: text };
          if (first && (!this.all || this.matchedCount === this.count)) return first;
        }
        continue;
      }
      const text = scalarText(v);
      if (this.test(text) && !first) first = { field: name, value: text };
      if (first && (!this.all || this.matchedCount === this.count)) return first;
    }
    return null;
  }

  /** Does the value match a term not yet matched in this event? Marks what it matched. */
  private test(text: string): boolean {
    if (text === '') return false;
    let any = false;
    const gen = this.generation;
    if (this.automaton) {
      this.candidate.fill(0);
      this.automaton.scan(text, this.onGram);
      let lower: string | null = null;
      for (let i = 0; i < this.keywords.length; i++) {
        if (this.candidate[i] === 0 || this.matchedIn[i] === gen) continue;
        const hay = this.ignoreCase ? (lower ??= text.toLowerCase()) : text;
        if (hay.includes(this.keywords[i]!)) {
          this.matchedIn[i] = gen;
          this.matchedCount++;
          any = true;
        }
      }
    }
    const base = this.keywords.length;
    for (let i = 0; i < this.regexes.length; i++) {
      if (this.matchedIn[base + i] === gen) continue;
      if (this.regexes[i]!.test(text)) {
        this.matchedIn[base + i] = gen;
        this.matchedCount++;
        any = true;
      }
    }
    return any;
  }
}
