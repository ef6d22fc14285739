import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getEventListeners } from 'node:events';
import { SegmentLog } from '../../src/serve/segment-log.js';

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cellwatch-log-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const rec = (i: number): Buffer => Buffer.from(JSON.stringify({ n: i, pad: 'x'.repeat(i % 50) }));

async function readAll(log: SegmentLog, from = 0): Promise<{ offsets: number[]; texts: string[] }> {
  const offsets: number[] = [];
  const texts: string[] = [];
  let at = from;
  for (;;) {
    const { entries, next } = await log.read(at, 7);
    if (entries.length === 0 && next === at) break;
    for (const e of entries) { offsets.push(e.offset); texts.push(e.data.toString()); }
    at = next;
  }
  return { offsets, texts };
}

test('appends get contiguous offsets across segments and survive a reopen', async (t) => {
  const dir = tempDir(t);
  const log = await SegmentLog.open(dir, { segmentBytes: 200 });
  for (let k = 0; k < 3; k++) assert.equal(await log.append([rec(k * 10), rec(k * 10 + 1), rec(k * 10 + 2)]), k * 3);
  // Concurrent appends are grouped (group commit) but each keeps its records together and in order.
  const firsts = await Promise.all([3, 4].map((k) => log.append([rec(k * 10), rec(k * 10 + 1), rec(k * 10 + 2)])));
  assert.deepEqual([...firsts].sort((a, b) => a - b), [9, 12]);
  assert.equal(log.endOffset, 15);
  assert.ok(readdirSync(dir).filter((n) => n.endsWith('.seg')).length > 1, 'several segments');
  const before = await readAll(log);
  assert.deepEqual(before.offsets, [...Array(15).keys()]);
  await log.close();
  const again = await SegmentLog.open(dir, { segmentBytes: 200 });
  assert.equal(again.endOffset, 15);
  assert.deepEqual(await readAll(again), before);
  assert.equal(await again.append([rec(99)]), 15);
  assert.deepEqual((await readAll(again, 14)).offsets, [14, 15]);
  await again.close();
});

test('a torn tail is truncated with a warning on open; earlier records stay', async (t) => {
  const dir = tempDir(t);
  const log = await SegmentLog.open(dir);
  await log.append([rec(1), rec(2), rec(3)]);
  await log.close();
  const seg = path.join(dir, readdirSync(dir).find((n) => n.endsWith('.seg'))!);
  const good = statSync(seg).size;
  // A crash mid-write: a header that promises 500 bytes, then only a few.
  const torn = Buffer.alloc(20);
  torn.writeUInt32LE(500, 0);
  appendFileSync(seg, torn);
  const warnings: string[] = [];
  const again = await SegmentLog.open(dir, { onWarning: (l) => warnings.push(l) });
  assert.equal(again.endOffset, 3);
  assert.equal(statSync(seg).size, good);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /byte \d+: record cut short; truncated 20 bytes/);
  assert.equal(await again.append([rec(4)]), 3);
  assert.deepEqual((await readAll(again)).offsets, [0, 1, 2, 3]);
  await again.close();
});

test('a checksum mismatch in the last segment truncates from that record', async (t) => {
  const dir = tempDir(t);
  const log = await SegmentLog.open(dir);
  await log.append([rec(1), rec(2), rec(3)]);
  await log.close();
  const seg = path.join(dir, readdirSync(dir).find((n) => n.endsWith('.seg'))!);
  const bytes = readFileSync(seg);
  const second = 8 + rec(1).length;
  bytes[second + 8 + 2] ^= 0xff; // flip a payload byte of record 1
  writeFileSync(seg, bytes);
  const warnings: string[] = [];
  const again = await SegmentLog.open(dir, { onWarning: (l) => warnings.push(l) });
  assert.equal(again.endOffset, 1);
  assert.match(warnings[0]!, new RegExp(`byte ${second}: checksum mismatch`));
  await again.close();
});

test('corruption inside an older segment is skipped with a warning when read, never fatal', async (t) => {
  const dir = tempDir(t);
  const log = await SegmentLog.open(dir, { segmentBytes: 100 });
  for (let i = 0; i < 10; i++) await log.append([rec(i)]);
  await log.close();
  const names = readdirSync(dir).filter((n) => n.endsWith('.seg')).sort();
  assert.ok(names.length >= 3);
  const first = path.join(dir, names[0]!);
  const bytes = readFileSync(first);
  bytes[10] ^= 0xff;
  writeFileSync(first, bytes);
  const warnings: string[] = [];
  const again = await SegmentLog.open(dir, { segmentBytes: 100, onWarning: (l) => warnings.push(l) });
  const all = await readAll(again);
  const lost = Number(names[1]!.slice(0, 20));
  assert.deepEqual(all.offsets, [...Array(10).keys()].filter((o) => o >= lost));
  assert.match(warnings.join('\n'), /checksum mismatch; records 0 to \d+ skipped/);
  await again.close();
});

