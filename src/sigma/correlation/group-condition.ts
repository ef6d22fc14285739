/**
 * A correlation condition judged on one group: threshold operators on the group's aggregate, or
 * a boolean expression over the referenced rules (temporal types), compiled to rule slots once.
 */
import type { GroupState } from './window.js';
import type { RuleExpr, ThresholdCondition } from './correlation-rule.js';

export type SlotExpr =
  | { op: 'slot'; slot: number }
  | { op: 'not'; arg: SlotExpr }
  | { op: 'and' | 'or'; args: SlotExpr[] };

export function compileExpr(expr: RuleExpr, rules: string[]): SlotExpr {
  if (expr.op === 'ref') return { op: 'slot', slot: rules.indexOf(expr.ref) };
  if (expr.op === 'not') return { op: 'not', arg: compileExpr(expr.arg, rules) };
  return { op: expr.op, args: expr.args.map((a) => compileExpr(a, rules)) };
}

export function evalExpr(e: SlotExpr, g: GroupState): boolean {
  switch (e.op) {
    case 'slot': return g.atom(e.slot);
    case 'not': return !evalExpr(e.arg, g);
    case 'and': return e.args.every((a) => evalExpr(a, g));
    case 'or': return e.args.some((a) => evalExpr(a, g));
  }
}

export function holdsThreshold(ops: ThresholdCondition['ops'], v: number): boolean {
  if (Number.isNaN(v)) return false;
  if (ops.gt !== undefined && !(v > ops.gt)) return false;
  if (ops.gte !== undefined && !(v >= ops.gte)) return false;
  if (ops.lt !== undefined && !(v < ops.lt)) return false;
  if (ops.lte !== undefined && !(v <= ops.lte)) return false;
  if (ops.eq !== undefined && v !== ops.eq) return false;
  if (ops.neq !== undefined && v === ops.neq) return false;
  return true;
}
