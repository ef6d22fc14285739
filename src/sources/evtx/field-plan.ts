/**
 * A template's hunt fields, worked out once per template definition: which substitution values
 * (and literal text) become which flattened field, so that a record using the template yields the
 * fields of `flattenWindowsEvent(renderRecordJson(resolveRecord(…)))` straight from its values,
 * without the element tree or the JSON between (record-fields.ts runs a plan).
 *
 * Only templates whose fields do not depend on their values get a plan: one `Event` element whose
 * children are System, EventData and UserData at most once each, or substitutions (holes: a BinXML
 * value there holds a fragment, normally one instance of a template of EventData or UserData, which
 * has a plan of its own); System and the UserData wrapper holding elements only; EventData holding
 * elements (Data named by literal text, or all unnamed) or text only; no nested template instance;
 * element and Data names that are plain object keys. Any other template gets `null`, and its
 * records take the JSON path. A plan keeps every substitution of the template (decoded per
 * record, so a bad value fails the same way) and the number of nodes resolving it counts against
 * the record's node budget (resolve.ts).
 */
import { dataFieldName, SYSTEM_CHILD_FIELDS } from '../../events/flatten.js';
import { K_ELEMENT, K_INSTANCE, K_REF, K_SUBST, K_TEXT } from './nodes.js';
import type { BxNode, ElementNode, TemplateDef } from './nodes.js';
import type { Scalar } from './value-types.js';

/** One part of a text: a substitution (`slot` in FieldPlan.slotIndex) or, with slot -1, literal `value`. */
export interface TextPart {
  slot: number;
  value: Scalar;
}
export type TextProgram = readonly TextPart[];

/** Adds `field` with the text, or `empty` when there is none. */
export const OP_TEXT = 0;
/** Adds `field` with the text of the last of `alternatives` that has one (an attribute repeated), if any. */
export const OP_IF_TEXT = 1;
/** Adds `field` with an array: each of `items`' text, or its `empty`. */
export const OP_LIST = 2;

export interface FieldOp {
  kind: typeof OP_TEXT | typeof OP_IF_TEXT | typeof OP_LIST;
  field: string;
  text: TextProgram;
  empty: '' | null;
  alternatives: readonly TextProgram[];
  items: readonly FieldOp[];
}

/** Where a substitution sits: in an attribute, in element content, or among Event's children (a hole). */
export const IN_ATTRIBUTE = 0;
export const IN_CONTENT = 1;
export const IN_EVENT = 2;

export interface FieldPlan {
  /** A record's root template (`Event`), or a fragment of Event's children spliced into a hole of one. */
  event: boolean;
  /** Nodes resolving the template visits (resolve.ts counts them against the node budget). */
  nodes: number;
  /** Each slot's substitution index and place (IN_ATTRIBUTE, IN_CONTENT, IN_EVENT). */
  slotIndex: number[];
  slotPlace: number[];
  /** Slots among Event's children: BinXML values there hold the fragments with EventData or UserData. */
  holes: number[];
  /** The fields of each part there is, in flattenWindowsEvent's order: System, EventData, UserData. */
  system: FieldOp[] | null;
  eventData: FieldOp[] | null;
  userData: FieldOp[] | null;
  /** System/EventRecordID's text and attributes (a number only when no attribute has text), or null. */
  recordId: { text: TextProgram; attrs: TextProgram[] } | null;
  /** System/TimeCreated's SystemTime attributes. */
  systemTime: TextProgram[];
}

class NoPlan extends Error {}

/** A name that renders as an ordinary JSON key (no `#text`/`#attributes` clash, no index ordering, no setter). */
function plainKey(name: string): boolean {
  const c = name.charCodeAt(0);
  return name.length > 0 && c !== 35 /* # */ && !(c >= 48 && c <= 57) && name !== '__proto__';
}

function elements(nodes: readonly BxNode[]): ElementNode[] {
  const out: ElementNode[] = [];
  for (const n of nodes) {
    if (n.kind !== K_ELEMENT) throw new NoPlan();
    out.push(n);
  }
  return out;
}

