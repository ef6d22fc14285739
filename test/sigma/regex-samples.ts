/**
 * Random texts a regex should match, built from its own structure (for tests that check what the
 * engine derives from a rule regex): a branch of each alternation, a repeat count within each
 * quantifier, a character each class or escape accepts, letters in random case under `i`, and
 * random text around. A sample is only kept when the regex really matches it.
 */
import { seededRandom } from '../../scripts/seeded-random.js';

const POOL = [...'abcxyzABCXYZ0129 !"#%&\'()*+,-./:;<=>?@[\\]^_`{|}~\t\u00e9\u212a', '\n', '\r'];

type Rand = () => number;

class SampleWriter {
  private i = 0;
  private out = '';

  constructor(
    private readonly p: string,
    private readonly flags: string,
    private readonly rand: Rand,
  ) {}

  write(): string {
    this.alternation();
    return this.out;
  }

  private pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.rand() * list.length)]!;
  }

  /** A character of the pool the one-character regex accepts, or ''. */
  private oneOf(atom: string): string {
    let re: RegExp;
    try {
      re = new RegExp(`^(?:${atom})$`, this.flags);
    } catch {
      return '';
    }
    const fits = POOL.filter((c) => re.test(c));
    return fits.length ? this.pick(fits) : '';
  }

  /** The end of the alternation starting at `from` (at its closing parenthesis or the end). */
  private branches(from: number): number[] {
    const cuts = [from - 1];
    let depth = 0;
    for (let j = from; j < this.p.length; j++) {
      const c = this.p[j];
      if (c === '\\') j++;
      else if (c === '[') {
        j++;
        while (j < this.p.length && this.p[j] !== ']') j += this.p[j] === '\\' ? 2 : 1;
      } else if (c === '(') depth++;
      else if (c === ')' && depth-- === 0) return [...cuts, j];
      else if (c === '|' && depth === 0) cuts.push(j);
    }
    return [...cuts, this.p.length];
  }

  private alternation(): void {
    const cuts = this.branches(this.i);
    const k = Math.floor(this.rand() * (cuts.length - 1));
    const end = cuts[cuts.length - 1]!;
    this.i = cuts[k]! + 1;
    while (this.i < cuts[k + 1]!) this.quantified();
    this.i = end;
  }

  private quantified(): void {
    const start = this.out.length;
    const atomStart = this.i;
    this.atom();
    const q = /^(?:([*+?])|\{(\d+)(?:,(\d*))?\})\??/.exec(this.p.slice(this.i, this.i + 24));
    if (!q) return;
    const atomEnd = this.i;
    this.i += q[0].length;
    const min = q[1] === '+' ? 1 : q[1] ? 0 : Number(q[2]);
    const max = q[1] === '?' ? 1 : q[1] || q[3] === '' ? min + 3 : q[3] === undefined ? min : Number(q[3]);
    const count = min + Math.floor(this.rand() * (Math.min(max, min + 3) - min + 1));
    this.out = this.out.slice(0, start);
    const after = this.i;
    for (let n = 0; n < count; n++) {
      this.i = atomStart;
      this.atom();
    }
    if (this.i !== atomEnd) throw new Error('atom read twice differently');
    this.i = after;
  }

  private atom(): void {
    const c = this.p[this.i]!;
    if (c === '(') {
      const head = /^\(\?(?:[:=!]|<[=!]|<[^>]*>)?/.exec(this.p.slice(this.i))?.[0] ?? '(';
      const look = /^\(\?<?[=!]/.test(head);
      this.i += head.length;
      const mark = this.out.length;
      this.alternation();
      if (look) this.out = this.out.slice(0, mark);
      this.i++;
    } else if (c === '[') {
      let j = this.i + 1;
      if (this.p[j] === '^') j++;
      while (j < this.p.length && this.p[j] !== ']') j += this.p[j] === '\\' ? 2 : 1;
      this.out += this.oneOf(this.p.slice(this.i, j + 1));
      this.i = j + 1;
    } else if (c === '\\') {
      const esc = /^\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|c[a-zA-Z]|k<[^>]*>|\d+|.)/.exec(this.p.slice(this.i))![0];
      this.i += esc.length;
      if (/^\\([bB]|\d|k<)/.test(esc)) return; // zero width, or a backreference (the sample may fail)
      const literal = esc.length === 2 && !/[a-zA-Z0-9]/.test(esc[1]!) ? esc[1]! : '';
      this.out += literal || this.oneOf(esc);
    } else if (c === '.') {
      this.out += this.oneOf('.');
      this.i++;
    } else {
      this.i++;
      if (c === '^' || c === '$') return;
      this.out += this.flags.includes('i') && this.rand() < 0.5 ? c.toUpperCase() : c;
    }
  }
}

function filler(rand: Rand): string {
  let s = '';
  const n = Math.floor(rand() * 6);
  for (let k = 0; k < n; k++) s += POOL[Math.floor(rand() * POOL.length)]!;
  return s;
}

/** Up to `count` distinct texts the regex matches (fewer when its structure defeats the writer). */
export function regexSamples(re: RegExp, count: number, seed = 1): string[] {
  const rand = seededRandom(seed);
  const out = new Set<string>();
  for (let attempt = 0; attempt < count * 3 && out.size < count; attempt++) {
    let body: string;
    try {
      body = new SampleWriter(re.source, re.flags, rand).write();
    } catch {
      return [...out];
    }
    const text = attempt % 3 === 0 ? body : filler(rand) + body + filler(rand);
    if (re.test(text)) out.add(text);
  }
  return [...out];
}
