/**
 * EVTX benchmark: every file of the evtx-attack-samples corpus rendered to evtx_dump-shaped JSON
 * lines, by cellwatch on one thread and on all cores (in process, warm), by `cellwatch dump` as a
 * user runs it (one cold process for all files), and in the same run by the reference tools as a
 * user runs them: `evtxexport FILE` once per file (libevtx, C) and `evtx_dump.py FILE` once per
 * file (python-evtx). Absent tools print a skip line. Usage: node dist/bench/evtx.js [corpusDir]
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { iterateEvtxRecords } from '../src/sources/evtx/index.js';
import { ChunkWorkerPool, formatRecord } from '../src/sources/evtx/parallel.js';

interface Row {
  name: string;
  seconds: number;
  note?: string;
}

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

function oneThread(files: string[]): { seconds: number; records: number; chars: number } {
  const t0 = performance.now();
  let records = 0;
  let chars = 0;
  for (const f of files) {
    for (const rec of iterateEvtxRecords(f, { onProblem: () => {} })) {
      chars += formatRecord(rec, 'jsonl').length;
      records++;
    }
  }
  return { seconds: (performance.now() - t0) / 1000, records, chars };
}

/** All cores: a worker pool takes whole files, biggest first; warm (one untimed pass), best of 3. */
async function allThreads(files: string[], threads: number): Promise<{ seconds: number; records: number }> {
  const pool = new ChunkWorkerPool(threads);
  const order = [...files].sort((a, b) => statSync(b).size - statSync(a).size);
  const pass = async (): Promise<{ seconds: number; records: number }> => {
    const t0 = performance.now();
    const results = await Promise.all(order.map((f, id) => pool.run({ id, path: f, format: 'jsonl', carve: false })));
    return { seconds: (performance.now() - t0) / 1000, records: results.reduce((a, r) => a + r.records, 0) };
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

/** One cold process rendering every file serially to /dev/null (start-up and JIT included). */
function coldProcess(files: string[]): number | null {
  const devnull = openSync('/dev/null', 'w');
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--cold', ...files], { stdio: ['ignore', devnull, 'pipe'] });
  closeSync(devnull);
  return r.status === 0 ? (performance.now() - t0) / 1000 : null;
}

function has(cmd: string, args: string[]): boolean {
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  return r.error === undefined;
}

/** Run `cmd` once per file with output to /dev/null; wall seconds, or null when absent. */
function perFile(cmd: string, argsFor: (f: string) => string[], files: string[]): { seconds: number; failed: number } {
  const devnull = openSync('/dev/null', 'w');
  let failed = 0;
  const t0 = performance.now();
  try {
    for (const f of files) {
      const r = spawnSync(cmd, argsFor(f), { stdio: ['ignore', devnull, 'ignore'] });
      if (r.status !== 0) failed++;
    }
  } finally {
    closeSync(devnull);
  }
  return { seconds: (performance.now() - t0) / 1000, failed };
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

export async function runEvtxBench(corpusDir: string): Promise<void> {
  console.log('\n## evtx: the evtx-attack-samples corpus to JSON lines');
  if (!existsSync(corpusDir)) {
    console.log(`skipped: no corpus at ${corpusDir}`);
    return;
  }
  const files = evtxFiles(corpusDir);
  const bytes = files.reduce((a, f) => a + statSync(f).size, 0);
  const mb = bytes / 1048576;
  oneThread(files.slice(0, 20)); // warm-up (JIT)
  let best = oneThread(files);
  for (let i = 0; i < 2; i++) {
    const r = oneThread(files);
    if (r.seconds < best.seconds) best = r;
  }
  const records = best.records;
  console.log(`corpus: ${files.length} files, ${mb.toFixed(1)} MB, ${fmt(records)} records (${(best.chars / 1048576).toFixed(1)} MB of JSON lines)`);
  const rows: Row[] = [{ name: 'cellwatch, 1 thread (in process, best of 3)', seconds: best.seconds }];
  const cores = availableParallelism();
  if (cores > 1) {
    const r = await allThreads(files, cores);
    rows.push({ name: `cellwatch, ${cores} threads (worker pool by file, warm, best of 3)`, seconds: r.seconds, note: r.records === records ? '' : `records ${r.records}` });
  } else console.log('skipped: all-threads run (1 core)');
  const cold = coldProcess(files);
  if (cold !== null) rows.push({ name: 'cellwatch, 1 thread, one cold process for all files', seconds: cold });
  const cli = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
  {
    const devnull = openSync('/dev/null', 'w');
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [cli, 'dump', ...files], { stdio: ['ignore', devnull, 'pipe'] });
    closeSync(devnull);
    const s = (performance.now() - t0) / 1000;
    if (r.status === 0) rows.push({ name: '`cellwatch dump FILES…` (CLI, cold start)', seconds: s });
    else console.log(`skipped: cellwatch dump CLI failed (${String(r.stderr).trim().split('\n')[0]})`);
  }
  let evtxexport: number | null = null;
  if (has('evtxexport', ['-V'])) {
    const r = perFile('evtxexport', (f) => [f], files);
    evtxexport = r.seconds;
    rows.push({ name: 'evtxexport (libevtx), once per file', seconds: r.seconds, note: r.failed ? `${r.failed} files failed` : '' });
  } else console.log('skipped: evtxexport not installed (apt-get install libevtx-utils)');
  let python: number | null = null;
  const pyCmd = ['evtx_dump.py', 'evtx_dump'].find((c) => has(c, ['-h']));
  if (pyCmd) {
    const r = perFile(pyCmd, (f) => [f], files);
    python = r.seconds;
    rows.push({ name: `python-evtx (${pyCmd}), once per file`, seconds: r.seconds, note: r.failed ? `${r.failed} files failed` : '' });
  } else console.log('skipped: python-evtx not installed (apt-get install python3-evtx)');
  const one = best.seconds;
  console.log('| run | seconds | records/s | MB/s | time ÷ cellwatch 1 thread |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    const ratio = r === rows[0] ? '—' : `${(r.seconds / one).toFixed(1)}×`;
    console.log(`| ${r.name}${r.note ? ` (${r.note})` : ''} | ${r.seconds.toFixed(2)} | ${fmt(records / r.seconds)} | ${(mb / r.seconds).toFixed(1)} | ${ratio} |`);
  }
  if (evtxexport !== null) console.log(`cellwatch 1 thread vs evtxexport: ${(evtxexport / one).toFixed(1)}× faster`);
  if (python !== null) console.log(`cellwatch 1 thread vs python-evtx: ${(python / one).toFixed(0)}× faster`);
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
