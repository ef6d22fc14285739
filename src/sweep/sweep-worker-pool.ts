/**
 * Runs sweep file scans on worker threads: each worker loads indicators and YARA rules once, then
 * scans the files it is handed (a few at a time, so reads overlap with hashing and matching).
 */
import { Worker } from 'node:worker_threads';
import type { FileJob, FileScanOutcome } from './file-scanner.js';

import type { SweepPartsConfig } from './load-sweep-parts.js';

export type SweepWorkerConfig = SweepPartsConfig;

export type ToSweepWorker = { type: 'scan'; id: number; job: FileJob } | { type: 'finish' };
export type FromSweepWorker =
  | { type: 'ready' }
  | { type: 'done'; id: number; outcome: FileScanOutcome }
  | { type: 'failed'; id: number; code?: string; message: string };

export interface SweepPoolCallbacks {
  done: (root: string, job: FileJob, outcome: FileScanOutcome) => void;
  failed: (root: string, job: FileJob, err: NodeJS.ErrnoException) => void;
}

const workerUrl = new URL('./sweep-worker.js', import.meta.url);
const PER_WORKER = 4;

export async function scanOnSweepWorkers(
  jobs: AsyncGenerator<{ root: string; job: FileJob }>, threads: number, config: SweepWorkerConfig, cb: SweepPoolCallbacks,
): Promise<void> {
  let nextId = 0;
  let exhausted = false;
  // One pull from the generator at a time, shared by all workers.
  let pulling: Promise<IteratorResult<{ root: string; job: FileJob }>> = Promise.resolve({ done: false, value: undefined as never });
  const pull = (): Promise<IteratorResult<{ root: string; job: FileJob }>> => {
    pulling = pulling.then(() => (exhausted ? { done: true, value: undefined } : jobs.next()));
    return pulling;
  };
  const runOne = (): Promise<void> => new Promise((resolve, reject) => {
    const worker = new Worker(workerUrl, { workerData: config });
    const pending = new Map<number, { root: string; job: FileJob }>();
    let finishing = false;
    const feed = async (): Promise<void> => {
      while (!finishing && pending.size < PER_WORKER) {
        const r = await pull();
        if (r.done) {
          exhausted = true;
          break;
        }
        const id = nextId++;
        pending.set(id, r.value);
        worker.postMessage({ type: 'scan', id, job: r.value.job } satisfies ToSweepWorker);
      }
      if (exhausted && pending.size === 0 && !finishing) {
        finishing = true;
        worker.postMessage({ type: 'finish' } satisfies ToSweepWorker);
      }
    };
    const fail = (err: unknown): void => {
      void worker.terminate();
      reject(err);
    };
    worker.on('message', (m: FromSweepWorker) => {
      if (m.type === 'done' || m.type === 'failed') {
        const item = pending.get(m.id)!;
        pending.delete(m.id);
        if (m.type === 'done') cb.done(item.root, item.job, m.outcome);
        else cb.failed(item.root, item.job, Object.assign(new Error(m.message), { code: m.code }));
      }
      feed().catch(fail);
    });
    worker.on('error', fail);
    worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`sweep worker stopped with exit code ${code}`))));
  });
  const runs: Promise<void>[] = [];
  for (let i = 0; i < threads; i++) runs.push(runOne());
  await Promise.all(runs);
}
