/**
 * Fuzz harness shared by the default-suite fuzz test and `npm run fuzz`: seeds (small real samples
 * when ../shared is there, plus a byte-built file) and a bounded, seeded run of mutated cases.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { iterateEvtxRecords } from '../../src/sources/evtx/index.js';
import { flattenWindowsEvent } from '../../src/events/flatten.js';
import { mutate, prng } from './mutate.js';
import { buildFile, ChunkBuilder, v } from './evtx-builder.js';

const repoRoot = resolve(fileURLToPath(import.meta.url), '..', '..', '..', '..');
const samples = join(resolve(repoRoot, '..', 'shared'), 'corpus', 'evtx-attack-samples');

/** Small real samples (at most 3 chunks) so thousands of cases fit in seconds. */
export function fuzzSeeds(max = 40): Buffer[] {
  const seeds: Buffer[] = [];
  if (existsSync(samples)) {
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith('.evtx') && statSync(p).size <= 4096 + 3 * 0x10000) files.push(p);
      }
    };
    walk(samples);
    files.sort();
    const step = Math.max(1, Math.floor(files.length / max));
    for (let i = 0; i < files.length && seeds.length < max; i += step) seeds.push(readFileSync(files[i]!));
  }
  // Always include a byte-built file so the fuzz test runs without ../shared.
  const root = {
    name: 'Event',
    kids: [
      { name: 'System', kids: [{ name: 'EventRecordID', kids: [{ sub: 0, type: 0x0a }] }, { name: 'TimeCreated', attrs: [['SystemTime', [{ sub: 1, type: 0x11 }]]] as [string, { sub: number; type: number }[]][] }] },
      { name: 'EventData', kids: [{ name: 'Data', attrs: [['Name', [{ text: 'A' }]]] as [string, { text: string }[]][], kids: [{ sub: 2, type: 0x01 }] }] },
    ],
  };
  const chunk = new ChunkBuilder();
  for (let i = 1; i <= 20; i++) chunk.record({ number: i, template: 't', root, values: [v.u64(BigInt(100 + i)), v.filetime(132000000000000000n + BigInt(i)), v.str(`value ${i}`)] });
  seeds.push(buildFile([chunk.build(), chunk.build()], 1));
  return seeds;
}

export interface FuzzOutcome {
  cases: number;
  records: number;
  problems: number;
  slowestMs: number;
  failures: string[];
}

/** The hunt's fields path (`fields: true`) against the JSON path on one input: the first difference, or null. */
function fieldsDiffer(data: Buffer, carve: boolean): string | null {
  const readAll = (fields: boolean): { records: string[]; problems: string } => {
    const seen: unknown[] = [];
    const records: string[] = [];
    try {
      for (const rec of iterateEvtxRecords(data, { carve, fields, onProblem: (p) => seen.push(p) })) {
        const f = fields ? rec.fields! : flattenWindowsEvent(rec.json);
        records.push(JSON.stringify([f, rec.eventRecordId, String(rec.time)]));
      }
    } catch (err) {
      seen.push(String(err));
    }
    return { records, problems: JSON.stringify(seen) };
  };
  const a = readAll(false);
  const b = readAll(true);
  if (a.problems !== b.problems) return `problems differ: ${a.problems.slice(0, 300)} / ${b.problems.slice(0, 300)}`;
  if (a.records.length !== b.records.length) return `record counts differ: ${a.records.length} / ${b.records.length}`;
  const i = a.records.findIndex((r, k) => r !== b.records[k]);
  return i < 0 ? null : `record ${i} differs: ${a.records[i]!.slice(0, 300)} / ${b.records[i]!.slice(0, 300)}`;
}

/**
 * Run `cases` mutated inputs; each must not throw and must finish within `boundMs`. Every 16th
 * case also reads the hunt's fields, which must equal the JSON path's flattened records.
 */
export function runFuzz(seeds: Buffer[], cases: number, seed: number, boundMs: number): FuzzOutcome {
  const rand = prng(seed);
  const out: FuzzOutcome = { cases: 0, records: 0, problems: 0, slowestMs: 0, failures: [] };
  for (let i = 0; i < cases; i++) {
    const { data, kind } = mutate(seeds, rand);
    const carve = (i & 1) === 1;
    const xml = (i & 3) === 3;
    const t0 = performance.now();
    try {
      for (const rec of iterateEvtxRecords(data, { carve, xml, onProblem: () => out.problems++ })) {
        out.records++;
        JSON.stringify(rec.json);
      }
    } catch (err) {
      if (!(err instanceof Error && /not an EVTX file/.test(err.message))) {
        out.failures.push(`case ${i} (${kind}, seed ${seed}): ${err instanceof Error ? err.stack : String(err)}`);
      }
    }
    const ms = performance.now() - t0;
    if ((i & 15) === 1) {
      const diff = fieldsDiffer(data, carve);
      if (diff !== null) out.failures.push(`case ${i} (${kind}, seed ${seed}): fields path: ${diff}`);
    }
    out.slowestMs = Math.max(out.slowestMs, ms);
    if (ms > boundMs) out.failures.push(`case ${i} (${kind}, seed ${seed}): took ${ms.toFixed(0)} ms`);
    out.cases++;
  }
  return out;
}

