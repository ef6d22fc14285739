/**
 * The comparisons of a STIX 2.x pattern that name an indicator value. The pattern is tokenised once
 * (stix-pattern-tokens.ts) and the comparisons are read from the token list in one pass, so parsing
 * is linear in the pattern's length whatever its shape.
 *
 * Supported: `=` and `IN (…)` over the observables of `typeOfPath`, and `ISSUBSET` for addresses
 * (a CIDR block). Each comparison becomes its own indicator (an AND of two observables matches
 * either). Everything else is returned as a reason, once per comparison.
 */
import type { IndicatorType } from './indicator.js';
import { patternTokens, type PatternToken } from './stix-pattern-tokens.js';

export interface PatternTerm {
  type: IndicatorType;
  value: string;
}

const KEYWORD_OPS = new Set(['IN', 'LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET']);

/** Object type and property path → indicator type. */
export function typeOfPath(object: string, property: string): IndicatorType | undefined {
  const p = property.replace(/\s+/g, '');
  switch (object) {
    case 'domain-name':
      return p === 'value' ? 'domain' : undefined;
    case 'ipv4-addr':
      return p === 'value' ? 'ipv4' : undefined;
    case 'ipv6-addr':
      return p === 'value' ? 'ipv6' : undefined;
    case 'url':
      return p === 'value' ? 'url' : undefined;
    case 'windows-registry-key':
      return p === 'key' ? 'registry' : undefined;
    case 'file': {
      if (p === 'name') return 'filename';
      const h = /^hashes\.(?:'([^']+)'|"([^"]+)"|([A-Za-z0-9-]+))$/.exec(p);
      if (!h) return undefined;
      const alg = (h[1] ?? h[2] ?? h[3]!).toUpperCase().replace(/-/g, '');
      return alg === 'MD5' ? 'md5' : alg === 'SHA1' ? 'sha1' : alg === 'SHA256' ? 'sha256' : undefined;
    }
    case 'network-traffic':
      return /^(dst|src)_ref\.value$/.test(p) ? 'ipv4' : undefined;
    default:
      return undefined;
  }
}

/** The operator after a path: optional NOT, then a symbol or keyword operator; `next` is the index after it. */
function readOperator(tokens: PatternToken[], i: number): { not: boolean; op: string; next: number } | undefined {
  let j = i;
  let not = false;
  const t = tokens[j];
  if (t?.kind === 'word' && t.text.toUpperCase() === 'NOT') {
    not = true;
    j++;
  }
  const o = tokens[j];
  if (o?.kind === 'op') return { not, op: o.text, next: j + 1 };
  if (o?.kind === 'word' && KEYWORD_OPS.has(o.text.toUpperCase())) return { not, op: o.text.toUpperCase(), next: j + 1 };
  return undefined;
}

/**
 * The value after an operator: one token, or a parenthesised list. `strings` holds the plain
 * quoted literals (for a list, every item that is one); `quoted` says the whole value was plain
 * quoted strings. `next` is the index after the value.
 */
function readValue(tokens: PatternToken[], i: number): { strings: string[]; quoted: boolean; list: boolean; next: number } {
  const t = tokens[i];
  if (t?.kind === 'punct' && t.text === '(') {
    const strings: string[] = [];
    let quoted = true;
    let j = i + 1;
    for (; j < tokens.length; j++) {
      const x = tokens[j]!;
      if (x.kind === 'punct' && x.text === ')') return { strings, quoted, list: true, next: j + 1 };
      if (x.kind === 'punct' && x.text === ',') continue;
      if (x.kind === 'string' && x.prefix === '') strings.push(x.value);
      else quoted = false;
      if (x.kind === 'punct' || x.kind === 'path') break;
    }
    return { strings, quoted: false, list: true, next: j };
  }
  if (t?.kind === 'string') return { strings: t.prefix === '' ? [t.value] : [], quoted: t.prefix === '', list: false, next: i + 1 };
  const consumed = t !== undefined && (t.kind === 'word' || t.kind === 'op');
  return { strings: [], quoted: false, list: false, next: consumed ? i + 1 : i };
}

/** A path for a message: at most 80 characters. */
const clip = (text: string): string => (text.length > 80 ? `${text.slice(0, 80)}…` : text);

/** One comparison starting at the path token `i`: its terms or the reason it is not used, and the index after it. */
function readComparison(tokens: PatternToken[], i: number, terms: PatternTerm[], unsupported: string[]): number {
  const path = tokens[i] as Extract<PatternToken, { kind: 'path' }>;
  const name = clip(`${path.object}:${path.property.trim()}`);
  const operator = readOperator(tokens, i + 1);
  if (!operator) {
    const before = tokens[i - 1];
    const exists = before?.kind === 'word' && before.text.toUpperCase() === 'EXISTS';
    unsupported.push(exists ? `comparison EXISTS ${name} is not supported (only =, IN, and ISSUBSET for addresses)` : `comparison ${name} has no operator`);
    return i + 1;
  }
  const value = readValue(tokens, operator.next);
  const type = typeOfPath(path.object.toLowerCase(), path.property.trim());
  const { not, op } = operator;
  if (!type) {
    unsupported.push(`observable ${name} is not an indicator type cellwatch matches`);
    return value.next;
  }
  const addressType = type === 'ipv4' || type === 'ipv6';
  if (not || (op !== '=' && op !== 'IN' && !(op === 'ISSUBSET' && addressType))) {
    unsupported.push(`comparison ${name} ${not ? 'NOT ' : ''}${op} is not supported (only =, IN, and ISSUBSET for addresses)`);
    return value.next;
  }
  if (!value.quoted || value.list !== (op === 'IN') || value.strings.length === 0) {
    unsupported.push(`comparison ${name} ${op} needs ${op === 'IN' ? 'a list of quoted strings' : 'a quoted string value'}`);
    return value.next;
  }
  for (const v of value.strings) {
    if (op === 'ISSUBSET') terms.push({ type, value: v.includes('/') ? v : `${v}/${v.includes(':') ? 128 : 32}` });
    else terms.push({ type, value: v });
  }
  return value.next;
}

/**
 * The indicator values of a STIX pattern, and a reason for each comparison that gives none.
 * Linear in the length of the pattern.
 */
export function parsePattern(pattern: string): { terms: PatternTerm[]; unsupported: string[] } {
  const terms: PatternTerm[] = [];
  const unsupported: string[] = [];
  const tokens = patternTokens(pattern);
  let comparisons = 0;
  let bad: Extract<PatternToken, { kind: 'bad' }> | undefined;
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i]!;
    if (t.kind === 'path') {
      comparisons++;
      i = readComparison(tokens, i, terms, unsupported);
    } else {
      if (t.kind === 'bad' && !bad) bad = t;
      i++;
    }
  }
  // The first unreadable character only: a garbled pattern is one problem, not one per character.
  if (bad) unsupported.push(`pattern has ${bad.text.length === 1 ? `an unexpected character ${JSON.stringify(bad.text)}` : `an ${bad.text}`} at offset ${bad.at}`);
  if (comparisons === 0) unsupported.push(`pattern has no comparison cellwatch can read: ${pattern.slice(0, 120)}`);
  return { terms, unsupported };
}
