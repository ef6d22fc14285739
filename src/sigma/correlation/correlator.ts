/**
 * The correlation engine: evaluates Sigma correlation rules over the base-rule matches of a hunt,
 * in event-time order, with bounded memory.
 *
 * Input and order
 *   The detection engine calls `feed()` once per (event, matched base rule) for base rules that a
 *   correlation references, in any order (many files, worker threads). Inputs wait in a reorder
 *   buffer (a min-heap on time, then source path, record and rule) of `reorderCapacity` inputs
 *   (default 500,000, a few hundred MB at most); only when it is full is the earliest input taken out and evaluated. So
 *   up to that many buffered inputs, the findings are exactly those of the same inputs fed sorted by
 *   time, whatever the arrival order. Beyond it, an input older than what was already evaluated is
 *   "late": it is evaluated at the current position instead of its own time when its time is still
 *   within the longest timespan, and dropped otherwise. Both are counted and reported
 *   (`problems()`, `onProblem`), never silent. Inputs without a time cannot be placed and are
 *   counted and reported too.
 *
 * Windows and when a rule fires (emit once per window firing)
 *   Group: the values of the `group-by` fields (after `aliases`), compared exactly as strings.
 *   An event lacking a group-by field (or the condition's field) is not counted for that rule, as in
 *   the query backends' `stats … by`; those events are counted and reported.
 *   The window is inclusive: events at t and t + timespan are within one timespan.
 *   - Conditions that only grow true (gt/gte on event_count, value_count, value_sum, temporal and
 *     temporal_ordered counts; boolean temporal conditions without `not`) use a sliding window
 *     [t - timespan, t] tested at each event of the group. The rule fires at the event that completes
 *     the condition (Finding.ts is that event's time); the group's window is then emptied, so
 *     further events of that same window do not fire again and the next finding needs a fresh set
 *     of events (250 failed logons with gte 100 give two findings, not 151).
 *   - Conditions that can turn false again (an upper bound lt/lte/eq, neq, `not` in a temporal
 *     expression) and the averaging types (value_avg, value_percentile, value_median) are judged on
 *     a closed window: it opens at the group's first event t0, covers [t0, t0 + timespan], and is
 *     judged once when it closes (a later event of the group, the stream moving past it, or the end
 *     of input). Finding.ts is then the window's last event. A new window opens at the next event.
 *   temporal: the count is the number of distinct referenced rules seen in the window; without a
 *   condition all must be seen. temporal_ordered: the count is the length of the longest prefix of
 *   `rules` seen in that order (ties broken by source path and record); in a boolean condition a
 *   rule name stands for "the chain up to and including this rule was seen in order".
 *   value_percentile: the `percentile` (default 50) of the numeric field by linear interpolation
 *   between closest ranks; value_median is percentile 50. Non-numeric values are not counted.
 *
 * Chaining: a rule in `rules` that names another correlation (by id or name) receives that
 * correlation's firings as events whose fields are its group-by values plus its metric. Chained
 * rules wait for the inner rules' closed windows (their inputs are held back by the inner timespans)
 * so chains keep time order too. Cycles are rejected. As in pySigma, a referenced correlation with
 * `generate: false` on the referencing rule produces no findings of its own; `generatesStandalone`
 * tells the detection engine the same for base rules.
 *
 * Memory: per group only what the aggregate needs inside one timespan (see window.ts); groups are
 * dropped as soon as time moves past their window; at most `maxGroupsPerRule` groups per rule
 * (beyond it the groups furthest from the condition are given up unjudged, see group-eviction.ts,
 * and the rule gets one informational finding saying so, loss-warning.ts) and `maxEntriesPerGroup`
 * entries per group (the oldest is dropped beyond it); both counted and reported. The defaults are
 * sized to the machine's memory (default-caps.ts).
 * Findings are kept until `finish(emit)`.
 */
