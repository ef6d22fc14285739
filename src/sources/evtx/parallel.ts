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
import { jsonLine } from '../../text/json-line.js';

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
  return jsonLine(rec.json);
}

const WORKER_URL = new URL('./chunk-worker.js', import.meta.url);

/** A fixed pool of chunk workers; `run` resolves tasks in any order. A crashed worker is replaced. */
export class ChunkWorkerPool {
  private readonly workers = new Set<Worker>();
  private readonly idle: Worker[] = [];
  private readonly queue: { task: ChunkTask; resolve: (r: ChunkTaskResult) => void; reject: (e: Error) => void }[] = [];
  private readonly pending = new Map<Worker, { resolve: (r: ChunkTaskResult) => void; reject: (e: Error) => void }>();
  private closed = false;
  private respawns = 0;

  constructor(readonly size: number) {
    for (let i = 0; i < Math.max(1, size); i++) this.spawn();
  }

  private spawn(): void {
    const w = new Worker(WORKER_URL);
    w.on('message', (r: ChunkTaskResult) => {
      const p = this.pending.get(w);
      this.pending.delete(w);
      this.idle.push(w);
      this.pump();
      p?.resolve(r);
    });
    const lost = (err: Error): void => {
      if (!this.workers.delete(w)) return;
      const i = this.idle.indexOf(w);
      if (i >= 0) this.idle.splice(i, 1);
      const p = this.pending.get(w);
      this.pending.delete(w);
      p?.reject(err);
      if (this.closed) return;
      if (this.respawns++ < 4 * Math.max(1, this.size)) this.spawn();
      else if (this.workers.size === 0) for (const job of this.queue.splice(0)) job.reject(err);
      this.pump();
    };
    w.on('error', (err) => lost(err));
    w.on('exit', (code) => lost(new Error(`EVTX worker exited with code ${code}`)));
    this.workers.add(w);
    this.idle.push(w);
  }

  run(task: ChunkTask): Promise<ChunkTaskResult> {
    return new Promise((resolve, reject) => {
      if (this.workers.size === 0) return reject(new Error('EVTX worker pool has no workers left'));
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
    this.closed = true;
    await Promise.all([...this.workers].map((w) => w.terminate()));
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
  // A sliding window of tasks in flight keeps memory bounded (a few chunks per worker) however
  // large the file; results are written strictly in file order.
  const window = Math.max(2, pool.size * 3);
  const inFlight: Promise<ChunkTaskResult>[] = [];
  let next = 0;
  let id = 0;
  const submit = (): void => {
    // Task 0 always runs (it validates the file header), even for a file with no whole chunk.
    if (next >= Math.max(slots, 1)) return;
    const task = pool.run({ id: id++, path, firstChunk: next, lastChunk: next + per, format: opts.format, carve: opts.carve ?? false });
    task.catch(() => {}); // awaited in order below
    inFlight.push(task);
    next += per;
  };
  for (let i = 0; i < window; i++) submit();
  let records = 0;
  while (inFlight.length > 0) {
    const r = await inFlight.shift()!;
    submit();
    if (r.error !== undefined) throw new Error(r.error);
    for (const p of r.problems) opts.onProblem?.(p);
    if (r.text.length > 0) await opts.write(r.text);
    records += r.records;
  }
  return records;
}
