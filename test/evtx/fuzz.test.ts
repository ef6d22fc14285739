/**
 * Fuzzing in the default suite: a few thousand mutated files (real samples when ../shared is
 * there, byte-built ones otherwise). Every case must finish without an exception and within a
 * time bound; problems are reported, never thrown. `npm run fuzz` runs the long version.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fuzzSeeds, runFuzz } from './fuzz-harness.js';

test('fuzz: 3000 mutated EVTX files, no exception, no hang', { timeout: 120_000 }, () => {
  const seeds = fuzzSeeds();
  const r = runFuzz(seeds, 3000, 0xc311, 2000);
  console.log(`# fuzz: ${r.cases} cases over ${seeds.length} seeds, ${r.records} records, ${r.problems} problems reported, slowest ${r.slowestMs.toFixed(1)} ms`);
  assert.deepEqual(r.failures.slice(0, 5), []);
  assert.ok(r.problems > 0, 'mutations must produce reported problems');
});
