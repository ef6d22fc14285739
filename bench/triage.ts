/**
 * Triage benchmark: `search` and `stats` throughput next to the hunt's, over the same kind of
 * real-shaped Windows events as the hunt benchmark (hunt-dataset.ts), on one thread (search and
 * stats run on the main thread). The reference row is the bare pass: the readers and the scope
 * with no consumer, the floor every row pays. Usage: node dist/bench/triage.js [events]
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runScopedPass } from '../src/engine/scoped-pass.js';
import { compileSearch, type SearchSpec } from '../src/engine/event-search.js';
import { EventStats } from '../src/engine/event-stats.js';
import { runHunt } from '../src/engine/hunt.js';
import { packageRoot } from '../src/content/content-path.js';
import type { HuntEvent } from '../src/events/event.js';
import { hasShared } from './shared-path.js';
import { huntDataset } from './hunt-dataset.js';

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

async function timed(files: string[], examine: (e: HuntEvent) => void): Promise<{ seconds: number; events: number }> {
  const t0 = performance.now();
  const pass = await runScopedPass({ inputs: files }, { examine });
  return { seconds: (performance.now() - t0) / 1000, events: pass.files.reduce((a, f) => a + f.events, 0) };
}

async function searchRow(files: string[], spec: Partial<SearchSpec>): Promise<{ seconds: number; events: number; hits: number }> {
  const search = await compileSearch({ keywords: [], regexes: [], fields: [], ignoreCase: false, all: false, ...spec });
  let hits = 0;
  const r = await timed(files, (e) => {
    if (search(e)) hits++;
  });
  return { ...r, hits };
}

export async function runTriageBench(events = 300_000): Promise<void> {
  console.log(`\n## triage: search and stats over ${fmt(events)} events (1 thread)`);
  if (!hasShared) {
    console.log('skipped: ../shared/corpus is absent (the dataset is built from its real event samples)');
    return;
  }
  const { files } = await huntDataset(path.join(packageRoot, '.tmp', 'bench-triage'), events, 4);
  const mb = files.reduce((a, f) => a + statSync(f).size, 0) / 1048576;
  console.log(`dataset: ${files.length} JSONL files, ${mb.toFixed(0)} MB`);
  const rows: [string, { seconds: number; events: number; hits?: number }][] = [];
  rows.push(['read only (readers + host evidence, no consumer)', await timed(files, () => {})]);
  rows.push(['search -k mimikatz -k 10.0.0.5 -i', await searchRow(files, { keywords: ['mimikatz', '10.0.0.5'], ignoreCase: true })]);
  rows.push(['search -r "(lsass|procdump)"', await searchRow(files, { regexes: ['(lsass|procdump)'] })]);
  rows.push(['search --field Image=*\\rundll32.exe', await searchRow(files, { fields: [['Image', '*\\rundll32.exe']] })]);
  const stats = new EventStats();
  rows.push(['stats', await timed(files, (e) => stats.examine(e))]);
  const t0 = performance.now();
  const hunt = await runHunt({ inputs: files, rulePaths: [], intelFiles: [], noBuiltin: false, minLevel: 'informational', threads: 1 }, { name: 'bench', version: '0' });
  for await (const f of hunt.findings.drain()) void f;
  rows.push([`hunt, built-in rules (${hunt.summary.rules.sigma} sigma, ${hunt.summary.rules.indicators} indicators)`, { seconds: (performance.now() - t0) / 1000, events: hunt.summary.events, hits: hunt.summary.findings }]);
  console.log('| run | events/s | MB/s | matches |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const [name, r] of rows) console.log(`| ${name} | ${fmt(r.events / r.seconds)} | ${(mb / r.seconds).toFixed(1)} | ${r.hits === undefined ? '-' : fmt(r.hits)} |`);
  console.log('the hunt with the whole SigmaHQ rule set, on 1 thread and all cores, is in the hunt table above');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await runTriageBench(Number(process.argv[2] ?? 300_000));
}
