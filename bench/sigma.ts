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

// A second, benign-shaped stream: the same events with their process, file, registry and script
// values swapped for everyday Windows activity (what most of a real log looks like).
const BENIGN: Record<string, string[]> = {
  Image: ['C:\\Windows\\System32\\svchost.exe', 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', 'C:\\Windows\\explorer.exe', 'C:\\Windows\\System32\\RuntimeBroker.exe'],
  ParentImage: ['C:\\Windows\\System32\\services.exe', 'C:\\Windows\\explorer.exe', 'C:\\Windows\\System32\\svchost.exe'],
  CommandLine: ['C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule', '"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe" --type=renderer --lang=en-US --renderer-client-id=7', 'C:\\Windows\\System32\\RuntimeBroker.exe -Embedding'],
  ParentCommandLine: ['C:\\Windows\\system32\\services.exe', 'C:\\Windows\\Explorer.EXE'],
  OriginalFileName: ['svchost.exe', 'chrome.exe', 'explorer.exe', 'RuntimeBroker.exe'],
  TargetFilename: ['C:\\Users\\alice\\AppData\\Local\\Google\\Chrome\\User Data\\Default\\Cache\\data_1', 'C:\\Windows\\Temp\\MpCmdRun.log'],
  TargetObject: ['HKU\\S-1-5-21-1\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RecentDocs\\.txt', 'HKLM\\SOFTWARE\\Microsoft\\Windows Defender\\Signature Updates\\SignatureLocation'],
  Details: ['DWORD (0x00000001)', 'Binary Data'],
  ImageLoaded: ['C:\\Windows\\System32\\kernel32.dll', 'C:\\Windows\\System32\\user32.dll'],
  ScriptBlockText: ['Get-ChildItem -Path C:\\Reports | Sort-Object LastWriteTime'],
  Description: ['Host Process for Windows Services', 'Google Chrome'],
  Product: ['Microsoft® Windows® Operating System', 'Google Chrome'],
  Company: ['Microsoft Corporation', 'Google LLC'],
};
const benign: HuntEvent[] = events.map((e, i) => {
  const fields = { ...e.fields };
  for (const [k, vals] of Object.entries(BENIGN)) if (k in fields) fields[k] = vals[i % vals.length]!;
  return { ...e, fields };
});

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
console.log(`match (regression events, every one an attack sample): ${events.length} events in ${ms.toFixed(0)} ms wall = ${rate(ms)} events/s single thread (${rate(cpuMs)} events/s by CPU time); ${findings} findings`);

for (const e of benign.slice(0, base.length)) detector.examine(e, emit);
findings = 0;
t = performance.now();
const cpu1 = process.cpuUsage();
for (const e of benign) detector.examine(e, emit);
const ms2 = performance.now() - t;
const cpuMs2 = process.cpuUsage(cpu1).user / 1000;
console.log(`match (same events, benign process/file/registry values): ${benign.length} events in ${ms2.toFixed(0)} ms wall = ${rate(ms2)} events/s single thread (${rate(cpuMs2)} events/s by CPU time); ${findings} findings`);
