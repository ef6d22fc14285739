/**
 * Text matchers: compiled once per rule value, run per event on text already folded to the
 * value's case. Wildcard patterns by their shape (exact, prefix, suffix, contains, `a*b*c` in
 * linear time), many plain values merged into one OR-matcher, many `contains` values in one pass.
 */
import type { FieldValue } from '../events/event.js';
import { scalarText } from './event-view.js';
import type { SigmaString, StringPart } from './sigma-string.js';
import { escapeRegExp } from './sigma-string.js';
import type { SigmaValue } from './values.js';

export type TextTest = (text: string) => boolean;

/** A value compared as text: strings (with wildcards), numbers and booleans. */
export const isText = (v: SigmaValue): boolean => v.type === 'string' || v.type === 'number' || v.type === 'bool';

/** A matcher for a wildcard pattern on text already folded to the pattern's case. */
export function patternTest(s: SigmaString): TextTest {
  const parts = s.parts;
  const texts = parts.filter((p) => p.kind === 'text');
  const shape = parts.map((p) => (p.kind === 'text' ? 'T' : p.kind === 'any' ? '*' : p.kind === 'one' ? '?' : 'P')).join('');
  const t = texts.length === 1 ? (texts[0] as { text: string }).text : '';
  switch (shape) {
    case '':
      return (x) => x === '';
    case 'T':
      return (x) => x === t;
    case '*':
      return () => true;
    case 'T*':
      return (x) => x.startsWith(t);
    case '*T':
      return (x) => x.endsWith(t);
    case '*T*':
      return (x) => x.includes(t);
  }
  if (shape.includes('P')) return () => false; // placeholder without values
  if (!shape.includes('?')) return starPattern(parts as Array<{ kind: 'text'; text: string } | { kind: 'any' }>);
  let src = '^';
  for (const p of parts) src += p.kind === 'text' ? escapeRegExp(p.text) : p.kind === 'any' ? '.*' : '.';
  const re = new RegExp(`${src}$`, 's');
  return (x) => re.test(x);
}

/**
 * `a*b*c` patterns in linear time: the first text is a prefix (unless the pattern opens with `*`),
 * the last a suffix (unless it ends with `*`), the middle texts are found left to right.
 */
function starPattern(parts: Array<{ kind: 'text'; text: string } | { kind: 'any' }>): TextTest {
  const texts: string[] = [];
  for (const p of parts) if (p.kind === 'text') texts.push(p.text);
  const anchoredStart = parts[0]?.kind === 'text';
  const anchoredEnd = parts[parts.length - 1]?.kind === 'text';
  return (x) => {
    let pos = 0;
    let first = 0;
    let last = texts.length;
    if (anchoredStart) {
      if (!x.startsWith(texts[0]!)) return false;
      pos = texts[0]!.length;
      first = 1;
    }
    let end = x.length;
    if (anchoredEnd && last > first) {
      const t = texts[last - 1]!;
      if (!x.endsWith(t) || x.length - t.length < pos) return false;
      end = x.length - t.length;
      last--;
    } else if (anchoredEnd && last === first && !anchoredStart) return false;
    for (let i = first; i < last; i++) {
      const at = x.indexOf(texts[i]!, pos);
      if (at < 0 || at + texts[i]!.length > end) return false;
      pos = at + texts[i]!.length;
    }
    return true;
  };
}

/** The OR of tests (text tests here, whole-event predicates in compile.ts); none: always false. */
export function anyOf<T>(tests: Array<(x: T) => boolean>): (x: T) => boolean {
  if (tests.length === 0) return () => false;
  if (tests.length === 1) return tests[0]!;
  if (tests.length === 2) {
    const [a, b] = tests as [(x: T) => boolean, (x: T) => boolean];
    return (x) => a(x) || b(x);
  }
  return (x) => {
    for (let i = 0; i < tests.length; i++) if (tests[i]!(x)) return true;
    return false;
  };
}

/**
 * A pattern of one text with `*` at neither end, the start, the end or both (`T`, `T*`, `*T`,
 * `*T*`: the bulk of SigmaHQ's values), read off its parts without building anything; else null.
 */
function simpleShape(s: SigmaString): { kind: 'exact' | 'prefix' | 'suffix' | 'contains'; text: string } | null {
  const p = s.parts;
  if (p.length === 1) return p[0]!.kind === 'text' ? { kind: 'exact', text: p[0]!.text } : null;
  if (p.length === 2) {
    const [a, b] = p as [StringPart, StringPart];
    if (a.kind === 'text' && b.kind === 'any') return { kind: 'prefix', text: a.text };
    if (a.kind === 'any' && b.kind === 'text') return { kind: 'suffix', text: b.text };
    return null;
  }
  if (p.length === 3 && p[0]!.kind === 'any' && p[2]!.kind === 'any' && p[1]!.kind === 'text') return { kind: 'contains', text: p[1]!.text };
  return null;
}

/**
 * One OR-matcher for many plain values (strings with wildcards, numbers, booleans), grouping exact
 * values in a Set and prefix/suffix/contains values in arrays.
 */