import type { EventFields, FieldValue, SourceRef } from '../../events/event.js';
import type { Emit } from '../../findings/detector.js';
import type { Finding } from '../../findings/finding.js';
import { MinHeap } from './heap.js';
import {
  exprHasNot, type CorrelationRule, type ThresholdCondition,
} from './rule.js';
import { GroupState, type AggregateKind, type Entry } from './window.js';
import { compileExpr, evalExpr, holdsThreshold, type SlotExpr } from './group-condition.js';
import { chooseVictims, progress } from './group-eviction.js';
import { defaultCaps } from './default-caps.js';
import { lossWarning, type GroupLoss } from './loss-warning.js';
import { firingFinding, sourcesOf } from './firing-finding.js';

export interface CorrelationInput {
  /** id and name of the base rule that matched. */
  rules: string[];
  /** Event time, epoch ms. */
  time: number;
  /** At least Correlator.neededFields. */
  fields: EventFields;
  host: string;
  source: SourceRef;
}

export interface CorrelatorOptions {
  /** Inputs held for re-ordering by time (default 500,000). */
  reorderCapacity?: number;
  /** Open groups per correlation rule (default: sized to memory, default-caps.ts). */
  maxGroupsPerRule?: number;
  /** Entries held per group (default: sized to memory, default-caps.ts). */
  maxEntriesPerGroup?: number;
  /** Called with each problem line at `finish` (default: a process warning on stderr). */
  onProblem?: (text: string) => void;
}

export interface CorrelatorStats {
  /** Inputs fed. */
  inputs: number;
  /** Inputs naming no rule that a correlation references. */
  ignored: number;
  /** Inputs without a usable time. */
  noTime: number;
  /** Inputs evaluated at the current position instead of their own (older) time. */
  late: number;
  /** Late inputs older than every window, not evaluated. */
  lateDropped: number;
  /** Inputs in the reorder buffer now. */
  buffered: number;
  /** Inputs waiting in per-rule queues (chained rules wait for inner windows). */
  waiting: number;
  /** Open groups now, over all rules. */
  groups: number;
  /** Entries held in open groups now. */
  retainedEntries: number;
  evictedGroups: number;
  truncatedEntries: number;
  missingGroupField: number;
  missingValue: number;
  /** Findings produced so far (emitted at finish). */
  findings: number;
}

interface Target {
  corr: number;
  slots: number[];
  key: string;
  values: string[];
  num?: number;
  vkey?: string;
}

/** A buffered input: kept lean (the input's own objects, no per-rule copies) while it waits. */
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

interface Item {
  rec: Rec;
  target: Target;
}

interface Compiled {
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

const DEFAULTS = { reorderCapacity: 500_000, ...defaultCaps() };

function recLess(a: Rec, b: Rec): boolean {
  if (a.t !== b.t) return a.t < b.t;
  const sa = a.source, sb = b.source;
  if (sa.path !== sb.path) return sa.path < sb.path;
  if (sa.record !== sb.record) return sa.record < sb.record;
  const n = Math.min(a.refs.length, b.refs.length);
  for (let i = 0; i < n; i++) if (a.refs[i] !== b.refs[i]) return a.refs[i]! < b.refs[i]!;
  if (a.refs.length !== b.refs.length) return a.refs.length < b.refs.length;
  return a.seq < b.seq;
}

function itemLess(a: Item, b: Item): boolean {
  return recLess(a.rec, b.rec);
}

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

function ruleLabel(r: CorrelationRule): string {
  return `correlation "${r.title}"${r.path ? ` (${r.path})` : ''}`;
}

export class Correlator {
  /** Event fields the detection engine must copy into CorrelationInput.fields. */
  readonly neededFields: string[];
  /** Every base-rule reference (id or name) some correlation uses. */
  readonly baseRuleRefs: ReadonlySet<string>;

  private readonly corrs: Compiled[];
  private readonly refIndex = new Map<string, { corr: number; slot: number }[]>();
  private readonly slotCache = new Map<string, Map<number, number[]>>();
  private readonly topo: number[] = [];
  private readonly heap = new MinHeap<Rec>(recLess);
  private readonly opts: Required<Omit<CorrelatorOptions, 'onProblem'>> & Pick<CorrelatorOptions, 'onProblem'>;
  private readonly horizon: number;
  private readonly suppressedBase = new Set<string>();
  private watermark = -Infinity;
  private seq = 0;
  private out: Finding[] = [];
  private counters = { inputs: 0, ignored: 0, noTime: 0, late: 0, lateDropped: 0, findings: 0 };

