/**
 * Sigma filter rules applied as pySigma applies them: every rule a filter names (by id or name, or
 * `rules: any`) whose logsource the filter's contains gets `(rule condition) and (filter condition)`, the filter's search
 * identifiers renamed apart. A filter therefore says which events to keep, and is written with a
 * negation (`condition: not selection`); a filter whose condition negates nothing keeps only the
 * events it describes, which is almost always a mistake, so it earns a warning.
 */
import { conditionRefs, type ConditionNode } from './condition.js';
import type { Logsource, RuleMeta } from './rule-metadata.js';
import type { Detection, FilterRule } from './rule.js';

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

/** pySigma's containment: every logsource field the filter sets, the rule sets to the same value (case-insensitive). */
function logsourceContains(filter: Logsource, rule: Logsource): boolean {
  for (const k of ['product', 'category', 'service']) {
    const f = filter[k];
    if (f !== undefined && f.toLowerCase() !== rule[k]?.toLowerCase()) return false;
  }
  return true;
}

/** The filters that apply to a rule: they name its id or name, or any rule, and contain its logsource. */
export function filtersOf(rule: RuleMeta, filters: readonly FilterRule[]): FilterRule[] {
  return filters.filter((f) =>
    (f.targets === 'any' || f.targets.some((t) => t === rule.id || t === rule.name)) && logsourceContains(f.logsource, rule.logsource));
}

/** The rules a filter names, for messages. */
export function filterTargets(filter: FilterRule): string {
  return filter.targets === 'any' ? 'any rule of its logsource' : filter.targets.join(', ');
}

/** The warning for a filter whose condition uses no search identifier negated, or null. */
export function filterWithoutNegation(filter: FilterRule): string | null {
  if (conditionRefs(filter.detection.condition).some((r) => !r.positive)) return null;
  return (
    `filter condition negates nothing: applied as '(rule) and (filter)', it keeps only the events it describes ` +
    `and hides all others from ${filterTargets(filter)}; to exclude those events write 'condition: not …'`
  );
}

/** The rule's detection with every filter that applies to it, in order; each filter applied is added to `used`. */
export function applyFilters(rule: RuleMeta & { detection: Detection }, filters: readonly FilterRule[], used: Set<FilterRule>): Detection {
  let detection = rule.detection;
  let n = 0;
  for (const f of filtersOf(rule, filters)) {
    detection = applyFilter(detection, f.detection, n++);
    used.add(f);
  }
  return detection;
}
