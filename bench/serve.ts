/**
 * Serve benchmark (`npm run bench serve`): live detection against the offline hunt on the same
 * Winlogbeat events, with the built-in rules and intel.
 *   1. offline: `hunt` over the events as one JSONL file, one thread (serve detects on one thread).
 *   2. sustained ingest: a local client sends Elasticsearch bulk requests (1,000 events, 4 in
 *      flight) to an in-process `serve`; events/s from the first request until detection has
 *      processed the last event (acknowledged = fsynced in the log, findings stored).
 *   3. latency at half that load: batches paced at half the sustained rate; for each batch, the
 *      time from its acknowledgement until detection has stored its findings; p50/p99.
 * Memory: RSS and heap sampled every 10 s during the paced run; with `--minutes N`
 * (`node dist/bench/run.js serve --minutes 10`) the paced run lasts N minutes and the bench says
 * whether memory is flat: the mean of the last third of the samples within 10% of the first third's.
 * The log keeps at most 1 GiB (retention) so a long run does not fill the disk.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runHunt } from '../src/engine/hunt.js';
import { DEFAULT_LIMITS, DEFAULT_RETENTION, ServeApp } from '../src/serve/serve-app.js';
import { bulkBody, winlogbeatEvents } from '../test/serve/winlogbeat-events.js';

const BATCH = 1000;
const IN_FLIGHT = 8;

async function offline(file: string): Promise<{ eps: number; findings: number }> {
  const t0 = performance.now();
  const r = await runHunt({ inputs: [file], rulePaths: [], intelFiles: [], noBuiltin: false, minLevel: 'informational', threads: 1 },
    { name: 'bench', version: '0' });
  const findings = (await r.findings.toArray()).length;
  return { eps: r.summary.events / ((performance.now() - t0) / 1000), findings };
}

async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 1));
}

async function sustained(app: ServeApp, base: string, token: string, bodies: string[], events: number): Promise<number> {
  const start = app.log.endOffset;
  const t0 = performance.now();
  let nextBody = 0;
  const worker = async (): Promise<void> => {
    while (nextBody < bodies.length) {
      const body = bodies[nextBody++]!;
      const res = await fetch(`${base}/_bulk`, { method: 'POST', body, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/x-ndjson' } });
      if (res.status !== 200) throw new Error(`bulk: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  await until(() => app.detection.processed >= start + events);
  return events / ((performance.now() - t0) / 1000);
}

async function paced(app: ServeApp, base: string, token: string, bodies: string[], rate: number, seconds: number): Promise<number[]> {
  const latencies: number[] = [];
  const interval = (BATCH / rate) * 1000;
  const deadline = performance.now() + seconds * 1000;
  const pending: Promise<void>[] = [];
  for (let i = 0; performance.now() < deadline; i++) {
    const due = performance.now() + interval;
    const body = bodies[i % bodies.length]!;
    pending.push((async () => {
      const res = await fetch(`${base}/_bulk`, { method: 'POST', body, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/x-ndjson' } });
      const acked = performance.now();
      const items = ((await res.json()) as { items: { create: { _seq_no: number } }[] }).items;
      const last = items.at(-1)!.create._seq_no;
      await until(() => app.detection.processed > last);
      latencies.push(performance.now() - acked);
    })());
    await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
  }
  await Promise.all(pending);
  return latencies.sort((a, b) => a - b);
}

interface MemorySample { rss: number; heap: number }

/** Samples RSS and heap (MiB) every `everyMs` until stopped. */
function sampleMemory(everyMs: number): { samples: MemorySample[]; stop: () => void } {
  const samples: MemorySample[] = [];
  const take = (): void => {
    const m = process.memoryUsage();
    samples.push({ rss: m.rss / 2 ** 20, heap: m.heapUsed / 2 ** 20 });
  };
  take();
  const timer = setInterval(take, everyMs);
  return { samples, stop: () => { clearInterval(timer); take(); } };
}

/** Mean of the first and the last third of the samples, and whether the last is within 10% of the first. */
function flatness(values: number[]): { first: number; last: number; flat: boolean } {
  const third = Math.max(1, Math.floor(values.length / 3));
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const first = mean(values.slice(0, third));
  const last = mean(values.slice(-third));
  return { first, last, flat: last <= first * 1.1 };
}

