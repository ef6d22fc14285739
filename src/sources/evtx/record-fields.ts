/**
 * A record's hunt fields straight from its template's field plan (field-plan.ts): the substitution
 * values are decoded into slots, and each op adds one field to the shared Windows field collector.
 * The result is what flattenWindowsEvent(renderRecordJson(…)) gives for the same record; a record
 * the plan cannot render exactly (a BinXML value splicing elements, a bad value, a node budget
 * reached) returns null and takes that JSON path instead, which reports it as it always did.
 */
import { windowsFieldCollector } from '../../events/flatten.js';
import type { EventFields, FieldValue } from '../../events/event.js';
import type { ChunkContext } from './chunk-context.js';
import { parseBinXml } from './binxml.js';
import { IN_CONTENT, OP_IF_TEXT, OP_LIST, OP_TEXT } from './field-plan.js';
import { sharedFieldPlan } from './field-plan-cache.js';
import type { FieldOp, FieldPlan, TextProgram } from './field-plan.js';
import { K_INSTANCE } from './nodes.js';
import type { BxNode, InstanceNode } from './nodes.js';
import { MAX_RECORD_NODES } from './resolve.js';
import { decodeArray, decodeScalar, VT_ARRAY, VT_BINXML, VT_NULL } from './value-types.js';
import type { Scalar } from './value-types.js';

/** What a record yields besides its fields. */
export interface RecordFieldFacts {
  /** System/EventRecordID when it renders as a number, else null. */
  recordId: number | null;
  /** System/TimeCreated/@SystemTime as rendered, else null. */
  systemTime: Scalar | null;
}

type Frame = (Scalar | null)[];

/** Decoded values by slot, one frame per template instance of the record ('' and absent values are null: neither is text). */
const frames: Frame[] = [];

/** The depth resolve.ts parses a BinXML value among Event's children at. */
const HOLE_DEPTH = 2;

function planOf(ctx: ChunkContext, inst: InstanceNode): FieldPlan | null {
  const def = inst.template;
  let plan = ctx.fieldPlans.get(def);
  if (plan === undefined) {
    plan = sharedFieldPlan(def);
    ctx.fieldPlans.set(def, plan);
  }
  return plan;
}

/** Decodes the plan's slots into `frame`; false when a value would splice elements into an element. */
function decodeSlots(ctx: ChunkContext, inst: InstanceNode, plan: FieldPlan, frame: Frame): boolean {
  const { slotIndex, slotPlace } = plan;
  const { types, offsets, sizes } = inst;
  const b = ctx.buf;
  for (let s = 0; s < slotIndex.length; s++) {
    const i = slotIndex[s]!;
    let v: Scalar | null = null;
    if (i < types.length) {
      const type = types[i]!;
      if (type === VT_BINXML) {
        if (slotPlace[s] === IN_CONTENT && sizes[i] !== 0) return false;
      } else if (type !== VT_NULL) {
        v = type & VT_ARRAY ? decodeArray(b, type, offsets[i]!, sizes[i]!) : decodeScalar(b, type, offsets[i]!, sizes[i]!);
      }
    }
    frame[s] = v === '' ? null : v;
  }
  return true;
}

/** A text's value as render-json's contentValue gives it: a lone part keeps its type; null when empty. */
function textOf(text: TextProgram, frame: Frame): Scalar | null {
  if (text.length === 1) {
    const p = text[0]!;
    const v = p.slot >= 0 ? frame[p.slot]! : p.value;
    return v === '' ? null : v;
  }
  let single: Scalar | null = null;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const p = text[i]!;
    const v = p.slot >= 0 ? frame[p.slot]! : p.value;
    if (v === null || v === '') continue;
    if (n++ === 0) single = v;
  }
  if (n <= 1) return single;
  let s = '';
  for (let i = 0; i < text.length; i++) {
    const p = text[i]!;
    const v = p.slot >= 0 ? frame[p.slot]! : p.value;
    if (v !== null && v !== '') s += typeof v === 'string' ? v : String(v);
  }
  return s;
}

/** The last of `alternatives` with text (a repeated attribute: the last one wins), or null. */
function lastText(alternatives: readonly TextProgram[], frame: Frame): Scalar | null {
  for (let i = alternatives.length - 1; i >= 0; i--) {
    const v = textOf(alternatives[i]!, frame);
    if (v !== null) return v;
  }
  return null;
}

function runOps(ops: readonly FieldOp[], frame: Frame): void {
  const out = windowsFieldCollector;
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    if (op.kind === OP_TEXT) {
      out.add(op.field, textOf(op.text, frame) ?? op.empty);
    } else if (op.kind === OP_IF_TEXT) {
      const v = lastText(op.alternatives, frame);
      if (v !== null) out.add(op.field, v);
    } else if (op.kind === OP_LIST) {
      const list: FieldValue[] = [];
      for (const item of op.items) list.push(textOf(item.text, frame) ?? item.empty);
      out.add(op.field, list);
    }
  }
}

