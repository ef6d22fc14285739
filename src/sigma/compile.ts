/**
 * Compile a rule's detection, for one event selector (its field mapping), into closures over an
 * EventView. Compiled once per rule and selector; nothing is parsed or allocated per event on the
 * common paths (string values are lower-cased once per field per event by the view).
 *
 * Semantics: case-insensitive unless `cased`; a condition on a field the event lacks is false (so
 * `not` of it is true), except `null` (missing or empty) and `exists: false`; lists are OR, maps are
 * AND, `all` makes a value list AND; keywords search every value of the event.
 */
import ipaddr from 'ipaddr.js';
import type { EventFields, FieldValue } from '../events/event.js';
import { parseTimestamp } from '../events/timestamp.js';
import type { ConditionNode } from './condition.js';
import { EventView, FieldSlots, scalarText } from './event-view.js';
import { allowsTextFastPath } from './modifier-descriptors.js';
import { compileRuleRegex } from './rule-regex.js';
import type { Detection } from './rule.js';
import type { SigmaString } from './sigma-string.js';
import { escapeRegExp } from './sigma-string.js';
import type { CompareOp, DetectionItem, SigmaValue, TimePart } from './values.js';

export type Predicate = (view: EventView) => boolean;
type TextTest = (text: string) => boolean;

export interface CompiledDetection {
  test: Predicate;
  /** Event field names (first present is read) of items used positively, with their test, to report what fired. */
  matchable: Array<{ fields: string[]; test: Predicate }>;
  /** Every event field the detection reads. */
  fields: Set<string>;
}