const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

export async function runServeBench(events = 60_000, pacedSeconds = 15): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cellwatch-bench-serve-'));
  try {
    const list = winlogbeatEvents(events, 7, 0.02);
    const file = path.join(dir, 'events.jsonl');
    writeFileSync(file, list.map((e) => JSON.stringify(e)).join('\n') + '\n');
    const hunt = await offline(file);
    const bodies: string[] = [];
    for (let i = 0; i < list.length; i += BATCH) bodies.push(bulkBody(list.slice(i, i + BATCH)));
    const app = await ServeApp.start({
      host: '127.0.0.1', port: 0, dataDir: path.join(dir, 'data'), detectors: { rulePaths: [], intelFiles: [], noBuiltin: false },
      limits: DEFAULT_LIMITS, eventsPerSecond: 0, latenessMs: 60_000, retention: { ...DEFAULT_RETENTION, maxBytes: 2 ** 30 }, say: () => undefined,
    });
    const base = `http://127.0.0.1:${app.address.port}`;
    const token = readFileSync(app.token.file, 'utf8').trim();
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    const live = await sustained(app, base, token, bodies, events);
    const cpu = process.cpuUsage(cpu0);
    const busy = (cpu.user + cpu.system) / 1000 / (performance.now() - wall0);
    const liveFindings = [...app.store.query({})].length;
    const load0 = loadavg();
    const memory = sampleMemory(10_000);
    const lat = await paced(app, base, token, bodies, live / 2, pacedSeconds);
    memory.stop();
    const load1 = loadavg();
    await app.stop();
    console.log(`\n## serve: live detection vs offline hunt (${events} Winlogbeat events, built-in rules and intel)\n`);
    console.log('| measure | value |\n| --- | --- |');
    console.log(`| offline hunt, 1 thread | ${Math.round(hunt.eps)} events/s (${hunt.findings} findings) |`);
    console.log(`| serve, HTTP bulk ${BATCH}/request, ${IN_FLIGHT} in flight, fsync per group | ${Math.round(live)} events/s (${liveFindings} findings) |`);
    console.log(`| ratio serve / hunt (target ≥ 0.7) | ${(live / hunt.eps).toFixed(2)} |`);
    console.log(`| serve process CPU during sustained ingest (client included) | ${(busy * 100).toFixed(0)}% of one core |`);
    console.log(`| ack → findings stored at ${Math.round(live / 2)} events/s, ${lat.length} batches | p50 ${pct(lat, 50).toFixed(0)} ms, p99 ${pct(lat, 99).toFixed(0)} ms (target p99 ≤ 1000 ms) |`);
    const { samples } = memory;
    const mib = (x: number): string => `${x.toFixed(0)} MiB`;
    console.log(`| RSS / heap at the start and end of the ${pacedSeconds} s paced run (bench client included) | ${mib(samples[0]!.rss)} → ${mib(samples.at(-1)!.rss)} / ${mib(samples[0]!.heap)} → ${mib(samples.at(-1)!.heap)} |`);
    if (samples.length >= 6) {
      const rss = flatness(samples.map((x) => x.rss));
      const heap = flatness(samples.map((x) => x.heap));
      console.log(`| memory, mean of first vs last third of ${samples.length} samples (every 10 s) | RSS ${mib(rss.first)} vs ${mib(rss.last)}, heap ${mib(heap.first)} vs ${mib(heap.last)}: ${rss.flat && heap.flat ? 'flat' : 'NOT flat'} (last within 10% of first) |`);
      console.log(`| RSS samples (MiB) | ${samples.map((x) => x.rss.toFixed(0)).join(' ')} |`);
    }
    console.log(`| load average (1 min) at the start / end of the paced run, ${availableParallelism()} cores | ${load0[0]!.toFixed(2)} / ${load1[0]!.toFixed(2)} |`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `--minutes N` from the bench's arguments: the paced run's length (default 15 s). */
export function pacedSecondsFrom(args: readonly string[]): number {
  const i = args.indexOf('--minutes');
  const minutes = i >= 0 ? Number(args[i + 1]) : NaN;
  return Number.isFinite(minutes) && minutes > 0 ? minutes * 60 : 15;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await runServeBench(Number(process.argv[2] ?? 60_000), Number(process.argv[3] ?? 15));
}
