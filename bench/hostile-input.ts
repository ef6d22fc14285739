/**
 * Hostile-input benchmark: what a gzip flood costs a hunt. 1 GiB of newlines (a few MB gzipped)
 * must cost about what decompressing it does (reference in the same run: `gunzip -c | wc -l`), per
 * reader family (line readers, CSV, XML); 10 GiB of zeros must be refused from its head, in about
 * a second. Files are multi-member gzip (one compressed member written many times), so building
 * them is quick. Usage: node dist/bench/hostile-input.js [GiB of newlines] [GiB of zeros]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, openSync, rmSync, statSync, writeSync, closeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { packageRoot } from '../src/engine/content-path.js';

const MEMBER = 64 * 1024 * 1024;
const cli = path.join(packageRoot, 'dist', 'src', 'cli', 'main.js');

/** A gzip file of `total` bytes of `byte` (rounded to 64 MiB members). */
function floodFile(file: string, byte: number, total: number): void {
  const member = gzipSync(Buffer.alloc(MEMBER, byte), { level: 6 });
  const fd = openSync(file, 'w');
  try {
    for (let done = 0; done < total; done += MEMBER) writeSync(fd, member);
  } finally {
    closeSync(fd);
  }
}

/** Wall seconds of `cellwatch hunt FILE -q`, and its exit code. */
function hunt(file: string): { s: number; code: number } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [cli, 'hunt', file, '-q'], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  return { s: (performance.now() - t0) / 1000, code: r.status ?? -1 };
}

function gunzipSeconds(file: string): number | null {
  try {
    execFileSync('sh', ['-c', 'command -v gunzip && command -v wc'], { stdio: 'ignore' });
  } catch {
    return null;
  }
  const t0 = performance.now();
  execFileSync('sh', ['-c', `gunzip -c '${file}' | wc -l`], { stdio: ['ignore', 'ignore', 'inherit'] });
  return (performance.now() - t0) / 1000;
}

export async function runHostileInputBench(newlineGiB = 1, zeroGiB = 10): Promise<void> {
  const GiB = 1024 * 1024 * 1024;
  console.log(`\n## hostile input: ${newlineGiB} GiB of newlines, ${zeroGiB} GiB of zeros (gzip)`);
  const dir = path.join(packageRoot, '.tmp', 'bench-hostile');
  mkdirSync(dir, { recursive: true });
  try {
    const lines = path.join(dir, 'flood.jsonl.gz');
    floodFile(lines, 0x0a, newlineGiB * GiB);
    const ref = gunzipSeconds(lines);
    console.log(`newlines: ${(statSync(lines).size / 1048576).toFixed(1)} MB gzipped; reference gunzip -c | wc -l: ${ref === null ? 'not available' : `${ref.toFixed(1)} s`}`);
    console.log('| file | reader | hunt wall s | exit | × gunzip|wc |');
    console.log('| --- | --- | ---: | ---: | ---: |');
    for (const [name, reader] of [['flood.jsonl.gz', 'jsonl (line readers: also W3C, Zeek)'], ['flood.csv.gz', 'csv'], ['flood.xml.gz', 'xml']] as const) {
      const file = path.join(dir, name);
      if (file !== lines) floodFile(file, 0x0a, newlineGiB * GiB);
      const r = hunt(file);
      console.log(`| ${name} | ${reader} | ${r.s.toFixed(1)} | ${r.code} | ${ref === null ? 'n/a' : (r.s / ref).toFixed(2)} |`);
      if (file !== lines) rmSync(file);
    }
    const zeros = path.join(dir, 'zeros.jsonl.gz');
    floodFile(zeros, 0, zeroGiB * GiB);
    const z = hunt(zeros);
    console.log(`zeros: ${(statSync(zeros).size / 1048576).toFixed(1)} MB gzipped (${zeroGiB} GiB inside): refused (unknown format) in ${z.s.toFixed(1)} s, exit ${z.code}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await runHostileInputBench(Number(process.argv[2] ?? 1), Number(process.argv[3] ?? 10));
}
