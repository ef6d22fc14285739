/**
 * Hunt performance (issue 16): every figure is a ratio against a reference measured in the same run,
 * because this shared 2-core machine's absolute speed varies by ±30% from minute to minute.
 *
 * - steady state: hunt of one big real-shaped JSONL file (SigmaHQ `rules/`) on 1 thread and on all cores,
 *   against plain `JSON.parse` of the same lines (the ceiling);
 * - the 277 EVTX attack samples: hunt on 1 and 2 threads (and automatic) against `cellwatch dump` of
 *   the same files;
 * - fixed cost: a one-file hunt with the SigmaHQ set against the same hunt with the built-in rules only;
 * - rule loading: cold (no cache) against cached;
 * - rule count: the Sigma detector alone, in-process, over the same events with every tenth SigmaHQ rule
 *   file against the whole set (first pass, which compiles the rules events reach, and steady state);
 * - peak RSS of each run.
 *
 * Every run is its own process, as a user runs it, with the bench's own rule cache (warm unless the
 * row says otherwise). Parts needing ../shared skip with a reason.
 * Usage: node dist/bench/hunt-perf.js [--events N] [--json] [--only fixed,evtx,jsonl,rules]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../src/content/content-path.js';
import { createDetectors, loadDetectors } from '../src/engine/load-detectors.js';
import type { HuntEvent } from '../src/events/event.js';
import { detectFormat } from '../src/sources/index.js';
import { readLines } from '../src/sources/lines.js';
import { walkFiles } from '../src/sources/walk-files.js';
import { attackSamplesDir, hasShared, sigmaDir } from './shared-path.js';
import { huntDataset } from './hunt-dataset.js';

const cli = path.join(packageRoot, 'dist', 'src', 'cli', 'main.js');
const self = fileURLToPath(import.meta.url);
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}×`;

interface Run { seconds: number; cpu: number | null; rssMb: number | null; stdout: string }

/** Peak RSS comes from GNU time when it is there (`/usr/bin/time -f %M`). */
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

/** One process, its wall time and peak RSS. */
function run(args: string[], env: NodeJS.ProcessEnv = process.env): Run {
  const argv = gnuTime ? [gnuTime, '-f', 'peak-rss-kb %M cpu %U %S', process.execPath, ...args] : [process.execPath, ...args];
  const t0 = performance.now();
  const out = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', maxBuffer: 1 << 28, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const seconds = (performance.now() - t0) / 1000;
  if (out.status !== 0) throw new Error(`${args.slice(0, 3).join(' ')} … failed (${out.status}): ${out.stderr.trim().split('\n').slice(-2).join(' | ')}`);
  const m = /peak-rss-kb (\d+) cpu ([\d.]+) ([\d.]+)/.exec(out.stderr);
  return { seconds, cpu: m ? Number(m[2]) + Number(m[3]) : null, rssMb: m ? Number(m[1]) / 1024 : null, stdout: out.stdout };
}

/** A hunt as a user runs it (findings as JSONL to a pipe this process throws away). */
function hunt(inputs: string[], opts: { rules?: string[]; threads: number; noCache?: boolean }, env?: NodeJS.ProcessEnv): Run & { findings: number } {
  const args = [cli, 'hunt', '-q', '--no-progress', '-f', 'jsonl', '-t', String(opts.threads)];
  for (const r of opts.rules ?? []) args.push('--rules', r);
  if (opts.noCache) args.push('--no-cache');
  const r = run([...args, ...inputs], env);
  return { ...r, findings: r.stdout === '' ? 0 : r.stdout.split('\n').length - 1, stdout: '' };
}

const rss = (r: Run): string => (r.rssMb === null ? 'n/a' : `${fmt(r.rssMb)} MB`);
const cpu = (r: Run): string => (r.cpu === null ? 'n/a' : r.cpu.toFixed(2));

/** Child: plain JSON.parse of every line of the files (through the project's line splitter), timed in-process. */
async function parseChild(files: string[]): Promise<void> {
  const t0 = performance.now();
  let events = 0;
  for (const f of files) {
    for await (const batch of readLines(f, { onLongLine: () => {} })) {
      for (const line of batch.lines) {
        if (line.length === 0) continue;
        JSON.parse(line);
        events++;
      }
    }
  }
  process.stdout.write(JSON.stringify({ events, seconds: (performance.now() - t0) / 1000 }));
}

