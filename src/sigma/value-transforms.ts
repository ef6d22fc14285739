/**
 * Value transforms: what each value modifier does to one typed value (`contains` adds wildcards,
 * `base64offset` gives three encodings, `windash` every dash variant, `re` makes a regex, ...).
 * Each is a small function from one typed value to the values that replace it, so chains compose
 * in the order written. Which modifier uses which transform, and where it is allowed:
 * modifier-descriptors.ts.
 */
import { unsupportedFeature } from './rule-error.js';
import { SigmaString, type StringPart } from './sigma-string.js';
import type { CompareOp, DetectionItem, SigmaValue } from './values.js';

export interface ModifierContext {
  /** Values for `expand` placeholders; a placeholder without values expands to nothing. */
  placeholders: Record<string, string[]>;
}

export type Transform = (v: SigmaValue, item: DetectionItem, ctx: ModifierContext) => SigmaValue[];

/** The dash characters `windash` tries in place of each dash. */
const WINDASH = ['-', '/', '\u2013', '\u2014', '\u2015'];
const WINDASH_SET = new Set(WINDASH);
/** Dashes `windash` varies at most (5^4 = 625 variants of one value). */
const MAX_WINDASH_POSITIONS = 4;

function asString(v: SigmaValue, mod: string): Extract<SigmaValue, { type: 'string' }> {
  if (v.type === 'string') return v;
  if (v.type === 'number') return { type: 'string', s: SigmaString.literal(String(v.n)) };
  throw new Error(`modifier '${mod}' needs a string value, got ${v.type}`);
}

function plainText(v: SigmaValue, mod: string): { text: string; bytes: boolean } {
  const s = asString(v, mod);
  const text = s.s.plain();
  if (text === null) throw unsupportedFeature(`modifier '${mod}' cannot encode a value with wildcards or placeholders ('${s.s.toString()}')`);
  return { text, bytes: s.bytes === true };
}

function toBuffer(text: string, bytes: boolean): Buffer {
  return bytes ? Buffer.from(text, 'latin1') : Buffer.from(text, 'utf8');
}

function literal(text: string): SigmaValue {
  return { type: 'string', s: SigmaString.literal(text) };
}

function bytesValue(buf: Buffer): SigmaValue {
  return { type: 'string', s: SigmaString.literal(buf.toString('latin1')), bytes: true };
}

function utf16(text: string, bytes: boolean, bigEndian: boolean, bom: boolean): Buffer {
  const src = bytes ? Buffer.from(text, 'latin1').toString('latin1') : text;
  const le = Buffer.from(src, 'utf16le');
  if (bigEndian) le.swap16();
  return bom ? Buffer.concat([Buffer.from(bigEndian ? [0xfe, 0xff] : [0xff, 0xfe]), le]) : le;
}

/** The three base64 renderings of a value at byte offsets 0, 1 and 2, trimmed to their stable middle. */
export function base64Offsets(buf: Buffer): string[] {
  const out: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const enc = Buffer.concat([Buffer.alloc(shift, 0x20), buf]).toString('base64');
    const start = [0, 2, 3][shift]!;
    const rem = (buf.length + shift) % 3;
    const end = rem === 0 ? enc.length : rem === 1 ? enc.length - 3 : enc.length - 2;
    out.push(enc.slice(start, end));
  }
  return out;
}

function windash(s: SigmaString): SigmaString[] {
  let count = 0;
  for (const p of s.parts) if (p.kind === 'text') for (const c of p.text) if (WINDASH_SET.has(c)) count++;
  if (count === 0) return [s];
  if (count > MAX_WINDASH_POSITIONS) throw unsupportedFeature(`modifier 'windash' on a value with ${count} dashes (limit ${MAX_WINDASH_POSITIONS}): '${s.toString()}'`);
  const out: SigmaString[] = [];
  const total = WINDASH.length ** count;
  for (let combo = 0; combo < total; combo++) {
    let k = combo;
    const parts: StringPart[] = s.parts.map((p) => {
      if (p.kind !== 'text') return p;
      let text = '';
      for (const c of p.text) {
        if (WINDASH_SET.has(c)) {
          text += WINDASH[k % WINDASH.length];
          k = Math.floor(k / WINDASH.length);
        } else text += c;
      }
      return { kind: 'text', text };
    });
    out.push(new SigmaString(parts));
  }
  return out;
}

function wrap(mod: 'contains' | 'startswith' | 'endswith'): Transform {
  return (v) => {
    if (v.type === 'fieldref') return [{ ...v, op: mod }];
    if (v.type === 'regex' || v.type === 'cidr') throw new Error(`modifier '${mod}' cannot follow '${v.type === 'regex' ? 're' : 'cidr'}'`);
    let s = asString(v, mod);
    let str = s.s;
    if (mod !== 'startswith' && !str.startsWithAny()) str = str.prepend({ kind: 'any' });
    if (mod !== 'endswith' && !str.endsWithAny()) str = str.append({ kind: 'any' });
    s = { ...s, s: str };
    return [s];
  };
}

