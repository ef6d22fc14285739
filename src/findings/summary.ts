/**
 * What a hunt read and found: printed after the findings and embedded in reports.
 */
import type { Level } from './finding.js';

export interface InputSummary {
  path: string;
  format: string;
  events: number;
  bytes: number;
  /** Records or regions the reader could not read. */
  problems: number;
}

export interface RuleCount {
  id: string;
  title: string;
  level: Level;
  detector: string;
  count: number;
}

export interface HuntSummary {
  tool: { name: string; version: string };
  startedAt: string;
  elapsedMs: number;
  inputs: InputSummary[];
  /** Files that could not be opened or whose format is unknown: `path: reason`. */
  skippedInputs: string[];
  events: number;
  badRecords: number;
  /** First problems, `path:where: reason`, capped (see badRecords for the total). */
  problems: string[];
  /** ISO times of the first and last event read ('' when none carried a time). */
  firstEvent: string;
  lastEvent: string;
  /** Rules and indicators loaded (`yara`: sweep only). */
  rules: { sigma: number; indicators: number; yara?: number; excluded?: number };
  findings: number;
  /**
   * ioc findings whose indicator was not valid at the event's time (`intel.indicator_valid`
   * false). Set by every hunt; optional for summaries written by earlier versions.
   */
  outsideValidity?: number;
  /** Events skipped before detection: outside --from/--to, and filtered by host/channel/Event ID (0 or absent: none). */
  outsideWindow?: number;
  filtered?: number;
  /** Findings below the hunt's --level, counted and not reported (optional for earlier summaries). */
  belowLevel?: number;
  byLevel: Record<Level, number>;
  byRule: RuleCount[];
}
