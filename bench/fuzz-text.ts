/**
 * `npm run fuzz` (after the EVTX run): the long text-reader fuzz run over JSONL, JSON, XML, W3C,
 * Zeek and CSV seeds, plain, gzipped and UTF-16 (default 20,000 cases; `node dist/bench/fuzz-text.js
 * [cases] [seed]`). Prints the case count, throughput and any failure; exit code 1 on failure.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTextFuzz } from '../test/sources/fuzz-text-harness.js';

const cases = Number(process.argv[2] ?? 20_000);
const seed = Number(process.argv[3] ?? 0x5eed);
const dir = mkdtempSync(join(tmpdir(), 'cellwatch-fuzz-text-'));
const t0 = performance.now();
let done = 0;
let events = 0;
let problems = 0;
let unknown = 0;
let slowest = 0;
const failures: string[] = [];
const slice = 500;
try {
  while (done < cases) {
    const n = Math.min(slice, cases - done);
    const r = await runTextFuzz(dir, n, seed + done, 10_000);
    done += r.cases;
    events += r.events;
    problems += r.problems;
    unknown += r.unknown;
    slowest = Math.max(slowest, r.slowestMs);
    failures.push(...r.failures);
    process.stderr.write(`\r${done}/${cases} cases, ${failures.length} failures`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.stderr.write('\n');
const s = (performance.now() - t0) / 1000;
console.log(`fuzz-text: ${done} cases in ${s.toFixed(1)} s (${(done / s).toFixed(0)} cases/s); ${events} events read, ${problems} problems reported, ${unknown} undetected, slowest case ${slowest.toFixed(1)} ms, ${failures.length} failures`);
for (const f of failures.slice(0, 20)) console.log(f);
if (failures.length > 0) process.exitCode = 1;
