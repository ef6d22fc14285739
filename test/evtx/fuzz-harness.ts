/**
 * Fuzz harness shared by the default-suite fuzz test and `npm run fuzz`: seeds (small real samples
 * when ../shared is there, plus a byte-built file) and a bounded, seeded run of mutated cases.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { iterateEvtxRecords } from '../../src/sources/evtx/index.js';
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

/** Run `cases` mutated inputs; each must not throw and must finish within `boundMs`. */
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
    out.slowestMs = Math.max(out.slowestMs, ms);
    if (ms > boundMs) out.failures.push(`case ${i} (${kind}, seed ${seed}): took ${ms.toFixed(0)} ms`);
    out.cases++;
  }
  return out;
}

