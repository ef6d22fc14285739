/**
 * Record iteration over a whole file or one chunk.
 *
 *   iterateEvtxRecords(pathOrBuffer, {carve?, xml?, json?, fields?, onProblem?, path?, firstChunk?, lastChunk?})
 *     → Generator<EvtxRecord>  ({recordNumber, eventRecordId, time, json, fields?, xml?, chunk, offset, carved})
 *
 * Files are read one 64 KiB chunk at a time (memory bounded by the chunk size). Every chunk with a
 * valid `ElfChnk` signature is read, including those past the header's chunk count (headers of
 * files not closed cleanly under-count). Active records are those between the chunk header and
 * its free-space offset; with `carve`, records left in the slack after it are recovered too.
 * A damaged chunk or record is reported through `onProblem` (`chunk N offset 0x…`) and skipped.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { ReadProblem } from '../reader.js';
import { parseTimestamp } from '../../events/timestamp.js';
import { EvtxFormatError } from './binxml-tokens.js';
import {
  CHUNK_HEADER_SIZE, CHUNK_SIZE, hasChunkMagic, parseChunkHeader, RECORD_HEADER_SIZE, recordSizeAt,
} from './chunk.js';
import { ChunkContext } from './chunk-context.js';
import { FILE_HEADER_BLOCK, parseFileHeader } from './file-header.js';
import type { EvtxFileHeader } from './file-header.js';
import { renderRecordJson } from './render-json.js';
import type { JsonObject } from './render-json.js';
import { renderRecordXml } from './render-xml.js';
import { resolveRecord } from './resolve.js';
import { parseBinXml } from './binxml.js';
import type { BxNode } from './nodes.js';
import { planRecordFields, type RecordFieldFacts } from './record-fields.js';
import { flattenWindowsEvent } from '../../events/flatten.js';
import type { EventFields } from '../../events/event.js';

export interface EvtxRecord {
  /** Record number from the record header (not necessarily the EventRecordID). */
  recordNumber: number;
  /** System/EventRecordID as rendered (falls back to recordNumber when absent). */
  eventRecordId: number;
  /** TimeCreated/@SystemTime in epoch ms (NaN when absent). */
  time: number;
  /** evtx_dump-shaped JSON (`{"Event":{…}}`) with values as Windows renders them; an empty (frozen) object when `json: false` or `fields: true`. */
  json: JsonObject;
  /** With `fields: true`: the hunt's flattened fields, flattenWindowsEvent(json) (made without the JSON where the template allows). */
  fields?: EventFields;
  /** XML rendering when `xml: true`. */
  xml?: string;
  /** 0-based chunk index in the file. */
  chunk: number;
  /** File offset of the record. */
  offset: number;
  /** True for a record recovered from chunk slack (`carve`). */
  carved: boolean;
}

export interface EvtxIterateOptions {
  /** Also recover deleted records from chunk slack. */
  carve?: boolean;
  /** Render XML (`record.xml`). */
  xml?: boolean;
  /** Render JSON (default true). */
  json?: boolean;
  /** Give the flattened hunt fields (`record.fields`) instead of the JSON (`json` is then ignored). */
  fields?: boolean;
  onProblem?: (problem: ReadProblem) => void;
  /** Path used in problem reports (defaults to the input path, or `<buffer>`). */
  path?: string;
  /** Read only chunks with index in [firstChunk, lastChunk). */
  firstChunk?: number;
  lastChunk?: number;
}

function where(chunk: number, fileOffset: number): string {
  return `chunk ${chunk} offset 0x${fileOffset.toString(16)}`;
}

function systemField(json: JsonObject, root: string, key: string): unknown {
  const ev = json[root];
  if (typeof ev !== 'object' || ev === null || Array.isArray(ev)) return undefined;
  const sys = (ev as JsonObject).System;
  if (typeof sys !== 'object' || sys === null || Array.isArray(sys)) return undefined;
  return (sys as JsonObject)[key];
}

/** Epoch ms of a rendered SystemTime (`YYYY-MM-DDTHH:MM:SS.fffffff00Z`), general parser otherwise. */
function systemTimeMs(v: unknown): number {
  if (typeof v === 'string' && v.length === 30 && v.charCodeAt(29) === 90 /* Z */ && v.charCodeAt(10) === 84 /* T */) {
    const ms = Date.UTC(+v.slice(0, 4), +v.slice(5, 7) - 1, +v.slice(8, 10), +v.slice(11, 13), +v.slice(14, 16), +v.slice(17, 19), +v.slice(20, 23));
    if (!Number.isNaN(ms)) return ms;
  }
  return parseTimestamp(v);
}

function recordTime(json: JsonObject, root: string): number {
  const tc = systemField(json, root, 'TimeCreated');
  if (typeof tc === 'object' && tc !== null && !Array.isArray(tc)) {
    const a = (tc as JsonObject)['#attributes'];
    if (typeof a === 'object' && a !== null && !Array.isArray(a)) return systemTimeMs((a as JsonObject).SystemTime);
  }
  return NaN;
}

