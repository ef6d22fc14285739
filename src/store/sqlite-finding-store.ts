/**
 * The SQLite finding store of one `serve` node (better-sqlite3, WAL mode) in `--data DIR`:
 * findings keyed by their deterministic id (an insert of a known id is ignored, so a replay never
 * duplicates), triage state and its history, hosts with their last event time, ingest counts.
 */
import type Database from 'better-sqlite3';
import { packageOnFirstUse } from '../content/package-on-first-use.js';
import { levelRank, type Finding, type Level } from '../findings/finding.js';
import { findingId } from '../findings/finding-id.js';
import { listWhere, TriageViews } from './triage-views.js';
import type {
  AddedFinding, FindingFacets, FindingListQuery, FindingQuery, FindingStore, TechniqueCount, TriageViewStore, IngestCount, StoredFinding, TriageChange, TriageRecord, TriageStatus,
} from './finding-store.js';

/** SQLite, loaded when a store is first opened (only `serve` keeps one). */
const sqliteLibrary = packageOnFirstUse<typeof Database>('better-sqlite3');

const SCHEMA = `
CREATE TABLE IF NOT EXISTS findings (
  id TEXT PRIMARY KEY, ts TEXT NOT NULL, level_rank INTEGER NOT NULL, rule_id TEXT NOT NULL,
  host TEXT NOT NULL, detector TEXT NOT NULL, attack TEXT NOT NULL, json TEXT NOT NULL,
  first_seen TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'new', assignee TEXT NOT NULL DEFAULT '',
  notes TEXT NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS findings_ts ON findings (ts);
CREATE INDEX IF NOT EXISTS findings_host ON findings (host, ts);
CREATE INDEX IF NOT EXISTS findings_rule ON findings (rule_id, ts);
CREATE TABLE IF NOT EXISTS triage_history (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, finding_id TEXT NOT NULL, at TEXT NOT NULL, actor TEXT NOT NULL,
  action TEXT NOT NULL, detail TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS triage_history_finding ON triage_history (finding_id, seq);
CREATE TABLE IF NOT EXISTS hosts (host TEXT PRIMARY KEY, last_seen_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS ingest_counts (
  source TEXT PRIMARY KEY, events INTEGER NOT NULL, bytes INTEGER NOT NULL, rejected INTEGER NOT NULL);
`;

const PAGE = 500;

interface FindingRow {
  id: string;
  json: string;
  status: TriageStatus;
  assignee: string;
  notes: string;
  first_seen: string;
}

function toStored(row: FindingRow): StoredFinding {
  return {
    id: row.id, finding: JSON.parse(row.json) as Finding, status: row.status, assignee: row.assignee,
    notes: row.notes, firstSeen: row.first_seen,
  };
}

export class SqliteFindingStore implements FindingStore, TriageViewStore {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly insertMany: (findings: readonly Finding[]) => number;
  /** Statements run per detection batch and per ingest request, prepared once. */
  private readonly noteHost: Database.Statement;
  private readonly addIngest: Database.Statement;
  private readonly addedRows: Database.Statement;
  private readonly addedCount: Database.Statement;
  private readonly views: TriageViews;

