/**
 * Sigma micro-bench: rule-set load time, and single-thread matching throughput of the whole rule
 * set on the regression samples' events (real Sysmon/Security/... shapes), repeated with varied
 * values. Usage: node dist/bench/sigma.js [RULES_ROOT] [EVENTS]   (default ../shared/corpus/sigma)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HuntEvent } from '../src/events/event.js';
import { flattenRecord } from '../src/events/flatten.js';
import { eventTime } from '../src/events/timestamp.js';
import { loadSigmaRules } from '../src/sigma/index.js';
import { splitJsonValues } from '../src/sigma/regression.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const root = process.argv[2] ?? path.resolve(repoRoot, '..', 'shared', 'corpus', 'sigma');
const target = Number(process.argv[3] ?? 300_000);

function jsonFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir)) {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) jsonFiles(p, out);
    else if (e.endsWith('.json')) out.push(p);
  }
  return out;
}

const ruleDirs = readdirSync(root).filter((d) => d.startsWith('rules')).map((d) => path.join(root, d));
let t = performance.now();
const set = await loadSigmaRules(ruleDirs);
const loadMs = performance.now() - t;
console.log(`load: ${set.compiled}/${set.total} rules compiled in ${loadMs.toFixed(0)} ms`);

const base: HuntEvent[] = [];
for (const f of jsonFiles(path.join(root, 'regression_data'))) {
  const { values } = splitJsonValues(readFileSync(f, 'utf8'));
  values.forEach((raw, i) => {
    const fields = flattenRecord(raw);
    base.push({ fields, raw, time: eventTime(fields), source: { path: f, record: i + 1, format: 'json' } });
  });
}
// Vary values so nothing is accidentally cached across copies: suffix process/user/path strings.
const events: HuntEvent[] = [];
for (let i = 0; events.length < target; i++) {
  const src = base[i % base.length]!;
  const fields = { ...src.fields };
  const n = Math.floor(i / base.length);
  for (const k of ['ProcessGuid', 'ProcessId', 'LogonId', 'SubjectLogonId', 'UtcTime', 'EventRecordID']) {
    if (typeof fields[k] === 'string') fields[k] = `${fields[k] as string}-${n}`;
    else if (typeof fields[k] === 'number') fields[k] = (fields[k] as number) + n;
  }
  events.push({ ...src, fields });
}
const windows = events.filter((e) => typeof e.fields.Channel === 'string').length;
console.log(`events: ${events.length} (${base.length} distinct samples repeated; ${windows} with a Windows channel)`);

const detector = set.createDetector({ correlation: 'inline' });
let findings = 0;
const emit = (): void => {
  findings++;
};
// Warm-up pass on the distinct events, then the timed pass.
for (const e of base) detector.examine(e, emit);
findings = 0;
t = performance.now();
const cpu0 = process.cpuUsage();
for (const e of events) detector.examine(e, emit);
detector.finish?.(emit);
const ms = performance.now() - t;
const cpuMs = process.cpuUsage(cpu0).user / 1000;
const rate = (n: number): string => Math.round(events.length / (n / 1000)).toLocaleString('en-US');
console.log(`match: ${events.length} events in ${ms.toFixed(0)} ms wall = ${rate(ms)} events/s single thread (${rate(cpuMs)} events/s by CPU time, ${cpuMs.toFixed(0)} ms); ${findings} findings`);
