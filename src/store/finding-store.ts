/**
 * The finding store of live detection: findings upserted by their deterministic id, their triage
 * state, the hosts seen and ingest statistics. One node uses SQLite (sqlite-finding-store.ts); a
 * columnar store can implement the same interface later.
 */
import type { Finding, Level } from '../findings/finding.js';

export const TRIAGE_STATUSES = ['new', 'acknowledged', 'closed'] as const;
export type TriageStatus = (typeof TRIAGE_STATUSES)[number];

export interface FindingQuery {
  /** ISO time: findings with ts at or after it. */
  since?: string;
  /** Findings at or above this level. */
  level?: Level;
  host?: string;
  /** Rule id (or indicator id). */
  rule?: string;
  /** At most this many, oldest first. */
  limit?: number;
}

/** The dashboard's list: the same filters, plus an end time, a technique and a triage status; newest first. */
export interface FindingListQuery extends FindingQuery {
  /** ISO time: findings with ts at or before it. */
  until?: string;
  /** ATT&CK id: findings tagged with it or one of its sub-techniques. */
  technique?: string;
  status?: TriageStatus;
}

export interface FindingFacets {
  rules: { id: string; title: string; findings: number }[];
  hosts: { host: string; findings: number }[];
}

export interface TechniqueCount {
  technique: string;
  findings: number;
  /** Highest level among them (index in LEVELS). */
  topLevel: number;
}

export interface StoredFinding {
  id: string;
  finding: Finding;
  status: TriageStatus;
  assignee: string;
  notes: string;
  /** ISO time the store first saw it. */
  firstSeen: string;
}

/** A finding with its position in the store's insertion order (what outputs deliver from). */
export interface AddedFinding {
  seq: number;
  id: string;
  finding: Finding;
}

export interface TriageChange {
  status?: TriageStatus;
  assignee?: string;
  /** Appended to the notes. */
  note?: string;
}

export interface TriageRecord {
  at: string;
  actor: string;
  action: string;
  detail: string;
}

export interface IngestCount {
  /** Who sent it (endpoint or shipper name). */
  source: string;
  events: number;
  bytes: number;
  rejected: number;
}

export interface FindingStore {
  /** Inserts the findings whose id is new; returns how many were new. */
  upsert(findings: readonly Finding[]): number;
  /** Findings in time order, streamed. */
  query(q: FindingQuery): Iterable<StoredFinding>;
  get(id: string): StoredFinding | undefined;
  /** Position of the last finding added (insertion order, never reused; 0 when none). */
  lastAdded(): number;
  /**
   * Findings added after position `after` up to `upTo`, at or above `minLevel`, in insertion order:
   * at most `limit` of them, and how many more matched.
   */
  added(after: number, upTo: number, minLevel: Level, limit: number): { findings: AddedFinding[]; more: number };
  /** Applies a triage change and records it in the history; false when the id is unknown. */
  triage(id: string, change: TriageChange, actor: string): boolean;
  history(id: string): TriageRecord[];
  /** Last event time seen per host (epoch ms). */
  noteHosts(lastSeen: ReadonlyMap<string, number>): void;
  hosts(): { host: string; lastSeen: string }[];
  recordIngest(count: IngestCount): void;
  ingestTotals(): IngestCount[];
  close(): void;
}

/** What the triage dashboard reads beside the FindingStore (SQLite implements both). */
export interface TriageViewStore {
  /** Newest first: the dashboard's page of findings, and how many match in all. */
  list(q: FindingListQuery): StoredFinding[];
  count(q: FindingListQuery): number;
  /** The rules and hosts that have findings, with counts (the dashboard's filter choices). */
  facets(): FindingFacets;
  techniqueCounts(): TechniqueCount[];
  findingsPerHost(): Map<string, number>;
  /** Changes whenever a finding is added or a triage action recorded (for polling pages). */
  changeStamp(): string;
}
