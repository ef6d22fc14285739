/**
 * worker_threads script: renders a range of chunks of one EVTX file (or whole files) and posts the
 * text back. Used by parallel.ts; compiled next to it as chunk-worker.js.
 */
import { parentPort } from 'node:worker_threads';
import type { ReadProblem } from '../reader.js';
import { iterateEvtxRecords } from './records.js';
import type { ChunkTask, ChunkTaskResult } from './parallel.js';
import { formatRecord } from './parallel.js';

function run(task: ChunkTask): ChunkTaskResult {
  const problems: ReadProblem[] = [];
  const parts: string[] = [];
  let records = 0;
  try {
    const iter = iterateEvtxRecords(task.path, {
      carve: task.carve,
      xml: task.format === 'xml',
      json: task.format !== 'xml',
      firstChunk: task.firstChunk,
      lastChunk: task.lastChunk,
      onProblem: (p) => problems.push(p),
    });
    for (const rec of iter) {
      records++;
      if (task.format !== 'count') parts.push(formatRecord(rec, task.format));
    }
  } catch (err) {
    return { id: task.id, text: parts.join(''), records, problems, error: err instanceof Error ? err.message : String(err) };
  }
  return { id: task.id, text: parts.join(''), records, problems };
}

parentPort?.on('message', (task: ChunkTask) => {
  parentPort!.postMessage(run(task));
});
