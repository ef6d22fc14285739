/**
 * Sweep throughput (MB/s) over one generated tree, against the hash ceiling (`sha256sum` over the
 * same files) and `yara -r` with the same built-in rules, when those tools are installed (a missing
 * one is skipped with a note). The tree: the example web roots plus seeded filler (pages, binaries
 * and jars), written once to a temp folder; each tool runs once after one warm-up read.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { seededRandom } from '../scripts/seeded-random.js';
import { generateWebrootExample } from '../scripts/generate-webroot-example.js';
import { buildZip } from '../scripts/zip-writer.js';
import { packageRoot } from '../src/content/content-path.js';

const TOTAL_MB = Number(process.env.SWEEP_BENCH_MB ?? 400);

function buildTree(dir: string): { files: number; bytes: number } {
  generateWebrootExample(path.join(dir, 'example'));
  const rand = seededRandom(4242);
  let bytes = 0;
  let files = 0;
  const words = ['subscriber', 'billing', 'msisdn', 'roaming', 'tariff', 'Response.Write', 'request.getParameter', 'session', 'cdr', 'imsi'];
  for (let i = 0; bytes < TOTAL_MB * 1048576; i++) {
    const folder = path.join(dir, 'filler', `d${i % 40}`);
    mkdirSync(folder, { recursive: true });
    const kind = rand();
    let data: Buffer;
    let name: string;
    if (kind < 0.7) {
      // Server pages: 2–40 KB of markup-like text.
      const n = 2048 + Math.floor(rand() * 38 * 1024);
      let text = '<%@ Page Language="C#" %>\n<html><body>\n';
      while (text.length < n) text += `<p>${words[Math.floor(rand() * words.length)]} ${Math.floor(rand() * 1e6)}</p>\n`;
      data = Buffer.from(text);
      name = `page${i}.${rand() < 0.5 ? 'aspx' : 'jsp'}`;
    } else if (kind < 0.95) {
      // Binaries: 0.5–6 MB of seeded bytes.
      data = Buffer.alloc((524288 + Math.floor(rand() * 5.5 * 1048576)) & ~3);
      for (let k = 0; k < data.length; k += 4) data.writeUInt32LE(Math.floor(rand() * 4294967296), k);
      name = `blob${i}.dll`;
    } else {
      const entries = Array.from({ length: 20 }, (_, k) => ({ name: `WEB-INF/classes/C${k}.class`, data: Buffer.from(`class C${k} ${'x'.repeat(Math.floor(rand() * 20000))}`) }));
      data = buildZip(entries);
      name = `lib${i}.jar`;
    }
    writeFileSync(path.join(folder, name), data);
    bytes += data.length;
    files++;
  }
  return { files, bytes };
}

const has = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

function timed(label: string, run: () => void): number {
  const t = performance.now();
  run();
  return (performance.now() - t) / 1000;
}

export async function runSweepBench(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cw-sweep-bench-'));
  try {
    const { files, bytes } = buildTree(dir);
    const mb = bytes / 1048576;
    console.log(`\n## sweep: ${files} files, ${mb.toFixed(0)} MB (seeded pages, binaries, jars + examples/webroot)\n`);
    execFileSync('sh', ['-c', `find "${dir}" -type f -print0 | xargs -0 cat > /dev/null`]); // warm the page cache
    const rows: [string, number][] = [];
    const cli = path.join(packageRoot, 'dist', 'src', 'cli', 'main.js');
    for (const threads of ['1', '0']) {
      const s = timed('sweep', () => execFileSync(process.execPath, [cli, 'sweep', dir, '-f', 'jsonl', '-q', '-t', threads, '-o', '/dev/null']));
      rows.push([`cellwatch sweep -t ${threads === '0' ? 'auto' : threads} (hashes, YARA, PE, archives, indicators)`, s]);
    }
    if (has('sha256sum')) {
      rows.push(['sha256sum (hash ceiling)', timed('sha', () => execFileSync('sh', ['-c', `find "${dir}" -type f -print0 | xargs -0 sha256sum > /dev/null`]))]);
    } else console.log('note: sha256sum not installed, hash ceiling skipped');
    const yaraRules = ['webshells.yar', 'tools.yar'].map((f) => path.join(packageRoot, 'content', 'yara', f));
    if (has('yara')) {
      const vars = ['-d', 'filename=', '-d', 'filepath=', '-d', 'extension='];
      rows.push(['yara -r (same rules, one process)', timed('yara', () => spawnSync('yara', [...vars, '-r', ...yaraRules, dir], { stdio: 'ignore' }))]);
    } else console.log('note: yara not installed (Debian: apt-get install yara), yara -r comparison skipped');
    console.log('| tool | seconds | MB/s |\n| --- | ---: | ---: |');
    for (const [label, s] of rows) console.log(`| ${label} | ${s.toFixed(2)} | ${(mb / s).toFixed(0)} |`);
    const sha = rows.find((r) => r[0].startsWith('sha256sum'));
    const best = Math.min(...rows.filter((r) => r[0].startsWith('cellwatch')).map((r) => r[1]));
    if (sha) console.log(`\nsweep / sha256sum throughput: ${(sha[1] / best).toFixed(2)}× (target ≥ 0.8×)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
