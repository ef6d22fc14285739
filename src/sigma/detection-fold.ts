/**
 * A detection read as a formula over its items: what the prefilter needs (prefilter.ts) and which
 * event IDs a rule can match (event-id-requirement.ts) are both facts that hold of every event the
 * detection matches, derived the same way: from each item, combined through the condition (AND
 * and `all of`, OR and `1 of`, a list of maps as OR of its maps' ANDs); NOT gives what is known of
 * nothing. Each identifier is folded once.
 */
import type { ConditionNode } from './condition.js';
import type { Detection } from './rule.js';
import type { DetectionItem } from './values.js';

export interface DetectionFold<T> {
  item(item: DetectionItem): T;
  /** Every one holds. */
  all(list: T[]): T;
  /** At least one holds. */
  any(list: T[]): T;
  /** What a negation tells (nothing). */
  unknown: T;
}

export function foldDetection<T>(detection: Detection, fold: DetectionFold<T>): T {
  const byIdent = new Map<string, T>();
  const ident = (name: string): T => {
    if (!byIdent.has(name)) {
      const id = detection.identifiers.get(name);
      let value = fold.unknown;
      if (id && id.alternatives.length === 1) value = fold.all(id.alternatives[0]!.map((i) => fold.item(i)));
      else if (id) value = fold.any(id.alternatives.map((items) => fold.all(items.map((i) => fold.item(i)))));
      byIdent.set(name, value);
    }
    return byIdent.get(name)!;
  };
  const walk = (node: ConditionNode): T => {
    switch (node.op) {
      case 'ref':
        return ident(node.name);
      case 'not':
        return fold.unknown;
      case 'and':
        return fold.all(node.args.map(walk));
      case 'or':
        return fold.any(node.args.map(walk));
      case 'of':
        return node.count === 'all' ? fold.all(node.names.map(ident)) : fold.any(node.names.map(ident));
    }
  };
  return walk(detection.condition);
}
