/**
 * A JavaScript regex pattern rewritten to match, without the `i` flag, what it matched with it:
 * every letter outside a class becomes a class of its case variants (`a` → `[aA]`) and every class
 * gains the case variants of its letters and ranges (`[A-F]` → `[A-Fa-f]`). V8's linear-time regex
 * engine (the fallback on excessive backtracking) does not take the `i` flag in Node 20; the
 * rewritten pattern it does. Escapes, group syntax and quantifiers are kept as written.
 */

/** Ranges longer than this are not enumerated for case variants (only their ASCII letters are). */
const MAX_RANGE_ENUMERATED = 2048;

function caseVariants(cp: number): number[] {
  const ch = String.fromCodePoint(cp);
  const out: number[] = [];
  for (const v of [ch.toLowerCase(), ch.toUpperCase()]) {
    if (v.length === 1 && v !== ch) out.push(v.charCodeAt(0));
  }
  return out;
}

/** A code unit as a class member or atom: letters and digits as themselves, the rest escaped. */
function escapeCodeUnit(cp: number): string {
  const ch = String.fromCharCode(cp);
  return /[a-zA-Z0-9]/.test(ch) ? ch : `\\u${cp.toString(16).padStart(4, '0')}`;
}

/** The code point an escape inside a class stands for, or null for a class escape (`\d`, `\w`, …). */
function classEscapeValue(body: string): number | null {
  const c = body[0]!;
  if (c === 'x' || c === 'u') return parseInt(body.slice(1), 16);
  if (c === 'c') return body.charCodeAt(1) % 32;
  if ('dDwWsS'.includes(c)) return null;
  const controls: Record<string, number> = { b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '0': 0 };
  return controls[c] ?? body.charCodeAt(0);
}

/** Length of the escape starting at `i` (the backslash), as the pattern writes it. */
function escapeLength(p: string, i: number): number {
  const c = p[i + 1];
  if (c === undefined) return 1;
  if (c === 'x' && /^[0-9a-fA-F]{2}$/.test(p.slice(i + 2, i + 4))) return 4;
  if (c === 'u' && /^[0-9a-fA-F]{4}$/.test(p.slice(i + 2, i + 6))) return 6;
  if (c === 'c' && /[a-zA-Z]/.test(p[i + 2] ?? '')) return 3;
  if (c === 'k' && p[i + 2] === '<') {
    const end = p.indexOf('>', i + 3);
    return end < 0 ? 2 : end - i + 1;
  }
  if (/[1-9]/.test(c)) {
    let j = i + 2;
    while (/[0-9]/.test(p[j] ?? '')) j++;
    return j - i;
  }
  return 2;
}

/** Code points a class must add so that it matches every case variant of what it matches. */
function addedByClass(singles: number[], ranges: Array<[number, number]>): number[] {
  const inClass = (cp: number): boolean => singles.includes(cp) || ranges.some(([a, b]) => cp >= a && cp <= b);
  const extra = new Set<number>();
  const consider = (cp: number): void => {
    for (const v of caseVariants(cp)) if (!inClass(v)) extra.add(v);
  };
  for (const cp of singles) consider(cp);
  for (const [a, b] of ranges) {
    if (b - a <= MAX_RANGE_ENUMERATED) for (let cp = a; cp <= b; cp++) consider(cp);
    else for (let cp = Math.max(a, 0x41); cp <= Math.min(b, 0x7a); cp++) consider(cp);
  }
  return [...extra].sort((x, y) => x - y);
}

/** The added code points written as class members, consecutive ones as ranges. */
function classMembers(cps: number[]): string {
  let out = '';
  for (let i = 0; i < cps.length; ) {
    let j = i;
    while (j + 1 < cps.length && cps[j + 1] === cps[j]! + 1) j++;
    out += j > i ? `${escapeCodeUnit(cps[i]!)}-${escapeCodeUnit(cps[j]!)}` : escapeCodeUnit(cps[i]!);
    i = j + 1;
  }
  return out;
}

/** Rewrite the class starting at `start` (`[`); returns the new text and the index after `]`. */
function foldClass(p: string, start: number): [string, number] {
  let i = start + 1;
  if (p[i] === '^') i++;
  const bodyStart = i;
  const singles: number[] = [];
  const ranges: Array<[number, number]> = [];
  let pending: number | null = null; // the last single, which a `-` may turn into a range start
  let dash = false;
  while (i < p.length && p[i] !== ']') {
    let value: number | null;
    if (p[i] === '\\') {
      const len = escapeLength(p, i);
      value = classEscapeValue(p.slice(i + 1, i + len));
      i += len;
    } else if (p[i] === '-' && pending !== null && p[i + 1] !== ']' && !dash) {
      dash = true;
      i++;
      continue;
    } else {
      value = p.codePointAt(i)!;
      i += value > 0xffff ? 2 : 1;
    }
    if (dash && pending !== null && value !== null) {
      singles.pop();
      ranges.push([pending, value]);
      pending = null;
    } else if (value !== null) {
      singles.push(value);
      pending = value;
    } else pending = null;
    dash = false;
  }
  if (i >= p.length) return [p.slice(start), p.length]; // unclosed: left for RegExp to reject
  // The added members go first, so they never meet a trailing `-`; a leading `-` of the body is escaped.
  const added = classMembers(addedByClass(singles, ranges));
  let body = p.slice(bodyStart, i);
  if (added && body.startsWith('-')) body = `\\-${body.slice(1)}`;
  return [p.slice(start, bodyStart) + added + body + ']', i + 1];
}

export function caseFoldedPattern(p: string): string {
  let out = '';
  for (let i = 0; i < p.length; ) {
    const c = p[i]!;
    if (c === '\\') {
      const len = escapeLength(p, i);
      const esc = p.slice(i, i + len);
      const letter = /^\\(?:x|u)/.test(esc) && len > 2 ? classEscapeValue(esc.slice(1)) : null;
      const variants = letter === null ? [] : caseVariants(letter);
      out += variants.length ? `[${esc}${variants.map(escapeCodeUnit).join('')}]` : esc;
      i += len;
    } else if (c === '[') {
      const [text, next] = foldClass(p, i);
      out += text;
      i = next;
    } else if (c === '(' && p.startsWith('(?<', i) && p[i + 3] !== '=' && p[i + 3] !== '!') {
      const end = p.indexOf('>', i);
      const stop = end < 0 ? p.length : end + 1;
      out += p.slice(i, stop); // a group name keeps its case
      i = stop;
    } else {
      const cp = p.codePointAt(i)!;
      const variants = caseVariants(cp);
      const ch = String.fromCodePoint(cp);
      out += variants.length ? `[${ch}${variants.map(escapeCodeUnit).join('')}]` : ch;
      i += ch.length;
    }
  }
  return out;
}
