/**
 * The prefilter's automaton: Aho-Corasick over the rules' grams, folded into a full DFA over
 * character classes, matching ASCII case-insensitively, for the hottest loop of a hunt (every
 * field value of every event goes through `scan`).
 *
 * Why not src/ioc/aho-corasick.ts: that one keeps sparse transitions (a Map) and walks anchored at
 * word boundaries for indicator tokens, exact per code unit; this one trades memory (a dense
 * table over the few character classes the grams use) for one array read per character, folds
 * case, and hashes non-ASCII characters into a few classes (more hints, never fewer). The two
 * answer different questions at different costs, so both stay.
 */

import { GramHits } from './gram-hits.js';

/** Non-ASCII characters are hashed into this many classes. */
const NON_ASCII_CLASSES = 16;
/** Lower-case forms of non-ASCII characters remembered. */
const MAX_LOWER_CACHE = 4096;
const lowerCache = new Map<number, number>();
/** The code of a non-ASCII character's lower-case form (first code unit). */
function lowerCode(c: number): number {
  let l = lowerCache.get(c);
  if (l === undefined) {
    l = String.fromCharCode(c).toLowerCase().charCodeAt(0);
    if (lowerCache.size < MAX_LOWER_CACHE) lowerCache.set(c, l);
  }
  return l;
}

/** A DFA over the grams' characters (other characters share class 0, which leads back to root). */
export class GramAutomaton {
  private readonly classes: number;
  private readonly delta: Uint16Array | Int32Array;
  /** Per state: ids of grams ending here (own and via failure links), or null. */
  private readonly out: Array<number[] | null>;
  /** 1 where a state has outputs (a typed check in the hot loop). */
  private readonly hasOut: Uint8Array;
  private readonly ascii = new Int32Array(128);
  private readonly scratch = new GramHits();
  /** Whether the text of a number or boolean can hold a gram (else such values need no scan). */
  readonly scalarsCanHit: boolean;

  /** Non-ASCII characters share NON_ASCII_CLASSES hashed classes (more hits, never fewer). */
  private nonAsciiBase = 0;

  constructor(private readonly grams: readonly string[]) {
    this.scalarsCanHit = grams.some((g) => /^[0-9.e+-]*$/.test(g) || 'true'.includes(g) || 'false'.includes(g));
    const { classes, nonAsciiBase, chars } = assignClasses(grams, this.ascii);
    this.classes = classes;
    this.nonAsciiBase = nonAsciiBase;
    const trie = this.trie(grams, chars);
    const { delta, out } = dfa(trie, classes);
    this.delta = delta;
    this.out = out;
    this.hasOut = new Uint8Array(out.length);
    for (let i = 0; i < out.length; i++) if (out[i] !== null) this.hasOut[i] = 1;
  }

  /** The grams' trie, children as linked lists (first child, next sibling, class of the edge into a state). */
  private trie(grams: readonly string[], chars: number): Trie {
    const cap = chars + 1;
    const firstChild = new Int32Array(cap).fill(-1);
    const sibling = new Int32Array(cap).fill(-1);
    const edge = new Int32Array(cap);
    // Grams ending at a state, as a list through ownNext (latest first).
    const ownFirst = new Int32Array(cap).fill(-1);
    const ownNext = new Int32Array(grams.length);
    const ascii = this.ascii;
    let n = 1;
    for (let id = 0; id < grams.length; id++) {
      const g = grams[id]!;
      let s = 0;
      for (let i = 0; i < g.length; i++) {
        const c = g.charCodeAt(i);
        const k = c < 128 ? ascii[c]! : this.cls(c);
        let t = firstChild[s]!;
        while (t >= 0 && edge[t] !== k) t = sibling[t]!;
        if (t < 0) {
          t = n++;
          edge[t] = k;
          sibling[t] = firstChild[s]!;
          firstChild[s] = t;
        }
        s = t;
      }
      ownNext[id] = ownFirst[s]!;
      ownFirst[s] = id;
    }
    return { n, firstChild, sibling, edge, ownFirst, ownNext };
  }

  private cls(c: number): number {
    if (c < 128) return this.ascii[c]!;
    if (this.nonAsciiBase === 0) return 0;
    return this.nonAsciiBase + (lowerCode(c) & (NON_ASCII_CLASSES - 1));
  }

