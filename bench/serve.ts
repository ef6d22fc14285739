/**
 * Serve benchmark (`npm run bench serve`): live detection against the offline hunt on the same
 * Winlogbeat events, with the built-in rules and intel.
 *   1. offline: `hunt` over the events as one JSONL file, one thread (serve detects on one thread).
 *   2. sustained ingest: a local client sends Elasticsearch bulk requests (1,000 events, 4 in
 *      flight) to an in-process `serve`; events/s from the first request until detection has
 *      processed the last event (acknowledged = fsynced in the log, findings stored).
 *   3. latency at half that load: batches paced at half the sustained rate; for each batch, the
 *      time from its acknowledgement until detection has stored its findings; p50/p99.
 * Memory: RSS before and after the paced run (a short run; the 10-minute flatness check is a
 * longer run of the same code: node dist/bench/serve.js EVENTS SECONDS).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
      limits: DEFAULT_LIMITS, eventsPerSecond: 0, latenessMs: 60_000, retention: DEFAULT_RETENTION, say: () => undefined,
    });
    const base = `http://127.0.0.1:${app.address.port}`;
    const token = readFileSync(app.token.file, 'utf8').trim();
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    const live = await sustained(app, base, token, bodies, events);
    const cpu = process.cpuUsage(cpu0);
    const busy = (cpu.user + cpu.system) / 1000 / (performance.now() - wall0);
    const liveFindings = [...app.store.query({})].length;
    const rssBefore = process.memoryUsage().rss / 2 ** 20;
    const lat = await paced(app, base, token, bodies, live / 2, pacedSeconds);
    const rssAfter = process.memoryUsage().rss / 2 ** 20;
    await app.stop();
    console.log(`\n## serve: live detection vs offline hunt (${events} Winlogbeat events, built-in rules and intel)\n`);
    console.log('| measure | value |\n| --- | --- |');
    console.log(`| offline hunt, 1 thread | ${Math.round(hunt.eps)} events/s (${hunt.findings} findings) |`);
    console.log(`| serve, HTTP bulk ${BATCH}/request, ${IN_FLIGHT} in flight, fsync per group | ${Math.round(live)} events/s (${liveFindings} findings) |`);
    console.log(`| ratio serve / hunt (target ≥ 0.7) | ${(live / hunt.eps).toFixed(2)} |`);
    console.log(`| serve process CPU during sustained ingest (client included) | ${(busy * 100).toFixed(0)}% of one core |`);
    console.log(`| ack → findings stored at ${Math.round(live / 2)} events/s, ${lat.length} batches | p50 ${pct(lat, 50).toFixed(0)} ms, p99 ${pct(lat, 99).toFixed(0)} ms (target p99 ≤ 1000 ms) |`);
    console.log(`| RSS before / after the ${pacedSeconds} s paced run | ${rssBefore.toFixed(0)} / ${rssAfter.toFixed(0)} MiB |`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await runServeBench(Number(process.argv[2] ?? 60_000), Number(process.argv[3] ?? 15));
}
