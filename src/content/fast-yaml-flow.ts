/**
 * Flow collections for the fast YAML reader (fast-yaml.ts): `[a, b]` lists and `{key: value}` maps,
 * nested, on one line or over several (the data files under content/mappings write selectors that
 * way). The subset: plain scalars that end on their line, quoted scalars, string keys followed by
 * `: `, comments after a space. Anything else (a trailing comma, a key without a value, a
 * `key: value` pair inside a list, a plain scalar continued on the next line, a continuation line
 * not indented past its owner) throws `Unsupported`, and the whole text goes to the `yaml` library.
 */
import { afterValue, checkPlain, fail, quoted, resolvePlain } from './fast-yaml-scalars.js';

/** A line of the text: its indentation and its content (indentation and trailing spaces removed). */
export interface Line {
  indent: number;
  text: string;
}

const MAX_DEPTH = 64;
const FLOW_INDICATORS = ',[]{}';

class FlowReader {
  private depth = 0;
  private i = 0;

  constructor(private s: string, private readonly lines: readonly Line[], private line: number, private readonly owner: number) {}

  /** The next significant character (spaces, comments and line ends skipped); fails at the end of the text. */
  peek(): string {
    for (;;) {
      while (this.s[this.i] === ' ') this.i++;
      const c = this.s[this.i];
      if (c !== undefined && !(c === '#' && this.s[this.i - 1] === ' ')) return c;
      const next = this.lines[++this.line];
      if (!next) return fail();
      if (next.text !== '' && next.text[0] !== '#' && next.indent <= this.owner) fail();
      this.s = next.text;
      this.i = 0;
      if (next.text[0] === '#') this.i = next.text.length; // a comment line
    }
  }

  value(): unknown {
    const c = this.peek();
    if (c === '[') return this.list();
    if (c === '{') return this.map();
    if (c === '"' || c === "'") return this.quotedScalar();
    return resolvePlain(this.plain());
  }

  /** Where the collection ended: the line, and the rest of it after the closing bracket. */
  end(): { line: number; rest: string } {
    return { line: this.line, rest: this.s.slice(this.i) };
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) fail();
    this.i++; // the opening bracket
  }

  /** A collection's items up to `close`, separated by commas; `item` reads one. */
  private items(close: string, item: () => void): void {
    this.enter();
    if (this.peek() !== close) {
      for (;;) {
        item();
        const c = this.peek();
        this.i++;
        if (c === close) break;
        if (c !== ',' || this.peek() === close) fail();
      }
    } else this.i++;
    this.depth--;
  }

  private list(): unknown[] {
    const out: unknown[] = [];
    this.items(']', () => out.push(this.value()));
    return out;
  }

  private map(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.items('}', () => {
      const key = this.key();
      if (Object.prototype.hasOwnProperty.call(out, key) || key === '<<' || key === '__proto__') fail();
      const v = this.peek();
      out[key] = v === ',' || v === '}' ? null : this.value();
    });
    return out;
  }

  /** A map key and its `:` (on the key's line, followed by a space, a flow indicator or the line end). */
  private key(): string {
    const c = this.peek();
    let key: string;
    if (c === '"' || c === "'") key = this.quotedScalar();
    else {
      if (FLOW_INDICATORS.includes(c) || c === ':' || c === '?') fail();
      key = this.plain();
      if (typeof resolvePlain(key) !== 'string') fail(); // a number, boolean or null key
    }
    while (this.s[this.i] === ' ') this.i++;
    if (this.s[this.i] !== ':') fail();
    const after = this.s[++this.i];
    if (after !== undefined && after !== ' ' && !FLOW_INDICATORS.includes(after)) fail();
    return key;
  }

  private quotedScalar(): string {
    const [v, rest] = quoted(this.s.slice(this.i));
    this.i = this.s.length - rest.length;
    return v;
  }

  /** A plain scalar, up to a flow indicator, `: `, ` #` or the line end (after which the collection must go on with `,`, `]` or `}`). */
  private plain(): string {
    const s = this.s;
    let j = this.i;
    for (; j < s.length; j++) {
      const c = s[j]!;
      if (FLOW_INDICATORS.includes(c)) break;
      if (c === ':' && (j + 1 === s.length || s[j + 1] === ' ' || FLOW_INDICATORS.includes(s[j + 1]!))) break;
      if (c === '#' && s[j - 1] === ' ') break;
    }
    const text = s.slice(this.i, j).trim();
    if (text === '' || text[0] === '#') fail();
    checkPlain(text);
    this.i = j;
    if (j === s.length || s[j] === '#') {
      const next = this.peek();
      if (next !== ',' && next !== ']' && next !== '}') fail();
    }
    return text;
  }
}

/**
 * The flow collection that starts `text` (a `[` or `{`), which is line `at` of `lines` or its end;
 * continuation lines must be indented past `owner`. Returns the value and the line it ends on.
 */
export function flowCollection(text: string, lines: readonly Line[], at: number, owner: number): { value: unknown; line: number } {
  const reader = new FlowReader(text, lines, at, owner);
  const value = reader.value();
  const { line, rest } = reader.end();
  afterValue(rest);
  return { value, line };
}
