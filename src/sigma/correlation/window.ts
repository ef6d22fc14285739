/**
 * The state of one correlation group: the events of that group inside the current window and the
 * aggregate the condition is tested on.
 *
 * Two window modes (chosen per rule by the Correlator, see correlator.ts):
 * - sliding: the window is [now - timespan, now] at each event of the group, entries older than that
 *   are dropped as time advances. Only what the aggregate needs is kept: a deque of events
 *   (event_count, value_sum), the latest event per distinct value (value_count), the latest event
 *   per referenced rule (temporal) or the best partial chain per position (temporal_ordered).
 * - closed: the window opens at the group's first event t0 and covers [t0, t0 + timespan]; it is
 *   judged once, when it closes. Only running totals are kept (count, sum, distinct values, the
 *   values themselves for percentiles).
 */
import type { SourceRef } from '../../events/event.js';

export interface Entry {
  t: number;
  source: SourceRef;
  host: string;
  /** Positions in the correlation's `rules` list this event stands for. */
  slots: number[];
  /** value_sum/avg/percentile/median: the numeric value. */
  num?: number;
  /** value_count: the distinct-value key. */
  key?: string;
  /** A chained correlation's firing: the events that made it fire. */
  via?: SourceRef[];
}

export type AggregateKind = 'count' | 'distinct' | 'temporal' | 'ordered' | 'sum' | 'avg' | 'percentile';

/** Sources shown in a finding's summary. */
export const MAX_SOURCES = 10;

