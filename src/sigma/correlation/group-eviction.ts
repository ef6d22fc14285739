/**
 * Which open groups a correlation rule gives up when it holds more than its cap (a flood of
 * distinct group-by values). Groups furthest from firing go first, so an attacker's group that has
 * already gathered events survives a flood of one-event groups; among equally far groups the most
 * recently opened go first (an older group has had time to matter, and time expiry frees stale ones).
 * Evictions come in batches of a tenth of the cap, so the cost is a sort per 10% of the cap, not a
 * scan per event.
 */
import type { GroupState } from './window.js';
import type { ThresholdCondition } from './correlation-rule.js';

/** Share of the cap given up at once when it is exceeded. */
export const EVICTION_BATCH = 0.1;

/**
 * How near a group is to firing, comparable within one rule: the aggregate over the lower bound
 * of the threshold (gt/gte), the share of referenced rules seen for temporal expressions, and the
 * number of events for conditions without a lower bound (lt/lte/eq/neq, averages).
 */
export function progress(g: GroupState, ops: ThresholdCondition['ops'] | undefined, slots: number): number {
  if (!ops) {
    let seen = 0;
    for (let s = 0; s < slots; s++) if (g.atom(s)) seen++;
    return seen / Math.max(1, slots);
  }
  const bound = ops.gte ?? ops.gt;
  if (bound !== undefined && bound > 0) {
    const v = g.aggregate();
    return Number.isNaN(v) ? 0 : v / bound;
  }
  return g.eventCount();
}

/**
 * The groups to give up so that `groups` falls to 90% of `cap` (at least one), never `keep` (the
 * group being opened). `opened` gives each group's opening sequence number.
 */
export function chooseVictims(
  groups: Iterable<GroupState>, cap: number, keep: GroupState,
  score: (g: GroupState) => number, opened: (g: GroupState) => number,
): GroupState[] {
  const scored: { g: GroupState; s: number; o: number }[] = [];
  for (const g of groups) if (g !== keep) scored.push({ g, s: score(g), o: opened(g) });
  const target = Math.floor(cap * (1 - EVICTION_BATCH));
  const count = Math.min(scored.length, Math.max(1, scored.length + 1 - target));
  scored.sort((a, b) => a.s - b.s || b.o - a.o);
  return scored.slice(0, count).map((x) => x.g);
}
