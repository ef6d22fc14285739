/**
 * The Finding: one shape for every detector's output (public API, see DESIGN.md and README).
 */
import type { SourceRef } from '../events/event.js';

export const LEVELS = ['informational', 'low', 'medium', 'high', 'critical'] as const;
export type Level = (typeof LEVELS)[number];

/** `file`: the sweep's own checks of files on disk (renamed public tools, web-root file times). */
export type DetectorName = 'sigma' | 'ioc' | 'yara' | 'file' | 'audit';

export interface FindingRule {
  id: string;
  title: string;
  level: Level;
}

/**
 * The `intel` object of an ioc finding (public API: fields are added, never renamed). The ioc
 * detector always sets `sources` and `indicator_valid`; they are optional for findings written by
 * earlier versions.
 */
export interface FindingIntel {
  /** The first source whose indicator was valid at the event's time (else the first source). */
  source: string;
  /** Tags of every listed source, without duplicates. */
  tags: string[];
  /** Every source that lists this indicator value: one finding per event and value. */
  sources?: string[];
  /** false when the event lies outside the validity window of every source (a retro-hunt match). */
  indicator_valid?: boolean;
  /** Validity window (ISO 8601) of `source`'s indicator, when it has one. */
  valid_from?: string;
  valid_until?: string;
}

export interface Finding {
  /** ISO 8601 UTC time of the event (or of the last event, for correlations); '' when unknown. */
  ts: string;
  detector: DetectorName;
  rule: FindingRule;
  /** ATT&CK technique ids, e.g. ["T1505.003"]. */
  attack: string[];
  /** The machine's canonical host (a hunt resolves names, FQDNs and addresses to one, see README). */
  host: string;
  /** The machine's other names and addresses seen in the logs, sorted (absent when none). */
  host_aliases?: string[];
  source: SourceRef;
  /** The fields (or indicator) that fired: field name → value seen. */
  matched: Record<string, unknown>;
  /** The full event (flattened fields), or for correlations a summary of the group. */
  event: unknown;
  /** ioc only: where the indicator came from, and whether it was valid at the event's time. */
  intel?: FindingIntel;
  /** audit only: which of the four defences the gap belongs to. */
  defence?: 'mfa' | 'patching' | 'detection' | 'least-privilege';
}

export function levelRank(level: string): number {
  const i = (LEVELS as readonly string[]).indexOf(level);
  return i < 0 ? 0 : i;
}

export function isLevel(value: string): value is Level {
  return (LEVELS as readonly string[]).includes(value);
}

/** ATT&CK ids from Sigma-style tags (`attack.t1505.003` → `T1505.003`). */
export function attackIdsFromTags(tags: readonly string[] | undefined): string[] {
  const out: string[] = [];
  for (const tag of tags ?? []) {
    const m = /^attack\.(t\d{4}(?:\.\d{3})?)$/i.exec(tag);
    if (m) out.push(m[1]!.toUpperCase());
  }
  return out;
}

/** Stable sort key: time, then source path, then record. */
export function compareFindings(a: Finding, b: Finding): number {
  if (a.ts !== b.ts) return a.ts < b.ts ? -1 : 1;
  if (a.source.path !== b.source.path) return a.source.path < b.source.path ? -1 : 1;
  return a.source.record - b.source.record;
}
