/**
 * Compile a rule's detection, for one event selector (its field mapping), into closures over an
 * EventView. Compiled once per rule and selector; nothing is parsed or allocated per event on the
 * common paths (string values are lower-cased once per field per event by the view).
 *
 * Semantics: case-insensitive unless `cased`; a condition on a field the event lacks is false (so
 * `not` of it is true), except `null` (missing or empty) and `exists: false`; lists are OR, maps are
 * AND, `all` makes a value list AND; keywords search every value of the event.
 */
import type { EventFields, FieldValue } from '../events/event.js';
import type { ConditionNode } from './condition.js';
import { EventView, FieldSlots, scalarText } from './event-view.js';
import { allowsTextFastPath } from './modifier-descriptors.js';
import { compileRuleRegex } from './rule-regex.js';
import type { Detection } from './rule.js';
import { anyOf, isText, textValuesTest, valueMatches, type TextTest } from './text-matchers.js';
import { cidrTest, compareNumber, timePartOf, toNumber } from './value-tests.js';
import type { DetectionItem, SigmaValue } from './values.js';

export type Predicate = (view: EventView) => boolean;

export interface CompiledDetection {
  test: Predicate;
  /** Event field names (first present is read) of items used positively, with their test, to report what fired (listed when first read). */
  readonly matchable: Array<{ fields: string[]; test: Predicate }>;
  /** Every event field the detection's field items read (listed when first read). */
  readonly fields: Set<string>;
}

export class DetectionCompiler {
  constructor(private readonly slots: FieldSlots) {}

  /**
   * Compile a detection with `fieldmap` renaming rule fields to event fields. With `lazy`, each
   * search identifier is compiled when the condition first evaluates it (a rule's filters often
   * never are: its selection rarely matches); only for a detection already compiled once (any
   * field mapping), since compiling is also what refuses a detection.
   */
  compile(detection: Detection, fieldmap: Record<string, string[]>, options: { lazy?: boolean } = {}): CompiledDetection {
    const itemPreds = new Map<DetectionItem, Predicate>();
    const mapField = (f: string): string[] => fieldmap[f] ?? [f];
    const built = new Map<string, Predicate>();
    const identifier = (name: string): Predicate => {
      let p = built.get(name);
      if (p === undefined) {
        const alts = detection.identifiers.get(name)!.alternatives.map((items) => allOf(items.map((item) => {
          const q = this.item(item, mapField);
          itemPreds.set(item, q);
          return q;
        })));
        built.set(name, (p = anyOf(alts)));
      }
      return p;
    };
    const identPreds = new Map<string, Predicate>();
    for (const name of detection.identifiers.keys()) identPreds.set(name, options.lazy ? onFirstCall(() => identifier(name)) : identifier(name));
    const test = this.condition(detection.condition, identPreds);
    // Read only when the detection matches (to report what fired) or asked for: listed then.
    let matchable: CompiledDetection['matchable'] | undefined;
    let fields: Set<string> | undefined;
    return {
      test,
      get fields() {
        return (fields ??= detectionFields(detection, mapField));
      },
      get matchable() {
        return (matchable ??= matchableItems(detection, identifier, itemPreds, mapField));
      },
    };
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
        return anyOf(node.args.map((a) => this.condition(a, idents)));
      case 'of': {
        const preds = node.names.map((n) => idents.get(n)!);
        if (node.count === 'all') return allOf(preds);
        if (node.count <= 1) return anyOf(preds);
        const need = node.count;
        return (v) => {
          let c = 0;
          for (const p of preds) if (p(v) && ++c >= need) return true;
          return false;
        };
      }
    }
  }

  private item(item: DetectionItem, mapField: (f: string) => string[]): Predicate {
    const where = item.key;
    if (item.field === null) return this.keyword(item);
    const names = mapField(item.field);
    const field = names[0]!;
    const slot = this.slots.slot(names.join('\u0000'));
    const all = flatValues(item.groups);
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
        const test = regexTest(val.source, val.flags, where);
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
          tests.push(regexTest(v.source, v.flags, item.key));
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

/** Compiled rule regexes by flags and source (a thread compiles each once: rules repeat them, each field mapping compiles a detection again). */
const regexTests = new Map<string, TextTest>();
const MAX_REGEX_TESTS = 1 << 12;

function regexTest(source: string, flags: string, where: string): TextTest {
  const key = `${flags}/${source}`;
  let test = regexTests.get(key);
  if (test === undefined) {
    test = compileRuleRegex(source, flags, where).test;
    if (regexTests.size < MAX_REGEX_TESTS) regexTests.set(key, test);
  }
  return test;
}

/** The values of every group, in order (Array.prototype.flat is slow on a thread's first calls). */
function flatValues(groups: SigmaValue[][]): SigmaValue[] {
  if (groups.length === 1) return groups[0]!;
  const out: SigmaValue[] = [];
  for (const g of groups) for (const v of g) out.push(v);
  return out;
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

/** A predicate built on its first call. */
function onFirstCall(build: () => Predicate): Predicate {
  let p: Predicate | undefined;
  return (v) => (p ??= build())(v);
}

/** Every event field the detection's field items read. */
function detectionFields(detection: Detection, mapField: (f: string) => string[]): Set<string> {
  const fields = new Set<string>();
  for (const ident of detection.identifiers.values()) {
    for (const items of ident.alternatives) for (const item of items) if (item.field !== null) for (const n of mapField(item.field)) fields.add(n);
  }
  return fields;
}

/** The field items of the identifiers the condition uses positively, with their predicates (compiled now if they were not). */
function matchableItems(
  detection: Detection, identifier: (name: string) => Predicate, itemPreds: Map<DetectionItem, Predicate>, mapField: (f: string) => string[],
): CompiledDetection['matchable'] {
  const matchable: CompiledDetection['matchable'] = [];
  const positive = new Set<string>();
  collectPositive(detection.condition, true, positive);
  for (const name of positive) {
    if (detection.identifiers.has(name)) identifier(name);
    for (const alt of detection.identifiers.get(name)?.alternatives ?? []) {
      for (const item of alt) {
        if (item.field === null) continue;
        matchable.push({ fields: mapField(item.field), test: itemPreds.get(item)! });
      }
    }
  }
  return matchable;
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
