/**
 * EVTX benchmark: every file of the evtx-attack-samples corpus rendered to evtx_dump-shaped JSON
 * lines, by cellwatch on one thread and on all cores (in process, warm), by `cellwatch dump` as a
 * user runs it (one cold process for all files), and in the same run by the reference tools as a
 * user runs them: `evtxexport FILE` once per file (libevtx, C) and `evtx_dump.py FILE` once per
 * file (python-evtx). Absent tools print a skip line. Usage: node dist/bench/evtx.js [corpusDir]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { iterateEvtxRecords } from '../src/sources/evtx/index.js';
import { ChunkWorkerPool, formatRecord } from '../src/sources/evtx/parallel.js';

function evtxFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.evtx')) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

/** Wall and CPU (user + system, all threads or child processes) seconds of one run. */
interface Timing {
  seconds: number;
  cpu: number;
}

function cpuNow(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

function oneThread(files: string[]): Timing & { records: number; chars: number } {
  const c0 = cpuNow();
  const t0 = performance.now();
  let records = 0;
  let chars = 0;
  for (const f of files) {
    for (const rec of iterateEvtxRecords(f, { onProblem: () => {} })) {
      chars += formatRecord(rec, 'jsonl').length;
      records++;
    }
  }
  return { seconds: (performance.now() - t0) / 1000, cpu: cpuNow() - c0, records, chars };
}

/** All cores: a worker pool takes whole files, biggest first; warm (one untimed pass), best of 3. */
async function allThreads(files: string[], threads: number): Promise<Timing & { records: number }> {
  const pool = new ChunkWorkerPool(threads);
  const order = [...files].sort((a, b) => statSync(b).size - statSync(a).size);
  const pass = async (): Promise<Timing & { records: number }> => {
    const c0 = cpuNow();
    const t0 = performance.now();
    const results = await Promise.all(order.map((f, id) => pool.run({ id, path: f, format: 'jsonl', carve: false })));
    return { seconds: (performance.now() - t0) / 1000, cpu: cpuNow() - c0, records: results.reduce((a, r) => a + r.records, 0) };
  };
  try {
    await pass();
    let best = await pass();
    for (let i = 0; i < 2; i++) {
      const r = await pass();
      if (r.seconds < best.seconds) best = r;
    }
    return best;
  } finally {
    await pool.close();
  }
}

/**
 * Run a shell loop (`$@` are the files) with stdout to /dev/null; bash's `times` gives the CPU
 * seconds of the children. Null when the loop fails (a tool missing or exiting non-zero).
 */
function shell(script: string, files: string[]): (Timing & { failed: number }) | null {
  const t0 = performance.now();
  const r = spawnSync('bash', ['-c', `failed=0; ${script}; echo "failed $failed"; times`, 'bench', ...files], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const seconds = (performance.now() - t0) / 1000;
  if (r.error || r.status !== 0) return null;
  const lines = r.stdout.trim().split('\n');
  const failed = Number(/failed (\d+)/.exec(r.stdout)?.[1] ?? 0);
  // `times`: shell user/sys, then children user/sys, as `0m1.234s 0m0.123s`.
  const toS = (t: string): number => {
    const m = /(\d+)m([\d.]+)s/.exec(t);
    return m ? Number(m[1]) * 60 + Number(m[2]) : 0;
  };
  const children = lines[lines.length - 1]!.split(/\s+/);
  return { seconds, cpu: toS(children[0]!) + toS(children[1]!), failed };
}

function has(cmd: string): boolean {
  return spawnSync('bash', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

interface Row extends Timing {
  name: string;
  note?: string;
}

export async function runEvtxBench(corpusDir: string): Promise<void> {
  console.log('\n## evtx: the evtx-attack-samples corpus to JSON lines');
  if (!existsSync(corpusDir)) {
    console.log(`skipped: no corpus at ${corpusDir}`);
    return;
  }
  const files = evtxFiles(corpusDir);
  const bytes = files.reduce((a, f) => a + statSync(f).size, 0);
  const mb = bytes / 1048576;
  oneThread(files); // warm-up (JIT)
  let best = oneThread(files);
  for (let i = 0; i < 2; i++) {
    const r = oneThread(files);
    if (r.seconds < best.seconds) best = r;
  }
  const records = best.records;
  console.log(`corpus: ${files.length} files, ${mb.toFixed(1)} MB, ${fmt(records)} records (${(best.chars / 1048576).toFixed(1)} MB of JSON lines); load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${availableParallelism()} cores`);
  const rows: Row[] = [{ name: 'cellwatch, 1 thread (in process, warm, best of 3)', seconds: best.seconds, cpu: best.cpu }];
  const cores = availableParallelism();
  if (cores > 1) {
    const r = await allThreads(files, cores);
    rows.push({ name: `cellwatch, ${cores} threads (worker pool by file, warm, best of 3)`, ...r, note: r.records === records ? '' : `records ${r.records}` });
  } else console.log('skipped: all-threads run (1 core)');
  const self = fileURLToPath(import.meta.url);
  const cold = shell(`"${process.execPath}" "${self}" --cold "$@" > /dev/null || failed=1`, files);
  if (cold && cold.failed === 0) rows.push({ name: 'cellwatch, 1 thread, one cold process for all files', ...cold });
  const cli = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
  const dump = shell(`"${process.execPath}" "${cli}" dump "$@" > /dev/null 2>&1 || failed=1`, files);
  if (dump && dump.failed === 0) rows.push({ name: '`cellwatch dump FILES…` (CLI, cold start)', ...dump });
  else console.log('skipped: `cellwatch dump` CLI did not run');
  let evtxexport: Row | null = null;
  if (has('evtxexport')) {
    const r = shell('for f in "$@"; do evtxexport "$f" > /dev/null 2>&1 || failed=$((failed+1)); done', files);
    if (r) rows.push((evtxexport = { name: 'evtxexport (libevtx), once per file', ...r, note: r.failed ? `${r.failed} files failed` : '' }));
  } else console.log('skipped: evtxexport not installed (apt-get install libevtx-utils)');
  let python: Row | null = null;
  const pyCmd = ['evtx_dump.py', 'evtx_dump'].find((c) => has(c));
  if (pyCmd) {
    const r = shell(`for f in "$@"; do ${pyCmd} "$f" > /dev/null 2>&1 || failed=$((failed+1)); done`, files);
    if (r) rows.push((python = { name: `python-evtx (${pyCmd}), once per file`, ...r, note: r.failed ? `${r.failed} files failed` : '' }));
  } else console.log('skipped: python-evtx not installed (apt-get install python3-evtx)');
  const one = rows[0]!;
  console.log('| run | wall s | CPU s | records/s | MB/s | wall ÷ cellwatch 1 thread | CPU ÷ cellwatch 1 thread |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    const ratio = (x: number, y: number): string => (r === one ? '—' : `${(x / y).toFixed(1)}×`);
    console.log(`| ${r.name}${r.note ? ` (${r.note})` : ''} | ${r.seconds.toFixed(2)} | ${r.cpu.toFixed(2)} | ${fmt(records / r.seconds)} | ${(mb / r.seconds).toFixed(1)} | ${ratio(r.seconds, one.seconds)} | ${ratio(r.cpu, one.cpu)} |`);
  }
  const coldRow = rows.find((r) => r.name.startsWith('cellwatch, 1 thread, one cold'));
  for (const ref of [evtxexport, python]) {
    if (ref === null) continue;
    const tool = ref.name.split(',')[0]!;
    let line = `cellwatch 1 thread vs ${tool}: ${(ref.seconds / one.seconds).toFixed(1)}× faster wall, ${(ref.cpu / one.cpu).toFixed(1)}× less CPU`;
    if (coldRow) line += `; cold process: ${(ref.seconds / coldRow.seconds).toFixed(1)}× faster wall, ${(ref.cpu / coldRow.cpu).toFixed(1)}× less CPU`;
    console.log(line);
  }
}

if (process.argv[2] === '--cold') {
  let buffered = '';
  for (const f of process.argv.slice(3)) {
    for (const rec of iterateEvtxRecords(f, { onProblem: () => {} })) {
      buffered += formatRecord(rec, 'jsonl');
      if (buffered.length > 1 << 16) {
        process.stdout.write(buffered);
        buffered = '';
      }
    }
  }
  process.stdout.write(buffered);
} else if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const dir = process.argv[2] ?? path.resolve(fileURLToPath(import.meta.url), '..', '..', '..', '..', 'shared', 'corpus', 'evtx-attack-samples');
  await runEvtxBench(dir);
}
