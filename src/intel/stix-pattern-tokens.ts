/**
 * The tokens of a STIX 2.x pattern (STIX 2.1 part 9), read in one left-to-right pass: every
 * character is looked at a bounded number of times, so a pattern of any size or shape (64k spaces,
 * a megabyte of comparisons) is tokenised in linear time.
 *
 * Token kinds: `path` (`file:hashes.'SHA-256'`, object type and property path kept apart),
 * `string` (a quoted literal, unescaped; `t'…'`, `h'…'`, `b'…'` keep their prefix in `prefix`),
 * `op` (`=`, `!=`, `<>`, `<`, `<=`, `>`, `>=`), `word` (keywords, numbers, booleans), `punct`
 * (`[`, `]`, `(`, `)`, `,`) and `bad` (a character no token starts with, or an unterminated string).
 */

export type PatternToken =
  | { kind: 'path'; object: string; property: string; at: number }
  | { kind: 'string'; value: string; prefix: string; at: number }
  | { kind: 'op' | 'word' | 'punct'; text: string; at: number }
  | { kind: 'bad'; text: string; at: number };

const WORD = /[A-Za-z0-9_+\-.]/;
const isWordChar = (c: string | undefined): boolean => c !== undefined && WORD.test(c);
const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';
const OBJECT_TYPE = /^[a-z0-9][a-z0-9-]*$/i;

/** A quoted literal from `start` (at the opening quote): its unescaped text and the index after it, or -1 if unterminated. */
function readQuoted(s: string, start: number): { value: string; end: number } {
  const quote = s[start]!;
  let out = '';
  let i = start + 1;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) {
      out += s[i + 1];
      i += 2;
    } else if (c === quote) {
      return { value: out, end: i + 1 };
    } else {
      out += c;
      i++;
    }
  }
  return { value: out, end: -1 };
}

/**
 * The property path after `type:`, from `start`: components of word characters or quoted names,
 * joined by `.`, each optionally followed by `[n]` or `[*]`. Returns the raw text and the end index.
 */
function readPropertyPath(s: string, start: number): { property: string; end: number } {
  let i = start;
  for (;;) {
    if (s[i] === "'" || s[i] === '"') {
      const q = readQuoted(s, i);
      if (q.end < 0) break;
      i = q.end;
    } else {
      while (i < s.length && /[A-Za-z0-9_-]/.test(s[i]!)) i++;
    }
    // List index: `[*]` or `[0]` right after a component.
    while (s[i] === '[') {
      let j = i + 1;
      while (j < s.length && /[0-9*]/.test(s[j]!)) j++;
      if (j === i + 1 || s[j] !== ']') break;
      i = j + 1;
    }
    if (s[i] !== '.') break;
    i++;
  }
  return { property: s.slice(start, i), end: i };
}

/** Tokenise a whole pattern (linear in its length). */
export function patternTokens(s: string): PatternToken[] {
  const out: PatternToken[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (isSpace(c)) {
      i++;
    } else if ('[](),'.includes(c)) {
      out.push({ kind: 'punct', text: c, at: i });
      i++;
    } else if (c === "'") {
      i = pushString(s, i, '', out);
    } else if ('=!<>'.includes(c)) {
      const two = s.slice(i, i + 2);
      const text = two === '!=' || two === '<>' || two === '<=' || two === '>=' ? two : c;
      out.push(text === '!' ? { kind: 'bad', text, at: i } : { kind: 'op', text, at: i });
      i += text.length;
    } else if (isWordChar(c)) {
      i = pushWord(s, i, out);
    } else {
      out.push({ kind: 'bad', text: c, at: i });
      i++;
    }
  }
  return out;
}

function pushString(s: string, start: number, prefix: string, out: PatternToken[]): number {
  const q = readQuoted(s, start);
  if (q.end < 0) {
    out.push({ kind: 'bad', text: 'unterminated string', at: start });
    return s.length;
  }
  out.push({ kind: 'string', value: q.value, prefix, at: start - prefix.length });
  return q.end;
}

/** A word, a typed literal (`t'…'`) or, when followed by `:`, an object path. */
function pushWord(s: string, start: number, out: PatternToken[]): number {
  let i = start;
  while (i < s.length && isWordChar(s[i])) i++;
  const word = s.slice(start, i);
  if (s[i] === "'" && (word === 't' || word === 'h' || word === 'b')) return pushString(s, i, word, out);
  if (s[i] === ':' && OBJECT_TYPE.test(word)) {
    const p = readPropertyPath(s, i + 1);
    out.push({ kind: 'path', object: word, property: p.property, at: start });
    return p.end;
  }
  out.push({ kind: 'word', text: word, at: start });
  return i;
}
