/**
 * `cellwatch dump PATH… [--format jsonl|xml] [--threads N] [--carve] [-o FILE] [-q]`: print EVTX records
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
import { walkFiles } from '../sources/walk-files.js';
import { openOutputFile, refuseOutputOntoInput, type OutputFile } from './output-file.js';
import { UsageError } from './usage-error.js';

interface DumpFlags {
  format: 'jsonl' | 'xml';
  threads: number;
  carve: boolean;
  output?: string;
  quiet?: boolean;
  followSymlinks?: boolean;
}

/** Where records go: standard output, or the --output file (written whole or not at all). */
let out: NodeJS.WritableStream = process.stdout;

function write(text: string): Promise<void> | void {
  if (out.write(text)) return;
  return new Promise((resolve) => out.once('drain', () => resolve()));
}

let quiet = false;

function printProblem(p: ReadProblem): void {
  if (!quiet) process.stderr.write(`${visibleLine(`${p.path}:${p.where}: ${p.reason}`)}\n`);
}

const isEvtx = (name: string): boolean => /\.evtx$/i.test(name);

/** Named files as given; folders walked (the one walker) for *.evtx. */
function evtxFiles(paths: string[], followSymlinks: boolean): string[] {
  const files: string[] = [];
  for (const p of walkFiles(paths, { accept: isEvtx, followSymlinks, onProblem: (x) => printProblem(x) })) files.push(p);
  if (files.length === 0) throw new UsageError(`no EVTX files under ${paths.join(', ')}`);
  return files;
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
    .argument('<paths...>', 'EVTX files, or folders walked for *.evtx')
    .option('-f, --format <format>', 'jsonl or xml', choice(['jsonl', 'xml'] as const), 'jsonl')
    .option('-t, --threads <n>', 'worker threads for splitting each file by chunks (0 = all cores)', parseThreads, 1)
    .option('--carve', 'also recover deleted records left in chunk slack', false)
    .option('-o, --output <file>', 'write records to FILE instead of stdout')
    .option('-q, --quiet', 'no per-record warnings on stderr')
    .option('--follow-symlinks', 'follow symlinks that lead out of the given folders')
    .action(async (paths: string[], flags: DumpFlags) => {
      quiet = flags.quiet === true;
      const files = evtxFiles(paths, flags.followSymlinks === true);
      if (flags.output) refuseOutputOntoInput(flags.output, paths);
      const file: OutputFile | null = flags.output ? await openOutputFile(flags.output) : null;
      if (file) out = file.stream;
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
        await file?.commit();
      } catch (err) {
        await file?.abort();
        throw err;
      } finally {
        await pool?.close();
      }
    });
}
