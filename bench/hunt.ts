/**
 * Hunt benchmark: the whole SigmaHQ rule set (plus the built-in intel) over 1,000,000 real-shaped
 * Windows events, on one thread and on all cores, each configuration in its own process so peak
 * RSS is its own. Reference in the same run: jq reading the same files (the cost of merely parsing
 * the JSON, a floor no JSON-based hunter can beat). Usage: node dist/bench/hunt.js [events]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runHunt } from '../src/engine/hunt.js';
import { packageRoot } from '../src/content/content-path.js';
import { hasShared, sigmaRuleDirs } from './shared-path.js';
import { huntDataset } from './hunt-dataset.js';

interface ChildConfig { files: string[]; rules: string[]; threads: number; noBuiltin: boolean }
interface ChildResult { events: number; elapsedMs: number; findings: number; rules: number; indicators: number; maxRssMb: number }

async function child(config: ChildConfig): Promise<void> {
  const t0 = performance.now();
  const r = await runHunt({
    inputs: config.files, rulePaths: config.rules, intelFiles: [], noBuiltin: config.noBuiltin,
    minLevel: 'informational', threads: config.threads,
  }, { name: 'bench', version: '0' });
  let findings = 0;
  for await (const f of r.findings.drain()) if (f.ts !== undefined) findings++; // the time-ordered output pass
  const result: ChildResult = {
    events: r.summary.events, elapsedMs: performance.now() - t0, findings,
    rules: r.summary.rules.sigma, indicators: r.summary.rules.indicators,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(JSON.stringify(result));
}

function runChild(config: ChildConfig): ChildResult {
  const self = fileURLToPath(import.meta.url);
  const out = spawnSync(process.execPath, [self, '--child', JSON.stringify(config)], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (out.status !== 0) throw new Error(`bench child failed: ${out.stderr.trim().split('\n').pop()}`);
  return JSON.parse(out.stdout) as ChildResult;
}

function jqSeconds(files: string[]): number | null {
  try {
    execFileSync('jq', ['--version'], { stdio: 'ignore' });
  } catch {
    return null;
  }
  const t0 = performance.now();
  for (const f of files) execFileSync('jq', ['-c', '.Event.System.EventID', f], { stdio: ['ignore', 'ignore', 'inherit'], maxBuffer: 1 << 30 });
  return (performance.now() - t0) / 1000;
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

export async function runHuntBench(events = 1_000_000): Promise<void> {
  console.log(`\n## hunt: SigmaHQ rules over ${fmt(events)} events`);
  if (!hasShared) {
    console.log('skipped: ../shared/corpus is absent (the benchmark hunts with the SigmaHQ rule set and its samples)');
    return;
  }
  const cores = availableParallelism();
  const { files, templates } = await huntDataset(path.join(packageRoot, '.tmp', 'bench-hunt'), events, Math.max(4, cores * 2));
  const bytes = files.reduce((a, f) => a + statSync(f).size, 0);
  console.log(`dataset: ${files.length} JSONL files, ${(bytes / 1048576).toFixed(0)} MB, from ${fmt(templates)} distinct real events`);
  const rows: [string, ChildResult][] = [];
  rows.push(['1 thread', runChild({ files, rules: sigmaRuleDirs, threads: 1, noBuiltin: false })]);
  if (cores > 1) rows.push([`${cores} threads`, runChild({ files, rules: sigmaRuleDirs, threads: cores, noBuiltin: false })]);
  console.log('| run | rules | indicators | events/s | MB/s | findings | peak RSS |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const [name, r] of rows) {
    const s = r.elapsedMs / 1000;
    console.log(`| ${name} | ${fmt(r.rules)} | ${fmt(r.indicators)} | ${fmt(r.events / s)} | ${(bytes / 1048576 / s).toFixed(1)} | ${fmt(r.findings)} | ${fmt(r.maxRssMb)} MB |`);
  }
  const jq = jqSeconds(files);
  const one = rows[0]![1].elapsedMs / 1000;
  if (jq === null) console.log('reference: jq not installed (apt-get install jq), ratio skipped');
  else console.log(`reference: jq parsing the same files: ${fmt(events / jq)} events/s; cellwatch 1 thread hunts at ${(jq / one).toFixed(2)}× jq's parse-only speed`);
  console.log(`peers for scale (not run here): Zircolite ~2,900 events/s with 3,383 rules on this machine; Hayabusa ~12,000 events/s published. cellwatch 1 thread = ${(events / one / 2900).toFixed(0)}× Zircolite.`);
}

if (process.argv[2] === '--child') {
  await child(JSON.parse(process.argv[3]!) as ChildConfig);
} else if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await runHuntBench(Number(process.argv[2] ?? 1_000_000));
}
