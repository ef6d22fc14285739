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
import type { EventFields } from '../../events/event.js';
import type { Emit } from '../../findings/detector.js';
import type { Finding } from '../../findings/finding.js';
import {
  compileCorrelation, evaluationOrder, linkCorrelations, neededFields, recLess, ruleLabel,
  type CompiledCorrelation, type Item, type Rec, type Target,
} from './compiled-correlation.js';
import { targetFor } from './correlation-target.js';
import type { CorrelationInput, CorrelatorOptions, CorrelatorStats } from './correlator-types.js';
import { defaultCaps } from './default-caps.js';
import { firingFinding, sourcesOf } from './firing-finding.js';
import { evalExpr, holdsThreshold } from './group-condition.js';
import { chooseVictims, progress } from './group-eviction.js';
import { MinHeap } from './heap.js';
import { lossWarning } from './loss-warning.js';
import type { CorrelationRule } from './correlation-rule.js';
import { GroupState, type Entry } from './window.js';

/** Inputs held for re-ordering by time unless the options say otherwise. */
const DEFAULT_REORDER_CAPACITY = 500_000;
/** value_percentile without a `percentile`. */
const DEFAULT_PERCENTILE = 50;
const DEFAULTS = { reorderCapacity: DEFAULT_REORDER_CAPACITY, ...defaultCaps() };

export class Correlator {
  /** Event fields the detection engine must copy into CorrelationInput.fields. */
  readonly neededFields: string[];
  /** Every base-rule reference (id or name) some correlation uses. */
  readonly baseRuleRefs: ReadonlySet<string>;

  private readonly corrs: CompiledCorrelation[];
  private readonly refIndex: Map<string, { corr: number; slot: number }[]>;
  private readonly slotCache = new Map<string, Map<number, number[]>>();
  private readonly topo: number[];
  private readonly heap = new MinHeap<Rec>(recLess);
  private readonly opts: Required<Omit<CorrelatorOptions, 'onProblem'>> & Pick<CorrelatorOptions, 'onProblem'>;
  private readonly horizon: number;
  private readonly suppressedBase: ReadonlySet<string>;
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
    this.corrs = rules.map(compileCorrelation);
    const links = linkCorrelations(this.corrs);
    this.refIndex = links.refIndex;
    this.baseRuleRefs = links.baseRefs;
    this.suppressedBase = links.suppressedBase;
    this.topo = evaluationOrder(this.corrs);
    this.horizon = Math.max(0, ...this.corrs.map((c) => c.rule.timespanMs + c.lag));

    this.neededFields = neededFields(this.corrs);
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

  private advance(rec: Rec): void {
    this.watermark = rec.t;
    const perCorr = this.slotsFor(rec.refs);
    for (const [ci, slots] of perCorr) {
      const target = targetFor(this.corrs[ci]!, ci, slots, rec.refs, rec.fields);
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

  private openGroup(c: CompiledCorrelation, target: Target): GroupState {
    const g = new GroupState(
      target.key, target.values, c.kind, c.closed, c.rule.rules.length, c.rule.timespanMs,
      this.opts.maxEntriesPerGroup, c.rule.percentile ?? DEFAULT_PERCENTILE,
    );
    g.opened = c.opened++;
    c.groups.set(target.key, g);
    if (c.nextDue === Infinity) c.nextDue = -Infinity;
    if (c.groups.size > this.opts.maxGroupsPerRule) this.evict(c, g);
    return g;
  }

  /** Over the cap: give up the groups furthest from the condition (group-eviction.ts), never `keep`. */
  private evict(c: CompiledCorrelation, keep: GroupState): void {
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

  private dropGroup(c: CompiledCorrelation, g: GroupState): void {
    c.truncated += g.truncated;
    c.groups.delete(g.key);
  }

  private holds(c: CompiledCorrelation, g: GroupState): boolean {
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
        const target = targetFor(this.corrs[link.corr]!, link.corr, link.slots, refs, fields);
        if (!target) continue;
        const rec: Rec = { t: g.last, seq: this.seq++, source, host, refs, fields, via: sourcesOf(g.contributors()) };
        this.corrs[link.corr]!.pending.push({ rec, target });
      }
    }
  }
}