const planned: RecordFieldFacts = { recordId: null, systemTime: null };

/** `json` of records rendered without it (`fields: true`, `json: false`): one empty object for all. */
const NO_JSON: JsonObject = Object.freeze({}) as JsonObject;

/** A record's fields from its template's field plan (record-fields.ts) into `rec`: false when the plan cannot make them (the JSON path then). */
function plannedRecord(ctx: ChunkContext, nodes: BxNode[], recordNumber: number, rec: EvtxRecord): boolean {
  const fields = planRecordFields(ctx, nodes, planned);
  if (fields === null) return false;
  rec.fields = fields;
  rec.eventRecordId = planned.recordId ?? recordNumber;
  rec.time = planned.systemTime === null ? NaN : systemTimeMs(planned.systemTime);
  return true;
}

/** Render one record at chunk offset `pos` (size already validated). */
function renderRecord(
  ctx: ChunkContext, pos: number, size: number, chunk: number, chunkFileOffset: number, carved: boolean,
  opts: EvtxIterateOptions,
): EvtxRecord {
  const b = ctx.buf;
  const recordNumber = b.readUInt32LE(pos + 12) * 0x100000000 + b.readUInt32LE(pos + 8);
  const rec: EvtxRecord = { recordNumber, eventRecordId: recordNumber, time: NaN, json: NO_JSON, chunk, offset: chunkFileOffset + pos, carved, fields: undefined };
  const fields = opts.fields === true;
  const start = pos + RECORD_HEADER_SIZE;
  const end = pos + size - 4;
  // Parsed once: the plan reads these nodes, and the JSON path resolves them when the plan cannot.
  const nodes = fields && !opts.xml ? parseBinXml(ctx, start, end, false, 0).nodes : undefined;
  if (nodes !== undefined && plannedRecord(ctx, nodes, recordNumber, rec)) return rec;
  const root = resolveRecord(ctx, start, end, nodes);
  if (root === null) throw new EvtxFormatError(pos, 'record holds no element');
  if (fields || opts.json !== false) {
    const json = renderRecordJson(root);
    const id = systemField(json, root.name, 'EventRecordID');
    if (typeof id === 'number') rec.eventRecordId = id;
    rec.time = recordTime(json, root.name);
    if (fields) rec.fields = flattenWindowsEvent(json);
    else rec.json = json;
  }
  if (opts.xml) rec.xml = renderRecordXml(root);
  return rec;
}

/** Records of one chunk held in `buf` (chunk at offset 0). */
export function* iterateChunkRecords(
  buf: Buffer, chunk: number, chunkFileOffset: number, opts: EvtxIterateOptions,
): Generator<EvtxRecord> {
  const path = opts.path ?? '<buffer>';
  const report = (pos: number, reason: string): void => {
    opts.onProblem?.({ path, where: where(chunk, chunkFileOffset + pos), reason });
  };
  if (buf.length < CHUNK_HEADER_SIZE) {
    report(0, `truncated chunk (${buf.length} bytes)`);
    return;
  }
  const header = parseChunkHeader(buf);
  if (!header.headerChecksumOk) report(0, 'chunk header checksum mismatch');
  let limit = header.freeSpaceOffset;
  if (limit < CHUNK_HEADER_SIZE || limit > buf.length) {
    report(48, `free space offset 0x${limit.toString(16)} outside the chunk; reading records up to the chunk end`);
    limit = buf.length;
  } else if (!header.recordsChecksumOk) report(52, 'event records checksum mismatch');
  const ctx = new ChunkContext(buf);
  let pos = CHUNK_HEADER_SIZE;
  while (pos + RECORD_HEADER_SIZE <= limit) {
    if (ctx.nodeBudget <= 0) {
      report(pos, 'chunk expands beyond the size limit; rest of the chunk skipped');
      return;
    }
    const size = recordSizeAt(buf, pos, limit);
    if (size === 0) {
      // Not a record here: report once, then look for the next record signature.
      let next = pos + 8;
      while (next < limit && recordSizeAt(buf, next, limit) === 0) next += 8;
      if (header.freeSpaceOffset === limit || next < limit) report(pos, next < limit ? `no valid record; skipped ${next - pos} bytes` : 'no valid record up to the free space offset');
      pos = next;
      continue;
    }
    try {
      yield renderRecord(ctx, pos, size, chunk, chunkFileOffset, false, opts);
    } catch (err) {
      if (!(err instanceof EvtxFormatError) && !(err instanceof RangeError)) throw err;
      report(pos, `record ${buf.readUInt32LE(pos + 8)}: ${err.message}`);
    }
    pos += size;
  }
  if (!opts.carve) return;
  // Slack after the last active record: records deleted or overwritten when the chunk was reused.
  pos = Math.max(limit, CHUNK_HEADER_SIZE);
  pos += (8 - (pos % 8)) % 8;
  while (pos + RECORD_HEADER_SIZE <= buf.length && ctx.nodeBudget > 0) {
    const size = recordSizeAt(buf, pos, buf.length);
    if (size === 0) {
      pos += 8;
      continue;
    }
    try {
      yield renderRecord(ctx, pos, size, chunk, chunkFileOffset, true, opts);
      pos += size;
    } catch (err) {
      if (!(err instanceof EvtxFormatError) && !(err instanceof RangeError)) throw err;
      pos += 8;
    }
  }
}

