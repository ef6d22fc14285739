/**
 * Aho-Corasick multi-pattern search over UTF-16 code units: all patterns found in one pass over
 * the text, whatever their number (`search`). The detector, which only wants patterns that start
 * at a word boundary, walks the same trie from each boundary instead (`walkFrom`). Transitions live in one Map keyed by `node * 65536 + code`,
 * with a dense table for the root so the common "no match yet" step is an array read.
 *
 * The Sigma prefilter has its own automaton (src/sigma/gram-automaton.ts): a full DFA over a few
 * character classes, case-folding and hashing non-ASCII characters, built for scanning every value
 * of every event for short grams. This one is exact per code unit and walks anchored at word
 * boundaries; neither fits the other's job, so both stay.
 */
const DENSE_NODES = 4096;

export class AhoCorasick {
  readonly size: number;
  private readonly root = new Int32Array(65536).fill(-1);
  private readonly next = new Map<number, number>();
  private fail: Int32Array | undefined;
  /** Pattern index ending at the node, or -1. */
  private out: Int32Array;
  /** Nearest node on the fail chain that ends a pattern, or -1. */
  private dict: Int32Array | undefined;
  private readonly nodes: number;
  /**
   * Dense ASCII transitions for the first nodes created (the shallow, shared prefixes such as
   * `hklm\\software\\`), so the steps taken most often are array reads, not map probes.
   */
  private readonly dense: Int32Array;
  private readonly denseNodes: number;
  private readonly lengths: number[];

  constructor(patterns: readonly string[]) {
    this.size = patterns.length;
    this.lengths = patterns.map((p) => p.length);
    let nodes = 1;
    const outList: number[] = [-1];
    for (let p = 0; p < patterns.length; p++) {
      const pat = patterns[p]!;
      let node = 0;
      for (let i = 0; i < pat.length; i++) {
        const c = pat.charCodeAt(i);
        let nx = node === 0 ? this.root[c]! : (this.next.get(node * 65536 + c) ?? -1);
        if (nx < 0) {
          nx = nodes++;
          outList.push(-1);
          if (node === 0) this.root[c] = nx;
          else this.next.set(node * 65536 + c, nx);
        }
        node = nx;
      }
      if (outList[node] === -1) outList[node] = p;
    }
    this.out = Int32Array.from(outList);
    this.nodes = nodes;
    this.denseNodes = Math.min(nodes, DENSE_NODES);
    this.dense = new Int32Array(this.denseNodes * 128).fill(-1);
    if (this.denseNodes > 0) for (let c = 0; c < 128; c++) this.dense[c] = this.root[c]!;
    for (const [key, n] of this.next) {
      const parent = Math.floor(key / 65536);
      const c = key % 65536;
      if (parent < this.denseNodes && c < 128) this.dense[parent * 128 + c] = n;
    }
  }

  /** Failure links, built on the first `search` (anchored walks never need them). */
  private links(): { fail: Int32Array; dict: Int32Array } {
    if (this.fail && this.dict) return { fail: this.fail, dict: this.dict };
    const nodes = this.nodes;
    const fail = new Int32Array(nodes);
    const dict = new Int32Array(nodes).fill(-1);
    this.fail = fail;
    this.dict = dict;
    // Children per node for the breadth-first pass.
    const children: number[][] = Array.from({ length: nodes }, () => []);
    const codes: number[][] = Array.from({ length: nodes }, () => []);
    for (let c = 0; c < 65536; c++) {
      const n = this.root[c]!;
      if (n >= 0) {
        children[0]!.push(n);
        codes[0]!.push(c);
      }
    }
    for (const [key, n] of this.next) {
      const parent = Math.floor(key / 65536);
      children[parent]!.push(n);
      codes[parent]!.push(key % 65536);
    }
    const queue: number[] = [];
    for (const n of children[0]!) {
      fail[n] = 0;
      queue.push(n);
    }
    for (let q = 0; q < queue.length; q++) {
      const node = queue[q]!;
      const kids = children[node]!;
      const kc = codes[node]!;
      for (let k = 0; k < kids.length; k++) {
        const child = kids[k]!;
        const c = kc[k]!;
        let f = fail[node]!;
        let target = -1;
        for (;;) {
          target = this.step(f, c);
          if (target >= 0 || f === 0) break;
          f = fail[f]!;
        }
        fail[child] = target >= 0 && target !== child ? target : 0;
        const fc = fail[child]!;
        dict[child] = this.out[fc]! >= 0 ? fc : dict[fc]!;
        queue.push(child);
      }
    }
    return { fail, dict };
  }

  private step(node: number, c: number): number {
    if (c < 128 && node < this.denseNodes) return this.dense[node * 128 + c]!;
    return node === 0 ? this.root[c]! : (this.next.get(node * 65536 + c) ?? -1);
  }

  /** True when some pattern starts with the code unit `c`, ASCII case folded (pre-check before `walkFrom`). */
  startsWith(c: number): boolean {
    return this.root[c >= 65 && c <= 90 ? c + 32 : c]! >= 0;
  }

  /**
   * Patterns that occur in `text` starting exactly at `start` (a trie walk along goto edges), with
   * ASCII letters of the text folded to lower case (patterns are expected in lower case):
   * `onMatch(pattern, end)` for each, shortest first.
   */
  walkFrom(text: string, start: number, onMatch: (pattern: number, end: number) => void): void {
    let node = 0;
    for (let i = start; i < text.length; i++) {
      const c = text.charCodeAt(i);
      node = this.step(node, c >= 65 && c <= 90 ? c + 32 : c);
      if (node < 0) return;
      const p = this.out[node]!;
      if (p >= 0) onMatch(p, i + 1);
    }
  }

  /** Call `onMatch(pattern, start, end)` for every occurrence (end exclusive); stop when it returns true. */
  search(text: string, onMatch: (pattern: number, start: number, end: number) => boolean | void): void {
    if (this.size === 0) return;
    const { fail, dict } = this.links();
    let node = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      let nx = this.step(node, c);
      while (nx < 0 && node !== 0) {
        node = fail[node]!;
        nx = this.step(node, c);
      }
      node = nx < 0 ? 0 : nx;
      if (node === 0) continue;
      let m = this.out[node]! >= 0 ? node : dict[node]!;
      while (m >= 0) {
        const p = this.out[m]!;
        const len = this.lengths[p]!;
        if (onMatch(p, i + 1 - len, i + 1) === true) return;
        m = dict[m]!;
      }
    }
  }
}