  /** Call `hit(gramId)` for every gram occurrence in `text`, compared case-insensitively (repeats possible). */
  scan(text: string, hit: (id: number) => void): void {
    const hits = this.scratch;
    hits.n = 0;
    this.collect(text, hits);
    for (let i = 0; i < hits.n; i++) hit(hits.ids[i]!);
  }

  /** Appends to `hits` the id of every gram occurrence in `text` (as `scan`, without a callback). */
  collect(text: string, hits: GramHits): void {
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
        for (let j = 0; j < o.length; j++) hits.push(o[j]!);
      }
    }
  }

  /** The gram of an id. */
  gram(id: number): string {
    return this.grams[id]!;
  }

  /** Number of grams (ids run from 0 to this). */
  get gramCount(): number {
    return this.grams.length;
  }

  get states(): number {
    return this.out.length;
  }
}

interface Trie {
  n: number;
  firstChild: Int32Array;
  sibling: Int32Array;
  edge: Int32Array;
  ownFirst: Int32Array;
  ownNext: Int32Array;
}

/**
 * Numbers the ASCII characters the grams use (upper-case ASCII shares the lower-case class: scanning
 * folds case itself) into `ascii`; non-ASCII characters get NON_ASCII_CLASSES hashed classes after them.
 */
function assignClasses(grams: readonly string[], ascii: Int32Array): { classes: number; nonAsciiBase: number; chars: number } {
  const classOf = new Int32Array(128);
  let used = 0;
  let nonAscii = false;
  let chars = 0;
  for (const g of grams) {
    chars += g.length;
    for (let i = 0; i < g.length; i++) {
      const c = g.charCodeAt(i);
      if (c >= 128) nonAscii = true;
      else if (classOf[c] === 0) classOf[c] = ++used;
    }
  }
  for (let c = 0; c < 128; c++) ascii[c] = classOf[c >= 65 && c <= 90 ? c + 32 : c]!;
  return { classes: used + 1 + (nonAscii ? NON_ASCII_CLASSES : 0), nonAsciiBase: nonAscii ? used + 1 : 0, chars };
}

/** The grams ending at a trie state, in the order they were given, or undefined. */
function ownGrams(trie: Trie, state: number): number[] | undefined {
  let g = trie.ownFirst[state]!;
  if (g < 0) return undefined;
  const list: number[] = [];
  for (; g >= 0; g = trie.ownNext[g]!) list.push(g);
  return list.reverse();
}

/**
 * The full DFA of a trie: states renumbered in breadth-first order, so the shallow states that
 * text visits most share the first rows of the table (cache lines), whatever the order the grams
 * came in. Each state's row starts as a copy of its failure state's (complete: it is shallower),
 * then its own edges overwrite it.
 */
function dfa(trie: Trie, C: number): { delta: Uint16Array | Int32Array; out: Array<number[] | null> } {
  const { n, firstChild, sibling, edge } = trie;
  const order = new Int32Array(n);
  let tail = 1;
  for (let head = 0; head < tail; head++) for (let t = firstChild[order[head]!]!; t >= 0; t = sibling[t]!) order[tail++] = t;
  const id = new Int32Array(n);
  for (let i = 0; i < n; i++) id[order[i]!] = i;
  const delta = n < 65536 ? new Uint16Array(n * C) : new Int32Array(n * C);
  const fail = new Int32Array(n);
  const out: Array<number[] | null> = new Array<number[] | null>(n).fill(null);
  for (let i = 0; i < n; i++) {
    const old = order[i]!;
    const f = fail[i]!;
    const mine = ownGrams(trie, old);
    const inherited = i === 0 ? null : out[f]!;
    out[i] = mine ? (inherited ? mine.concat(inherited) : mine) : inherited;
    if (i > 0) delta.copyWithin(i * C, f * C, f * C + C);
    for (let t = firstChild[old]!; t >= 0; t = sibling[t]!) {
      const k = edge[t]!;
      if (i > 0) fail[id[t]!] = delta[f * C + k]!;
      delta[i * C + k] = id[t]!;
    }
  }
  return { delta, out };
}
