import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Finding, Level } from '../../src/findings/finding.js';
import { findingId } from '../../src/findings/finding-id.js';
import { SqliteFindingStore } from '../../src/store/sqlite-finding-store.js';

function finding(ts: string, host: string, level: Level, rule: string, attack: string[], record: number): Finding {
  return {
    ts, detector: 'sigma', rule: { id: rule, title: `title of ${rule}`, level }, attack, host,
    source: { path: 'serve-log', record, format: 'jsonl' }, matched: { CommandLine: `x ${record}` }, event: { n: record },
  };
}

const sample = [
  finding('2026-11-28T10:00:00.000Z', 'DC01', 'high', 'r-mimikatz', ['T1003.001'], 1),
  finding('2026-11-28T10:05:00.000Z', 'WEB01', 'medium', 'r-webshell', ['T1505.003', 'T1059'], 2),
  finding('2026-11-28T10:10:00.000Z', 'DC01', 'critical', 'r-mimikatz', ['T1003.001', 'T1003'], 3),
  finding('2026-11-28T09:00:00.000Z', 'FS01', 'low', 'r-rar', ['T1560.001'], 4),
  finding('2026-11-28T11:00:00.000Z', 'FS01', 'low', 'r-other', ['T10030'], 5),
];

function open(t: { after: (fn: () => void) => void }): SqliteFindingStore {
  const dir = mkdtempSync(path.join(tmpdir(), 'cellwatch-views-'));
  const store = new SqliteFindingStore(path.join(dir, 'cellwatch.db'));
  t.after(() => { store.close(); rmSync(dir, { recursive: true, force: true }); });
  store.upsert(sample);
  return store;
}

const records = (list: { finding: Finding }[]): number[] => list.map((s) => s.finding.source.record);

test('the dashboard list is newest first and filters by technique (with sub-techniques), time, level, host, rule and status', (t) => {
  const store = open(t);
  assert.deepEqual(records(store.list({})), [5, 3, 2, 1, 4]);
  assert.deepEqual(records(store.list({ technique: 'T1003' })), [3, 1], 'T1003 takes T1003.001, not T10030');
  assert.deepEqual(records(store.list({ technique: 'T1003.001' })), [3, 1]);
  assert.deepEqual(records(store.list({ technique: 'T1059' })), [2]);
  assert.deepEqual(records(store.list({ since: '2026-11-28T10:00:00.000Z', until: '2026-11-28T10:05:00.000Z' })), [2, 1]);
  assert.deepEqual(records(store.list({ level: 'high', host: 'DC01' })), [3, 1]);
  assert.deepEqual(records(store.list({ rule: 'r-rar' })), [4]);
  assert.deepEqual(records(store.list({ limit: 2 })), [5, 3]);
  assert.equal(store.count({ limit: 2 }), 5, 'count ignores the page size');
  assert.equal(store.count({ technique: 'T1003' }), 2);
  store.triage(findingId(sample[1]!), { status: 'acknowledged' }, 'bob (token-1)');
  assert.deepEqual(records(store.list({ status: 'acknowledged' })), [2]);
  assert.deepEqual(records(store.list({ status: 'new', host: 'WEB01' })), []);
  // A technique with LIKE wildcards in it matches nothing rather than everything.
  assert.deepEqual(records(store.list({ technique: '%' })), []);
});

test('facets, findings per technique and per host, and the change stamp', (t) => {
  const store = open(t);
  const facets = store.facets();
  assert.deepEqual(facets.rules[0], { id: 'r-mimikatz', title: 'title of r-mimikatz', findings: 2 });
  assert.deepEqual(facets.hosts, [{ host: 'DC01', findings: 2 }, { host: 'FS01', findings: 2 }, { host: 'WEB01', findings: 1 }]);
  const counts = Object.fromEntries(store.techniqueCounts().map((c) => [c.technique, [c.findings, c.topLevel]]));
  assert.deepEqual(counts, {
    T1003: [1, 4], 'T1003.001': [2, 4], T10030: [1, 1], T1059: [1, 2], 'T1505.003': [1, 2], 'T1560.001': [1, 1],
  });
  assert.deepEqual([...store.findingsPerHost()].sort(), [['DC01', 2], ['FS01', 2], ['WEB01', 1]]);
  const before = store.changeStamp();
  store.upsert(sample);
  assert.equal(store.changeStamp(), before, 'a replay changes nothing');
  store.triage(findingId(sample[0]!), { note: 'looked at it' }, 'alice (token-1)');
  const afterTriage = store.changeStamp();
  assert.notEqual(afterTriage, before);
  store.upsert([finding('2026-11-28T12:00:00.000Z', 'DC01', 'high', 'r-new', [], 6)]);
  assert.notEqual(store.changeStamp(), afterTriage);
});
