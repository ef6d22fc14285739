/**
 * The finding-level warning of a correlation rule that had to give up open groups: one
 * informational finding naming the rule, so the loss shows beside the findings (report, table,
 * JSONL) and not only as a line on stderr.
 */
import type { SourceRef } from '../../events/event.js';
import { toIso } from '../../events/timestamp.js';
import { attackIdsFromTags, type Finding } from '../../findings/finding.js';
import type { CorrelationRule } from './correlation-rule.js';

export interface GroupLoss {
  /** Groups given up. */
  evicted: number;
  /** The cap that was exceeded. */
  cap: number;
  /** Stream time of the first and last eviction (epoch ms). */
  first: number;
  last: number;
  /** Where the last group given up was last seen. */
  source: SourceRef;
  host: string;
}

export function lossWarning(rule: CorrelationRule, loss: GroupLoss): Finding {
  return {
    ts: toIso(loss.last),
    detector: 'sigma',
    rule: { id: rule.id, title: rule.title, level: 'informational' },
    attack: attackIdsFromTags(rule.tags),
    host: loss.host,
    source: loss.source,
    matched: { evicted_groups: loss.evicted },
    event: {
      warning: `correlation incomplete: ${loss.evicted} groups furthest from the condition were given up unjudged because more than ${loss.cap} were open at once; findings of this rule may be missing`,
      correlation: rule.type,
      max_groups: loss.cap,
      first_eviction: toIso(loss.first),
      last_eviction: toIso(loss.last),
    },
  };
}
