import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Detector } from '../../src/findings/detector.js';
import type { Finding } from '../../src/findings/finding.js';
import { findingId } from '../../src/findings/finding-id.js';
import type { FindingStore } from '../../src/store/finding-store.js';
import { DetectionLoop } from '../../src/serve/detection-loop.js';
import { SegmentLog } from '../../src/serve/segment-log.js';

/** A store that keeps findings by id in memory and fails its first `failures` upserts. */
function memoryStore(failures: number): FindingStore & { ids: Map<string, Finding> } {
  const ids = new Map<string, Finding>();
  let left = failures;
  return {
    ids,
    upsert(findings) {
      if (left-- > 0) throw new Error('database or disk is full');
      let added = 0;
      for (const f of findings) if (!ids.has(findingId(f))) { ids.set(findingId(f), f); added++; }
      return added;
    },
    query: () => [], get: () => undefined, lastAdded: () => ids.size, added: () => ({ findings: [], more: 0 }), triage: () => false, history: () => [], noteHosts: () => undefined,
    hosts: () => [], recordIngest: () => undefined, ingestTotals: () => [], close: () => undefined,
  };
}

/** Emits one finding per event with `alert`, and at flush a finding with how many it has seen in all. */
function countingDetector(): Detector {
  let seen = 0;
  return {
    name: 'sigma',
    stateHorizonMs: 3_600_000,
    examine(event, emit) {
      seen++;
      if (event.fields['alert']) {
        emit({ ts: new Date(event.time).toISOString(), detector: 'sigma', rule: { id: 'alert', title: 'alert', level: 'high' },
          attack: [], host: 'H', source: event.source, matched: { alert: event.fields['alert'] }, event: event.fields });
      }
    },
    flush(_watermark, emit) {
      emit({ ts: '', detector: 'sigma', rule: { id: 'seen', title: 'seen', level: 'low' }, attack: [], host: '',
        source: { path: 'state', record: 0, format: '' }, matched: { seen }, event: null });
    },
  };
}

test('after a store error detection retries from replayFrom with fresh detectors: nothing lost, state not doubled', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cellwatch-detect-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const log = await SegmentLog.open(dir);
  const T0 = Date.parse('2026-11-28T10:00:00Z');
  const events = Array.from({ length: 10 }, (_, i) => Buffer.from(JSON.stringify({ '@timestamp': new Date(T0 + i * 1000).toISOString(), alert: i % 3 === 0 ? `a${i}` : '' })));
  await log.append(events);
  const store = memoryStore(1);
  const problems: string[] = [];
  let built = 0;
  const loop = new DetectionLoop(log, store, () => { built++; return [countingDetector()]; }, { retryMs: 10, onProblem: (l) => problems.push(l) });
  loop.start();
  for (let i = 0; i < 300 && loop.processed < 10; i++) await new Promise((r) => setTimeout(r, 10));
  await loop.stop();
  assert.equal(loop.processed, 10);
  assert.equal(built, 2, 'fresh detectors for the retry');
  assert.match(problems[0]!, /^detection: database or disk is full; retrying in 0.01 s$/);
  const alerts = [...store.ids.values()].filter((f) => f.rule.id === 'alert').map((f) => f.source.record).sort((a, b) => a - b);
  assert.deepEqual(alerts, [1, 4, 7, 10]);
  const seen = [...store.ids.values()].filter((f) => f.rule.id === 'seen').map((f) => f.matched['seen']);
  assert.deepEqual(seen, [10], 'each event counted once by the detectors that stored the batch');
  assert.deepEqual(log.loadCheckpoint(), { offset: 10, replayFrom: 0 });
  await log.close();
});
