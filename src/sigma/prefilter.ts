/**
 * Literal prefilter: most rules can only match when some field contains one of a few literal
 * strings (an `Image|endswith` list, a `CommandLine|contains` list, ...). For each compiled rule we
 * derive such a necessary condition from the detection; the index then scans each field once per
 * event with an Aho-Corasick automaton over short "grams" of those literals, and fully evaluates
 * only the rules whose grams occurred (plus the rules without a necessary condition). A gram hit
 * is only a hint: the rule's full predicate always decides.
 */
import type { ConditionNode } from './condition.js';
import type { Detection } from './rule.js';
import type { DetectionItem, SigmaValue } from './values.js';

/** At least one of these (field, literal) pairs occurs (lower-cased) when the detection matches. */
export type Necessity = Array<{ names: string[]; literals: string[] }>;

type Nec = Map<string, { names: string[]; literals: Set<string> }>;

const MIN_LITERAL = 3;
/** Pseudo field name: any value of the event (keyword searches). */
export const ANY_VALUE = '*';

function valueLiteral(v: SigmaValue): string | null {
  if (v.type === 'number') return String(v.n);
  if (v.type === 'bool') return String(v.b);
  if (v.type !== 'string') return null;
  let best = '';
  for (const p of v.s.parts) {
    if (p.kind === 'placeholder') return null;
    if (p.kind === 'text' && p.text.length > best.length) best = p.text;
  }
  return best.toLowerCase();
}

