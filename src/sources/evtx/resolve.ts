/**
 * Template instantiation: nodes + substitution values → a resolved element tree (RElement) that the
 * JSON and XML renderers walk. Substitution values decode here; a BinXML-typed value (0x21) is
 * parsed as a nested fragment and its elements spliced in.
 */
import { parseBinXml } from './binxml.js';
import type { ChunkContext } from './chunk-context.js';
import { K_ELEMENT, K_INSTANCE, K_PI, K_REF, K_SUBST, K_TEXT } from './nodes.js';
import type { BxNode, InstanceNode } from './nodes.js';
import { EvtxFormatError } from './binxml-tokens.js';
import { decodeArray, decodeScalar, VT_ARRAY, VT_BINXML, VT_NULL } from './value-types.js';

/**
 * Most nodes one record may expand to. Templates can nest instances of other templates, so a
 * hostile chunk could otherwise expand exponentially; real records stay in the hundreds.
 */
export const MAX_RECORD_NODES = 200_000;
let budget = MAX_RECORD_NODES;

/** Character/entity reference text, written as-is in both JSON and XML. */
export class RawRef {
  constructor(readonly text: string) {}
}
/** Processing instruction (XML output only). */
export class RPi {
  constructor(readonly target: string, readonly data: string) {}
}
export type RPart = string | number | boolean | RawRef;
export type RKid = RElement | RPart | RPi;
export interface RAttr {
  name: string;
  parts: RPart[];
}
export class RElement {
  attrs: RAttr[] | null = null;
  kids: RKid[] = [];
  hasElement = false;
  constructor(readonly name: string) {}
}

function substitute(ctx: ChunkContext, inst: InstanceNode | null, index: number, optional: boolean, out: RKid[], depth: number, allowElements: boolean, el: RElement | null): void {
  if (inst === null || index >= inst.types.length) return;
  const type = inst.types[index]!;
  if (type === VT_NULL) return;
  const off = inst.offsets[index]!;
  const size = inst.sizes[index]!;
  if (type === VT_BINXML) {
    if (!allowElements || size === 0) return;
    const { nodes } = parseBinXml(ctx, off, off + size, false, depth + 1);
    resolveNodes(ctx, nodes, null, out, depth + 1, el);
    return;
  }
  const v = type & VT_ARRAY ? decodeArray(ctx.buf, type, off, size) : decodeScalar(ctx.buf, type, off, size);
  if (v === null || (optional && v === '')) return;
  out.push(v);
}

/** Resolve `nodes` (with substitutions from `inst`) into `out`; marks `el.hasElement` on element kids. */
export function resolveNodes(ctx: ChunkContext, nodes: BxNode[], inst: InstanceNode | null, out: RKid[], depth: number, el: RElement | null): void {
  budget -= nodes.length;
  if (budget < 0) throw new EvtxFormatError(0, `record expands to more than ${MAX_RECORD_NODES} nodes`);
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    switch (n.kind) {
      case K_ELEMENT: {
        const r = new RElement(n.name);
        if (n.attrs.length > 0) {
          const attrs: RAttr[] = [];
          for (const a of n.attrs) {
            const parts: RPart[] = [];
            resolveParts(ctx, a.parts, inst, parts, depth);
            attrs.push({ name: a.name, parts });
          }
          r.attrs = attrs;
        }
        if (n.kids.length > 0) resolveNodes(ctx, n.kids, inst, r.kids, depth, r);
        out.push(r);
        if (el) el.hasElement = true;
        break;
      }
      case K_TEXT:
        out.push(n.value);
        break;
      case K_SUBST:
        substitute(ctx, inst, n.index, n.optional, out, depth, true, el);
        break;
      case K_REF:
        out.push(new RawRef(n.text));
        break;
      case K_INSTANCE:
        resolveNodes(ctx, n.template.nodes, n, out, depth + 1, el);
        break;
      case K_PI:
        out.push(new RPi(n.target, n.data));
        break;
    }
  }
}

function resolveParts(ctx: ChunkContext, nodes: BxNode[], inst: InstanceNode | null, out: RPart[], depth: number): void {
  budget -= nodes.length;
  if (budget < 0) throw new EvtxFormatError(0, `record expands to more than ${MAX_RECORD_NODES} nodes`);
  for (const n of nodes) {
    if (n.kind === K_TEXT) out.push(n.value);
    else if (n.kind === K_REF) out.push(new RawRef(n.text));
    else if (n.kind === K_SUBST) substitute(ctx, inst, n.index, n.optional, out as RKid[], depth, false, null);
  }
}

/** The first element of a resolved fragment (a record's root, normally `Event`); `parsed`: its nodes, when the caller parsed them already. */
export function resolveRecord(ctx: ChunkContext, start: number, end: number, parsed?: BxNode[]): RElement | null {
  const allowed = Math.min(MAX_RECORD_NODES, ctx.nodeBudget);
  budget = allowed;
  const out: RKid[] = [];
  try {
    resolveNodes(ctx, parsed ?? parseBinXml(ctx, start, end, false, 0).nodes, null, out, 0, null);
  } finally {
    ctx.nodeBudget -= allowed - budget;
  }
  for (const k of out) if (k instanceof RElement) return k;
  return null;
}
