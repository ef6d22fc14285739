/**
 * Necessary literals of a rule regex (`|re`), for the literal prefilter (prefilter.ts): strings one
 * of which occurs (lower-cased) in every text the regex matches, or null when none is known.
 *
 * The pattern is read as JavaScript runs it (the source and flags compileRegExp produced). Every
 * part gets the finite set of texts it matches exactly, when it has a small one (a literal
 * character, `[.]`, `[Ss]`, `(?:cmd|pwsh)`, an optional `\.?`), else nothing. Along a branch,
 * adjacent exact parts join into longer literals (`(?:cmd|pwsh)\.exe` gives `cmd.exe`, `pwsh.exe`);
 * whatever has no exact set (`.`, `\d`, `[a-z]`, `x*`, a backreference) ends the run. A branch needs
 * its best run (longest shortest literal, then fewest literals); an alternation needs the union of
 * its branches' needs, and none when one branch has none. `x+` and `x{n,}` need `x`; `?`, `*`,
 * `{0,n}` make their atom optional; anchors, `\b` and lookarounds match no text and are skipped.
 * Literals are kept ASCII (a non-ASCII character ends a run: case folding outside ASCII is not
 * one character for one), and a regex compiled in unicode mode gives none.
 */

/** Largest set of exact texts one part may stand for (products beyond it end the run). */
const MAX_EXACT = 16;
/** A class of at most this many (lower-cased) characters stands for them (`[Ss]`, `[\\/]`). */
const MAX_CLASS_CHARS = 4;
/** A counted repetition joins at most this many copies of its atom into a literal. */
const MAX_COPIES = 4;

type Texts = Set<string>;
/** What a part of the pattern matches: its exact texts (small and finite) and what it needs. */
interface Part {
  exact: Texts | null;
  need: Texts | null;
}

const EMPTY: Part = { exact: new Set(['']), need: null };
const OPAQUE: Part = { exact: null, need: null };
const char = (c: string): Part => (c.charCodeAt(0) < 0x80 ? { exact: new Set([c.toLowerCase()]), need: null } : OPAQUE);

function product(a: Texts, b: Texts): Texts | null {
  if (a.size * b.size > MAX_EXACT) return null;
  const out: Texts = new Set();
  for (const x of a) for (const y of b) out.add(x + y);
  return out;
}

/** Escapes standing for one character (outside and inside classes). */
const CHAR_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', f: '\f', v: '\v' };

/** The set without texts that contain another of its texts (that one occurs whenever they do). */
function minimal(texts: Texts): Texts {
  const list = [...texts];
  return new Set(list.filter((t) => !list.some((o) => o !== t && t.includes(o))));
}

class PatternReader {
  private i = 0;

  constructor(
    private readonly p: string,
    private readonly keep: (literal: string) => boolean,
  ) {}

  /** The whole pattern's need. */
  read(): Texts | null {
    const part = this.alternation();
    return this.i === this.p.length && part.need ? minimal(part.need) : null;
  }

  /** Is `a` a better need than `b` (longer shortest literal, then fewer literals)? */
  private better(a: Texts, b: Texts | null): boolean {
    for (const l of a) if (l === '' || !this.keep(l)) return false;
    if (!b) return true;
    const min = (s: Texts): number => Math.min(...[...s].map((l) => l.length));
    return min(a) > min(b) || (min(a) === min(b) && a.size < b.size);
  }

  private alternation(): Part {
    const branches: Part[] = [this.branch()];
    while (this.p[this.i] === '|') {
      this.i++;
      branches.push(this.branch());
    }
    if (branches.length === 1) return branches[0]!;
    let exact: Texts | null = new Set();
    let need: Texts | null = new Set();
    for (const b of branches) {
      if (exact && b.exact && exact.size + b.exact.size <= MAX_EXACT) for (const t of b.exact) exact.add(t);
      else exact = null;
      if (need && b.need) for (const t of b.need) need.add(t);
      else need = null;
    }
    return { exact, need };
  }

  private branch(): Part {
    let run: Texts = new Set(['']);
    let whole = true;
    let need: Texts | null = null;
    const offer = (t: Texts | null): void => {
      if (t && this.better(t, need)) need = minimal(t);
    };
    while (this.i < this.p.length && this.p[this.i] !== '|' && this.p[this.i] !== ')') {
      for (const part of this.quantified()) {
        const joined = part.exact ? product(run, part.exact) : null;
        if (joined) {
          run = joined;
          continue;
        }
        whole = false;
        offer(run);
        offer(part.need);
        run = part.exact ?? new Set(['']);
      }
    }
    offer(run);
    return { exact: whole ? run : null, need };
  }