/** Adds a child under the key render-json.ts's elementBody gives it in its parent's object (repeats `_1`, `_2`, …). */
function addChildKey<T>(entries: Map<string, T>, name: string, value: T, counts: Map<string, number>): void {
  if (!plainKey(name)) throw new NoPlan();
  let key = name;
  if (entries.has(key) || counts.has(key)) {
    const c = counts.get(name) ?? 1;
    counts.set(name, c + 1);
    key = `${name}_${c}`;
  }
  entries.set(key, value);
}

class PlanBuilder {
  readonly slots = new Map<BxNode, number>();
  readonly slotIndex: number[] = [];
  readonly slotPlace: number[] = [];
  nodes = 0;

  /** Counts nodes as resolve.ts does and gives every substitution a slot, in document order. */
  scan(nodes: readonly BxNode[], place: number, event: ElementNode | null): void {
    this.nodes += nodes.length;
    for (const n of nodes) {
      if (n.kind === K_INSTANCE) throw new NoPlan();
      if (n.kind === K_SUBST) {
        this.slots.set(n, this.slotIndex.length);
        this.slotIndex.push(n.index);
        this.slotPlace.push(place);
      } else if (n.kind === K_ELEMENT) {
        for (const a of n.attrs) this.scan(a.parts, IN_ATTRIBUTE, null);
        if (n.kids.length > 0) this.scan(n.kids, n === event ? IN_EVENT : IN_CONTENT, null);
      }
    }
  }

  text(parts: readonly BxNode[]): TextProgram {
    const out: TextPart[] = [];
    for (const n of parts) {
      if (n.kind === K_SUBST) out.push({ slot: this.slots.get(n)!, value: '' });
      else if (n.kind === K_TEXT) out.push({ slot: -1, value: n.value });
      else if (n.kind === K_REF) out.push({ slot: -1, value: n.text });
    }
    return out;
  }

  attributes(el: ElementNode, name: string): TextProgram[] {
    return el.attrs.filter((a) => a.name === name).map((a) => this.text(a.parts));
  }
}

function textOp(field: string, text: TextProgram, empty: '' | null): FieldOp {
  return { kind: OP_TEXT, field, text, empty, alternatives: [], items: [] };
}

function systemOps(b: PlanBuilder, system: ElementNode, plan: FieldPlan, ops: FieldOp[]): void {
  const entries = new Map<string, ElementNode>();
  const counts = new Map<string, number>();
  for (const el of elements(system.kids)) addChildKey(entries, el.name, el, counts);
  for (const [key, el] of entries) {
    const spec = SYSTEM_CHILD_FIELDS.get(key);
    if (spec === undefined || spec.text) ops.push(textOp(key, b.text(el.kids), null));
    for (const [field, attr] of spec?.attrs ?? []) {
      ops.push({ kind: OP_IF_TEXT, field, text: [], empty: null, alternatives: b.attributes(el, attr), items: [] });
    }
    const hasElement = el.kids.some((k) => k.kind === K_ELEMENT);
    if (key === 'EventRecordID' && !hasElement) plan.recordId = { text: b.text(el.kids), attrs: el.attrs.map((a) => b.text(a.parts)) };
    if (key === 'TimeCreated') plan.systemTime = b.attributes(el, 'SystemTime');
  }
}

/** A Data element's Name (the first `Name` attribute's literal text), '' when it has none. */
function dataName(el: ElementNode): string {
  const a = el.attrs.find((x) => x.name === 'Name');
  if (a === undefined) return '';
  let s = '';
  for (const p of a.parts) {
    if (p.kind === K_SUBST) throw new NoPlan();
    if (p.kind === K_TEXT) s += String(p.value);
    else if (p.kind === K_REF) s += p.text;
  }
  return s;
}

