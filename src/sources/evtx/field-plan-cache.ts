/**
 * Field plans shared across chunks and files. Every chunk defines its templates again (its own
 * name and template offsets), so one template is met in chunk after chunk; its plan depends only on
 * the template's nodes, so a plan made once serves each later definition whose nodes are the same.
 * Definitions are looked up by GUID and size, and a candidate is used only when its nodes are
 * equal node by node (a GUID proves nothing in a hostile file); otherwise a plan is made.
 */
import { compileFieldPlan } from './field-plan.js';
import type { FieldPlan } from './field-plan.js';
import { K_ELEMENT, K_INSTANCE, K_REF, K_SUBST, K_TEXT } from './nodes.js';
import type { BxNode, TemplateDef } from './nodes.js';

/** Bounds whatever the input: distinct templates kept, and definitions kept under one GUID and size. */
const MAX_TEMPLATES = 4_000;
const MAX_PER_KEY = 4;

interface Known {
  nodes: BxNode[];
  plan: FieldPlan | null;
}

const known = new Map<string, Known[]>();
let count = 0;

/** Whether two node lists are the same for a plan: names, literal values, references, substitution indices. */
function sameNodes(a: readonly BxNode[], b: readonly BxNode[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.kind !== y.kind) return false;
    switch (x.kind) {
      case K_ELEMENT: {
        const e = y as typeof x;
        if (x.name !== e.name || x.attrs.length !== e.attrs.length) return false;
        for (let j = 0; j < x.attrs.length; j++) {
          if (x.attrs[j]!.name !== e.attrs[j]!.name || !sameNodes(x.attrs[j]!.parts, e.attrs[j]!.parts)) return false;
        }
        if (!sameNodes(x.kids, e.kids)) return false;
        break;
      }
      case K_TEXT:
        if (x.value !== (y as typeof x).value) return false;
        break;
      case K_SUBST:
        if (x.index !== (y as typeof x).index) return false;
        break;
      case K_REF:
        if (x.text !== (y as typeof x).text) return false;
        break;
      case K_INSTANCE:
        return false; // a template holding an instance gets no plan: nothing to share
      default:
        break; // processing instructions: only where they are matters to a plan
    }
  }
  return true;
}

/** The plan for `def`: one made before for the same nodes, or a new one. */
export function sharedFieldPlan(def: TemplateDef): FieldPlan | null {
  const key = `${def.guid}/${def.dataSize}`;
  let list = known.get(key);
  if (list !== undefined) {
    for (const k of list) if (sameNodes(k.nodes, def.nodes)) return k.plan;
  }
  const plan = compileFieldPlan(def);
  if (count < MAX_TEMPLATES && (list === undefined || list.length < MAX_PER_KEY)) {
    if (list === undefined) known.set(key, (list = []));
    list.push({ nodes: def.nodes, plan });
    count++;
  }
  return plan;
}
