/**
 * Parallel EVTX rendering with worker_threads: one big file is split into chunk ranges (each
 * chunk is self-contained: its own names and templates), rendered by a pool of workers and
 * written back in file order. Also renders many files across the pool (benchmarks).
 */
import { closeSync, fstatSync, openSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { ReadProblem } from '../reader.js';
import { chunkSlots } from './records.js';
import type { EvtxRecord } from './records.js';

export type DumpFormat = 'jsonl' | 'xml' | 'count';

export interface ChunkTask {
  id: number;
  path: string;
  firstChunk?: number;
  lastChunk?: number;
  format: DumpFormat;
  carve: boolean;
}

export interface ChunkTaskResult {
  id: number;
  text: string;
  records: number;
  problems: ReadProblem[];
  error?: string;
}

/** One record as dump output: a JSON line, or `Record N` followed by the XML document. */
export function formatRecord(rec: EvtxRecord, format: DumpFormat): string {
  if (format === 'xml') return `Record ${rec.recordNumber}\n${rec.xml ?? ''}\n`;
  return JSON.stringify(rec.json) + '\n';
}

const WORKER_URL = new URL('./chunk-worker.js', import.meta.url);

/** A fixed pool of chunk workers; `run` resolves tasks in any order. */
export class ChunkWorkerPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: { task: ChunkTask; resolve: (r: ChunkTaskResult) => void; reject: (e: Error) => void }[] = [];
  private readonly pending = new Map<Worker, { resolve: (r: ChunkTaskResult) => void; reject: (e: Error) => void }>();

  constructor(size: number) {
    for (let i = 0; i < Math.max(1, size); i++) {
      const w = new Worker(WORKER_URL);
      w.on('message', (r: ChunkTaskResult) => {
        const p = this.pending.get(w);
        this.pending.delete(w);
        this.idle.push(w);
        this.pump();
        p?.resolve(r);
      });
      w.on('error', (err) => {
        const p = this.pending.get(w);
        this.pending.delete(w);
        p?.reject(err);
      });
      this.workers.push(w);
      this.idle.push(w);
    }
  }

  run(task: ChunkTask): Promise<ChunkTaskResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ task, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const w = this.idle.pop()!;
      const job = this.queue.shift()!;
      this.pending.set(w, { resolve: job.resolve, reject: job.reject });
      w.postMessage(job.task);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

export interface ParallelDumpOptions {
  format: DumpFormat;
  carve?: boolean;
  /** Chunks per task (default 4). */
  chunksPerTask?: number;
  /** Receives output text in file order; may return a promise (back-pressure). */
  write: (text: string) => void | Promise<void>;
  onProblem?: (p: ReadProblem) => void;
}

/** Render one file across the pool; resolves with the record count. Throws when unreadable. */
export async function dumpEvtxParallel(pool: ChunkWorkerPool, path: string, opts: ParallelDumpOptions): Promise<number> {
  let size: number;
  try {
    const fd = openSync(path, 'r');
    size = fstatSync(fd).size;
    closeSync(fd);
  } catch (err) {
    throw new Error(`${path}: cannot open (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const slots = chunkSlots(size);
  const per = opts.chunksPerTask ?? 4;
  const tasks: Promise<ChunkTaskResult>[] = [];
  // Task 0 always runs (it validates the file header), even for a file with no whole chunk.
  for (let first = 0, id = 0; first < Math.max(slots, 1); first += per, id++) {
    tasks.push(pool.run({ id, path, firstChunk: first, lastChunk: first + per, format: opts.format, carve: opts.carve ?? false }));
  }
  let records = 0;
  for (const t of tasks) {
    const r = await t;
    if (r.error !== undefined) throw new Error(r.error);
    for (const p of r.problems) opts.onProblem?.(p);
    if (r.text.length > 0) await opts.write(r.text);
    records += r.records;
  }
  return records;
}
