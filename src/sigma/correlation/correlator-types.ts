/** The correlator's public shapes: what it is fed, how it is sized, what it reports about itself. */
import type { EventFields, SourceRef } from '../../events/event.js';

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
