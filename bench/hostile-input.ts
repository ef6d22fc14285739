/**
 * Hostile-input benchmark: what a gzip flood costs a hunt. 1 GiB of newlines (a few MB gzipped)
 * must cost about what decompressing it does (reference in the same run: `gunzip -c | wc -l`; CPU
 * seconds from bash's `times`, so the shared machine's load matters less), per
 * reader family (line readers, CSV, XML); 10 GiB of zeros must be refused from its head, in about
 * a second. Files are multi-member gzip (one compressed member written many times), so building
 * them is quick. Usage: node dist/bench/hostile-input.js [GiB of newlines] [GiB of zeros]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, openSync, rmSync, statSync, writeSync, closeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { packageRoot } from '../src/content/content-path.js';

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

interface Timed { wall: number; cpu: number; code: number }

/**
 * Run a shell command under bash and measure it: wall seconds and the CPU seconds (user + system)
 * of everything it ran, from bash's `times`, so a busy shared machine skews the figure less.
 */
function timed(command: string): Timed {
  const t0 = performance.now();
  const r = spawnSync('bash', ['-c', `${command} >/dev/null 2>&1; code=$?; times; exit $code`], { encoding: 'utf8' });
  const wall = (performance.now() - t0) / 1000;
  const children = r.stdout.trim().split('\n').pop() ?? '';
  const cpu = [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce((a, m) => a + Number(m[1]) * 60 + Number(m[2]), 0);
  return { wall, cpu, code: r.status ?? -1 };
}

function hasTools(): boolean {
  try {
    execFileSync('bash', ['-c', 'command -v gunzip && command -v wc'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const huntCommand = (file: string): string => `'${process.execPath}' '${cli}' hunt '${file}' -q`;

export async function runHostileInputBench(newlineGiB = 1, zeroGiB = 10): Promise<void> {
  const GiB = 1024 * 1024 * 1024;
  console.log(`\n## hostile input: ${newlineGiB} GiB of newlines, ${zeroGiB} GiB of zeros (gzip)`);
  const dir = path.join(packageRoot, '.tmp', 'bench-hostile');
  mkdirSync(dir, { recursive: true });
  try {
    if (!hasTools()) {
      console.log('skipped: needs bash, gunzip and wc (the reference and the CPU figures)');
      return;
    }
    const lines = path.join(dir, 'flood.jsonl.gz');
    floodFile(lines, 0x0a, newlineGiB * GiB);
    const ref = timed(`gunzip -c '${lines}' | wc -l`);
    console.log(`newlines: ${(statSync(lines).size / 1048576).toFixed(1)} MB gzipped; reference gunzip -c | wc -l: ${ref.cpu.toFixed(1)} s CPU (${ref.wall.toFixed(1)} s wall)`);
    console.log('| file | reader | hunt CPU s | wall s | exit | CPU × gunzip\\|wc |');
    console.log('| --- | --- | ---: | ---: | ---: | ---: |');
    for (const [name, reader] of [['flood.jsonl.gz', 'jsonl (line readers: also W3C, Zeek)'], ['flood.csv.gz', 'csv'], ['flood.xml.gz', 'xml']] as const) {
      const file = path.join(dir, name);
      if (file !== lines) floodFile(file, 0x0a, newlineGiB * GiB);
      const r = timed(huntCommand(file));
      console.log(`| ${name} | ${reader} | ${r.cpu.toFixed(1)} | ${r.wall.toFixed(1)} | ${r.code} | ${(r.cpu / ref.cpu).toFixed(2)} |`);
      if (file !== lines) rmSync(file);
    }
    const zeros = path.join(dir, 'zeros.jsonl.gz');
    floodFile(zeros, 0, zeroGiB * GiB);
    const z = timed(huntCommand(zeros));
    console.log(`zeros: ${(statSync(zeros).size / 1048576).toFixed(1)} MB gzipped (${zeroGiB} GiB inside): refused as unknown format in ${z.wall.toFixed(1)} s (${z.cpu.toFixed(1)} s CPU), exit ${z.code}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await runHostileInputBench(Number(process.argv[2] ?? 1), Number(process.argv[3] ?? 10));
}
