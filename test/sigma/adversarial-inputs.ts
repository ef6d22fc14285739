/**
 * Inputs meant to make a regex backtrack, built from the regex's own structure: the pattern is cut
 * at groups into runs of what it matches literally (a class or escape stands for one character it
 * accepts),
 * and each run is pumped (repeated) after the runs before it, then followed by a character that
 * fits nothing, so a backtracking engine tries every way to split the pumped text.
 */

const PROBES = [...'a0 !"#%&\'()*+,-./:;<=>?@[\\]^_`{|}~\tZz9xX', '\u00e9'];

/** One character the class or escape text accepts (matched as a one-character regex), or ''. */
function witness(atom: string, flags: string): string {
  let re: RegExp;
  try {
    re = new RegExp(`^${atom}$`, flags);
  } catch {
    return '';
  }
  return PROBES.find((c) => re.test(c)) ?? '';
}

/** Index after the group that contains `i` closes (nesting counted), or the pattern's end. */
function endOfGroup(source: string, i: number): number {
  let depth = 0;
  for (let j = i; j < source.length; j++) {
    const c = source[j];
    if (c === '\\') j++;
    else if (c === '[') {
      j++;
      while (j < source.length && source[j] !== ']') j += source[j] === '\\' ? 2 : 1;
    } else if (c === '(') depth++;
    else if (c === ')' && depth-- === 0) return j;
  }
  return source.length;
}

/**
 * The literal runs of a pattern, in order: the first alternative of each alternation, one
 * character per class or escape, a counted repetition's atom repeated its minimum count.
 */
export function literalRuns(source: string, flags = ''): string[] {
  const runs: string[] = [];
  let run = '';
  let atom = ''; // the last one-character atom, which a `{m,n}` repeats
  const cut = (): void => {
    if (run) runs.push(run);
    run = '';
    atom = '';
  };
  for (let i = 0; i < source.length; ) {
    const c = source[i]!;
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      atom = /[a-zA-Z]/.test(next) ? witness(`\\${next}`, flags) : next;
      run += atom;
      i += 2;
    } else if (c === '[') {
      let j = i + 1;
      if (source[j] === ']') j++;
      while (j < source.length && source[j] !== ']') j += source[j] === '\\' ? 2 : 1;
      atom = witness(source.slice(i, j + 1), flags);
      run += atom;
      i = j + 1;
    } else if (c === '{' && /^\{\d+(,\d*)?\}/.test(source.slice(i))) {
      const min = Number(/^\{(\d+)/.exec(source.slice(i))![1]);
      if (atom) run += atom.repeat(Math.max(0, Math.min(min, 64) - 1));
      cut();
      i = source.indexOf('}', i) + 1;
    } else if (c === '|') {
      i = endOfGroup(source, i + 1); // only the first alternative
    } else if ('()*+?^$'.includes(c)) {
      if (c === '(' || c === ')') cut();
      else atom = '';
      i += c === '(' && source[i + 1] === '?' ? (/^\(\?(?:<[=!]|[:=!]|<[^>]*>)/.exec(source.slice(i))?.[0].length ?? 1) : 1;
    } else {
      atom = c === '.' ? 'a' : c;
      run += atom;
      i++;
    }
  }
  cut();
  return runs;
}

/** Adversarial inputs of about `length` characters for a pattern. */
export function adversarialInputs(source: string, flags = '', length = 3000): string[] {
  const runs = literalRuns(source, flags);
  const out = new Set<string>();
  const pump = (prefix: string, unit: string): void => {
    if (!unit) return;
    const body = prefix + unit.repeat(Math.max(1, Math.floor((length - prefix.length) / unit.length)));
    out.add(`${body}\u0001`);
    out.add(`${body}${unit.slice(0, -1)}\u0001`);
  };
  for (let i = 0; i < runs.length; i++) {
    const prefix = runs.slice(0, i).join('');
    pump(prefix, runs[i]!);
    pump('', runs[i]!);
    for (const ch of new Set(runs[i]!)) pump(prefix, ch);
  }
  pump('', runs.join(''));
  return [...out];
}
