/**
 * The durability promise, tested on a real `cellwatch serve` process: a client sends bulk batches
 * over loopback while the server is killed with SIGKILL at seeded random moments and restarted.
 * Then: every acknowledged event is in the log, and the stored findings equal those of an offline
 * `hunt` over the events in the log.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../../scripts/seeded-random.js';
import { runHunt } from '../../src/engine/hunt.js';
import type { Finding } from '../../src/findings/finding.js';
import { SegmentLog } from '../../src/serve/segment-log.js';
import { bulkBody, winlogbeatEvents } from './winlogbeat-events.js';
import { withoutSource } from './serve-helpers.js';

const main = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'cli', 'main.js');

interface Server {
  child: ChildProcess;
  base: string;
}

async function startServer(dataDir: string): Promise<Server> {
  const child = spawn(process.execPath, [main, 'serve', '--listen', '127.0.0.1:0', '--data', dataDir], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  const base = await new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /listening on (http:\/\/[^\s]+)/.exec(err);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`serve exited (${code}): ${err}`)));
  });
  child.stderr!.resume();
  return { child, base };
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

test('kill -9 under load: every acknowledged event is in the log, findings equal an offline hunt', { timeout: 120_000 }, async (t) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cellwatch-durable-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const events = winlogbeatEvents(3000, 11, 0.03);
  const rnd = seededRandom(2026);
  const BATCH = 50;
  const acked = new Set<number>();
  let next = 0;
  let kills = 0;
  let server = await startServer(dataDir);
  const token = readFileSync(path.join(dataDir, 'token'), 'utf8').trim();
  const send = async (base: string, from: number): Promise<boolean> => {
    const batch = events.slice(from, from + BATCH);
    try {
      const res = await fetch(`${base}/_bulk`, { method: 'POST', body: bulkBody(batch), headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/x-ndjson' } });
      if (res.status !== 200) return false;
      const body = (await res.json()) as { items: { create: { status: number } }[] };
      body.items.forEach((item, i) => { if (item.create.status === 201) acked.add(from + i); });
      return true;
    } catch {
      return false; // the server died mid-request: not acknowledged, the client sends it again
    }
  };

  while (next < events.length) {
    if (kills < 3 && next >= (kills + 1) * 700) {
      // Kill while two requests are in flight, after a seeded random delay.
      const inflight = [send(server.base, next), send(server.base, next + BATCH)];
      await new Promise((r) => setTimeout(r, Math.floor(rnd() * 40)));
      server.child.kill('SIGKILL');
      await Promise.all(inflight);
      await killed(server.child);
      kills++;
      server = await startServer(dataDir);
      // Resend what was not acknowledged from the interrupted batches.
      continue;
    }
    if (await send(server.base, next)) next += BATCH;
  }
  // Everything acknowledged or resent: make sure the interrupted batches were acknowledged in full.
  for (let i = 0; i < events.length; i += BATCH) {
    if (!events.slice(i, i + BATCH).every((_, k) => acked.has(i + k))) assert.ok(await send(server.base, i));
  }
  assert.equal(kills, 3);
  assert.equal(acked.size, events.length);

  // Wait for detection, then stop cleanly (SIGTERM) and read what was stored.
  const auth = { Authorization: `Bearer ${token}` };
  for (let i = 0; ; i++) {
    const s = (await (await fetch(`${server.base}/api/v1/status`, { headers: auth })).json()) as { log: { end: number }; detection: { processed: number } };
    if (s.detection.processed >= s.log.end) break;
    assert.ok(i < 1500, 'detection caught up');
    await new Promise((r) => setTimeout(r, 20));
  }
  const live = (await (await fetch(`${server.base}/api/v1/findings`, { headers: auth })).text()).split('\n').filter(Boolean).map((l) => JSON.parse(l) as Finding);
  server.child.kill('SIGTERM');
  await killed(server.child);
  assert.equal(server.child.exitCode, 0);

  const log = await SegmentLog.open(path.join(dataDir, 'log'));
  const texts: string[] = [];
  const inLog = new Set<number>();
  for (let at = 0; ;) {
    const { entries, next: n } = await log.read(at, 1000);
    if (entries.length === 0) break;
    for (const e of entries) {
      texts.push(e.data.toString());
      inLog.add((JSON.parse(texts.at(-1)!) as { labels: { seq: number } }).labels.seq);
    }
    at = n;
  }
  await log.close();
  for (const seq of acked) assert.ok(inLog.has(seq), `acknowledged event ${seq} is in the log`);
  t.diagnostic(`${events.length} events, ${kills} kills, ${texts.length} log records (resent after a kill: ${texts.length - events.length})`);

  const huntDir = mkdtempSync(path.join(tmpdir(), 'cellwatch-durable-hunt-'));
  t.after(() => rmSync(huntDir, { recursive: true, force: true }));
  writeFileSync(path.join(huntDir, 'log.jsonl'), `${texts.join('\n')}\n`);
  const hunt = await runHunt({ inputs: [huntDir], rulePaths: [], intelFiles: [], noBuiltin: false, minLevel: 'informational', threads: 1 },
    { name: 'cellwatch', version: 'test' });
  const offline = await hunt.findings.toArray();
  assert.ok(offline.length > 50, `attack events were detected (${offline.length})`);
  assert.equal(live.length, offline.length, 'no finding lost or duplicated by the kills');
  assert.deepEqual(live.map(withoutSource).sort(), offline.map(withoutSource).sort());
  // Same records: the live finding's log record is the hunt's line.
  assert.deepEqual(live.map((f) => `${f.rule.id}@${f.source.record}`).sort(), offline.map((f) => `${f.rule.id}@${f.source.record}`).sort());
});
