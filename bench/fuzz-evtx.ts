/**
 * `npm run fuzz`: the long EVTX fuzz run (default 100,000 cases; `node dist/bench/fuzz-evtx.js
 * [cases] [seed]`). Prints the case count, throughput and any failure; exit code 1 on failure.
 */
import { fuzzSeeds, runFuzz } from '../test/evtx/fuzz-harness.js';

const cases = Number(process.argv[2] ?? 100_000);
const seed = Number(process.argv[3] ?? 0x5eed);
const seeds = fuzzSeeds(80);
const t0 = performance.now();
let done = 0;
let records = 0;
let problems = 0;
let slowest = 0;
const failures: string[] = [];
const slice = 5000;
while (done < cases) {
  const n = Math.min(slice, cases - done);
  const r = runFuzz(seeds, n, seed + done, 5000);
  done += r.cases;
  records += r.records;
  problems += r.problems;
  slowest = Math.max(slowest, r.slowestMs);
  failures.push(...r.failures);
  process.stderr.write(`\r${done}/${cases} cases, ${failures.length} failures`);
}
process.stderr.write('\n');
const s = (performance.now() - t0) / 1000;
console.log(`fuzz-evtx: ${done} cases over ${seeds.length} seed files in ${s.toFixed(1)} s (${(done / s).toFixed(0)} cases/s); ${records} records rendered, ${problems} problems reported, slowest case ${slowest.toFixed(1)} ms, ${failures.length} failures`);
for (const f of failures.slice(0, 20)) console.log(f);
if (failures.length > 0) process.exitCode = 1;
