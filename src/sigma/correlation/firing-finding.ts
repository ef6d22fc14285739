/**
 * The Finding of a correlation firing: `matched` holds the group-by values and the metric (and the
 * rules seen, for temporal types); `event` summarises the window (condition, first and last time,
 * events, distinct values, and up to MAX_SOURCES sources of the events that made it fire).
 */
import type { SourceRef } from '../../events/event.js';
import { toIso } from '../../events/timestamp.js';
import { attackIdsFromTags, type Finding } from '../../findings/finding.js';
import { describeCondition, type CorrelationRule } from './correlation-rule.js';
import { MAX_SOURCES, type AggregateKind, type Entry, type GroupState } from './window.js';

/** The sources behind a window's entries (through chained firings), at most MAX_SOURCES, latest kept. */
export function sourcesOf(entries: Entry[]): SourceRef[] {
  const out: SourceRef[] = [];
  for (const e of entries) for (const s of e.via ?? [e.source]) if (!out.includes(s)) out.push(s);
  return out.length > MAX_SOURCES ? out.slice(out.length - MAX_SOURCES) : out;
}

export interface Firing {
  group: Record<string, string>;
  value: number;
  /** temporal types: the referenced rules seen in the window. */
  seen: string[] | undefined;
  host: string;
  source: SourceRef;
}

export function firingFinding(
  c: { rule: CorrelationRule; kind: AggregateKind; metric: string }, g: GroupState, firing: Firing,
): Finding {
  const { rule, kind, metric } = c;
  const { group, value, seen } = firing;
  const matched: Record<string, unknown> = { ...group, [metric]: value };
  if (seen) matched['rules'] = seen;
  const event: Record<string, unknown> = {
    correlation: rule.type,
    timespan: rule.timespan,
    condition: describeCondition(rule.condition),
    group,
    first: toIso(g.windowFirst()),
    last: toIso(g.last),
    events: g.eventCount(),
    [metric]: value,
  };
  if (rule.field !== undefined && kind !== 'count' && kind !== 'temporal' && kind !== 'ordered') {
    event['field'] = rule.fields.length > 1 ? rule.fields : rule.field;
  }
  if (rule.type === 'value_percentile') event['percentile_rank'] = rule.percentile;
  if (kind === 'distinct') event['values'] = g.distinctValues();
  if (seen) event['rules'] = seen;
  event['sources'] = sourcesOf(g.contributors());
  return {
    ts: toIso(g.last),
    detector: 'sigma',
    rule: { id: rule.id, title: rule.title, level: rule.level },
    attack: attackIdsFromTags(rule.tags),
    host: firing.host,
    source: firing.source,
    matched,
    event,
  };
}