export function textValuesTest(values: SigmaValue[], cased: boolean): TextTest {
  const exact = new Set<string>();
  const pre: string[] = [];
  const suf: string[] = [];
  const inc: string[] = [];
  const other: TextTest[] = [];
  for (const v of values) {
    if (v.type === 'number') exact.add(String(v.n));
    else if (v.type === 'bool') exact.add(String(v.b));
    else if (v.type === 'string') {
      const shape = simpleShape(v.s);
      if (shape === null) other.push(patternTest(cased ? v.s : v.s.mapText((x) => x.toLowerCase())));
      else {
        const text = cased ? shape.text : shape.text.toLowerCase();
        if (shape.kind === 'exact') exact.add(text);
        else if (shape.kind === 'prefix') pre.push(text);
        else if (shape.kind === 'suffix') suf.push(text);
        else inc.push(text);
      }
    }
  }
  const tests: TextTest[] = [];
  if (exact.size === 1) {
    const e = [...exact][0]!;
    tests.push((x) => x === e);
  } else if (exact.size > 1) tests.push((x) => exact.has(x));
  const loop = (arr: string[], op: 'startsWith' | 'endsWith' | 'includes'): void => {
    if (arr.length === 0) return;
    if (arr.length === 1) {
      const a = arr[0]!;
      tests.push(op === 'startsWith' ? (x) => x.startsWith(a) : op === 'endsWith' ? (x) => x.endsWith(a) : (x) => x.includes(a));
      return;
    }
    if (op === 'startsWith')
      tests.push((x) => {
        for (let i = 0; i < arr.length; i++) if (x.startsWith(arr[i]!)) return true;
        return false;
      });
    else if (op === 'endsWith')
      tests.push((x) => {
        for (let i = 0; i < arr.length; i++) if (x.endsWith(arr[i]!)) return true;
        return false;
      });
    else if (arr.length >= MANY_CONTAINS) tests.push(containsAny(arr));
    else
      tests.push((x) => {
        for (let i = 0; i < arr.length; i++) if (x.includes(arr[i]!)) return true;
        return false;
      });
  };
  loop(pre, 'startsWith');
  loop(suf, 'endsWith');
  loop(inc, 'includes');
  tests.push(...other);
  return anyOf(tests);
}

/** From this many `contains` values on, one pass with a bigram bitmap (containsAny) beats a loop of includes. */
const MANY_CONTAINS = 6;
/** Size of the hashed bigram bitmap of containsAny (a power of two). */
const BIGRAM_BITS = 4096;
const bigram = (a: number, b: number): number => (a * 31 + b) & (BIGRAM_BITS - 1);

/**
 * Does the text contain any of many literals? One pass over the text: a (hashed) bitmap of the
 * literals' first two characters says where a literal may start; only there are the literals
 * with that start compared.
 */
export function containsAny(literals: string[]): TextTest {
  if (literals.some((l) => l.length < 2)) return containsAnyByChar(literals);
  const bits = new Uint8Array(BIGRAM_BITS);
  const byStart = new Map<number, string[]>();
  let minLen = Infinity;
  for (const l of literals) {
    const h = bigram(l.charCodeAt(0), l.charCodeAt(1));
    bits[h] = 1;
    const list = byStart.get(h);
    if (list) list.push(l);
    else byStart.set(h, [l]);
    minLen = Math.min(minLen, l.length);
  }
  return (x) => {
    const n = x.length - minLen;
    if (n < 0) return false;
    let c0 = x.charCodeAt(0);
    for (let i = 0; i <= n; i++) {
      const c1 = x.charCodeAt(i + 1);
      const h = bigram(c0, c1);
      c0 = c1;
      if (bits[h] === 0) continue;
      const list = byStart.get(h)!;
      for (let k = 0; k < list.length; k++) if (x.startsWith(list[k]!, i)) return true;
    }
    return false;
  };
}

/** containsAny for lists with one-character literals: candidates by their first character. */
function containsAnyByChar(literals: string[]): TextTest {
  const byStart = new Map<number, string[]>();
  for (const l of literals) {
    if (l.length === 0) return () => true;
    const c = l.charCodeAt(0);
    const list = byStart.get(c);
    if (list) list.push(l);
    else byStart.set(c, [l]);
  }
  const bits = new Uint8Array(BIGRAM_BITS);
  for (const c of byStart.keys()) bits[c & (BIGRAM_BITS - 1)] = 1;
  return (x) => {
    for (let i = 0; i < x.length; i++) {
      const c = x.charCodeAt(i);
      if (bits[c & (BIGRAM_BITS - 1)] === 0) continue;
      const list = byStart.get(c);
      if (list) for (let k = 0; k < list.length; k++) if (x.startsWith(list[k]!, i)) return true;
    }
    return false;
  };
}

/** Does a (possibly array) field value satisfy a text test? Arrays match when any element does. */
export function valueMatches(v: FieldValue, test: TextTest, fold: boolean): boolean {
  if (Array.isArray(v)) {
    for (const e of v) if (valueMatches(e, test, fold)) return true;
    return false;
  }
  const t = scalarText(v);
  return test(fold ? t.toLowerCase() : t);
}
