/**
 * Runs file scans on worker threads: each worker loads the detectors once, then takes files from a
 * shared queue until it is empty. Findings, correlation inputs and progress stream back as messages.
 */
import { Worker } from 'node:worker_threads';
import type { Finding } from '../findings/finding.js';
import type { CorrelationInput } from '../sigma/correlation/index.js';
import type { DetectorConfig } from './hunt-options.js';
import type { FileScanResult } from './scan-file.js';
import type { FromWorker, ToWorker, WorkerData } from './worker-protocol.js';
import type { EventScope } from './event-scope.js';

export interface PoolCallbacks {
  onFindings: (findings: Finding[]) => void;
  onCorrelationInputs: (inputs: CorrelationInput[]) => void;
  onProblem: (text: string) => void;
  onBytes: (bytes: number) => void;
  onScanned: (result: FileScanResult) => void;
  onFailed: (path: string, message: string, unknownFormat: boolean) => void;
}

const workerUrl = new URL('./worker.js', import.meta.url);

export async function scanOnWorkers(
  files: readonly string[], threads: number, config: DetectorConfig, scope: EventScope, cb: PoolCallbacks,
): Promise<void> {
  const queue = [...files];
  const count = Math.max(1, Math.min(threads, files.length));
  const runs: Promise<void>[] = [];
  for (let i = 0; i < count; i++) runs.push(runWorker(queue, { config, scope }, cb));
  await Promise.all(runs);
}

function runWorker(queue: string[], data: WorkerData, cb: PoolCallbacks): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerUrl, { workerData: data });
    const send = (m: ToWorker): void => worker.postMessage(m);
    const next = (): void => {
      const path = queue.shift();
      if (path === undefined) send({ type: 'finish' });
      else send({ type: 'scan', path });
    };
    let settled = false;
    const fail = (err: Error): void => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      reject(err);
    };
    worker.on('message', (m: FromWorker) => {
      switch (m.type) {
        case 'ready': next(); break;
        case 'findings': cb.onFindings(m.findings); break;
        case 'correlation': cb.onCorrelationInputs(m.inputs); break;
        case 'problem': cb.onProblem(m.text); break;
        case 'bytes': cb.onBytes(m.bytes); break;
        case 'scanned': cb.onScanned(m.result); next(); break;
        case 'failed': cb.onFailed(m.path, m.message, m.unknownFormat); next(); break;
        case 'finished':
          settled = true;
          void worker.terminate().then(() => resolve());
          break;
        case 'fatal': fail(new Error(m.message)); break;
      }
    });
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (!settled) fail(new Error(`worker thread stopped unexpectedly (exit code ${code})`));
    });
  });
}
