/**
 * The EVTX EventReader: streams a file's records as HuntEvent batches. `fields` is
 * flattenWindowsEvent(json), `raw` the evtx_dump-shaped JSON, `source.record` the EventRecordID.
 */
import { flattenWindowsEvent } from '../../events/flatten.js';
import type { HuntEvent } from '../../events/event.js';
import { DEFAULT_BATCH_SIZE } from '../reader.js';
import type { EventReader, ReadOptions } from '../reader.js';
import { CHUNK_SIZE } from './chunk.js';
import { iterateEvtxRecords } from './records.js';
import type { EvtxRecord } from './records.js';

export function recordToEvent(rec: EvtxRecord, path: string): HuntEvent {
  return {
    fields: flattenWindowsEvent(rec.json as Parameters<typeof flattenWindowsEvent>[0]),
    source: { path, record: rec.eventRecordId, format: 'evtx' },
    time: rec.time,
    raw: rec.json,
  };
}

export class EvtxEventReader implements EventReader {
  readonly format = 'evtx';
  constructor(private readonly carve = false) {}

  async *read(path: string, options: ReadOptions): AsyncIterable<HuntEvent[]> {
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    let batch: HuntEvent[] = [];
    let lastChunk = -1;
    for (const rec of iterateEvtxRecords(path, { onProblem: options.onProblem, carve: this.carve })) {
      if (rec.chunk !== lastChunk) {
        if (lastChunk >= 0) options.onBytes?.(CHUNK_SIZE);
        lastChunk = rec.chunk;
      }
      batch.push(recordToEvent(rec, path));
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (lastChunk >= 0) options.onBytes?.(CHUNK_SIZE);
    if (batch.length > 0) yield batch;
  }
}