/** Linear interpolation between closest ranks (the common "inclusive" percentile), p in [0, 100]. */
export function percentileOf(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(pos), hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export class GroupState {
  /** Closed mode: the window's opening time. */
  first = Infinity;
  last = -Infinity;
  lastSource: SourceRef | undefined;
  lastHost = '';
  /** Closed mode: events in the window. */
  events = 0;
  /** Entries dropped or not kept because of the per-group cap. */
  truncated = 0;
  /** Opening sequence number within its rule (eviction order among equals). */
  opened = 0;
  /** Sliding mode: entries older than this are outside the window. */
  private cutoff = -Infinity;

  private q: Entry[] = [];
  private head = 0;
  private byValue: Map<string, Entry> | undefined;
  private slotEntry: (Entry | undefined)[] | undefined;
  private chainStart: number[] | undefined;
  private chainEntries: Entry[][] | undefined;
  private sum = 0;
  private n = 0;
  private nums: number[] | undefined;
  private recent: Entry[] = [];

  constructor(
    readonly key: string,
    readonly values: string[],
    readonly kind: AggregateKind,
    readonly closed: boolean,
    slotCount: number,
    private readonly spanMs: number,
    private readonly cap: number,
    private readonly percentile = 50,
  ) {
    if (kind === 'distinct') this.byValue = new Map();
    if (kind === 'temporal') this.slotEntry = new Array<Entry | undefined>(slotCount).fill(undefined);
    if (kind === 'ordered') {
      this.chainStart = new Array<number>(slotCount).fill(-Infinity);
      this.chainEntries = new Array<Entry[]>(slotCount).fill([]);
    }
    if (kind === 'percentile') this.nums = [];
  }

  add(e: Entry): void {
    if (this.first === Infinity) this.first = e.t;
    this.last = e.t;
    this.lastSource = e.source;
    this.lastHost = e.host;
    this.events++;
    if (this.closed) {
      this.recent.push(e);
      if (this.recent.length > MAX_SOURCES) this.recent.shift();
    } else {
      this.cutoff = e.t - this.spanMs;
    }
    switch (this.kind) {
      case 'count':
        if (!this.closed) this.pushQ(e);
        break;
      case 'sum':
      case 'avg':
        this.sum += e.num!;
        this.n++;
        if (!this.closed) this.pushQ(e);
        break;
      case 'percentile':
        this.n++;
        if (this.nums!.length < this.cap) this.nums!.push(e.num!);
        else this.truncated++;
        break;
      case 'distinct': {
        const m = this.byValue!;
        if (this.closed) {
          if (!m.has(e.key!)) {
            if (m.size < this.cap) m.set(e.key!, e);
            else this.truncated++;
          }
        } else {
          m.delete(e.key!);
          m.set(e.key!, e);
          if (m.size > this.cap) {
            m.delete(m.keys().next().value!);
            this.truncated++;
          }
        }
        break;
      }
      case 'temporal':
        for (const s of e.slots) this.slotEntry![s] = e;
        break;
      case 'ordered': {
        const start = this.chainStart!, chains = this.chainEntries!;
        // Highest position first, so one event never extends a chain it just started.
        const slots = [...e.slots].sort((a, b) => b - a);
        for (const s of slots) {
          if (s === 0) {
            start[0] = e.t;
            chains[0] = [e];
          } else if (this.valid(start[s - 1]!) && start[s - 1]! >= start[s]!) {
            start[s] = start[s - 1]!;
            const chain = chains[s - 1]!.concat(e);
            chains[s] = chain.length > MAX_SOURCES ? chain.slice(chain.length - MAX_SOURCES) : chain;
          }
        }
        break;
      }
    }
    if (!this.closed) this.prune();
  }

  private pushQ(e: Entry): void {
    this.q.push(e);
    if (this.q.length - this.head > this.cap) {
      this.dropFront();
      this.truncated++;
    }
  }

  private dropFront(): void {
    const e = this.q[this.head++]!;
    if (this.kind === 'sum' || this.kind === 'avg') {
      this.sum -= e.num!;
      this.n--;
    }
  }

  /** Sliding mode: drop what fell out of [last - timespan, last]. */
  private prune(): void {
    const cutoff = this.cutoff;
    while (this.head < this.q.length && this.q[this.head]!.t < cutoff) this.dropFront();
    if (this.head > 64 && this.head * 2 > this.q.length) {
      this.q = this.q.slice(this.head);
      this.head = 0;
    }
    if (this.byValue) {
      for (const e of this.byValue.values()) {
        if (e.t >= cutoff) break;
        this.byValue.delete(e.key!);
      }
    }
    // Keep the running sum exact over long streams: recompute when the window empties.
    if ((this.kind === 'sum' || this.kind === 'avg') && this.head === this.q.length) this.sum = 0;
  }

  private valid(t: number): boolean {
    return this.closed ? t > -Infinity : t >= this.cutoff;
  }

  /** Is the rule at `slot` present (temporal) or is the ordered chain through `slot` complete? */
  atom(slot: number): boolean {
    if (this.kind === 'temporal') {
      const e = this.slotEntry![slot];
      return e !== undefined && this.valid(e.t);
    }
    if (this.kind === 'ordered') return this.valid(this.chainStart![slot]!);
    return false;
  }

  /** The aggregate the threshold condition is tested on. */
  aggregate(): number {
    switch (this.kind) {
      case 'count': return this.closed ? this.events : this.q.length - this.head;
      case 'distinct': return this.byValue!.size;
      case 'temporal': {
        let c = 0;
        for (let s = 0; s < this.slotEntry!.length; s++) if (this.atom(s)) c++;
        return c;
      }
      case 'ordered': {
        let c = 0;
        for (let s = 0; s < this.chainStart!.length; s++) if (this.atom(s)) c = s + 1;
        return c;
      }
      case 'sum': return this.sum;
      case 'avg': return this.n === 0 ? NaN : this.sum / this.n;
      case 'percentile': {
        const sorted = [...this.nums!].sort((a, b) => a - b);
        return percentileOf(sorted, this.percentile);
      }
    }
  }

  /** Events counted in the window (closed: all; sliding: those still held, when known). */
  eventCount(): number {
    if (this.closed) return this.events;
    switch (this.kind) {
      case 'count': case 'sum': case 'avg': return this.q.length - this.head;
      case 'distinct': return this.byValue!.size;
      default: return this.contributors().length;
    }
  }

  /** Time of the earliest event the current window's result rests on. */
  windowFirst(): number {
    if (this.closed) return this.first;
    if (this.kind === 'ordered') {
      let first = this.last;
      for (let s = 0; s < this.chainStart!.length; s++) if (this.atom(s)) first = this.chainStart![s]!;
      return first;
    }
    let first = this.last;
    for (const e of this.contributors(true)) if (e.t < first) first = e.t;
    return first;
  }

  /** Distinct values in the window (value_count), at most MAX_SOURCES. */
  distinctValues(): string[] {
    return this.byValue ? [...this.byValue.keys()].slice(0, MAX_SOURCES) : [];
  }

  /** Up to MAX_SOURCES events that make up the result, oldest first (all of them with `all`). */
  contributors(all = false): Entry[] {
    let list: Entry[];
    switch (this.kind) {
      case 'temporal':
        list = this.slotEntry!.filter((e): e is Entry => e !== undefined && this.valid(e.t));
        list = [...new Set(list)].sort((a, b) => a.t - b.t);
        break;
      case 'ordered': {
        let best = -1;
        for (let s = 0; s < this.chainStart!.length; s++) if (this.atom(s)) best = s;
        list = best < 0 ? [] : this.chainEntries![best]!;
        break;
      }
      default:
        if (this.closed) list = this.recent;
        else if (this.byValue) list = [...this.byValue.values()];
        else list = this.q.slice(all ? this.head : Math.max(this.head, this.q.length - MAX_SOURCES));
    }
    return all || list.length <= MAX_SOURCES ? list : list.slice(list.length - MAX_SOURCES);
  }

  /** Entries held (for the memory bound). */
  size(): number {
    return (this.q.length - this.head) + (this.byValue?.size ?? 0) + (this.nums?.length ?? 0)
      + (this.slotEntry?.length ?? 0) + (this.chainStart?.length ?? 0) + this.recent.length;
  }
}
