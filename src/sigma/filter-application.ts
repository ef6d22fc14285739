/**
 * Sigma filter rules applied as pySigma applies them: every rule a filter names (by id or name,
 * with a compatible logsource) gets `(rule condition) and (filter condition)`, the filter's search
 * identifiers renamed apart. A filter therefore says which events to keep, and is written with a
 * negation (`condition: not selection`); a filter whose condition negates nothing keeps only the
 * events it describes, which is almost always a mistake, so it earns a warning.
 */
import { conditionRefs, type ConditionNode } from './condition.js';
import type { Detection, FilterRule, Logsource } from './rule.js';

function renameCondition(node: ConditionNode, prefix: string): ConditionNode {
  switch (node.op) {
    case 'and':
    case 'or':
      return { op: node.op, args: node.args.map((a) => renameCondition(a, prefix)) };
    case 'not':
      return { op: 'not', arg: renameCondition(node.arg, prefix) };
    case 'ref':
      return { op: 'ref', name: prefix + node.name };
    case 'of':
      return { ...node, names: node.names.map((n) => prefix + n) };
  }
}

/** `(rule) and (filter)`, the filter's identifiers renamed with a prefix unique to `n`. */
export function applyFilter(detection: Detection, filter: Detection, n: number): Detection {
  const prefix = `__filter${n}__`;
  const identifiers = new Map(detection.identifiers);
  for (const [name, ident] of filter.identifiers) identifiers.set(prefix + name, { ...ident, name: prefix + name });
  return { identifiers, condition: { op: 'and', args: [detection.condition, renameCondition(filter.condition, prefix)] } };
}

/** A filter's logsource fields, where it sets them, equal the rule's (case-insensitive); unset fields match any. */
export function logsourceCompatible(filter: Logsource, rule: Logsource): boolean {
  for (const k of ['product', 'category', 'service']) {
    const f = filter[k];
    if (f !== undefined && rule[k] !== undefined && f.toLowerCase() !== rule[k]!.toLowerCase()) return false;
  }
  return true;
}

/** The warning for a filter whose condition uses no search identifier negated, or null. */
export function filterWithoutNegation(filter: FilterRule): string | null {
  if (conditionRefs(filter.detection.condition).some((r) => !r.positive)) return null;
  return (
    `filter condition negates nothing: applied as '(rule) and (filter)', it keeps only the events it describes ` +
    `and hides all others from ${filter.targets.join(', ')}; to exclude those events write 'condition: not …'`
  );
}