/** Child: loading the detectors (rules + intel), timed in-process (wall and CPU seconds). */
async function loadChild(rules: string[], noCache: boolean): Promise<void> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const loaded = await loadDetectors({ rulePaths: rules, intelFiles: [], noBuiltin: false, noCache });
  const c = process.cpuUsage(c0);
  process.stdout.write(JSON.stringify({ seconds: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6, rules: loaded.sigma.compiled }));
}

/** Every tenth rule file of the set (sorted paths), or the whole set: the rule-count comparison's two sides. */
function ruleFiles(dir: string, tenth: boolean): string[] {
  const all = [...walkFiles([dir], { accept: (n) => /\.ya?ml$/i.test(n), onProblem: () => {} })].sort();
  return tenth ? all.filter((_, i) => i % 10 === 0) : all;
}

interface SigmaPasses { rules: number; events: number; load: number; first: number; steady: number; findings: number }

/** Child: the Sigma detector alone over the first `limit` events of `file`, timed in CPU seconds per pass. */
async function sigmaChild(file: string, limit: number, rulesDir: string, tenth: boolean): Promise<void> {
  const cpuNow = (): number => { const c = process.cpuUsage(); return (c.user + c.system) / 1e6; };
  let t = cpuNow();
  const loaded = await loadDetectors({ rulePaths: ruleFiles(rulesDir, tenth), intelFiles: [], noBuiltin: true, noCache: false });
  const load = cpuNow() - t;
  const sniffed = await detectFormat(file);
  if (!sniffed) throw new Error(`${file}: unknown format`);
  const events: HuntEvent[] = [];
  reading: for await (const batch of sniffed.open().read(file, { onProblem: () => {} })) {
    for (const e of batch) {
      if (events.length === limit) break reading;
      events.push(e);
    }
  }
  const sigma = createDetectors(loaded, { mode: 'inline' }).find((d) => d.name === 'sigma');
  if (!sigma) throw new Error('no Sigma detector');
  let findings = 0;
  const emit = (): void => { findings++; };
  const passes: number[] = [];
  for (let pass = 0; pass < 4; pass++) {
    findings = 0;
    t = cpuNow();
    for (const e of events) sigma.examine(e, emit);
    passes.push(cpuNow() - t);
  }
  const out: SigmaPasses = { rules: loaded.sigma.compiled, events: events.length, load, first: passes[0]!, steady: Math.min(...passes.slice(1)), findings };
  process.stdout.write(JSON.stringify(out));
}

async function ruleCount(rules: string[]): Promise<void> {
  const limit = 40_000;
  const { files } = await huntDataset(path.join(packageRoot, '.tmp', 'bench-hunt-perf'), 160_000, 1);
  const side = (tenth: boolean): SigmaPasses =>
    JSON.parse(run([self, '--sigma', JSON.stringify({ file: files[0], limit, rules: rules[0], tenth })], benchEnv).stdout) as SigmaPasses;
  side(true); // fills the cache for both sides (their keys differ from the directory's)
  side(false);
  const tenth = side(true);
  const whole = side(false);
  const us = (s: number, n: number): string => ((s / n) * 1e6).toFixed(1);
  console.log(`\n### rule count: the Sigma detector alone, in-process, ${fmt(tenth.events)} events of the bench JSONL (CPU)`);
  console.log('| rules | cached load s | first pass µs/event | steady µs/event | findings |');
  console.log('| ---: | ---: | ---: | ---: | ---: |');
  for (const r of [tenth, whole]) {
    console.log(`| ${fmt(r.rules)} | ${r.load.toFixed(2)} | ${us(r.first, r.events)} | ${us(r.steady, r.events)} | ${fmt(r.findings)} |`);
  }
  console.log(`${ratio(whole.rules, tenth.rules)} the rules: steady ${ratio(whole.steady, tenth.steady)} the time, first pass ${ratio(whole.first, tenth.first)}`);
  note('rules_x', whole.rules / tenth.rules);
  note('rules_steady_ratio', whole.steady / tenth.steady);
  note('rules_first_pass_ratio', whole.first / tenth.first);
}

interface Figures { [name: string]: number | string | null }
const figures: Figures = {};
const note = (name: string, value: number | string | null): void => {
  figures[name] = typeof value === 'number' ? Number(value.toFixed(3)) : value;
};

