import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Finding } from '../../src/findings/finding.js';
import { encodeFlatEvent } from '../../src/serve/log-event.js';
import { SegmentLog } from '../../src/serve/segment-log.js';
import { surroundingEvents } from '../../src/serve/dashboard/surrounding-events.js';

function finding(record: number, sourcePath = 'serve-log'): Finding {
  return {
    ts: '2026-11-28T10:00:00.000Z', detector: 'sigma', rule: { id: 'r', title: 'r', level: 'high' }, attack: [], host: 'DC01',
    source: { path: sourcePath, record, format: 'jsonl' }, matched: {}, event: {},
  };
}

test('surrounding events: the same host only, within the window, and a note when there is nothing to show', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cellwatch-context-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const log = await SegmentLog.open(dir);
  t.after(() => log.close());
  // Records 0..59: DC01 on every third, FS01 otherwise; record 7 is not an event at all.
  const records = [...Array(60).keys()].map((i) => (i === 7 ? Buffer.from('{not json')
    : encodeFlatEvent('evtx', Date.parse('2026-11-28T10:00:00Z') + i * 1000, { Computer: i % 3 === 0 ? 'DC01' : 'FS01', EventID: 4688, n: i })));
  await log.append(records);

  const around = await surroundingEvents(log, finding(34));
  assert.equal(around.note, '');
  assert.equal(around.host, 'DC01');
  assert.equal(around.event?.offset, 33);
  assert.deepEqual(around.before.map((e) => e.offset), [3, 6, 9, 12, 15, 18, 21, 24, 27, 30], 'the nearest 10 of 11');
  assert.deepEqual(around.after.map((e) => e.offset), [36, 39, 42, 45, 48, 51, 54, 57]);
  assert.equal(around.before[0]!.time, '2026-11-28T10:00:03.000Z');

  const fs = await surroundingEvents(log, finding(9)); // record 8: FS01; record 7 is skipped, not shown
  assert.equal(fs.host, 'FS01');
  assert.deepEqual(fs.before.map((e) => e.offset), [1, 2, 4, 5]);
  assert.deepEqual(fs.after.slice(0, 3).map((e) => e.offset), [10, 11, 13]);

  assert.match((await surroundingEvents(log, finding(3, 'logs/dc01.evtx'))).note, /does not come from the event log/);
  assert.match((await surroundingEvents(log, finding(61))).note, /not in the log/);
  assert.match((await surroundingEvents(log, finding(8))).note, /could not be read/);
});
