/**
 * cellwatch's native EVTX reader.
 *
 * - `evtxSniffer` (format 'evtx', `ElfFile\0` magic) → `EvtxEventReader` for hunts and `rules test`
 *   (plain files read chunk by chunk; `.evtx.gz` decompressed as a stream, one chunk at a time).
 * - `iterateEvtxRecords(pathOrBuffer, options)` → `{recordNumber, eventRecordId, time, json, xml?,
 *   chunk, offset, carved}` per record, for `cellwatch dump` and tests (see records.ts).
 * - `renderRecordJson` gives the evtx_dump JSON shape; `renderRecordXml` the XML text.
 */
import type { FormatSniffer } from '../reader.js';
import { isEvtxMagic } from './file-header.js';
import { EvtxEventReader } from './evtx-event-reader.js';

export const evtxSniffer: FormatSniffer = {
  format: 'evtx',
  sniff(head: Buffer): boolean {
    return isEvtxMagic(head);
  },
  open() {
    return new EvtxEventReader();
  },
};

export { EvtxEventReader, iterateGzipEvtxRecords, recordToEvent } from './evtx-event-reader.js';
export { iterateEvtxRecords, iterateChunkRecords, chunkSlots } from './records.js';
export { evtxParts } from './evtx-parts.js';
export type { EvtxRecord, EvtxIterateOptions } from './records.js';
export { parseFileHeader } from './file-header.js';
export type { EvtxFileHeader } from './file-header.js';
export { parseChunkHeader } from './chunk.js';
export type { JsonObject, JsonValue } from './render-json.js';
export { renderRecordJson } from './render-json.js';
export { renderRecordXml } from './render-xml.js';
export { resolveRecord } from './resolve.js';
export { ChunkWorkerPool, dumpEvtxParallel, formatRecord } from './parallel.js';
export type { DumpFormat, ParallelDumpOptions } from './parallel.js';