function regexFlag(flag: string, name = flag): Transform {
  return (v) => {
    if (v.type !== 'regex') throw new Error(`modifier '${name}' must follow 're'`);
    return [{ ...v, flags: v.flags.includes(flag) ? v.flags : v.flags + flag }];
  };
}

function compare(op: CompareOp): Transform {
  return (v) => {
    const n = v.type === 'number' ? v.n : v.type === 'string' ? Number(v.s.plain()) : NaN;
    if (Number.isNaN(n) || (v.type === 'string' && v.s.plain()?.trim() === '')) throw new Error(`modifier '${op}' needs a number`);
    return [{ type: 'compare', op, n }];
  };
}

/** The transform of each value modifier, by name (sub-modifiers of `re` set its flags). */
export const VALUE_TRANSFORMS: Readonly<Record<string, Transform>> = {
  contains: wrap('contains'),
  startswith: wrap('startswith'),
  endswith: wrap('endswith'),
  base64: (v) => {
    const { text, bytes } = plainText(v, 'base64');
    return [literal(toBuffer(text, bytes).toString('base64'))];
  },
  base64offset: (v) => {
    const { text, bytes } = plainText(v, 'base64offset');
    return base64Offsets(toBuffer(text, bytes)).map(literal);
  },
  utf16le: (v) => {
    const { text, bytes } = plainText(v, 'utf16le');
    return [bytesValue(utf16(text, bytes, false, false))];
  },
  wide: (v) => VALUE_TRANSFORMS.utf16le!(v, undefined as never, undefined as never),
  utf16be: (v) => {
    const { text, bytes } = plainText(v, 'utf16be');
    return [bytesValue(utf16(text, bytes, true, false))];
  },
  utf16: (v) => {
    const { text, bytes } = plainText(v, 'utf16');
    return [bytesValue(utf16(text, bytes, false, true))];
  },
  windash: (v) => {
    const s = asString(v, 'windash');
    return windash(s.s).map((x) => ({ ...s, s: x }));
  },
  re: (v) => {
    if (v.type !== 'string' && v.type !== 'number') throw new Error(`modifier 're' needs a string value, got ${v.type}`);
    const source = v.type === 'number' ? String(v.n) : v.s.rawText();
    return [{ type: 'regex', source, flags: '' }];
  },
  // Sub-modifiers of `re`, by their short and long names (pySigma accepts both).
  i: regexFlag('i'),
  ignorecase: regexFlag('i', 'ignorecase'),
  m: regexFlag('m'),
  multiline: regexFlag('m', 'multiline'),
  s: regexFlag('s'),
  dotall: regexFlag('s', 'dotall'),
  cidr: (v) => {
    const s = asString(v, 'cidr').s.plain();
    if (s === null) throw new Error(`modifier 'cidr' needs a plain network value`);
    return [{ type: 'cidr', cidr: s.trim() }];
  },
  exists: (v) => {
    if (v.type === 'bool') return [{ type: 'exists', exists: v.b }];
    const s = v.type === 'string' ? v.s.plain()?.toLowerCase() : undefined;
    if (s === 'true' || s === 'yes') return [{ type: 'exists', exists: true }];
    if (s === 'false' || s === 'no') return [{ type: 'exists', exists: false }];
    throw new Error(`modifier 'exists' needs true or false`);
  },
  fieldref: (v) => {
    // After startswith/endswith/contains the name carries their wildcards: turn them into the op.
    const parts = asString(v, 'fieldref').s.parts;
    const lead = parts[0]?.kind === 'any';
    const trail = parts.length > 1 && parts[parts.length - 1]?.kind === 'any';
    const inner = parts.slice(lead ? 1 : 0, trail ? -1 : undefined);
    const field = inner.length === 1 && inner[0]!.kind === 'text' ? inner[0]!.text : null;
    if (!field) throw new Error(`modifier 'fieldref' needs a field name`);
    return [{ type: 'fieldref', field, op: lead && trail ? 'contains' : lead ? 'endswith' : trail ? 'startswith' : 'eq' }];
  },
  expand: (v, _item, ctx) => {
    if (v.type !== 'string') return [v];
    // Placeholders were parsed because `expand` is present; substitute the supplied values.
    return v.s.expand((name) => ctx.placeholders[name]).map((s) => ({ ...v, s }));
  },
  gt: compare('gt'),
  gte: compare('gte'),
  lt: compare('lt'),
  lte: compare('lte'),
};

