/**
 * A fast path for rule regexes that are literal runs joined by `.*` (`\+.*\+.*\+`, `net.*user.*add`),
 * or one literal run alone: such a regex matches exactly when one line of the text (`.` stops at
 * line ends without the `s` flag) holds the runs in order, which a chain of `indexOf` calls per
 * line answers in linear time, where a backtracking engine may try every split of the line.
 * Only patterns where that is exactly the regex's answer are taken: no `s` or unicode flag, runs
 * of ASCII characters other than line ends, and under `i` runs without letters.
 */
import type { TextTest } from './text-matchers.js';

/** Characters that end a line for `.` (ECMAScript LineTerminator). */
const LINE_ENDS = '\n\r\u2028\u2029';
/** Characters with a meaning in a pattern; escaped, they stand for themselves. */
const SYNTAX = '\\^$.|?*+()[]{}';

/** The literal runs of a `.*`-joined pattern, or null when the pattern is anything else. */
function literalRuns(source: string): string[] | null {
  const runs: string[] = [];
  let run = '';
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '.' && source[i + 1] === '*') {
      i += source[i + 2] === '?' ? 2 : 1; // `.*?` finds the same lines as `.*`
      runs.push(run);
      run = '';
    } else if (c === '\\') {
      const e = source[i + 1] ?? '';
      // An escaped letter or digit is a class, an anchor or a code; punctuation stands for itself.
      if (!/^[\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]$/.test(e)) return null;
      run += e;
      i++;
    } else if (SYNTAX.includes(c) || c.charCodeAt(0) >= 0x80 || LINE_ENDS.includes(c)) return null;
    else run += c;
  }
  runs.push(run);
  return runs;
}

/** Where the line holding position `from` ends (the next line end, or the text's length). */
function lineEnd(x: string, from: number): number {
  for (let i = from; i < x.length; i++) {
    const c = x.charCodeAt(i);
    if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) return i;
  }
  return x.length;
}

/** A test with the regex's answer on every text, or null when the regex is not of this shape. */
export function dotStarChainTest(re: RegExp): TextTest | null {
  if (/[su]/.test(re.flags)) return null;
  const all = literalRuns(re.source);
  if (!all) return null;
  const runs = all.filter((r) => r !== '');
  if (runs.length === 0 || (re.flags.includes('i') && runs.some((r) => /[a-z]/i.test(r)))) return null;
  const first = runs[0]!;
  if (runs.length === 1) return (x) => x.includes(first);
  return (x) => {
    let from = 0;
    for (;;) {
      const at = x.indexOf(first, from);
      if (at < 0) return false;
      let pos = at + first.length;
      const end = lineEnd(x, pos);
      let k = 1;
      for (; k < runs.length; k++) {
        const r = runs[k]!;
        const next = x.indexOf(r, pos);
        if (next < 0) return false; // no later line can hold it after the first run either
        if (next + r.length > end) break;
        pos = next + r.length;
      }
      if (k === runs.length) return true;
      from = end + 1; // the next line
    }
  };
}