  constructor(rules: CorrelationRule[], options: CorrelatorOptions = {}) {
    this.opts = {
      reorderCapacity: Math.max(0, options.reorderCapacity ?? DEFAULTS.reorderCapacity),
      maxGroupsPerRule: Math.max(1, options.maxGroupsPerRule ?? DEFAULTS.maxGroupsPerRule),
      maxEntriesPerGroup: Math.max(1, options.maxEntriesPerGroup ?? DEFAULTS.maxEntriesPerGroup),
      onProblem: options.onProblem,
    };
    this.corrs = rules.map((rule) => {
      const kind = KIND[rule.type];
      const cond = rule.condition;
      const closed = kind === 'avg' || kind === 'percentile' || (cond.kind === 'threshold'
        ? cond.ops.lt !== undefined || cond.ops.lte !== undefined || cond.ops.eq !== undefined || cond.ops.neq !== undefined
        : exprHasNot(cond.expr));
      const metric = kind === 'distinct' ? 'value_count' : kind === 'sum' ? 'sum' : kind === 'avg' ? 'avg'
        : kind === 'percentile' ? (rule.type === 'value_median' ? 'median' : 'percentile') : 'count';
      const c: Compiled = {
        rule, kind, closed, lag: 0, metric,
        hostIndex: rule.groupBy.findIndex((g) => HOST_FIELDS.has(g.toLowerCase())),
        groups: new Map(), nextDue: Infinity, pending: new MinHeap<Item>(itemLess), inners: [], outers: [], emits: true,
        missingGroupField: 0, missingValue: 0, evicted: 0, opened: 0, truncated: 0,
      };
      if (cond.kind === 'threshold') c.ops = cond.ops;
      else c.expr = compileExpr(cond.expr, rule.rules);
      return c;
    });

    // References: another correlation (chaining) or a base rule.
    const byRef = new Map<string, number>();
    this.corrs.forEach((c, i) => {
      for (const ref of [c.rule.id, c.rule.name]) if (ref !== undefined && !byRef.has(ref)) byRef.set(ref, i);
    });
    const baseRefs = new Set<string>();
    this.corrs.forEach((c, ci) => {
      c.rule.rules.forEach((ref, slot) => {
        const inner = byRef.get(ref);
        if (inner !== undefined) {
          if (inner === ci) throw new Error(`${ruleLabel(c.rule)} references itself`);
          const link = this.corrs[inner]!.outers.find((o) => o.corr === ci);
          if (link) link.slots.push(slot);
          else this.corrs[inner]!.outers.push({ corr: ci, slots: [slot] });
          if (!c.inners.includes(inner)) c.inners.push(inner);
          if (!c.rule.generate) this.corrs[inner]!.emits = false;
        } else {
          let list = this.refIndex.get(ref);
          if (!list) this.refIndex.set(ref, (list = []));
          list.push({ corr: ci, slot });
          baseRefs.add(ref);
          if (!c.rule.generate) this.suppressedBase.add(ref);
        }
      });
    });
    this.baseRuleRefs = baseRefs;

    // Inner rules before the rules that use them; cycles are errors.
    const state = new Array<number>(this.corrs.length).fill(0);
    const visit = (i: number, path: number[]): void => {
      if (state[i] === 2) return;
      if (state[i] === 1) {
        const cycle = [...path.slice(path.indexOf(i)), i].map((k) => `"${this.corrs[k]!.rule.title}"`).join(' → ');
        throw new Error(`${ruleLabel(this.corrs[i]!.rule)} is part of a reference cycle: ${cycle}`);
      }
      state[i] = 1;
      for (const inner of this.corrs[i]!.inners) visit(inner, [...path, i]);
      state[i] = 2;
      this.topo.push(i);
    };
    for (let i = 0; i < this.corrs.length; i++) visit(i, []);
    for (const i of this.topo) {
      const c = this.corrs[i]!;
      for (const inner of c.inners) {
        const ic = this.corrs[inner]!;
        c.lag = Math.max(c.lag, ic.lag + (ic.closed ? ic.rule.timespanMs : 0));
      }
    }
    this.horizon = Math.max(0, ...this.corrs.map((c) => c.rule.timespanMs + c.lag));

    const needed = new Set<string>();
    for (const { rule } of this.corrs) {
      for (const g of rule.groupBy) needed.add(g);
      for (const f of rule.fields) needed.add(f);
      for (const mapping of Object.values(rule.aliases)) for (const f of Object.values(mapping)) needed.add(f);
    }
    this.neededFields = [...needed].sort();
  }