function itemNec(item: DetectionItem, mapField: (f: string) => string[]): Nec | null {
  if (item.neq || item.timePart) return null;
  // A keyword search needs its literal in some value of the event: the pseudo-field '*'.
  const names = item.field === null ? [ANY_VALUE] : mapField(item.field);
  const key = names.join('\u0000');
  const groupLits = (g: SigmaValue[]): string[] | null => {
    const out: string[] = [];
    for (const v of g) {
      const l = valueLiteral(v);
      // Short literals are too common to prefilter on, unless they hold a non-ASCII character.
      if (l === null || l.length === 0 || (l.length < MIN_LITERAL && !/[^\x00-\x7f]/.test(l))) return null;
      out.push(l);
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
  return count + (minLen < 4 ? 40 : 0) + (minLen < 5 ? 10 : 0);
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
    return all.sort((x, y) => cost(x) - cost(y)).slice(0, 2);
  };
  const anyOf = (lists: Clauses[]): Clauses => {
    const u = union(lists.map(cheapest));
    return u ? [u] : null;
  };
  const identNec = new Map<string, Clauses>();
  const ident = (name: string): Clauses => {
    if (!identNec.has(name)) {
      const id = detection.identifiers.get(name);
      let c: Clauses = null;
      if (id && id.alternatives.length === 1) c = two(id.alternatives[0]!.map((i) => { const n = itemNec(i, mapField); return n ? [n] : null; }));
      else if (id) c = anyOf(id.alternatives.map((items) => two(items.map((i) => { const n = itemNec(i, mapField); return n ? [n] : null; }))));
      identNec.set(name, c);
    }
    return identNec.get(name)!;
  };
  const walk = (node: ConditionNode): Clauses => {
    switch (node.op) {
      case 'ref':
        return ident(node.name);
      case 'not':
        return null;
      case 'and':
        return two(node.args.map(walk));
      case 'or':
        return anyOf(node.args.map(walk));
      case 'of':
        return node.count === 'all' ? two(node.names.map(ident)) : anyOf(node.names.map(ident));
    }
  };
  const clauses = walk(detection.condition);
  if (!clauses) return null;
  return clauses.map((n) => [...n.values()].map((e) => ({ names: e.names, literals: [...e.literals] })));
}

// --- gram choice ---------------------------------------------------------------------------

/** Literals longer than this are looked for by their least common-looking window of this length. */
const GRAM = 8;
const COMMON = new Set([
  '.exe', 'exe ', '.dll', '\\win', 'wind', 'indo', 'ndow', 'dows', 'ows\\', 'syst', 'yste', 'stem', 'tem3', 'em32', 'm32\\',
  'c:\\w', ':\\wi', 'c:\\p', ':\\pr', 'prog', 'rogr', 'ogra', 'gram', 'file', 'data', '\\use', 'user', 'sers', 'ers\\',
  'temp', 'appd', 'ppda', 'pdat', 'loca', 'ocal', 'roam', 'http', 'ttp:', 'tp:/', 'p://', 'micr', 'icro', 'cros', 'roso',
  'osof', 'soft', '\\sys', 'ys\\', 'ion\\', 'ent\\', 'the ', ' the', '.com', 'powe', 'ower', 'wers', 'ersh', 'rshe', 'shel',
  'hell', 'cmd.', 'md.e', 'd.ex', 'd.e', 'con', 'ing ', 'tion',
]);
const COMMON_CHARS = new Set('etaoinsrlcd\\. '.split(''));

function gramScore(g: string): number {
  if (COMMON.has(g)) return -10;
  let s = 0;
  for (const c of g) s += COMMON_CHARS.has(c) ? 1 : 2;
  return s;
}

/** Score of a window: its 4-character grams' scores (common grams pull it down). */
function windowScore(w: string): number {
  if (w.length <= 4) return gramScore(w);
  let s = 0;
  for (let i = 0; i + 4 <= w.length; i++) s += gramScore(w.slice(i, i + 4));
  return s;
}

/** The short window of a literal the automaton looks for: its least common-looking 4 characters. */
export function chooseGram(literal: string): string {
  if (literal.length <= GRAM) return literal;
  let bestG = literal.slice(0, GRAM);
  let bestS = windowScore(bestG);
  for (let i = 1; i + GRAM <= literal.length; i++) {
    const g = literal.slice(i, i + GRAM);
    const s = windowScore(g);
    if (s > bestS) {
      bestS = s;
      bestG = g;
    }
  }
  return bestG;
}

// --- Aho-Corasick over grams ------------------------------------------------------------------

const NON_ASCII_CLASSES = 16;
const lowerCache = new Map<number, number>();
/** The code of a non-ASCII character's lower-case form (first code unit). */
function lowerCode(c: number): number {
  let l = lowerCache.get(c);
  if (l === undefined) {
    l = String.fromCharCode(c).toLowerCase().charCodeAt(0);
    if (lowerCache.size < 4096) lowerCache.set(c, l);
  }
  return l;
}

/** A DFA over the grams' characters (other characters share class 0, which leads back to root). */
export class GramAutomaton {
  private readonly classOf = new Map<number, number>();
  private readonly classes: number;
  private readonly delta: Uint16Array | Int32Array;
  /** Per state: ids of grams ending here (own and via failure links), or null. */
  private readonly out: Array<number[] | null>;
  /** 1 where a state has outputs (a typed check in the hot loop). */
  private readonly hasOut: Uint8Array;
  private readonly ascii = new Int32Array(128);

  /** Non-ASCII characters share NON_ASCII_CLASSES hashed classes (more hits, never fewer). */
  private nonAsciiBase = 0;

  constructor(grams: readonly string[]) {
    let nonAscii = false;
    for (const g of grams) for (let i = 0; i < g.length; i++) {
      const c = g.charCodeAt(i);
      if (c >= 128) nonAscii = true;
      else if (!this.classOf.has(c)) this.classOf.set(c, this.classOf.size + 1);
    }
    this.nonAsciiBase = nonAscii ? this.classOf.size + 1 : 0;
    this.classes = this.classOf.size + 1 + (nonAscii ? NON_ASCII_CLASSES : 0);
    // Scanning folds case itself: upper-case ASCII shares the lower-case class.
    for (let c = 0; c < 128; c++) this.ascii[c] = this.classOf.get(c >= 65 && c <= 90 ? c + 32 : c) ?? 0;
    // Trie.
    const C = this.classes;
    const goto: number[][] = [new Array<number>(C).fill(-1)];
    const own: number[][] = [[]];
    grams.forEach((g, id) => {
      let s = 0;
      for (let i = 0; i < g.length; i++) {
        const k = this.cls(g.charCodeAt(i));
        let n = goto[s]![k]!;
        if (n < 0) {
          n = goto.length;
          goto.push(new Array<number>(C).fill(-1));
          own.push([]);
          goto[s]![k] = n;
        }
        s = n;
      }
      own[s]!.push(id);
    });
    // BFS: failure links folded into a full transition table.
    const n = goto.length;
    const delta = n < 65536 ? new Uint16Array(n * C) : new Int32Array(n * C);
    const fail = new Int32Array(n);
    const out: Array<number[] | null> = new Array(n).fill(null);
    const queue: number[] = [];
    for (let k = 0; k < C; k++) {
      const t = goto[0]![k]!;
      if (t > 0) {
        delta[k] = t;
        fail[t] = 0;
        queue.push(t);
      } else delta[k] = 0;
    }
    out[0] = own[0]!.length ? own[0]! : null;
    for (let qi = 0; qi < queue.length; qi++) {
      const s = queue[qi]!;
      const merged = [...own[s]!, ...(out[fail[s]!] ?? [])];
      out[s] = merged.length ? merged : null;
      for (let k = 0; k < C; k++) {
        const t = goto[s]![k]!;
        if (t > 0) {
          fail[t] = delta[fail[s]! * C + k]!;
          delta[s * C + k] = t;
          queue.push(t);
        } else delta[s * C + k] = delta[fail[s]! * C + k]!;
      }
    }
    this.delta = delta;
    this.out = out;
    this.hasOut = new Uint8Array(n);
    for (let i = 0; i < n; i++) if (out[i] !== null) this.hasOut[i] = 1;
  }

  private cls(c: number): number {
    if (c < 128) return this.ascii[c]!;
    if (this.nonAsciiBase === 0) return 0;
    return this.nonAsciiBase + (lowerCode(c) & (NON_ASCII_CLASSES - 1));
  }

  /** Call `hit(gramId)` for every gram occurrence in `text`, compared case-insensitively (repeats possible). */
  scan(text: string, hit: (id: number) => void): void {
    const C = this.classes;
    const delta = this.delta;
    const hasOut = this.hasOut;
    const ascii = this.ascii;
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      s = delta[s * C + (c < 128 ? ascii[c]! : this.cls(c))]!;
      if (hasOut[s] === 1) {
        const o = this.out[s]!;
        for (let j = 0; j < o.length; j++) hit(o[j]!);
      }
    }
  }

  get states(): number {
    return this.out.length;
  }
}
