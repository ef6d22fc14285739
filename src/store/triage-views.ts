/**
 * The queries behind the triage dashboard, over the SQLite finding store's tables: a filtered
 * list (newest first) with its total, the rules and hosts to filter by, findings per ATT&CK
 * technique, findings per host, and a change stamp that tells a polling page when to fetch again.
 */
import type Database from 'better-sqlite3';
import { levelRank } from '../findings/finding.js';
import type { FindingFacets, FindingListQuery, TechniqueCount } from './finding-store.js';

/** Default and largest page of the list. */
export const LIST_DEFAULT = 200;
export const LIST_MAX = 1000;

/** WHERE clause and arguments of a list query (every filter optional, all ANDed). */
export function listWhere(q: FindingListQuery): { sql: string; args: (string | number)[] } {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (q.since) { where.push('ts >= ?'); args.push(q.since); }
  if (q.until) { where.push('ts <= ?'); args.push(q.until); }
  if (q.level) { where.push('level_rank >= ?'); args.push(levelRank(q.level)); }
  if (q.host) { where.push('host = ?'); args.push(q.host); }
  if (q.rule) { where.push('rule_id = ?'); args.push(q.rule); }
  if (q.status) { where.push('status = ?'); args.push(q.status); }
  if (q.technique) {
    // `attack` is the comma-joined id list: match the id itself or any of its sub-techniques.
    where.push("(',' || attack || ',' LIKE ? ESCAPE '\\' OR ',' || attack || ',' LIKE ? ESCAPE '\\')");
    const id = q.technique.replace(/[\\%_]/g, (c) => `\\${c}`);
    args.push(`%,${id},%`, `%,${id}.%`);
  }
  return { sql: where.length ? ` WHERE ${where.join(' AND ')}` : '', args };
}

export interface ListRow {
  id: string;
  json: string;
  status: string;
  assignee: string;
  notes: string;
  first_seen: string;
}

/** The dashboard's queries over one database; statements prepared once (list ones per filter shape). */
export class TriageViews {
  private readonly byShape = new Map<string, Database.Statement>();
  private readonly ruleFacets: Database.Statement;
  private readonly hostFacets: Database.Statement;
  private readonly attackGroups: Database.Statement;
  private readonly maxFinding: Database.Statement;
  private readonly maxHistory: Database.Statement;
  private readonly hostCounts: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.ruleFacets = db.prepare(`SELECT rule_id AS id, json_extract(json, '$.rule.title') AS title, count(*) AS findings
      FROM findings GROUP BY rule_id ORDER BY findings DESC, id`);
    this.hostFacets = db.prepare('SELECT host, count(*) AS findings FROM findings GROUP BY host ORDER BY host');
    this.attackGroups = db.prepare('SELECT attack, max(level_rank) AS top, count(*) AS n FROM findings GROUP BY attack');
    this.maxFinding = db.prepare('SELECT max(rowid) AS n FROM findings');
    this.maxHistory = db.prepare('SELECT max(seq) AS n FROM triage_history');
    this.hostCounts = db.prepare('SELECT host, count(*) AS n FROM findings GROUP BY host');
  }

  private statement(sql: string): Database.Statement {
    let s = this.byShape.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.byShape.set(sql, s);
    }
    return s;
  }

  /** Newest first, at most `limit` (default LIST_DEFAULT, at most LIST_MAX). */
  list(q: FindingListQuery): ListRow[] {
    const { sql, args } = listWhere(q);
    const limit = Math.min(q.limit ?? LIST_DEFAULT, LIST_MAX);
    return this.statement(`SELECT id, json, status, assignee, notes, first_seen FROM findings${sql} ORDER BY ts DESC, id DESC LIMIT ?`)
      .all(...args, limit) as ListRow[];
  }

  count(q: FindingListQuery): number {
    const { sql, args } = listWhere(q);
    return (this.statement(`SELECT count(*) AS n FROM findings${sql}`).get(...args) as { n: number }).n;
  }

  facets(): FindingFacets {
    const rules = this.ruleFacets.all() as { id: string; title: unknown; findings: number }[];
    return {
      rules: rules.map((r) => ({ id: r.id, title: typeof r.title === 'string' ? r.title : r.id, findings: r.findings })),
      hosts: this.hostFacets.all() as FindingFacets['hosts'],
    };
  }

  /** Findings per technique: grouped by the whole id list in SQL (few distinct lists), split here. */
  techniqueCounts(): TechniqueCount[] {
    const out = new Map<string, TechniqueCount>();
    for (const row of this.attackGroups.all() as { attack: string; top: number; n: number }[]) {
      for (const technique of row.attack.split(',')) {
        if (!technique) continue;
        const c = out.get(technique) ?? { technique, findings: 0, topLevel: 0 };
        c.findings += row.n;
        c.topLevel = Math.max(c.topLevel, row.top);
        out.set(technique, c);
      }
    }
    return [...out.values()].sort((a, b) => (a.technique < b.technique ? -1 : a.technique > b.technique ? 1 : 0));
  }

  findingsPerHost(): Map<string, number> {
    return new Map((this.hostCounts.all() as { host: string; n: number }[]).map((r) => [r.host, r.n]));
  }

  /** Changes when a finding is added or a triage action is recorded. */
  changeStamp(): string {
    const f = this.maxFinding.get() as { n: number | null };
    const h = this.maxHistory.get() as { n: number | null };
    return `${f.n ?? 0}.${h.n ?? 0}`;
  }
}
