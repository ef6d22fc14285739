/**
 * Worker threads of a hunt. Each builds its detectors from the orchestrator's rule-set snapshot
 * (no rule files read, rules compiled on first use), then takes files from the shared queue, which
 * the orchestrator's thread also draws from (threads = workers + 1). Findings, correlation inputs
 * and progress stream back as messages.
 */
import { Worker } from 'node:worker_threads';
import type { Finding } from '../findings/finding.js';
import type { CorrelationInput } from '../sigma/correlation/index.js';
import type { FileScanResult } from './scan-file.js';
import type { FromWorker, ToWorker, WorkerData } from './worker-protocol.js';
import type { ScanTask } from './file-parts.js';

export interface PoolCallbacks {
  onFindings: (findings: Finding[]) => void;
  onCorrelationInputs: (inputs: CorrelationInput[]) => void;
  onProblem: (text: string) => void;
  onBytes: (bytes: number) => void;
  onScanned: (result: FileScanResult) => void;
  onFailed: (path: string, message: string, unknownFormat: boolean) => void;
}

/**
 * The files (and parts of files) still to scan: in the given order, or largest first (threads then
 * end on small files, not one thread on the last big one).
 */
export class FileQueue {
  private readonly tasks: ScanTask[];
  constructor(tasks: readonly ScanTask[], largestFirst = false) {
    this.tasks = [...tasks];
    if (largestFirst) this.tasks.sort((a, b) => b.bytes - a.bytes);
  }

  next(): ScanTask | undefined {
    return this.tasks.shift();
  }
}

const workerUrl = new URL('./worker.js', import.meta.url);
/**
 * A worker's young generation: a hunt allocates each event's fields and strings and drops them
 * soon after, so a larger nursery means fewer scavenges. V8's default gives 32 MB of new space,
 * this 64 MB: on a 2-thread hunt of 40,000 JSONL events, the worker's scavenges went from 38
 * (1.6 s) to 23 (1.4 s) (--trace-gc, a loaded machine).
 */
const WORKER_YOUNG_GENERATION_MB = 96;

/** One worker thread: loads the detectors as soon as it starts; `run` feeds it files. */
class HuntWorker {
  private readonly worker: Worker;
  private readonly ready: Promise<void>;
  private cb: PoolCallbacks | null = null;
  private onReady: () => void = () => {};
  private onEnd: (err?: Error) => void = () => {};
  private next: () => void = () => {};
  private settled = false;
  private error: Error | null = null;

  constructor(data: WorkerData) {
    this.worker = new Worker(workerUrl, { workerData: data, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
    this.ready = new Promise<void>((resolve, reject) => {
      this.onReady = resolve;
      this.onEnd = (err) => (err ? reject(err) : resolve());
    });
    this.ready.catch(() => {}); // reported by run(), or dropped by terminate()
    this.worker.on('message', (m: FromWorker) => this.receive(m));
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', (code) => {
      if (!this.settled) this.fail(new Error(`worker thread stopped unexpectedly (exit code ${code})`));
    });
  }

  private send(m: ToWorker): void {
    this.worker.postMessage(m);
  }

  private fail(err: Error): void {
    if (this.settled) return;
    this.settled = true;
    this.error = err;
    void this.worker.terminate();
    this.onEnd(err);
  }

  private receive(m: FromWorker): void {
    const cb = this.cb;
    switch (m.type) {
      case 'ready': this.onReady(); break;
      case 'findings': cb?.onFindings(m.findings); break;
      case 'correlation': cb?.onCorrelationInputs(m.inputs); break;
      case 'problem': cb?.onProblem(m.text); break;
      case 'bytes': cb?.onBytes(m.bytes); break;
      case 'scanned': cb?.onScanned(m.result); this.next(); break;
      case 'failed': cb?.onFailed(m.path, m.message, m.unknownFormat); this.next(); break;
      case 'finished':
        this.settled = true;
        void this.worker.terminate().then(() => this.onEnd());
        break;
      case 'fatal': this.fail(new Error(m.message)); break;
    }
  }

  /** Scans files from the queue until it is empty; resolves once the worker has finished. */
  async run(queue: FileQueue, cb: PoolCallbacks): Promise<void> {
    this.cb = cb;
    const done = new Promise<void>((resolve, reject) => {
      this.onEnd = (err) => (err ? reject(err) : resolve());
    });
    await this.ready;
    if (this.error) throw this.error;
    this.next = () => {
      const task = queue.next();
      this.send(task === undefined ? { type: 'finish' } : { type: 'scan', task });
    };
    this.next();
    await done;
  }

  terminate(): void {
    this.settled = true;
    void this.worker.terminate();
  }
}

export class WorkerPool {
  private readonly workers: HuntWorker[] = [];

  /** Starts `count` workers now; they build their detectors while the caller starts scanning. */
  constructor(count: number, data: WorkerData) {
    for (let i = 0; i < count; i++) this.workers.push(new HuntWorker(data));
  }

  run(queue: FileQueue, cb: PoolCallbacks): Promise<void> {
    return Promise.all(this.workers.map((w) => w.run(queue, cb))).then(() => {});
  }

  /** Stops every worker (after an error, or when the hunt stops before scanning). */
  terminate(): void {
    for (const w of this.workers) w.terminate();
  }
}
