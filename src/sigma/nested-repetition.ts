/**
 * Does a regex pattern repeat, without bound, a group that itself repeats without bound
 * (`(a+)+`, `(?:\w*\s)*`, `(x{2,})*`)? A backtracking engine can need time exponential in the input
 * length on such a pattern, which no input length cap bounds usefully.
 */

/** Length of an unbounded quantifier (`*`, `+`, `{n,}`, with a lazy `?`) at `i`, or 0. */
function unboundedQuantifier(p: string, i: number): number {
  const c = p[i];
  if (c === '*' || c === '+') return 1;
  const m = /^\{\d+,\}/.exec(p.slice(i, i + 24));
  return m ? m[0].length : 0;
}

export function hasNestedRepetition(p: string): boolean {
  // One entry per open group: does its content repeat something without bound?
  const groups: boolean[] = [false];
  for (let i = 0; i < p.length; ) {
    const c = p[i]!;
    let atomRepeats = false; // the atom just read contains unbounded repetition
    if (c === '(') {
      groups.push(false);
      i++;
      continue;
    }
    if (c === ')') {
      atomRepeats = groups.pop() ?? false;
      if (groups.length === 0) groups.push(false);
      i++;
    } else if (c === '\\') i += 2;
    else if (c === '[') {
      let j = i + 1;
      if (p[j] === '^') j++;
      if (p[j] === ']') j++;
      while (j < p.length && p[j] !== ']') j += p[j] === '\\' ? 2 : 1;
      i = j + 1;
    } else i++;
    const q = unboundedQuantifier(p, i);
    if (q) {
      if (atomRepeats) return true;
      groups[groups.length - 1] = true;
      i += q;
    } else if (atomRepeats) groups[groups.length - 1] = true;
  }
  return false;
}
