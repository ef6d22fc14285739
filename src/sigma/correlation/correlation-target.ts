/**
 * Where one input goes in one correlation (its Target): the group key from the `group-by` fields
 * (through `aliases`), and the value the rule's type aggregates (a distinct key or a number). An
 * input lacking them is counted on the rule (missingGroupField, missingValue) and goes nowhere.
 */
import type { EventFields, FieldValue } from '../../events/event.js';
import type { CompiledCorrelation, Target } from './compiled-correlation.js';

/** Separates group-by values in a group key (a control character no field value is expected to hold). */
const GROUP_KEY_SEPARATOR = '\u001f';

function valueKey(v: FieldValue | undefined): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

function toNumber(v: FieldValue | undefined): number {
  if (typeof v === 'number') return Number.isFinite(v) ? v : NaN;
  if (typeof v === 'string' && v.trim() !== '') return Number(v.trim());
  return NaN;
}

/** The target of an input in correlation `ci`, or undefined (counted) when a needed field is missing. */
export function targetFor(c: CompiledCorrelation, ci: number, slots: number[], refs: readonly string[], fields: EventFields): Target | undefined {
  const rule = c.rule;
  const fieldFor = (name: string): string => {
    const alias = rule.aliases[name];
    if (alias) for (const ref of refs) { const f = alias[ref]; if (f !== undefined) return f; }
    return name;
  };
  const values: string[] = [];
  for (const g of rule.groupBy) {
    const v = valueKey(fields[fieldFor(g)]);
    if (v === undefined) {
      c.missingGroupField++;
      return undefined;
    }
    values.push(v);
  }
  const target: Target = { corr: ci, slots, key: values.join(GROUP_KEY_SEPARATOR), values };
  if (c.kind === 'distinct') {
    const parts = rule.fields.map((f) => valueKey(fields[fieldFor(f)]));
    if (parts.some((p) => p === undefined)) {
      c.missingValue++;
      return undefined;
    }
    target.vkey = parts.length === 1 ? parts[0]! : JSON.stringify(parts);
  } else if (c.kind === 'sum' || c.kind === 'avg' || c.kind === 'percentile') {
    const n = toNumber(fields[fieldFor(rule.field!)]);
    if (Number.isNaN(n)) {
      c.missingValue++;
      return undefined;
    }
    target.num = n;
  }
  return target;
}
