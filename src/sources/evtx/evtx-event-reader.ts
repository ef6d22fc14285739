/**
 * The EVTX EventReader: streams a file's records as HuntEvent batches. `fields` is
 * flattenWindowsEvent(json), made without the JSON where the record's template allows (records.ts
 * `fields`; the JSON itself only with ReadOptions.keepRaw), `source.record` the EventRecordID.
 */
import { flattenWindowsEvent } from '../../events/flatten.js';
import type { HuntEvent } from '../../events/event.js';
import { DEFAULT_BATCH_SIZE } from '../reader.js';
import type { EventReader, ReadOptions } from '../reader.js';
import { CHUNK_SIZE } from './chunk.js';
import { createReadStream } from 'node:fs';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { FILE_HEADER_BLOCK } from './file-header.js';
import { checkFileHeader, iterateChunkSlot, iterateEvtxRecords, readFileHeader } from './records.js';
import type { EvtxIterateOptions, EvtxRecord } from './records.js';

/**
 * Whether the file is gzip-compressed, and its size (for progress). Synchronous: two bytes and a
 * stat cost less than promise-based calls, which showed in hunts over many small files.
 */
function fileFacts(path: string): { gz: boolean; size: number } {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw new Error(`${path}: cannot open (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  try {
    const b = Buffer.alloc(2);
    readSync(fd, b, 0, 2, 0);
    return { gz: b[0] === 0x1f && b[1] === 0x8b, size: fstatSync(fd).size };
  } finally {
    closeSync(fd);
  }
}

/**
 * Records of a gzip-compressed EVTX file, decompressed as a stream: one chunk in memory at a time.
 * Offsets in problem reports are offsets in the decompressed file.
 */
export async function* iterateGzipEvtxRecords(path: string, opts: EvtxIterateOptions): AsyncGenerator<EvtxRecord> {
  const o: EvtxIterateOptions = { ...opts, path: opts.path ?? path };
  const stream = createReadStream(path).pipe(createGunzip());
  let pending: Buffer[] = [];
  let have = 0;
  let header: ReturnType<typeof readFileHeader> | null = null;
  let index = 0;
  const take = (n: number): Buffer => {
    const all = pending.length === 1 ? pending[0]! : Buffer.concat(pending, have);
    const out = Buffer.from(all.subarray(0, n));
    const rest = all.subarray(n);
    pending = rest.length > 0 ? [rest] : [];
    have = rest.length;
    return out;
  };
  try {
    for await (const piece of stream as AsyncIterable<Buffer>) {
      pending.push(piece);
      have += piece.length;
      if (header === null) {
        if (have < FILE_HEADER_BLOCK) continue;
        header = readFileHeader(take(FILE_HEADER_BLOCK), o.path!);
        checkFileHeader(header, o.path!, o.onProblem);
      }
      while (have >= CHUNK_SIZE) {
        const off = FILE_HEADER_BLOCK + index * CHUNK_SIZE;
        yield* iterateChunkSlot(take(CHUNK_SIZE), index++, off, header, o);
      }
    }
  } catch (err) {
    if (header === null) throw new Error(`${o.path}: ${(err as Error).message}`);
    o.onProblem?.({ path: o.path!, where: `chunk ${index}`, reason: `decompression failed: ${(err as Error).message}` });
    return;
  }
  if (header === null) readFileHeader(take(have), o.path!);
  else if (have > 0) o.onProblem?.({ path: o.path!, where: `chunk ${index}`, reason: `truncated chunk (${have} of ${CHUNK_SIZE} bytes); skipped` });
}

/** The chunk slot starting at a part boundary (the end of the file: the number of slots and then some). */
function chunkAt(offset: number): number {
  return Math.ceil((offset - FILE_HEADER_BLOCK) / CHUNK_SIZE);
}

/** `keepRaw`: keep the evtx_dump-shaped JSON in `raw` (ReadOptions.keepRaw). */
export function recordToEvent(rec: EvtxRecord, path: string, keepRaw = false): HuntEvent {
  return {
    fields: rec.fields ?? flattenWindowsEvent(rec.json as Parameters<typeof flattenWindowsEvent>[0]),
    source: { path, record: rec.eventRecordId, format: 'evtx' },
    time: rec.time,
    raw: keepRaw ? rec.json : undefined,
  };
}

export class EvtxEventReader implements EventReader {
  readonly format = 'evtx';
  constructor(private readonly carve = false) {}

  /** Plain files split at chunks; carving (records outside chunks) reads whole files. */
  get splitsAt(): 'evtx-chunks' | undefined {
    return this.carve ? undefined : 'evtx-chunks';
  }

  async *read(path: string, options: ReadOptions): AsyncIterable<HuntEvent[]> {
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    const part = options.part;
    const opts = {
      onProblem: options.onProblem, carve: this.carve, fields: options.keepRaw !== true,
      ...(part ? { firstChunk: chunkAt(part.start), lastChunk: chunkAt(part.end) } : {}),
    };
    let batch: HuntEvent[] = [];
    let lastChunk = -1;
    let reported = part?.start ?? 0;
    const { gz, size } = fileFacts(path);
    const keepRaw = options.keepRaw === true;
    const add = (rec: EvtxRecord): boolean => {
      if (rec.chunk !== lastChunk) {
        lastChunk = rec.chunk;
        // Progress: everything before this chunk has been read (decompressed offsets for .gz).
        const upTo = FILE_HEADER_BLOCK + rec.chunk * CHUNK_SIZE;
        if (!gz && options.onBytes && upTo > reported) {
          options.onBytes(upTo - reported);
          reported = upTo;
        }
      }
      batch.push(recordToEvent(rec, path, keepRaw));
      return batch.length >= batchSize;
    };
    if (gz) {
      for await (const rec of iterateGzipEvtxRecords(path, opts)) {
        if (add(rec)) {
          yield batch;
          batch = [];
        }
      }
    } else {
      // Plain files: a synchronous generator, no promise per record.
      for (const rec of iterateEvtxRecords(path, opts)) {
        if (add(rec)) {
          yield batch;
          batch = [];
        }
      }
    }
    if (batch.length > 0) yield batch;
    const end = part?.end ?? size;
    if (options.onBytes && end > reported) options.onBytes(end - reported);
  }
}