  /** `file`: the database path (created when absent). */
  constructor(file: string) {
    this.db = new (sqliteLibrary())(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(SCHEMA);
    this.insert = this.db.prepare(`INSERT OR IGNORE INTO findings
      (id, ts, level_rank, rule_id, host, detector, attack, json, first_seen)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.insertMany = this.db.transaction((findings: readonly Finding[]) => {
      const now = new Date().toISOString();
      let added = 0;
      for (const f of findings) {
        added += this.insert.run(findingId(f), f.ts, levelRank(f.rule.level), f.rule.id, f.host, f.detector,
          f.attack.join(','), JSON.stringify(f), now).changes;
      }
      return added;
    });
    this.noteHost = this.db.prepare(`INSERT INTO hosts (host, last_seen_ms) VALUES (?, ?)
      ON CONFLICT (host) DO UPDATE SET last_seen_ms = max(last_seen_ms, excluded.last_seen_ms)`);
    this.addIngest = this.db.prepare(`INSERT INTO ingest_counts (source, events, bytes, rejected) VALUES (?, ?, ?, ?)
      ON CONFLICT (source) DO UPDATE SET events = events + excluded.events, bytes = bytes + excluded.bytes,
      rejected = rejected + excluded.rejected`);
    // rowid is the insertion order: findings are never deleted, so it is never reused.
    this.addedRows = this.db.prepare(`SELECT rowid AS seq, id, json FROM findings
      WHERE rowid > ? AND rowid <= ? AND level_rank >= ? ORDER BY rowid LIMIT ?`);
    this.addedCount = this.db.prepare('SELECT count(*) AS n FROM findings WHERE rowid > ? AND rowid <= ? AND level_rank >= ?');
    this.views = new TriageViews(this.db);
  }

  upsert(findings: readonly Finding[]): number {
    return findings.length ? this.insertMany(findings) : 0;
  }

  /**
   * Pages of PAGE rows by (ts, id), each read with all(): no statement stays open between pages, so
   * detection can write while a slow client streams the findings.
   */
  *query(q: FindingQuery): Iterable<StoredFinding> {
    const { sql, args } = listWhere(q);
    const base = 'SELECT id, ts, json, status, assignee, notes, first_seen FROM findings';
    const first = this.db.prepare(`${base}${sql} ORDER BY ts, id LIMIT ?`);
    const after = this.db.prepare(`${base}${sql ? `${sql} AND` : ' WHERE'} (ts, id) > (?, ?) ORDER BY ts, id LIMIT ?`);
    let left = q.limit ?? Infinity;
    let last: { ts: string; id: string } | undefined;
    while (left > 0) {
      const n = Math.min(PAGE, left);
      const rows = (last ? after.all(...args, last.ts, last.id, n) : first.all(...args, n)) as (FindingRow & { ts: string })[];
      for (const row of rows) yield toStored(row);
      if (rows.length < n) return;
      left -= rows.length;
      last = rows[rows.length - 1]!;
    }
  }

  get(id: string): StoredFinding | undefined {
    const row = this.db.prepare('SELECT id, json, status, assignee, notes, first_seen FROM findings WHERE id = ?')
      .get(id) as FindingRow | undefined;
    return row ? toStored(row) : undefined;
  }

  lastAdded(): number {
    return (this.db.prepare('SELECT max(rowid) AS seq FROM findings').get() as { seq: number | null }).seq ?? 0;
  }

  added(after: number, upTo: number, minLevel: Level, limit: number): { findings: AddedFinding[]; more: number } {
    const rank = levelRank(minLevel);
    const rows = (limit > 0 ? this.addedRows.all(after, upTo, rank, limit) : []) as { seq: number; id: string; json: string }[];
    const findings = rows.map((r) => ({ seq: r.seq, id: r.id, finding: JSON.parse(r.json) as Finding }));
    const last = rows.length ? rows[rows.length - 1]!.seq : after;
    const more = rows.length < limit ? 0 : (this.addedCount.get(last, upTo, rank) as { n: number }).n;
    return { findings, more };
  }

  triage(id: string, change: TriageChange, actor: string): boolean {
    return this.db.transaction(() => {
      const row = this.db.prepare('SELECT status, assignee, notes FROM findings WHERE id = ?').get(id) as
        Pick<FindingRow, 'status' | 'assignee' | 'notes'> | undefined;
      if (!row) return false;
      const at = new Date().toISOString();
      const log = this.db.prepare('INSERT INTO triage_history (finding_id, at, actor, action, detail) VALUES (?, ?, ?, ?, ?)');
      const next = { ...row };
      if (change.status !== undefined && change.status !== row.status) {
        next.status = change.status;
        log.run(id, at, actor, 'status', `${row.status} → ${change.status}`);
      }
      if (change.assignee !== undefined && change.assignee !== row.assignee) {
        next.assignee = change.assignee;
        log.run(id, at, actor, 'assignee', change.assignee);
      }
      if (change.note) {
        next.notes = row.notes ? `${row.notes}\n${change.note}` : change.note;
        log.run(id, at, actor, 'note', change.note);
      }
      this.db.prepare('UPDATE findings SET status = ?, assignee = ?, notes = ? WHERE id = ?')
        .run(next.status, next.assignee, next.notes, id);
      return true;
    })();
  }

  history(id: string): TriageRecord[] {
    return this.db.prepare('SELECT at, actor, action, detail FROM triage_history WHERE finding_id = ? ORDER BY seq')
      .all(id) as TriageRecord[];
  }

  noteHosts(lastSeen: ReadonlyMap<string, number>): void {
    if (lastSeen.size === 0) return;
    this.db.transaction(() => { for (const [host, t] of lastSeen) this.noteHost.run(host, t); })();
  }

  hosts(): { host: string; lastSeen: string }[] {
    const rows = this.db.prepare('SELECT host, last_seen_ms FROM hosts ORDER BY host').all() as { host: string; last_seen_ms: number }[];
    return rows.map((r) => ({ host: r.host, lastSeen: new Date(r.last_seen_ms).toISOString() }));
  }

  list(q: FindingListQuery): StoredFinding[] {
    return this.views.list(q).map((row) => toStored(row as FindingRow));
  }

  count(q: FindingListQuery): number {
    return this.views.count(q);
  }

  facets(): FindingFacets {
    return this.views.facets();
  }

  techniqueCounts(): TechniqueCount[] {
    return this.views.techniqueCounts();
  }

  findingsPerHost(): Map<string, number> {
    return this.views.findingsPerHost();
  }

  changeStamp(): string {
    return this.views.changeStamp();
  }

  recordIngest(count: IngestCount): void {
    this.addIngest.run(count.source, count.events, count.bytes, count.rejected);
  }

  ingestTotals(): IngestCount[] {
    return this.db.prepare('SELECT source, events, bytes, rejected FROM ingest_counts ORDER BY source').all() as IngestCount[];
  }

  close(): void {
    this.db.close();
  }
}
