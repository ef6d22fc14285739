import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Finding, Level } from '../../src/findings/finding.js';
import { findingId } from '../../src/findings/finding-id.js';
import { SqliteFindingStore } from '../../src/store/sqlite-finding-store.js';

function finding(ts: string, host: string, level: Level, rule: string, record: number): Finding {
  return {
    ts, detector: 'sigma', rule: { id: rule, title: `rule ${rule}`, level }, attack: ['T1003.001'], host,
    source: { path: 'serve-log', record, format: 'jsonl' }, matched: { CommandLine: `x ${record}` }, event: { n: record },
  };
}

function open(t: { after: (fn: () => void) => void }): { store: SqliteFindingStore; file: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'cellwatch-store-'));
  const file = path.join(dir, 'cellwatch.db');
  const store = new SqliteFindingStore(file);
  t.after(() => { store.close(); rmSync(dir, { recursive: true, force: true }); });
  return { store, file };
}

const sample = [
  finding('2026-11-28T10:00:00.000Z', 'DC01', 'high', 'r-mimikatz', 1),
  finding('2026-11-28T10:05:00.000Z', 'WEB01', 'medium', 'r-webshell', 2),
  finding('2026-11-28T10:10:00.000Z', 'DC01', 'critical', 'r-mimikatz', 3),
  finding('2026-11-28T09:00:00.000Z', 'FS01', 'low', 'r-rar', 4),
];

test('findings are upserted by deterministic id: a replay adds nothing, and they come back in time order', (t) => {
  const { store } = open(t);
  assert.equal(store.upsert(sample), 4);
  assert.equal(store.upsert(sample.map((f) => JSON.parse(JSON.stringify(f)) as Finding)), 0);
  const all = [...store.query({})];
  assert.deepEqual(all.map((s) => s.finding.source.record), [4, 1, 2, 3]);
  assert.deepEqual(all[0]!.finding, sample[3]);
  assert.equal(all[0]!.id, findingId(sample[3]!));
  assert.equal(all[0]!.status, 'new');
  const changed = { ...sample[0]!, matched: { CommandLine: 'other' } };
  assert.notEqual(findingId(changed), findingId(sample[0]!));
});

test('query filters: since, level (at or above), host, rule, limit', (t) => {
  const { store } = open(t);
  store.upsert(sample);
  const recs = (q: Parameters<SqliteFindingStore['query']>[0]): number[] => [...store.query(q)].map((s) => s.finding.source.record);
  assert.deepEqual(recs({ since: '2026-11-28T10:00:00.000Z' }), [1, 2, 3]);
  assert.deepEqual(recs({ level: 'high' }), [1, 3]);
  assert.deepEqual(recs({ host: 'DC01' }), [1, 3]);
  assert.deepEqual(recs({ rule: 'r-webshell' }), [2]);
  assert.deepEqual(recs({ host: 'DC01', level: 'critical' }), [3]);
  assert.deepEqual(recs({ limit: 2 }), [4, 1]);
});

test('triage changes are applied and recorded in the history; unknown ids are refused', (t) => {
  const { store } = open(t);
  store.upsert(sample);
  const id = findingId(sample[0]!);
  assert.equal(store.triage(id, { status: 'acknowledged', assignee: 'ana' }, 'ana'), true);
  assert.equal(store.triage(id, { note: 'lsass dump confirmed' }, 'ana'), true);
  assert.equal(store.triage(id, { status: 'closed', note: 'host reimaged' }, 'ben'), true);
  const got = store.get(id)!;
  assert.equal(got.status, 'closed');
  assert.equal(got.assignee, 'ana');
  assert.equal(got.notes, 'lsass dump confirmed\nhost reimaged');
  assert.deepEqual(store.history(id).map((h) => [h.actor, h.action, h.detail]), [
    ['ana', 'status', 'new → acknowledged'], ['ana', 'assignee', 'ana'], ['ana', 'note', 'lsass dump confirmed'],
    ['ben', 'status', 'acknowledged → closed'], ['ben', 'note', 'host reimaged'],
  ]);
  assert.equal(store.triage('0'.repeat(32), { status: 'closed' }, 'ana'), false);
  // A replayed finding keeps its triage state.
  store.upsert([sample[0]!]);
  assert.equal(store.get(id)!.status, 'closed');
});

test('hosts keep their latest time; ingest counts add up per source; data survives a reopen', (t) => {
  const { store, file } = open(t);
  store.noteHosts(new Map([['DC01', Date.parse('2026-11-28T10:00:00Z')], ['WEB01', Date.parse('2026-11-28T11:00:00Z')]]));
  store.noteHosts(new Map([['DC01', Date.parse('2026-11-28T09:00:00Z')]]));
  store.noteHosts(new Map([['DC01', Date.parse('2026-11-28T12:00:00Z')]]));
  assert.deepEqual(store.hosts(), [
    { host: 'DC01', lastSeen: '2026-11-28T12:00:00.000Z' }, { host: 'WEB01', lastSeen: '2026-11-28T11:00:00.000Z' },
  ]);
  store.recordIngest({ source: 'token-1 bulk', events: 10, bytes: 1000, rejected: 1 });
  store.recordIngest({ source: 'token-1 bulk', events: 5, bytes: 500, rejected: 0 });
  store.upsert(sample);
  store.close();
  const again = new SqliteFindingStore(file);
  assert.deepEqual(again.ingestTotals(), [{ source: 'token-1 bulk', events: 15, bytes: 1500, rejected: 1 }]);
  assert.equal([...again.query({})].length, 4);
  again.close();
});

test('a query being read page by page does not block writes (a slow API client during detection)', (t) => {
  const { store } = open(t);
  const many = Array.from({ length: 1200 }, (_, i) => finding(new Date(Date.parse('2026-11-28T00:00:00Z') + (i % 600) * 1000).toISOString(), `H${i % 7}`, 'medium', 'r-many', i + 1));
  store.upsert(many);
  const seen: number[] = [];
  let i = 0;
  for (const s of store.query({ level: 'medium' })) {
    seen.push(s.finding.source.record);
    if (i++ === 10) store.upsert([finding('2026-11-29T00:00:00.000Z', 'H3', 'high', 'r-late', 9999)]);
  }
  assert.equal(seen.length, many.length + 1, 'every finding once (three pages), and the one written meanwhile');
  assert.equal(new Set(seen).size, seen.length);
  assert.equal(seen.at(-1), 9999);
  assert.equal([...store.query({ limit: 501 })].length, 501);
});