/** A Data element's value when it has no text: '' unless it holds elements. */
function dataEmpty(el: ElementNode): '' | null {
  return el.kids.some((k) => k.kind === K_ELEMENT) ? null : '';
}

function eventDataOps(b: PlanBuilder, data: ElementNode, ops: FieldOp[]): void {
  if (data.kids.length === 0) return;
  if (!data.kids.some((k) => k.kind === K_ELEMENT)) {
    if (data.attrs.length > 0) throw new NoPlan();
    ops.push({ kind: OP_IF_TEXT, field: 'EventData', text: [], empty: null, alternatives: [b.text(data.kids)], items: [] });
    return;
  }
  const kids = elements(data.kids);
  const datas = kids.filter((k) => k.name === 'Data');
  const names = datas.map(dataName);
  const named = names.some((n) => n !== '');
  const entries = new Map<string, FieldOp>();
  const counts = new Map<string, number>();
  let d = 0;
  for (const el of kids) {
    if (el.name !== 'Data') {
      addChildKey(entries, el.name, textOp('', b.text(el.kids), null), counts);
      continue;
    }
    const name = names[d++]!;
    if (named && name !== '') {
      if (!plainKey(name)) throw new NoPlan();
      entries.set(name, textOp('', b.text(el.kids), dataEmpty(el)));
    } else if (!named && !entries.has('Data')) {
      const items = datas.map((x) => textOp('', b.text(x.kids), dataEmpty(x)));
      entries.set('Data', items.length === 1 ? items[0]! : { kind: OP_LIST, field: '', text: [], empty: null, alternatives: [], items });
    }
  }
  for (const [key, op] of entries) ops.push({ ...op, field: dataFieldName(key) });
}

function userDataOps(b: PlanBuilder, user: ElementNode, ops: FieldOp[]): void {
  const wrappers = new Map<string, ElementNode>();
  const counts = new Map<string, number>();
  for (const el of elements(user.kids)) {
    if (el.name === 'Data' || el.name === 'EventData' || el.name === 'UserData' || el.kids.length === 0) throw new NoPlan();
    addChildKey(wrappers, el.name, el, counts);
  }
  for (const wrapper of wrappers.values()) {
    const entries = new Map<string, ElementNode>();
    const inner = new Map<string, number>();
    for (const el of elements(wrapper.kids)) addChildKey(entries, el.name, el, inner);
    for (const [key, el] of entries) ops.push(textOp(dataFieldName(key), b.text(el.kids), null));
  }
}

const PARTS = new Set(['System', 'EventData', 'UserData']);

function compile(def: TemplateDef): FieldPlan {
  const root = def.nodes[0];
  const event = def.nodes.length === 1 && root !== undefined && root.kind === K_ELEMENT && root.name === 'Event';
  const b = new PlanBuilder();
  b.scan(def.nodes, IN_CONTENT, event ? root : null);
  const plan: FieldPlan = {
    event, nodes: b.nodes, slotIndex: b.slotIndex, slotPlace: b.slotPlace, holes: [],
    system: null, eventData: null, userData: null, recordId: null, systemTime: [],
  };
  const seen = new Set<string>();
  for (const n of event ? root.kids : def.nodes) {
    if (n.kind === K_SUBST && event) {
      plan.holes.push(b.slots.get(n)!);
      continue;
    }
    if (n.kind !== K_ELEMENT || !PARTS.has(n.name) || seen.has(n.name)) throw new NoPlan();
    seen.add(n.name);
    const ops: FieldOp[] = [];
    if (n.name === 'System') systemOps(b, n, plan, (plan.system = ops));
    else if (n.name === 'EventData') eventDataOps(b, n, (plan.eventData = ops));
    else userDataOps(b, n, (plan.userData = ops));
  }
  return plan;
}

/** The template's plan, or null when its fields depend on more than its values (see above). */
export function compileFieldPlan(def: TemplateDef): FieldPlan | null {
  try {
    return compile(def);
  } catch (err) {
    if (err instanceof NoPlan) return null;
    throw err;
  }
}
