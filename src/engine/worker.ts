/**
 * Worker thread of the hunt: builds the detectors once (from the orchestrator's rule-set
 * snapshot), then scans the files the orchestrator
 * hands it one at a time, posting findings, correlation inputs, problems and progress in batches.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Finding } from '../findings/finding.js';
import type { CorrelationInput } from '../sigma/correlation/index.js';
import type { FromWorker, ToWorker, WorkerData } from './worker-protocol.js';
import { createDetectors, loadDetectors } from './load-detectors.js';
import { scanFile, UnknownFormatError } from './scan-file.js';
import { formatProblem } from './problems.js';
import { compileScope, keepsEverything } from './event-scope.js';

const port = parentPort;
if (!port) throw new Error('worker.js must run as a worker thread');
const post = (m: FromWorker): void => port.postMessage(m);

const FLUSH_AT = 512;
let findings: Finding[] = [];
let inputs: CorrelationInput[] = [];
let bytes = 0;

function flush(): void {
  if (findings.length) post({ type: 'findings', findings });
  if (inputs.length) post({ type: 'correlation', inputs });
  if (bytes) post({ type: 'bytes', bytes });
  findings = [];
  inputs = [];
  bytes = 0;
}

async function main(): Promise<void> {
  const { config, scope: scopeData, sigma } = workerData as WorkerData;
  const scope = keepsEverything(scopeData) ? undefined : compileScope(scopeData);
  const loaded = await loadDetectors(config, sigma);
  const detectors = createDetectors(loaded, {
    mode: 'external',
    onInput: (input) => {
      inputs.push(input);
      if (inputs.length >= FLUSH_AT) flush();
    },
  });
  const emit = (f: Finding): void => {
    findings.push(f);
    if (findings.length >= FLUSH_AT) flush();
  };
  port!.on('message', (msg: ToWorker) => {
    if (msg.type === 'scan') {
      const { path, part } = msg.task;
      scanFile(path, detectors, {
        emit,
        scope,
        onProblem: (p) => post({ type: 'problem', text: formatProblem(p) }),
        onBytes: (n) => {
          bytes += n;
          if (bytes > 4 << 20) flush();
        },
      }, part).then(
        (result) => {
          flush();
          post({ type: 'scanned', result });
        },
        (err: unknown) => {
          flush();
          post({
            type: 'failed', path, message: err instanceof Error ? err.message : String(err),
            unknownFormat: err instanceof UnknownFormatError,
          });
        },
      );
    } else {
      for (const d of detectors) d.finish?.(emit);
      flush();
      post({ type: 'finished' });
    }
  });
  post({ type: 'ready' });
}

main().catch((err: unknown) => post({ type: 'fatal', message: err instanceof Error ? err.message : String(err) }));