async function steadyState(events: number, rules: string[]): Promise<void> {
  const cores = availableParallelism();
  // One big file, as a SIEM export comes: threads read it in parts (engine/file-parts.ts).
  const { files } = await huntDataset(path.join(packageRoot, '.tmp', 'bench-hunt-perf'), events, 1);
  const bytes = files.reduce((a, f) => a + statSync(f).size, 0);
  console.log(`\n### steady state: ${fmt(events)} real-shaped events, ${files.length} JSONL file${files.length > 1 ? 's' : ''}, ${(bytes / 1048576).toFixed(0)} MB, SigmaHQ rules/`);
  const parsed = JSON.parse(run([self, '--parse', JSON.stringify(files)]).stdout) as { events: number; seconds: number };
  const one = hunt(files, { rules, threads: 1 }, benchEnv);
  const all = cores > 1 ? hunt(files, { rules, threads: cores }, benchEnv) : null;
  const auto = hunt(files, { rules, threads: 0 }, benchEnv);
  console.log('| run | seconds | CPU s | events/s | vs JSON.parse | findings | peak RSS |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  console.log(`| plain JSON.parse of the lines (in-process, the ceiling) | ${parsed.seconds.toFixed(2)} | - | ${fmt(parsed.events / parsed.seconds)} | 1.00× | - | - |`);
  for (const [name, r] of [['hunt, 1 thread', one], [`hunt, ${cores} threads`, all], ['hunt, automatic threads', auto]] as const) {
    if (!r) continue;
    console.log(`| ${name} (whole process) | ${r.seconds.toFixed(2)} | ${cpu(r)} | ${fmt(events / r.seconds)} | ${ratio(parsed.seconds, r.seconds)} | ${fmt(r.findings)} | ${rss(r)} |`);
  }
  note('jsonl_parse_events_per_s', parsed.events / parsed.seconds);
  note('jsonl_hunt_1t_vs_parse', parsed.seconds / one.seconds);
  if (all) note('jsonl_hunt_all_vs_1t', one.seconds / all.seconds);
  note('jsonl_hunt_auto_vs_1t', one.seconds / auto.seconds);
  note('jsonl_hunt_1t_rss_mb', one.rssMb);
  if (all) console.log(`threads: ${cores} threads = ${ratio(one.seconds, all.seconds)} one thread; automatic = ${ratio(one.seconds, auto.seconds)}`);
}

function evtxSamples(rules: string[]): void {
  const files = [...walkFiles([attackSamplesDir], { accept: (n) => /\.evtx$/i.test(n), onProblem: () => {} })].sort();
  const bytes = files.reduce((a, f) => a + statSync(f).size, 0);
  console.log(`\n### EVTX attack samples: ${files.length} files, ${(bytes / 1048576).toFixed(0)} MB, SigmaHQ rules/`);
  const dump = run([cli, 'dump', '-q', '-t', '1', attackSamplesDir]);
  const one = hunt([attackSamplesDir], { rules, threads: 1 }, benchEnv);
  const two = hunt([attackSamplesDir], { rules, threads: 2 }, benchEnv);
  const auto = hunt([attackSamplesDir], { rules, threads: 0 }, benchEnv);
  console.log('| run | seconds | CPU s | vs dump | findings | peak RSS |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  console.log(`| \`cellwatch dump -t 1\` (reference) | ${dump.seconds.toFixed(2)} | ${cpu(dump)} | 1.00× | - | ${rss(dump)} |`);
  for (const [name, r] of [['hunt, 1 thread', one], ['hunt, 2 threads', two], ['hunt, automatic threads', auto]] as const) {
    console.log(`| ${name} | ${r.seconds.toFixed(2)} | ${cpu(r)} | ${ratio(dump.seconds, r.seconds)} | ${fmt(r.findings)} | ${rss(r)} |`);
  }
  console.log(`threads: 2 threads = ${ratio(one.seconds, two.seconds)} one thread; automatic = ${ratio(one.seconds, auto.seconds)}`);
  note('evtx_hunt_1t_vs_dump', dump.seconds / one.seconds);
  note('evtx_hunt_2t_vs_1t', one.seconds / two.seconds);
  note('evtx_hunt_auto_vs_1t', one.seconds / auto.seconds);
}

/** The bench's own rule cache (never the user's): cold runs pass --no-cache, the rest share it warm. */
let benchEnv: NodeJS.ProcessEnv = process.env;

/** The small EVTX file of the fixed-cost runs. */
const oneFile = path.join(attackSamplesDir, 'AutomatedTestingTools', 'PanacheSysmon_vs_AtomicRedTeam01.evtx');

function fixedCost(rules: string[]): void {
  const file = oneFile;
  if (!existsSync(file)) {
    console.log(`\n### fixed cost: skipped (${file} is absent)`);
    return;
  }
  console.log(`\n### fixed cost: one small EVTX file (${path.basename(file)}, ${(statSync(file).size / 1048576).toFixed(1)} MB)`);
  const env = benchEnv;
  {
    const builtin = hunt([file], { threads: 1 }, env);
    const cold = hunt([file], { rules, threads: 1, noCache: true }, env);
    hunt([file], { rules, threads: 1 }, env); // fills the cache
    const cached = hunt([file], { rules, threads: 1 }, env);
    type Load = { seconds: number; cpu: number; rules: number };
    const load = (noCache: boolean): Load => JSON.parse(run([self, '--load', JSON.stringify({ rules, noCache })], env).stdout) as Load;
    const loadCold = load(true);
    load(false); // fills the cache for the in-process options
    const loadCached = load(false);
    console.log('| run | seconds | CPU s | vs built-in rules only | findings | peak RSS |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
    console.log(`| hunt, built-in rules only (reference) | ${builtin.seconds.toFixed(2)} | ${cpu(builtin)} | 1.00× | ${fmt(builtin.findings)} | ${rss(builtin)} |`);
    console.log(`| hunt, + SigmaHQ rules/, no cache | ${cold.seconds.toFixed(2)} | ${cpu(cold)} | ${ratio(cold.seconds, builtin.seconds)} | ${fmt(cold.findings)} | ${rss(cold)} |`);
    console.log(`| hunt, + SigmaHQ rules/, cached | ${cached.seconds.toFixed(2)} | ${cpu(cached)} | ${ratio(cached.seconds, builtin.seconds)} | ${fmt(cached.findings)} | ${rss(cached)} |`);
    console.log(`rule loading alone (${fmt(loadCold.rules)} rules + intel, in-process): cold ${loadCold.seconds.toFixed(3)} s (CPU ${loadCold.cpu.toFixed(2)} s), cached ${loadCached.seconds.toFixed(3)} s (CPU ${loadCached.cpu.toFixed(2)} s)`);
    note('fixed_cold_vs_builtin', cold.seconds / builtin.seconds);
    note('fixed_cached_vs_builtin', cached.seconds / builtin.seconds);
    note('load_cold_s', loadCold.seconds);
    note('load_cached_s', loadCached.seconds);
    note('load_cold_cpu_s', loadCold.cpu);
    note('load_cached_cpu_s', loadCached.cpu);
    note('one_file_1t_rss_mb', cold.rssMb);
  }
}

export async function runHuntPerfBench(events = 160_000, json = false, parts = ['fixed', 'evtx', 'jsonl', 'rules']): Promise<void> {
  console.log(`\n## hunt performance (issue 16) — load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  if (!hasShared) {
    console.log('skipped: ../shared/corpus is absent (these figures hunt with the SigmaHQ rule set over its samples)');
    return;
  }
  const rules = [path.join(sigmaDir, 'rules')];
  const cache = mkdtempSync(path.join(tmpdir(), 'cellwatch-bench-cache-'));
  benchEnv = { ...process.env, XDG_CACHE_HOME: cache };
  try {
    if (existsSync(oneFile)) hunt([oneFile], { rules, threads: 1 }, benchEnv); // warms the rule cache: the runs below read it
    if (parts.includes('fixed')) fixedCost(rules);
    if (parts.includes('evtx')) evtxSamples(rules);
    if (parts.includes('jsonl')) await steadyState(events, rules);
    if (parts.includes('rules')) await ruleCount(rules);
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
  console.log(`load average after: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  if (json) console.log(JSON.stringify(figures));
}

const arg = process.argv[2];
if (arg === '--parse') await parseChild(JSON.parse(process.argv[3]!) as string[]);
else if (arg === '--load') {
  const { rules, noCache } = JSON.parse(process.argv[3]!) as { rules: string[]; noCache: boolean };
  await loadChild(rules, noCache);
} else if (arg === '--sigma') {
  const { file, limit, rules, tenth } = JSON.parse(process.argv[3]!) as { file: string; limit: number; rules: string; tenth: boolean };
  await sigmaChild(file, limit, rules, tenth);
} else if (process.argv[1] && path.resolve(process.argv[1]) === self) {
  const at = process.argv.indexOf('--events');
  const only = process.argv.indexOf('--only');
  await runHuntPerfBench(at > 0 ? Number(process.argv[at + 1]) : undefined, process.argv.includes('--json'), only > 0 ? process.argv[only + 1]!.split(',') : undefined);
}