test('checkpoints round-trip; retention removes old segments but never unprocessed ones', async (t) => {
  const dir = tempDir(t);
  const log = await SegmentLog.open(dir, { segmentBytes: 100 });
  for (let i = 0; i < 8; i++) await log.append([rec(i)]);
  assert.equal(log.loadCheckpoint(), undefined);
  log.commitCheckpoint({ offset: 5, replayFrom: 3 });
  assert.deepEqual(log.loadCheckpoint(), { offset: 5, replayFrom: 3 });
  const segs = (): number => readdirSync(dir).filter((n) => n.endsWith('.seg')).length;
  const before = segs();
  assert.equal(log.applyRetention({ maxAgeMs: 0, maxBytes: 0 }, 5), 0, 'no limits: nothing removed');
  const removed = log.applyRetention({ maxAgeMs: 0, maxBytes: 1 }, 5);
  assert.ok(removed > 0);
  assert.equal(segs(), before - removed);
  assert.ok(log.startOffset > 0 && log.startOffset <= 5, 'the segment holding record 5 is kept');
  const rest = await readAll(log);
  assert.equal(rest.offsets[0], log.startOffset);
  assert.equal(rest.offsets.at(-1), 7);
  await log.close();
});

test('waitFor resolves when an append makes a record durable', async (t) => {
  const dir = tempDir(t);
  const log = await SegmentLog.open(dir);
  let woke = false;
  const waiting = log.waitFor(0).then(() => { woke = true; });
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(woke, false);
  await log.append([rec(1)]);
  await waiting;
  assert.equal(woke, true);
  // Waits that end with an append leave no abort listener behind (detection waits once per idle moment).
  const stop = new AbortController();
  for (let i = 1; i <= 20; i++) {
    const w = log.waitFor(i, stop.signal);
    await log.append([rec(i)]);
    await w;
  }
  assert.equal(getEventListeners(stop.signal, 'abort').length, 0);
  const idle = log.waitFor(100, stop.signal);
  stop.abort();
  await idle;
  await log.close();
});

test('decoded values given to append come back once with read; a reopened log has only the bytes', async (t) => {
  const dir = tempDir(t);
  const log = await SegmentLog.open(dir);
  await log.append([rec(1), rec(2)], [{ n: 1 }, undefined]);
  const first = await log.read(0, 10);
  assert.deepEqual(first.entries.map((e) => e.parsed), [{ n: 1 }, undefined]);
  assert.deepEqual((await log.read(0, 10)).entries.map((e) => e.parsed), [undefined, undefined], 'handed on once');
  await log.append([rec(3)], [{ n: 3 }]);
  await log.close();
  const again = await SegmentLog.open(dir);
  const all = await again.read(0, 10);
  assert.deepEqual(all.entries.map((e) => [e.offset, e.parsed]), [[0, undefined], [1, undefined], [2, undefined]]);
  assert.equal(all.entries[2]!.data.toString(), rec(3).toString());
  await again.close();
});

test('a detached read (the dashboard) returns the same records and leaves the parsed values held for detection', async (t) => {
  const dir = tempDir(t);
  const log = await SegmentLog.open(dir, { segmentBytes: 300 });
  const values = [...Array(12).keys()].map((i) => ({ n: i }));
  await log.append(values.map((v) => Buffer.from(JSON.stringify(v))), values);
  // Detection has read the first 4 records; the dashboard looks around record 8, then at 0..5.
  const first = await log.read(0, 4);
  assert.deepEqual(first.entries.map((e) => e.parsed), values.slice(0, 4));
  const around = await log.read(6, 5, { detached: true });
  assert.deepEqual(around.entries.map((e) => JSON.parse(e.data.toString()) as unknown), values.slice(6, 11));
  assert.ok(around.entries.every((e) => e.parsed === undefined), 'the dashboard gets bytes only');
  const early = await log.read(0, 6, { detached: true });
  assert.deepEqual(early.entries.map((e) => e.offset), [0, 1, 2, 3, 4, 5]);
  // Detection goes on where it was and still gets its parsed values.
  const rest = await log.read(first.next, 100);
  assert.deepEqual(rest.entries.map((e) => e.offset), [4, 5, 6, 7, 8, 9, 10, 11]);
  assert.deepEqual(rest.entries.map((e) => e.parsed), values.slice(4));
  await log.close();
});