  /**
   * False when a correlation referencing this base rule (by any of `refs`, its id and name) has
   * `generate: false`: the base rule then only feeds correlations (pySigma's behaviour).
   */
  generatesStandalone(refs: readonly string[]): boolean {
    return !refs.some((r) => this.suppressedBase.has(r));
  }

  feed(input: CorrelationInput): void {
    this.counters.inputs++;
    let referenced = false;
    for (const ref of input.rules) if (this.refIndex.has(ref)) { referenced = true; break; }
    if (!referenced) {
      this.counters.ignored++;
      return;
    }
    const t = input.time;
    if (typeof t !== 'number' || !Number.isFinite(t)) {
      this.counters.noTime++;
      return;
    }
    const rec: Rec = { t, seq: this.seq++, source: input.source, host: input.host, refs: input.rules, fields: input.fields };
    if (t < this.watermark) {
      if (this.watermark - t > this.horizon) {
        this.counters.lateDropped++;
        return;
      }
      this.counters.late++;
      rec.t = this.watermark;
    }
    this.heap.push(rec);
    while (this.heap.size > this.opts.reorderCapacity) this.advance(this.heap.pop()!);
  }

  /** Longest time (ms) an input can still change a correlation result after the watermark passes it. */
  get horizonMs(): number {
    return this.horizon;
  }

  /**
   * Streaming use (`cellwatch serve`): the caller promises that inputs older than `watermark` are
   * late from now on. Buffered inputs up to it are evaluated in time order, windows that time has
   * closed are judged, and the findings produced so far are emitted. Later inputs older than the
   * watermark follow the late-input rule above.
   */
  flush(watermark: number, emit: Emit): void {
    while (this.heap.size > 0 && this.heap.peek()!.t <= watermark) this.advance(this.heap.pop()!);
    if (watermark > this.watermark) {
      this.watermark = watermark;
      this.release(watermark, false);
    }
    const out = this.out;
    this.out = [];
    for (const f of out) emit(f);
  }

  /** Evaluates everything still buffered, judges open windows, and emits all findings. */
  finish(emit: Emit): void {
    while (this.heap.size > 0) this.advance(this.heap.pop()!);
    this.release(Infinity, true);
    // Never silent: without an onProblem callback the lines go to Node's warning channel (stderr).
    const report = this.opts.onProblem ?? ((p: string) => process.emitWarning(p, 'CorrelationWarning'));
    for (const p of this.problems()) report(p);
    for (const c of this.corrs) if (c.loss) this.out.push(lossWarning(c.rule, c.loss));
    const out = this.out;
    this.out = [];
    for (const f of out) emit(f);
  }

  /** One line per condition that made results incomplete or approximate. */
  problems(): string[] {
    const lines: string[] = [];
    const k = this.counters;
    if (k.noTime) lines.push(`correlation: ${k.noTime} matching events carry no time and were not correlated`);
    if (k.late) lines.push(`correlation: ${k.late} events arrived after ${this.opts.reorderCapacity} later events had filled the reorder buffer; they were correlated at the time already reached instead of their own`);
    if (k.lateDropped) lines.push(`correlation: ${k.lateDropped} events arrived after the reorder buffer had moved more than the longest timespan past them and were not correlated`);
    for (const c of this.corrs) {
      const label = ruleLabel(c.rule);
      if (c.missingGroupField) lines.push(`${label}: ${c.missingGroupField} matching events lack a group-by field (${c.rule.groupBy.join(', ')}) and were not counted`);
      if (c.missingValue) lines.push(`${label}: ${c.missingValue} matching events have no ${c.kind === 'distinct' ? '' : 'numeric '}value in ${c.rule.fields.join(', ')} and were not counted`);
      if (c.evicted) lines.push(`${label}: ${c.evicted} groups furthest from the condition were dropped unjudged because more than ${this.opts.maxGroupsPerRule} were open at once; findings of this rule may be missing`);
      const truncated = c.truncated + [...c.groups.values()].reduce((n, g) => n + g.truncated, 0);
      if (truncated) lines.push(`${label}: ${truncated} events were left out of windows holding more than ${this.opts.maxEntriesPerGroup} entries`);
    }
    return lines;
  }

