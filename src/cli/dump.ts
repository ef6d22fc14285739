/**
 * `cellwatch dump FILE.evtx… [--format jsonl|xml] [--threads N] [--carve]`: print EVTX records
 * like evtx_dump (one JSON object per line, or `Record N` + XML). Problems go to stderr as
 * `path:where: reason`; an unreadable file is one line on stderr and exit code 2.
 */
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { iterateEvtxRecords } from '../sources/evtx/index.js';
import { ChunkWorkerPool, dumpEvtxParallel, formatRecord } from '../sources/evtx/parallel.js';
import type { ReadProblem } from '../sources/reader.js';
import { choice, parseThreads } from './options.js';
import { visibleLine } from '../text/visible-controls.js';

interface DumpFlags {
  format: 'jsonl' | 'xml';
  threads: number;
  carve: boolean;
}

function write(text: string): Promise<void> | void {
  if (process.stdout.write(text)) return;
  return new Promise((resolve) => process.stdout.once('drain', () => resolve()));
}

function printProblem(p: ReadProblem): void {
  process.stderr.write(`${visibleLine(`${p.path}:${p.where}: ${p.reason}`)}\n`);
}

async function dumpSerial(path: string, flags: DumpFlags): Promise<void> {
  let buffered = '';
  for (const rec of iterateEvtxRecords(path, { carve: flags.carve, xml: flags.format === 'xml', json: flags.format === 'jsonl', onProblem: printProblem })) {
    buffered += formatRecord(rec, flags.format);
    if (buffered.length > 1 << 16) {
      await write(buffered);
      buffered = '';
    }
  }
  if (buffered.length > 0) await write(buffered);
}

export function register(program: Command): void {
  program
    .command('dump')
    .description('print the records of EVTX files as JSON lines (evtx_dump shape) or XML')
    .argument('<files...>', 'EVTX files')
    .option('-f, --format <format>', 'jsonl or xml', choice(['jsonl', 'xml'] as const), 'jsonl')
    .option('-t, --threads <n>', 'worker threads for splitting each file by chunks (0 = all cores)', parseThreads, 1)
    .option('--carve', 'also recover deleted records left in chunk slack', false)
    .action(async (files: string[], flags: DumpFlags) => {
      const threads = flags.threads === 0 ? availableParallelism() : flags.threads;
      const pool = threads > 1 ? new ChunkWorkerPool(threads) : null;
      try {
        for (const path of files) {
          try {
            if (pool) await dumpEvtxParallel(pool, path, { format: flags.format, carve: flags.carve, write, onProblem: printProblem });
            else await dumpSerial(path, flags);
          } catch (err) {
            process.stderr.write(`cellwatch: ${visibleLine(err instanceof Error ? err.message : String(err))}\n`);
            process.exitCode = 2;
          }
        }
      } finally {
        await pool?.close();
      }
    });
}
