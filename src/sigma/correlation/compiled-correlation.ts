/**
 * Correlation rules prepared for evaluation, and the links between the rules of a set: which
 * base-rule references feed which rule (and at which position of its `rules`), which correlations
 * chain into which, the evaluation order (inner rules first; cycles refused) and how long each rule
 * waits for its inner rules' windows (lag). Also the order of inputs (time, then source, record, rule).
 */
import type { EventFields, SourceRef } from '../../events/event.js';
import { compileExpr, type SlotExpr } from './group-condition.js';
import { MinHeap } from './heap.js';
import type { GroupLoss } from './loss-warning.js';
import { exprHasNot, type CorrelationRule, type ThresholdCondition } from './correlation-rule.js';
import type { AggregateKind, GroupState } from './window.js';

/** Where one input goes in one correlation: its group and, by the rule's type, its value. */
export interface Target {
  corr: number;
  slots: number[];
  key: string;
  values: string[];
  num?: number;
  vkey?: string;
}

export /** A buffered input: kept lean (the input's own objects, no per-rule copies) while it waits. */
interface Rec {
  t: number;
  seq: number;
  source: SourceRef;
  host: string;
  /** The matched rule's id and name (for a chained firing: the inner correlation's). */
  refs: readonly string[];
  fields: EventFields;
  /** A chained correlation's firing: the sources of the events that made it fire. */
  via?: SourceRef[];
}

export interface Item {
  rec: Rec;
  target: Target;
}

/** A correlation rule with its evaluation state. */
export interface CompiledCorrelation {
  rule: CorrelationRule;
  kind: AggregateKind;
  closed: boolean;
  lag: number;
  ops?: ThresholdCondition['ops'];
  expr?: SlotExpr;
  metric: string;
  hostIndex: number;
  groups: Map<string, GroupState>;
  /** No group needs sweeping before this time (never later than the true next due time). */
  nextDue: number;
  pending: MinHeap<Item>;
  inners: number[];
  outers: { corr: number; slots: number[] }[];
  emits: boolean;
  missingGroupField: number;
  missingValue: number;
  evicted: number;
  /** Set once a group was given up: the finding-level warning's facts. */
  loss?: GroupLoss;
  opened: number;
  truncated: number;
}

const KIND: Record<CorrelationRule['type'], AggregateKind> = {
  event_count: 'count', value_count: 'distinct', temporal: 'temporal', temporal_ordered: 'ordered',
  value_sum: 'sum', value_avg: 'avg', value_percentile: 'percentile', value_median: 'percentile',
};

/** Group-by names whose value is the host the finding is about. */
const HOST_FIELDS = new Set(['computer', 'computername', 'hostname', 'host', 'host.name', 'host.hostname', 'devicename']);

/** Input order: time, then source path, record, rule references, arrival. */
export function recLess(a: Rec, b: Rec): boolean {
  if (a.t !== b.t) return a.t < b.t;
  const sa = a.source, sb = b.source;
  if (sa.path !== sb.path) return sa.path < sb.path;
  if (sa.record !== sb.record) return sa.record < sb.record;
  const n = Math.min(a.refs.length, b.refs.length);
  for (let i = 0; i < n; i++) if (a.refs[i] !== b.refs[i]) return a.refs[i]! < b.refs[i]!;
  if (a.refs.length !== b.refs.length) return a.refs.length < b.refs.length;
  return a.seq < b.seq;
}

export function itemLess(a: Item, b: Item): boolean {
  return recLess(a.rec, b.rec);
}

export function ruleLabel(r: CorrelationRule): string {
  return `correlation "${r.title}"${r.path ? ` (${r.path})` : ''}`;
}

