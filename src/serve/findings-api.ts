/**
 * `GET /api/v1/findings`: every stored finding as JSON lines in the hunt's Finding shape, oldest
 * first, streamed with back-pressure. Query: `since` (ISO time), `level` (at or above), `host`,
 * `rule` (rule or indicator id), `limit`.
 */
import type { ServerResponse } from 'node:http';
import { once } from 'node:events';
import { isLevel } from '../findings/finding.js';
import { parseTimestamp } from '../events/timestamp.js';
import type { FindingQuery, FindingStore } from '../store/finding-store.js';
import { HttpError } from './http-error.js';
import { jsonLine } from '../text/json-line.js';

export function findingQuery(params: URLSearchParams): FindingQuery {
  const q: FindingQuery = {};
  const since = params.get('since');
  if (since !== null) {
    const t = parseTimestamp(since);
    if (!Number.isFinite(t)) throw new HttpError(400, `since=${since}: not a time (use ISO 8601, e.g. 2026-01-31T00:00:00Z)`);
    q.since = new Date(t).toISOString();
  }
  const level = params.get('level');
  if (level !== null) {
    if (!isLevel(level)) throw new HttpError(400, `level=${level}: use informational, low, medium, high or critical`);
    q.level = level;
  }
  const host = params.get('host');
  if (host !== null) q.host = host;
  const rule = params.get('rule');
  if (rule !== null) q.rule = rule;
  const limit = params.get('limit');
  if (limit !== null) {
    if (!/^\d+$/.test(limit)) throw new HttpError(400, `limit=${limit}: not a whole number`);
    q.limit = Number(limit);
  }
  return q;
}

export async function streamFindings(store: FindingStore, params: URLSearchParams, res: ServerResponse): Promise<void> {
  const query = findingQuery(params);
  res.writeHead(200, { 'Content-Type': 'application/x-ndjson; charset=utf-8' });
  for (const stored of store.query(query)) {
    if (!res.write(jsonLine(stored.finding))) {
      await Promise.race([once(res, 'drain'), once(res, 'close')]);
      if (res.destroyed) return;
    }
  }
  res.end();
}
