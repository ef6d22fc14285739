/**
 * Literal prefilter, the necessity half: most rules can only match when some field contains one of
 * a few literal strings (an `Image|endswith` list, a `CommandLine|contains` list, ...). For each
 * compiled rule we derive such a necessary condition from the detection (this file); the index
 * then scans each field once per event with an automaton over short "grams" of those literals
 * (gram-choice.ts, gram-automaton.ts, literal-automata.ts), and fully evaluates only the rules whose
 * grams occurred (plus the rules without a necessary condition). A gram hit is only a hint: the
 * rule's full predicate always decides.
 */
import type { Detection } from './rule.js';
import { foldDetection } from './detection-fold.js';
import { chooseGram } from './gram-choice.js';
import { givesPrefilterLiterals } from './modifier-descriptors.js';
import { regexLiterals } from './regex-literals.js';
import { compileRegExp } from './rule-regex.js';
import type { DetectionItem, SigmaValue } from './values.js';

/** At least one of these (field, literal) pairs occurs (lower-cased) when the detection matches. */
export type Necessity = Array<{
  names: string[];
  literals: string[];
  /**
   * Per literal, the gram the automaton looks for (gram-choice.ts), chosen once when the rule is
   * compiled and cached with it; '' when the gram is the literal itself (short literals).
   */
  grams?: string[];
}>;

type Nec = Map<string, { names: string[]; literals: Set<string> }>;

/** Literals shorter than this (ASCII) are too common to prefilter on. */
const MIN_LITERAL = 3;
/** Cost penalties of a clause whose shortest literal is under 4 / under 5 characters (they hit often). */
const SHORT_LITERAL_PENALTY = 40;
const FAIRLY_SHORT_LITERAL_PENALTY = 10;
/** At most this many clauses are kept per detection (each must hold). */
const MAX_CLAUSES = 2;
/** Pseudo field name: any value of the event (keyword searches). */
export const ANY_VALUE = '*';

/** A literal long enough to prefilter on: short ones are too common, unless non-ASCII. */
function usable(l: string): boolean {
  return l.length >= MIN_LITERAL || (l.length > 0 && /[^\x00-\x7f]/.test(l));
}

/** The value's necessary literals (lower-cased), one of which occurs in a matching field, or null. */
function valueLiterals(v: SigmaValue): string[] | null {
  if (v.type === 'number') return [String(v.n)];
  if (v.type === 'bool') return [String(v.b)];
  if (v.type === 'regex') return regexValueLiterals(v.source, v.flags);
  if (v.type !== 'string') return null;
  let best = '';
  for (const p of v.s.parts) {
    if (p.kind === 'placeholder') return null;
    if (p.kind === 'text' && p.text.length > best.length) best = p.text;
  }
  return [best.toLowerCase()];
}

function regexValueLiterals(source: string, flags: string): string[] | null {
  let re: RegExp;
  try {
    re = compileRegExp(source, flags, source);
  } catch {
    return null; // the compiler reports it
  }
  return regexLiterals(re.source, re.flags, usable);
}

function itemNec(item: DetectionItem, mapField: (f: string) => string[]): Nec | null {
  if (!givesPrefilterLiterals(item)) return null;
  // A keyword search needs its literal in some value of the event: the pseudo-field '*'.
  const names = item.field === null ? [ANY_VALUE] : mapField(item.field);
  const key = names.join('\u0000');
  const groupLits = (g: SigmaValue[]): string[] | null => {
    const out: string[] = [];
    for (const v of g) {
      const ls = valueLiterals(v);
      if (ls === null) return null;
      for (const l of ls) {
        if (!usable(l)) return null;
        out.push(l);
      }
    }
    return out;
  };
  let lits: string[] | null = null;
  if (item.linking === 'and') {
    // Every group is necessary: take the one with the longest shortest literal.
    for (const g of item.groups) {
      const l = groupLits(g);
      if (l && (!lits || Math.min(...l.map((x) => x.length)) > Math.min(...lits.map((x) => x.length)))) lits = l;
    }
  } else {
    lits = [];
    for (const g of item.groups) {
      const l = groupLits(g);
      if (!l) return null;
      lits.push(...l);
    }
  }
  if (!lits || lits.length === 0) return null;
  return new Map([[key, { names, literals: new Set(lits) }]]);
}

function cost(n: Nec): number {
  let count = 0;
  let minLen = Infinity;
  for (const e of n.values()) {
    count += e.literals.size;
    for (const l of e.literals) minLen = Math.min(minLen, l.length);
  }
  return count + (minLen < 4 ? SHORT_LITERAL_PENALTY : 0) + (minLen < 5 ? FAIRLY_SHORT_LITERAL_PENALTY : 0);
}

function best(list: Array<Nec | null>): Nec | null {
  let out: Nec | null = null;
  for (const n of list) if (n && (!out || cost(n) < cost(out))) out = n;
  return out;
}

function union(list: Array<Nec | null>): Nec | null {
  const out: Nec = new Map();
  for (const n of list) {
    if (!n) return null;
    for (const [k, e] of n) {
      const cur = out.get(k);
      if (cur) for (const l of e.literals) cur.literals.add(l);
      else out.set(k, { names: e.names, literals: new Set(e.literals) });
    }
  }
  return out;
}

/**
 * The detection's necessary literal conditions under a field mapping: up to two clauses that must
 * all hold (each: one of its (field, literal) pairs occurs), or null when none is known.
 */
export function necessity(detection: Detection, mapField: (f: string) => string[]): Necessity[] | null {
  type Clauses = Nec[] | null;
  const cheapest = (c: Clauses): Nec | null => (c ? best(c) : null);
  const two = (lists: Clauses[]): Clauses => {
    const all: Nec[] = [];
    for (const l of lists) if (l) all.push(...l);
    if (all.length === 0) return null;
    return all.sort((x, y) => cost(x) - cost(y)).slice(0, MAX_CLAUSES);
  };
  const anyOf = (lists: Clauses[]): Clauses => {
    const u = union(lists.map(cheapest));
    return u ? [u] : null;
  };
  const clauses = foldDetection<Clauses>(detection, {
    item: (i) => {
      const n = itemNec(i, mapField);
      return n ? [n] : null;
    },
    all: two,
    any: anyOf,
    unknown: null,
  });
  if (!clauses) return null;
  return clauses.map((n) => [...n.values()].map((e) => {
    const literals = [...e.literals];
    return { names: e.names, literals, grams: literals.map((l) => { const g = chooseGram(l); return g === l ? '' : g; }) };
  }));
}