/** Read the file header; throws an Error naming the file when it is not EVTX. */
export function readFileHeader(head: Buffer, path: string): EvtxFileHeader {
  const header = parseFileHeader(head);
  if (header === null) throw new Error(`${path}: not an EVTX file (no ElfFile signature)`);
  return header;
}

/** Number of whole chunk slots in a file of `size` bytes. */
export function chunkSlots(size: number): number {
  return Math.max(0, Math.floor((size - FILE_HEADER_BLOCK) / CHUNK_SIZE));
}

/** Report file-header problems (checksum, header size). */
export function checkFileHeader(header: EvtxFileHeader, path: string, onProblem?: (p: ReadProblem) => void): void {
  if (!header.checksumOk) onProblem?.({ path, where: 'file header', reason: 'file header checksum mismatch' });
  if (header.headerSize !== 128 && header.headerSize !== 0) {
    onProblem?.({ path, where: 'file header', reason: `unexpected header size ${header.headerSize}` });
  }
}

/**
 * Records of one chunk slot `index` (file offset `off`) of a file whose header says `header`:
 * skips a slot without the chunk signature, reporting it when the header counts it.
 */
export function* iterateChunkSlot(buf: Buffer, index: number, off: number, header: EvtxFileHeader, o: EvtxIterateOptions): Generator<EvtxRecord> {
  if (!hasChunkMagic(buf)) {
    if (index < header.chunkCount) o.onProblem?.({ path: o.path ?? '<buffer>', where: where(index, off), reason: 'bad chunk signature; chunk skipped' });
    return;
  }
  yield* iterateChunkRecords(buf, index, off, o);
}

/** All records of a file (path or whole-file Buffer), chunk by chunk. */
export function* iterateEvtxRecords(input: string | Buffer, opts: EvtxIterateOptions = {}): Generator<EvtxRecord> {
  const path = opts.path ?? (typeof input === 'string' ? input : '<buffer>');
  const o: EvtxIterateOptions = { ...opts, path };
  let fd = -1;
  let size: number;
  let head: Buffer;
  if (typeof input === 'string') {
    try {
      fd = openSync(input, 'r');
      size = fstatSync(fd).size;
    } catch (err) {
      if (fd >= 0) closeSync(fd);
      throw new Error(`${path}: cannot open (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    head = Buffer.alloc(Math.min(FILE_HEADER_BLOCK, size));
    readSync(fd, head, 0, head.length, 0);
  } else {
    size = input.length;
    head = input.subarray(0, FILE_HEADER_BLOCK);
  }
  try {
    const header = readFileHeader(head, path);
    if (!opts.firstChunk) checkFileHeader(header, path, o.onProblem);
    const slots = chunkSlots(size);
    const first = opts.firstChunk ?? 0;
    const last = Math.min(opts.lastChunk ?? slots, slots);
    const chunkBuf = fd >= 0 ? Buffer.allocUnsafe(CHUNK_SIZE) : null;
    for (let i = first; i < last; i++) {
      const off = FILE_HEADER_BLOCK + i * CHUNK_SIZE;
      let buf: Buffer;
      if (chunkBuf) {
        const n = readSync(fd, chunkBuf, 0, CHUNK_SIZE, off);
        buf = n === CHUNK_SIZE ? chunkBuf : chunkBuf.subarray(0, n);
      } else buf = (input as Buffer).subarray(off, off + CHUNK_SIZE);
      yield* iterateChunkSlot(buf, i, off, header, o);
    }
    const tail = size - FILE_HEADER_BLOCK - slots * CHUNK_SIZE;
    if (tail > 0 && last === slots && (opts.lastChunk === undefined || opts.lastChunk >= slots)) {
      const off = FILE_HEADER_BLOCK + slots * CHUNK_SIZE;
      const buf = Buffer.alloc(Math.min(tail, 8));
      if (fd >= 0) readSync(fd, buf, 0, buf.length, off);
      else (input as Buffer).copy(buf, 0, off, off + buf.length);
      if (hasChunkMagic(buf)) o.onProblem?.({ path, where: where(slots, off), reason: `truncated chunk (${tail} of ${CHUNK_SIZE} bytes); skipped` });
    }
  } finally {
    if (fd >= 0) closeSync(fd);
  }
}