/** A matcher for a wildcard pattern on text already folded to the pattern's case. */
function patternTest(s: SigmaString): TextTest {
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

function anyOf(tests: TextTest[]): TextTest {
  if (tests.length === 0) return () => false;
  if (tests.length === 1) return tests[0]!;
  if (tests.length === 2) {
    const [a, b] = tests as [TextTest, TextTest];
    return (x) => a(x) || b(x);
  }
  return (x) => {
    for (let i = 0; i < tests.length; i++) if (tests[i]!(x)) return true;
    return false;
  };
}

/**
 * One OR-matcher for many plain values (strings with wildcards, numbers, booleans), grouping exact
 * values in a Set and prefix/suffix/contains values in arrays.
 */
function textValuesTest(values: SigmaValue[], cased: boolean): TextTest {
  const exact = new Set<string>();
  const pre: string[] = [];
  const suf: string[] = [];
  const inc: string[] = [];
  const other: TextTest[] = [];
  for (const v of values) {
    if (v.type === 'number') exact.add(String(v.n));
    else if (v.type === 'bool') exact.add(String(v.b));
    else if (v.type === 'string') {
      const s = cased ? v.s : v.s.mapText((x) => x.toLowerCase());
      const shape = s.parts.map((p) => (p.kind === 'text' ? 'T' : p.kind === 'any' ? '*' : '?')).join('');
      const text = s.parts.find((p) => p.kind === 'text') as { text: string } | undefined;
      if (shape === 'T') exact.add(text!.text);
      else if (shape === 'T*') pre.push(text!.text);
      else if (shape === '*T') suf.push(text!.text);
      else if (shape === '*T*') inc.push(text!.text);
      else other.push(patternTest(s));
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

const MANY_CONTAINS = 6;
const BIGRAM_BITS = 4096;
const bigram = (a: number, b: number): number => (a * 31 + b) & (BIGRAM_BITS - 1);

/**
 * Does the text contain any of many literals? One pass over the text: a (hashed) bitmap of the
 * literals' first two characters says where a literal may start; only there are the literals
 * with that start compared.
 */
function containsAny(literals: string[]): TextTest {
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

const isText = (v: SigmaValue): boolean => v.type === 'string' || v.type === 'number' || v.type === 'bool';

function ipv4ToInt(s: string): number {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return -1;
  let n = 0;
  for (let i = 1; i <= 4; i++) {
    const o = Number(m[i]);
    if (o > 255) return -1;
    n = n * 256 + o;
  }
  return n;
}

function cidrTest(cidr: string, where: string): TextTest {
  let range: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    range = cidr.includes('/') ? ipaddr.parseCIDR(cidr) : (() => {
      const a = ipaddr.parse(cidr);
      return [a, a.kind() === 'ipv4' ? 32 : 128] as [ipaddr.IPv4 | ipaddr.IPv6, number];
    })();
  } catch {
    throw new Error(`invalid CIDR '${cidr}' in '${where}'`);
  }
  const [net, bits] = range;
  if (net.kind() === 'ipv4') {
    const base = ipv4ToInt(net.toString());
    const size = 2 ** (32 - bits);
    const start = base - (base % size);
    return (text) => {
      let s = text.trim();
      if (s.startsWith('::ffff:')) s = s.slice(7);
      const n = ipv4ToInt(s);
      return n >= 0 && n >= start && n < start + size;
    };
  }
  return (text) => {
    let s = text.trim();
    const pct = s.indexOf('%');
    if (pct > 0) s = s.slice(0, pct);
    if (!ipaddr.isValid(s)) return false;
    const a = ipaddr.parse(s);
    return a.kind() === 'ipv6' && (a as ipaddr.IPv6).match(range as [ipaddr.IPv6, number]);
  };
}

function compareNumber(op: CompareOp, n: number): (x: number | bigint) => boolean {
  switch (op) {
    case 'gt':
      return (x) => x > n;
    case 'gte':
      return (x) => x >= n;
    case 'lt':
      return (x) => x < n;
    case 'lte':
      return (x) => x <= n;
  }
}

/**
 * A field value as a number for gt/gte/lt/lte. Integers too long for a double (EVTX 64-bit values
 * beyond 2^53 arrive as their exact digits) become BigInt, which JavaScript compares exactly with a number.
 */
function toNumber(v: FieldValue): number | bigint {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '') {
    const t = v.trim();
    if (/^0x[0-9a-f]+$/i.test(t)) return t.length > 15 ? BigInt(t) : parseInt(t, 16);
    return t.length > 15 && /^-?\d+$/.test(t) ? BigInt(t) : Number(t);
  }
  return NaN;
}

function isoWeek(d: Date): number {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  return Math.ceil(((t.getTime() - yearStart) / 86400000 + 1) / 7);
}

function timePartOf(part: TimePart, v: FieldValue): number {
  const ms = parseTimestamp(v);
  if (Number.isNaN(ms)) return NaN;
  const d = new Date(ms);
  switch (part) {
    case 'minute':
      return d.getUTCMinutes();
    case 'hour':
      return d.getUTCHours();
    case 'day':
      return d.getUTCDate();
    case 'week':
      return isoWeek(d);
    case 'month':
      return d.getUTCMonth() + 1;
    case 'year':
      return d.getUTCFullYear();
  }
}

/** Does a (possibly array) field value satisfy a text test? Arrays match when any element does. */
function valueMatches(v: FieldValue, test: TextTest, fold: boolean): boolean {
  if (Array.isArray(v)) {
    for (const e of v) if (valueMatches(e, test, fold)) return true;
    return false;
  }
  const t = scalarText(v);
  return test(fold ? t.toLowerCase() : t);
}

export class DetectionCompiler {
  constructor(private readonly slots: FieldSlots) {}

  /** Compile a detection with `fieldmap` renaming rule fields to event fields. */
  compile(detection: Detection, fieldmap: Record<string, string[]>): CompiledDetection {
    const fields = new Set<string>();
    const itemPreds = new Map<DetectionItem, Predicate>();
    const mapField = (f: string): string[] => fieldmap[f] ?? [f];
    const identPreds = new Map<string, Predicate>();
    for (const [name, ident] of detection.identifiers) {
      const alts = ident.alternatives.map((items) => {
        const preds = items.map((item) => {
          const p = this.item(item, mapField, fields);
          itemPreds.set(item, p);
          return p;
        });
        return allOf(preds);
      });
      identPreds.set(name, someOf(alts));
    }
    const test = this.condition(detection.condition, identPreds);
    const matchable: Array<{ fields: string[]; test: Predicate }> = [];
    const positive = new Set<string>();
    collectPositive(detection.condition, true, positive);
    for (const name of positive) {
      for (const alt of detection.identifiers.get(name)?.alternatives ?? []) {
        for (const item of alt) {
          if (item.field === null) continue;
          matchable.push({ fields: mapField(item.field), test: itemPreds.get(item)! });
        }
      }
    }
    return { test, matchable, fields };
  }

  private condition(node: ConditionNode, idents: Map<string, Predicate>): Predicate {
    switch (node.op) {
      case 'ref':
        return idents.get(node.name)!;
      case 'not': {
        const a = this.condition(node.arg, idents);
        return (v) => !a(v);
      }
      case 'and':
        return allOf(node.args.map((a) => this.condition(a, idents)));
      case 'or':
        return someOf(node.args.map((a) => this.condition(a, idents)));
      case 'of': {
        const preds = node.names.map((n) => idents.get(n)!);
        if (node.count === 'all') return allOf(preds);
        if (node.count <= 1) return someOf(preds);
        const need = node.count;
        return (v) => {
          let c = 0;
          for (const p of preds) if (p(v) && ++c >= need) return true;
          return false;
        };
      }
    }
  }

  private item(item: DetectionItem, mapField: (f: string) => string[], fields: Set<string>): Predicate {
    const where = item.key;
    if (item.field === null) return this.keyword(item);
    const names = mapField(item.field);
    for (const n of names) fields.add(n);
    const field = names[0]!;
    const slot = this.slots.slot(names.join('\u0000'));
    const all = item.groups.flat();
    const read = reader(names);

    const plainText = allowsTextFastPath(item) && all.every(isText);
    if (names.length > 1 && plainText) {
      const test = textValuesTest(all, item.cased);
      const cased = item.cased;
      return (view) => {
        const v = read(view.fields);
        if (v === undefined) return false;
        return typeof v === 'string' ? test(cased ? v : view.lower(slot, v)) : valueMatches(v, test, !cased);
      };
    }

    // Fast path: OR over plain values (the bulk of SigmaHQ), one merged matcher on folded text.
    if (plainText) {
      const test = textValuesTest(all, item.cased);
      if (item.cased)
        return (view) => {
          const v = view.fields[field];
          if (v === undefined) return false;
          return typeof v === 'string' ? test(v) : valueMatches(v, test, false);
        };
      return (view) => {
        const v = view.fields[field];
        if (v === undefined) return false;
        return typeof v === 'string' ? test(view.lower(slot, v)) : valueMatches(v, test, true);
      };
    }

    // General path: one value test per group, each handling a missing field itself.
    type ValueTest = (v: FieldValue | undefined, view: EventView) => boolean;
    const groupTests: ValueTest[] = item.groups.map((group) => {
      const tests: ValueTest[] = group.map((val) => this.valueTest(val, item, mapField, slot, where));
      if (tests.length === 1) return tests[0]!;
      return (v, view) => {
        for (const t of tests) if (t(v, view)) return true;
        return false;
      };
    });
    let combined: ValueTest;
    if (item.linking === 'and')
      combined = (v, view) => {
        for (const t of groupTests) if (!t(v, view)) return false;
        return true;
      };
    else
      combined = (v, view) => {
        for (const t of groupTests) if (t(v, view)) return true;
        return false;
      };
    if (item.neq) {
      // A field reference the event lacks makes the comparison false, negated or not.
      const refs = all.filter((v): v is Extract<SigmaValue, { type: 'fieldref' }> => v.type === 'fieldref').map((v) => reader(mapField(v.field)));
      return (view) => {
        const v = read(view.fields);
        if (v === undefined) return false;
        for (const r of refs) if (r(view.fields) === undefined) return false;
        return !combined(v, view);
      };
    }
    return (view) => combined(read(view.fields), view);
  }

  private valueTest(
    val: SigmaValue,
    item: DetectionItem,
    mapField: (f: string) => string[],
    slot: number,
    where: string,
  ): (v: FieldValue | undefined, view: EventView) => boolean {
    const cased = item.cased;
    if (item.timePart) {
      const part = item.timePart;
      let cmp: (x: number) => boolean;
      if (val.type === 'compare') cmp = compareNumber(val.op, val.n);
      else {
        const n = val.type === 'number' ? val.n : Number(val.type === 'string' ? val.s.plain() : NaN);
        cmp = (x) => x === n;
      }
      return (v) => {
        if (v === undefined || v === null) return false;
        const scalars = Array.isArray(v) ? v : [v];
        for (const s of scalars) {
          const x = timePartOf(part, s);
          if (!Number.isNaN(x) && cmp(x)) return true;
        }
        return false;
      };
    }
    switch (val.type) {
      case 'null':
        return (v) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
      case 'exists':
        return val.exists ? (v) => v !== undefined : (v) => v === undefined;
      case 'string':
      case 'number':
      case 'bool': {
        const test = textValuesTest([val], cased);
        return (v, view) => {
          if (v === undefined) return false;
          if (typeof v === 'string') return test(cased ? v : view.lower(slot, v));
          return valueMatches(v, test, !cased);
        };
      }
      case 'regex': {
        const { test } = compileRuleRegex(val.source, val.flags, where);
        return (v) => v !== undefined && valueMatches(v, test, false);
      }
      case 'cidr': {
        const test = cidrTest(val.cidr, where);
        return (v) => v !== undefined && valueMatches(v, test, false);
      }
      case 'compare': {
        const cmp = compareNumber(val.op, val.n);
        const one = (x: FieldValue): boolean => {
          if (Array.isArray(x)) return x.some(one);
          const n = toNumber(x);
          return !Number.isNaN(n) && cmp(n);
        };
        return (v) => v !== undefined && one(v);
      }
      case 'fieldref': {
        const other = reader(mapField(val.field));
        const op = val.op;
        return (v, view) => {
          const o = other(view.fields);
          if (v === undefined || o === undefined || Array.isArray(o)) return false;
          const ref = cased ? scalarText(o) : scalarText(o).toLowerCase();
          const test: TextTest = op === 'eq' ? (x) => x === ref : op === 'startswith' ? (x) => x.startsWith(ref) : op === 'endswith' ? (x) => x.endsWith(ref) : (x) => x.includes(ref);
          return valueMatches(v, test, !cased);
        };
      }
    }
  }

  /** Keyword search: any value of any field (AND over groups with `all`). */
  private keyword(item: DetectionItem): Predicate {
    const groups = item.groups.map((g) => {
      const texts = g.filter(isText);
      const tests: TextTest[] = [];
      if (texts.length) tests.push(textValuesTest(texts, item.cased));
      for (const v of g) {
        if (v.type === 'regex') {
          tests.push(compileRuleRegex(v.source, v.flags, item.key).test);
        } else if (v.type === 'cidr') tests.push(cidrTest(v.cidr, item.key));
        else if (!isText(v)) throw new Error(`'${v.type}' value in a keyword search ('${item.key}')`);
      }
      return { test: anyOf(tests), fold: !item.cased && !g.some((v) => v.type === 'regex' || v.type === 'cidr') };
    });
    const searchAll = (view: EventView, g: { test: TextTest; fold: boolean }): boolean => {
      const values = view.allValues(g.fold);
      for (let i = 0; i < values.length; i++) if (g.test(values[i]!)) return true;
      return false;
    };
    if (item.linking === 'and')
      return (view) => {
        for (const g of groups) if (!searchAll(view, g)) return false;
        return true;
      };
    return (view) => {
      for (const g of groups) if (searchAll(view, g)) return true;
      return false;
    };
  }
}

function reader(names: string[]): (f: EventFields) => FieldValue | undefined {
  if (names.length === 1) {
    const n = names[0]!;
    return (f) => f[n];
  }
  return (f) => {
    for (const n of names) {
      const v = f[n];
      if (v !== undefined) return v;
    }
    return undefined;
  };
}

function allOf(preds: Predicate[]): Predicate {
  if (preds.length === 1) return preds[0]!;
  if (preds.length === 2) {
    const [a, b] = preds as [Predicate, Predicate];
    return (v) => a(v) && b(v);
  }
  if (preds.length === 3) {
    const [a, b, c] = preds as [Predicate, Predicate, Predicate];
    return (v) => a(v) && b(v) && c(v);
  }
  return (v) => {
    for (let i = 0; i < preds.length; i++) if (!preds[i]!(v)) return false;
    return true;
  };
}

function someOf(preds: Predicate[]): Predicate {
  if (preds.length === 1) return preds[0]!;
  if (preds.length === 2) {
    const [a, b] = preds as [Predicate, Predicate];
    return (v) => a(v) || b(v);
  }
  return (v) => {
    for (let i = 0; i < preds.length; i++) if (preds[i]!(v)) return true;
    return false;
  };
}

function collectPositive(node: ConditionNode, positive: boolean, out: Set<string>): void {
  switch (node.op) {
    case 'and':
    case 'or':
      for (const a of node.args) collectPositive(a, positive, out);
      break;
    case 'not':
      collectPositive(node.arg, !positive, out);
      break;
    case 'ref':
      if (positive) out.add(node.name);
      break;
    case 'of':
      if (positive) for (const n of node.names) out.add(n);
      break;
  }
}
