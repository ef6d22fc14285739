/**
 * A sweep worker thread: loads the sweep's detectors once, then scans the files it is sent.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadSweepParts } from './load-sweep-parts.js';
import type { FromSweepWorker, SweepWorkerConfig, ToSweepWorker } from './sweep-worker-pool.js';

const config = workerData as SweepWorkerConfig;
const port = parentPort!;
const { scanner } = await loadSweepParts(config);
const send = (m: FromSweepWorker): void => port.postMessage(m);

port.on('message', (m: ToSweepWorker) => {
  if (m.type === 'finish') {
    port.close();
    return;
  }
  scanner.scan(m.job).then(
    (outcome) => send({ type: 'done', id: m.id, outcome }),
    (err: NodeJS.ErrnoException) => send({ type: 'failed', id: m.id, code: err.code, message: err.message }),
  );
});
send({ type: 'ready' });
