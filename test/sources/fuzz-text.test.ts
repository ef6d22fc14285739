/**
 * The deterministic slice of the text-reader fuzz run (`npm run fuzz` runs the long one): seeded
 * mutations of JSONL, JSON, XML, W3C, Zeek and CSV files, plain, gzipped and UTF-16, each read to
 * the end with problems reported, never thrown, and no case stalling.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { runTextFuzz } from './fuzz-text-harness.js';
import { TempDir } from './helpers.js';

const tmp = new TempDir();
after(() => tmp.remove());

test('fuzz: 420 mutated text logs of every format, no exception, no stall, nothing lost silently', { timeout: 300_000 }, async () => {
  const r = await runTextFuzz(tmp.dir, 420, 0x7e57, 10_000);
  console.log(`# fuzz-text: ${r.cases} cases, ${r.events} events, ${r.problems} problems reported, ${r.unknown} undetected, slowest ${r.slowestMs.toFixed(1)} ms`);
  assert.deepEqual(r.failures.slice(0, 5), []);
  assert.equal(r.cases, 420);
  assert.ok(r.problems > 0 && r.events > 0);
});