/** Which template instance (plan and decoded frame) gives each part of the record. */
class Parts {
  system: FieldPlan | null = null;
  systemFrame: Frame = [];
  eventData: FieldPlan | null = null;
  eventDataFrame: Frame = [];
  userData: FieldPlan | null = null;
  userDataFrame: Frame = [];
  /** Nodes resolving the record visits. */
  nodes = 0;

  reset(nodes: number): void {
    this.system = this.eventData = this.userData = null;
    this.nodes = nodes;
  }

  /** Takes the parts `plan` has; false when one is there already (Event would hold it twice). */
  take(plan: FieldPlan, frame: Frame): boolean {
    if (plan.system !== null) {
      if (this.system !== null) return false;
      this.system = plan;
      this.systemFrame = frame;
    }
    if (plan.eventData !== null) {
      if (this.eventData !== null) return false;
      this.eventData = plan;
      this.eventDataFrame = frame;
    }
    if (plan.userData !== null) {
      if (this.userData !== null) return false;
      this.userData = plan;
      this.userDataFrame = frame;
    }
    this.nodes += plan.nodes;
    return true;
  }

  get any(): boolean {
    return this.system !== null || this.eventData !== null || this.userData !== null;
  }
}

const parts = new Parts();

function frameAt(n: number): Frame {
  while (frames.length <= n) frames.push([]);
  return frames[n]!;
}

/**
 * The fragments in the root plan's holes: each BinXML value there must be one template instance
 * whose plan gives parts of Event; a text value there, or anything else, sends the record to the JSON path.
 */
function takeHoles(ctx: ChunkContext, inst: InstanceNode, plan: FieldPlan, frame: Frame, allowed: number): boolean {
  const holes = plan.holes;
  for (let h = 0; h < holes.length; h++) {
    const slot = holes[h]!;
    if (frame[slot] !== null) return false;
    const i = plan.slotIndex[slot]!;
    if (i >= inst.types.length || inst.types[i] !== VT_BINXML || inst.sizes[i] === 0) continue;
    // Past the budget resolve.ts would stop before parsing this fragment (its names cache must not
    // learn what the JSON path would not have read).
    if (parts.nodes > allowed) return false;
    const off = inst.offsets[i]!;
    const nodes = parseBinXml(ctx, off, off + inst.sizes[i]!, false, HOLE_DEPTH).nodes;
    parts.nodes += nodes.length;
    if (nodes.length === 0) continue;
    const inner = nodes[0]!;
    if (nodes.length !== 1 || inner.kind !== K_INSTANCE) return false;
    const innerPlan = planOf(ctx, inner);
    if (innerPlan === null || innerPlan.event) return false;
    const innerFrame = frameAt(h + 1);
    if (!decodeSlots(ctx, inner, innerPlan, innerFrame) || !parts.take(innerPlan, innerFrame)) return false;
  }
  return parts.any;
}

/** Resolves the record's parts into `parts`; false when the record must take the JSON path. */
function gatherParts(ctx: ChunkContext, nodes: readonly BxNode[], allowed: number): boolean {
  const inst = nodes[0];
  if (nodes.length !== 1 || inst === undefined || inst.kind !== K_INSTANCE) return false;
  const plan = planOf(ctx, inst);
  if (plan === null || !plan.event) return false;
  parts.reset(nodes.length);
  const frame = frameAt(0);
  return decodeSlots(ctx, inst, plan, frame) && parts.take(plan, frame) && takeHoles(ctx, inst, plan, frame, allowed);
}

function facts(out: RecordFieldFacts): void {
  out.recordId = null;
  out.systemTime = null;
  const plan = parts.system;
  if (plan === null) return;
  const frame = parts.systemFrame;
  const id = plan.recordId;
  if (id !== null && lastText(id.attrs, frame) === null) {
    const v = textOf(id.text, frame);
    if (typeof v === 'number') out.recordId = v;
  }
  out.systemTime = lastText(plan.systemTime, frame);
}

/**
 * The fields of a record whose parsed nodes are `nodes`, or null when it must take the JSON path.
 * Counts the nodes against the chunk's budget as resolving it would.
 */
export function planRecordFields(ctx: ChunkContext, nodes: readonly BxNode[], out: RecordFieldFacts): EventFields | null {
  const allowed = Math.min(MAX_RECORD_NODES, ctx.nodeBudget);
  try {
    if (!gatherParts(ctx, nodes, allowed)) return null;
  } catch {
    return null; // a bad value or fragment: the JSON path meets it too and reports it
  }
  if (parts.nodes > allowed) return null;
  const collector = windowsFieldCollector;
  collector.reset();
  if (parts.system !== null) runOps(parts.system.system!, parts.systemFrame);
  if (parts.eventData !== null) runOps(parts.eventData.eventData!, parts.eventDataFrame);
  if (parts.userData !== null) runOps(parts.userData.userData!, parts.userDataFrame);
  facts(out);
  ctx.nodeBudget -= parts.nodes;
  return collector.build();
}
