/**
 * The scalars of the fast Sigma YAML reader (fast-yaml.ts): plain scalars resolved as the YAML 1.2
 * core schema does, quoted scalars with their escapes. Anything outside the
 * subset throws `Unsupported` (through `fail`), and the reader hands the document to the `yaml` library.
 */
export class Unsupported extends Error {}

export const fail = (): never => {
  throw new Unsupported();
};

const NULLS = new Set(['~', 'null', 'Null', 'NULL', '']);
const TRUES = new Set(['true', 'True', 'TRUE']);
const FALSES = new Set(['false', 'False', 'FALSE']);
const INT = /^[-+]?[0-9]+$/;
const OCT = /^0o[0-7]+$/;
const HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;

export function resolvePlain(s: string): unknown {
  if (NULLS.has(s)) return null;
  if (TRUES.has(s)) return true;
  if (FALSES.has(s)) return false;
  const c = s.charCodeAt(0);
  // Only try numbers when the text starts like one.
  if ((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46) {
    if (INT.test(s)) return Number(s);
    if (OCT.test(s)) return parseInt(s.slice(2), 8);
    if (HEX.test(s)) return parseInt(s.slice(2), 16);
    if (FLOAT.test(s)) return Number(s);
    if (/^[-+]?\.(?:inf|Inf|INF)$/.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
    if (/^\.(?:nan|NaN|NAN)$/.test(s)) return NaN;
  }
  return s;
}

/** Strip a ` #` comment from a plain scalar and trim it. */
export function plainText(s: string): string {
  let end = s.length;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) === 35 && (i === 0 || s[i - 1] === ' ' || s[i - 1] === '\t')) {
      end = i;
      break;
    }
  }
  return s.slice(0, end).trim();
}

export function checkPlain(s: string): void {
  if (s === '') return;
  const c = s[0]!;
  if ('&*!%@`|>{["\''.includes(c)) fail();
  if ((c === '-' || c === '?' || c === ':') && (s.length === 1 || s[1] === ' ')) fail();
  if (s.includes(': ') || s.endsWith(':')) fail();
}

const ESC: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', '\\': '\\', '"': '"', '/': '/', ' ': ' ', b: '\b', f: '\f', e: '\x1b', a: '\x07', v: '\v' };

/** A quoted scalar at the start of `s`; returns the value and the rest after the closing quote. */
export function quoted(s: string): [string, string] {
  if (s[0] === "'") {
    let out = '';
    for (let i = 1; i < s.length; i++) {
      const c = s[i]!;
      if (c === "'") {
        if (s[i + 1] === "'") {
          out += "'";
          i++;
        } else return [out, s.slice(i + 1)];
      } else out += c;
    }
    return fail();
  }
  let out = '';
  for (let i = 1; i < s.length; i++) {
    const c = s[i]!;
    if (c === '"') return [out, s.slice(i + 1)];
    if (c === '\\') {
      const n = s[i + 1];
      if (n === undefined) return fail();
      if (n === 'x' || n === 'u' || n === 'U') {
        const len = n === 'x' ? 2 : n === 'u' ? 4 : 8;
        const hex = s.slice(i + 2, i + 2 + len);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) fail();
        out += String.fromCodePoint(parseInt(hex, 16));
        i += 1 + len;
        continue;
      }
      const e = ESC[n];
      if (e === undefined) fail();
      out += e;
      i++;
    } else out += c;
  }
  return fail();
}

export function afterValue(rest: string): void {
  const t = rest.trim();
  if (t !== '' && !t.startsWith('#')) fail();
  if (t.startsWith('#') && rest.length > 0 && rest[0] !== ' ' && rest[0] !== '\t') fail();
}