  stats(): CorrelatorStats {
    let groups = 0, retained = 0, waiting = 0, evicted = 0, truncated = 0, missingGroupField = 0, missingValue = 0;
    for (const c of this.corrs) {
      groups += c.groups.size;
      for (const g of c.groups.values()) { retained += g.size(); truncated += g.truncated; }
      waiting += c.pending.size;
      evicted += c.evicted;
      truncated += c.truncated;
      missingGroupField += c.missingGroupField;
      missingValue += c.missingValue;
    }
    return {
      ...this.counters, buffered: this.heap.size, waiting, groups, retainedEntries: retained,
      evictedGroups: evicted, truncatedEntries: truncated, missingGroupField, missingValue,
    };
  }

  // ---- internals -------------------------------------------------------------------------------

  private makeTarget(ci: number, slots: number[], refs: readonly string[], fields: EventFields): Target | undefined {
    const c = this.corrs[ci]!;
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
    const target: Target = { corr: ci, slots, key: values.join('\u001f'), values };
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

  private advance(rec: Rec): void {
    this.watermark = rec.t;
    const perCorr = this.slotsFor(rec.refs);
    for (const [ci, slots] of perCorr) {
      const target = this.makeTarget(ci, slots, rec.refs, rec.fields);
      if (target) this.corrs[ci]!.pending.push({ rec, target });
    }
    this.release(rec.t, false);
  }

  /** Correlations (and positions in their `rules`) that a base rule with these refs feeds. */
  private slotsFor(refs: readonly string[]): Map<number, number[]> {
    const key = refs.length === 1 ? refs[0]! : refs.join('\u0001');
    let m = this.slotCache.get(key);
    if (!m) {
      m = new Map();
      for (const ref of refs) {
        for (const link of this.refIndex.get(ref) ?? []) {
          const slots = m.get(link.corr);
          if (!slots) m.set(link.corr, [link.slot]);
          else if (!slots.includes(link.slot)) slots.push(link.slot);
        }
      }
      this.slotCache.set(key, m);
    }
    return m;
  }

  /** Evaluate, rule by rule (inner rules first), what each may evaluate up to time `w`. */
  private release(w: number, final: boolean): void {
    for (const ci of this.topo) {
      const c = this.corrs[ci]!;
      const limit = w - c.lag;
      for (;;) {
        const it = c.pending.peek();
        if (!it) break;
        if (!final && (c.lag === 0 ? it.rec.t > limit : it.rec.t >= limit)) break;
        c.pending.pop();
        this.process(ci, it);
      }
      if (final) this.closeAll(ci);
      else this.sweep(ci, limit);
    }
  }

  private process(ci: number, { rec, target }: Item): void {
    const c = this.corrs[ci]!;
    const e: Entry = { t: rec.t, source: rec.source, host: rec.host, slots: target.slots };
    if (target.num !== undefined) e.num = target.num;
    if (target.vkey !== undefined) e.key = target.vkey;
    if (rec.via) e.via = rec.via;
    let g = c.groups.get(target.key);
    if (c.closed) {
      if (g && rec.t > g.first + c.rule.timespanMs) {
        this.closeWindow(ci, g);
        g = undefined;
      }
      if (!g) g = this.openGroup(c, target);
      g.add(e);
    } else {
      if (g) {
        c.groups.delete(target.key);
        c.groups.set(target.key, g);
      } else {
        g = this.openGroup(c, target);
      }
      g.add(e);
      if (this.holds(c, g)) {
        this.fire(ci, g);
        this.dropGroup(c, g);
      }
    }
  }

  private openGroup(c: Compiled, target: Target): GroupState {
    const g = new GroupState(
      target.key, target.values, c.kind, c.closed, c.rule.rules.length, c.rule.timespanMs,
      this.opts.maxEntriesPerGroup, c.rule.percentile ?? 50,
    );
    g.opened = c.opened++;
    c.groups.set(target.key, g);
    if (c.nextDue === Infinity) c.nextDue = -Infinity;
    if (c.groups.size > this.opts.maxGroupsPerRule) this.evict(c, g);
    return g;
  }

  /** Over the cap: give up the groups furthest from the condition (group-eviction.ts), never `keep`. */
  private evict(c: Compiled, keep: GroupState): void {
    const cap = this.opts.maxGroupsPerRule;
    const slots = c.rule.rules.length;
    const victims = chooseVictims(c.groups.values(), cap, keep, (g) => progress(g, c.ops, slots), (g) => g.opened);
    for (const g of victims) {
      this.dropGroup(c, g);
      c.evicted++;
      const t = this.watermark;
      if (!c.loss) c.loss = { evicted: 0, cap, first: t, last: t, source: g.lastSource!, host: g.lastHost };
      c.loss.evicted++;
      c.loss.last = t;
      c.loss.source = g.lastSource!;
      c.loss.host = g.lastHost;
    }
  }

  private dropGroup(c: Compiled, g: GroupState): void {
    c.truncated += g.truncated;
    c.groups.delete(g.key);
  }

  private holds(c: Compiled, g: GroupState): boolean {
    return c.expr ? evalExpr(c.expr, g) : holdsThreshold(c.ops!, g.aggregate());
  }

  private closeWindow(ci: number, g: GroupState): void {
    const c = this.corrs[ci]!;
    if (this.holds(c, g)) this.fire(ci, g);
    this.dropGroup(c, g);
  }

  /** Groups whose window time has left behind: judge (closed) or forget (sliding). */
  private sweep(ci: number, now: number): void {
    const c = this.corrs[ci]!;
    if (now <= c.nextDue) return;
    const span = c.rule.timespanMs;
    c.nextDue = Infinity;
    for (const g of c.groups.values()) {
      const due = (c.closed ? g.first : g.last) + span;
      if (due >= now) {
        c.nextDue = due;
        break;
      }
      if (c.closed) this.closeWindow(ci, g);
      else this.dropGroup(c, g);
    }
  }

  private closeAll(ci: number): void {
    const c = this.corrs[ci]!;
    for (const g of [...c.groups.values()]) {
      if (c.closed) this.closeWindow(ci, g);
      else this.dropGroup(c, g);
    }
  }

  private fire(ci: number, g: GroupState): void {
    const c = this.corrs[ci]!;
    const rule = c.rule;
    const value = g.aggregate();
    const group: Record<string, string> = {};
    rule.groupBy.forEach((name, i) => { group[name] = g.values[i]!; });
    const seen = c.kind === 'temporal' || c.kind === 'ordered' ? rule.rules.filter((_, s) => g.atom(s)) : undefined;
    const source = g.lastSource!;
    const host = c.hostIndex >= 0 ? g.values[c.hostIndex]! : g.lastHost;

    if (c.emits) {
      this.out.push(firingFinding({ rule, kind: c.kind, metric: c.metric }, g, { group, value, seen, host, source }));
      this.counters.findings++;
    }

    if (c.outers.length) {
      const fields: EventFields = { ...group, [c.metric]: value };
      const refs = rule.name !== undefined ? [rule.id, rule.name] : [rule.id];
      for (const link of c.outers) {
        const target = this.makeTarget(link.corr, link.slots, refs, fields);
        if (!target) continue;
        const rec: Rec = { t: g.last, seq: this.seq++, source, host, refs, fields, via: sourcesOf(g.contributors()) };
        this.corrs[link.corr]!.pending.push({ rec, target });
      }
    }
  }
}