  /** An atom and its quantifier, as the parts it stands for in a row. */
  private quantified(): Part[] {
    const atom = this.atom();
    const q = /^(?:([*+?])|\{(\d+)(,(\d*))?\})\??/.exec(this.p.slice(this.i, this.i + 24));
    if (!q) return [atom];
    this.i += q[0].length;
    const min = q[1] === '+' ? 1 : q[1] ? 0 : Number(q[2]);
    const max = q[1] === '?' ? 1 : q[1] ? Infinity : q[3] === undefined ? min : q[4] === '' ? Infinity : Number(q[4]);
    if (min === 0) return max === 0 ? [EMPTY] : max === 1 && atom.exact ? [{ exact: new Set([...atom.exact, '']), need: null }] : [OPAQUE];
    const copies: Part[] = new Array<Part>(Math.min(min, MAX_COPIES)).fill(atom);
    // Beyond the copies joined, more of the atom may follow: the run ends there.
    return max > copies.length ? [...copies, OPAQUE] : copies;
  }

  private atom(): Part {
    const c = this.p[this.i]!;
    this.i++;
    switch (c) {
      case '.':
        return OPAQUE;
      case '^':
      case '$':
        return EMPTY;
      case '\\':
        return this.escape();
      case '[':
        return this.characterClass();
      case '(':
        return this.group();
      default:
        return char(c);
    }
  }

  private group(): Part {
    const head = /^\?(?:[:=!]|<[=!]|<[^>]*>)/.exec(this.p.slice(this.i, this.i + 64))?.[0] ?? '';
    this.i += head.length;
    const inner = this.alternation();
    this.i++; // ')'
    // A lookaround matches no text of its own.
    return head === '?=' || head === '?!' || head === '?<=' || head === '?<!' ? EMPTY : inner;
  }

  private escape(): Part {
    const c = this.p[this.i] ?? '';
    this.i++;
    if (c === 'b' || c === 'B') return EMPTY;
    if (Object.hasOwn(CHAR_ESCAPES, c)) return char(CHAR_ESCAPES[c]!);
    const hex = c === 'x' ? /^[0-9a-fA-F]{2}/.exec(this.p.slice(this.i)) : c === 'u' ? /^[0-9a-fA-F]{4}/.exec(this.p.slice(this.i)) : null;
    if (hex) {
      this.i += hex[0].length;
      return char(String.fromCharCode(parseInt(hex[0], 16)));
    }
    if (/[0-9]/.test(c)) {
      // A backreference or an octal escape: whatever it matches, it is not read here.
      while (/[0-9]/.test(this.p[this.i] ?? '')) this.i++;
      return OPAQUE;
    }
    if (c === 'c' && /[a-zA-Z]/.test(this.p[this.i] ?? '')) {
      this.i++; // a control character
      return OPAQUE;
    }
    if (c === 'k' && this.p[this.i] === '<') {
      const end = this.p.indexOf('>', this.i);
      if (end > 0) this.i = end + 1;
      return OPAQUE;
    }
    // Other letters are classes (\d \w \s ...) or escapes not worth reading; punctuation is itself.
    return /[a-zA-Z_]/.test(c) ? OPAQUE : char(c);
  }

  private characterClass(): Part {
    const start = this.i;
    let j = start;
    while (j < this.p.length && this.p[j] !== ']') j += this.p[j] === '\\' ? 2 : 1;
    this.i = j + 1;
    const body = this.p.slice(start, j);
    if (body === '' || body.startsWith('^')) return OPAQUE;
    const chars = new Set<string>();
    for (let k = 0; k < body.length; k++) {
      let ch = body[k]!;
      if (ch === '-' && k > 0 && k < body.length - 1) return OPAQUE; // a range
      if (ch === '\\') {
        const e = body[++k]!;
        if (Object.hasOwn(CHAR_ESCAPES, e)) ch = CHAR_ESCAPES[e]!;
        else if (/[a-zA-Z0-9_]/.test(e)) return OPAQUE;
        else ch = e;
      }
      if (ch.charCodeAt(0) >= 0x80) return OPAQUE;
      chars.add(ch.toLowerCase());
    }
    return chars.size <= MAX_CLASS_CHARS ? { exact: chars, need: null } : OPAQUE;
  }
}

/**
 * Literals (lower-cased) one of which occurs in every text the regex matches, each passing `keep`
 * (the prefilter's rule for usable literals), or null when none is known. `source` and `flags`
 * are the compiled RegExp's (after compileRegExp).
 */
export function regexLiterals(source: string, flags: string, keep: (literal: string) => boolean): string[] | null {
  if (flags.includes('u') || flags.includes('v')) return null;
  const need = new PatternReader(source, keep).read();
  return need ? [...need] : null;
}
