/**
 * The dashboard's finding data: the filtered list (newest first, slim rows), one finding with its
 * triage history and surrounding events, and triage actions.
 */
import { parseTimestamp } from '../../events/timestamp.js';
import {
  TRIAGE_STATUSES, type FindingListQuery, type FindingStore, type StoredFinding, type TriageChange, type TriageStatus,
  type TriageViewStore,
} from '../../store/finding-store.js';
import { findingQuery } from '../findings-api.js';
import { HttpError } from '../http-error.js';

export type DashboardStore = FindingStore & TriageViewStore;

const MAX_ASSIGNEE = 120;
const MAX_NOTE = 4000;

export function listQuery(params: URLSearchParams): FindingListQuery {
  const q: FindingListQuery = findingQuery(params);
  const until = params.get('until');
  if (until) {
    const t = parseTimestamp(until);
    if (!Number.isFinite(t)) throw new HttpError(400, `until=${until}: not a time (use ISO 8601, e.g. 2026-01-31T00:00:00Z)`);
    q.until = new Date(t).toISOString();
  }
  const technique = params.get('technique')?.trim().toUpperCase();
  if (technique) {
    if (!/^T\d{4}(?:\.\d{3})?$/.test(technique)) throw new HttpError(400, `technique=${technique}: use an ATT&CK id such as T1003 or T1003.001`);
    q.technique = technique;
  }
  const status = params.get('status');
  if (status) {
    if (!(TRIAGE_STATUSES as readonly string[]).includes(status)) throw new HttpError(400, `status=${status}: use new, acknowledged or closed`);
    q.status = status as TriageStatus;
  }
  return q;
}

/** What a list row shows (the event stays on the server until the finding is opened). */
function slim(s: StoredFinding): Record<string, unknown> {
  const f = s.finding;
  return {
    id: s.id, ts: f.ts, level: f.rule.level, rule: { id: f.rule.id, title: f.rule.title }, host: f.host,
    attack: f.attack, detector: f.detector, status: s.status, assignee: s.assignee,
  };
}

export function findingsList(store: DashboardStore, params: URLSearchParams): unknown {
  // Filters that are empty in the form are absent, not "match the empty string".
  for (const key of [...params.keys()]) if (params.get(key) === '') params.delete(key);
  const q = listQuery(params);
  const stamp = store.changeStamp();
  const rows = store.list(q);
  return { stamp, total: store.count(q), findings: rows.map(slim) };
}

export function storedOr404(store: DashboardStore, id: string): StoredFinding {
  const stored = store.get(id);
  if (!stored) throw new HttpError(404, `no finding ${id}`);
  return stored;
}

/** A triage change from a JSON body; anything malformed is a 400 naming the field. */
export function triageChange(body: unknown): TriageChange {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'expected a JSON object {status?, assignee?, note?}');
  const b = body as Record<string, unknown>;
  const change: TriageChange = {};
  if (b.status !== undefined) {
    if (typeof b.status !== 'string' || !(TRIAGE_STATUSES as readonly string[]).includes(b.status)) throw new HttpError(400, 'status: use new, acknowledged or closed');
    change.status = b.status as TriageStatus;
  }
  if (b.assignee !== undefined) {
    if (typeof b.assignee !== 'string' || b.assignee.length > MAX_ASSIGNEE) throw new HttpError(400, `assignee: a string of at most ${MAX_ASSIGNEE} characters`);
    change.assignee = b.assignee.trim();
  }
  if (b.note !== undefined) {
    if (typeof b.note !== 'string' || b.note.length > MAX_NOTE) throw new HttpError(400, `note: a string of at most ${MAX_NOTE} characters`);
    if (b.note.trim()) change.note = b.note.trim();
  }
  return change;
}

export function applyTriage(store: DashboardStore, id: string, change: TriageChange, actor: string): unknown {
  if (!store.triage(id, change, actor)) throw new HttpError(404, `no finding ${id}`);
  const s = storedOr404(store, id);
  return { id, status: s.status, assignee: s.assignee, notes: s.notes, history: store.history(id) };
}