export function compileCorrelation(rule: CorrelationRule): CompiledCorrelation {
  const kind = KIND[rule.type];
  const cond = rule.condition;
  const closed = kind === 'avg' || kind === 'percentile' || (cond.kind === 'threshold'
    ? cond.ops.lt !== undefined || cond.ops.lte !== undefined || cond.ops.eq !== undefined || cond.ops.neq !== undefined
    : exprHasNot(cond.expr));
  const metric = kind === 'distinct' ? 'value_count' : kind === 'sum' ? 'sum' : kind === 'avg' ? 'avg'
    : kind === 'percentile' ? (rule.type === 'value_median' ? 'median' : 'percentile') : 'count';
  const c: CompiledCorrelation = {
    rule, kind, closed, lag: 0, metric,
    hostIndex: rule.groupBy.findIndex((g) => HOST_FIELDS.has(g.toLowerCase())),
    groups: new Map(), nextDue: Infinity, pending: new MinHeap<Item>(itemLess), inners: [], outers: [], emits: true,
    missingGroupField: 0, missingValue: 0, evicted: 0, opened: 0, truncated: 0,
  };
  if (cond.kind === 'threshold') c.ops = cond.ops;
  else c.expr = compileExpr(cond.expr, rule.rules);
  return c;
}

export interface CorrelationLinks {
  /** Base-rule reference → the correlations (and positions in their `rules`) it feeds. */
  refIndex: Map<string, { corr: number; slot: number }[]>;
  /** Every base-rule reference some correlation uses. */
  baseRefs: Set<string>;
  /** Base-rule references of correlations with `generate: false`. */
  suppressedBase: Set<string>;
}

/** Wire references: to another correlation (chaining, on the compiled rules) or to a base rule (returned). */
export function linkCorrelations(corrs: CompiledCorrelation[]): CorrelationLinks {
  const links: CorrelationLinks = { refIndex: new Map(), baseRefs: new Set(), suppressedBase: new Set() };
  const byRef = new Map<string, number>();
  corrs.forEach((c, i) => {
    for (const ref of [c.rule.id, c.rule.name]) if (ref !== undefined && !byRef.has(ref)) byRef.set(ref, i);
  });
  corrs.forEach((c, ci) => {
    c.rule.rules.forEach((ref, slot) => {
      const inner = byRef.get(ref);
      if (inner !== undefined) {
        if (inner === ci) throw new Error(`${ruleLabel(c.rule)} references itself`);
        const link = corrs[inner]!.outers.find((o) => o.corr === ci);
        if (link) link.slots.push(slot);
        else corrs[inner]!.outers.push({ corr: ci, slots: [slot] });
        if (!c.inners.includes(inner)) c.inners.push(inner);
        if (!c.rule.generate) corrs[inner]!.emits = false;
      } else {
        let list = links.refIndex.get(ref);
        if (!list) links.refIndex.set(ref, (list = []));
        list.push({ corr: ci, slot });
        links.baseRefs.add(ref);
        if (!c.rule.generate) links.suppressedBase.add(ref);
      }
    });
  });
  return links;
}

/** Inner rules before the rules that use them (cycles are errors); sets each rule's lag. */
export function evaluationOrder(corrs: CompiledCorrelation[]): number[] {
  const order: number[] = [];
  const state = new Array<number>(corrs.length).fill(0);
  const visit = (i: number, path: number[]): void => {
    if (state[i] === 2) return;
    if (state[i] === 1) {
      const cycle = [...path.slice(path.indexOf(i)), i].map((k) => `"${corrs[k]!.rule.title}"`).join(' → ');
      throw new Error(`${ruleLabel(corrs[i]!.rule)} is part of a reference cycle: ${cycle}`);
    }
    state[i] = 1;
    for (const inner of corrs[i]!.inners) visit(inner, [...path, i]);
    state[i] = 2;
    order.push(i);
  };
  for (let i = 0; i < corrs.length; i++) visit(i, []);
  for (const i of order) {
    const c = corrs[i]!;
    for (const inner of c.inners) {
      const ic = corrs[inner]!;
      c.lag = Math.max(c.lag, ic.lag + (ic.closed ? ic.rule.timespanMs : 0));
    }
  }
  return order;
}

/** Event fields the correlations read (group-by, condition fields, alias targets), sorted. */
export function neededFields(corrs: readonly CompiledCorrelation[]): string[] {
  const needed = new Set<string>();
  for (const { rule } of corrs) {
    for (const g of rule.groupBy) needed.add(g);
    for (const f of rule.fields) needed.add(f);
    for (const mapping of Object.values(rule.aliases)) for (const f of Object.values(mapping)) needed.add(f);
  }
  return [...needed].sort();
}
