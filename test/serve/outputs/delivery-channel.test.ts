import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Finding } from '../../../src/findings/finding.js';
import { SqliteFindingStore } from '../../../src/store/sqlite-finding-store.js';
import { DeliveryChannel } from '../../../src/serve/outputs/delivery-channel.js';
import { DeliveryPosition } from '../../../src/serve/outputs/delivery-position.js';
import { waitFor } from './output-fixtures.js';

const finding = (record: number, level: Finding['rule']['level'] = 'high'): Finding => ({
  ts: new Date(Date.parse('2026-11-28T22:00:00Z') + record * 1000).toISOString(), detector: 'sigma',
  rule: { id: 'r1', title: 'Rule one', level }, attack: [], host: 'WS-0142',
  source: { path: 'serve-log', record, format: 'jsonl' }, matched: { CommandLine: `run ${record}` }, event: {},
});

test('delivery channel: a new output starts at the store end; the position is saved and resumed; a new database restarts at its end', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cellwatch-channel-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const lines: string[] = [];
  const sent: number[] = [];
  /** Opens the database, stores `first`, then builds the channel. */
  const open = (db: string, first: Finding[] = []): { store: SqliteFindingStore; channel: DeliveryChannel } => {
    const store = new SqliteFindingStore(path.join(dir, db));
    store.upsert(first);
    const channel = new DeliveryChannel(store, async (f) => { sent.push(f.source.record); }, {
      name: 'test output', minLevel: 'medium', capacity: 100, backoff: { baseMs: 10, maxMs: 10 },
      position: new DeliveryPosition(path.join(dir, 'outputs'), 'test output'), say: (l) => lines.push(l),
    });
    return { store, channel };
  };

  let { store, channel } = open('a.db', [finding(1), finding(2)]);
  channel.start();
  store.upsert([finding(3), finding(4, 'low'), finding(5, 'critical')]);
  channel.pull();
  await waitFor('two deliveries', () => sent.length === 2);
  assert.deepEqual(sent, [3, 5], 'history before the first start is not sent; low is below the level');
  await channel.stop();
  assert.equal(channel.stats().position, 5);
  store.upsert([finding(6)]); // stored while the output was stopped
  store.close();

  ({ store, channel } = open('a.db'));
  channel.start();
  await waitFor('the finding stored while stopped', () => sent.length === 3);
  assert.deepEqual(sent, [3, 5, 6]);
  await channel.stop();
  store.close();

  ({ store, channel } = open('b.db', [finding(7)]));
  channel.start();
  store.upsert([finding(8)]);
  channel.pull();
  await waitFor('a delivery from the new database', () => sent.length === 4);
  assert.deepEqual(sent, [3, 5, 6, 8]);
  assert.ok(lines.some((l) => /saved position 6 is past the store's end/.test(l)), lines.join('\n'));
  await channel.stop();
  store.close();
});
