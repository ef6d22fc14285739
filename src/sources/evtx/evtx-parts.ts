/**
 * Where an EVTX file can be cut so that threads read its parts on their own: at chunk starts (each
 * chunk holds its own strings and templates, and records carry their own numbers). Used by the
 * hunt's file parts (engine/file-parts.ts) through ReadOptions.part.
 */
import type { FilePart } from '../reader.js';
import { CHUNK_SIZE } from './chunk.js';
import { FILE_HEADER_BLOCK } from './file-header.js';
import { chunkSlots } from './records.js';

/** An EVTX file's parts: `count` runs of whole chunk slots of about equal length (the last one to the end of the file). */
export function evtxParts(size: number, count: number): FilePart[] {
  const slots = chunkSlots(size);
  const starts = [0];
  for (let k = 1; k < count; k++) {
    const slot = Math.floor((k * slots) / count);
    const start = FILE_HEADER_BLOCK + slot * CHUNK_SIZE;
    if (slot > 0 && start > starts[starts.length - 1]!) starts.push(start);
  }
  return starts.map((start, i) => ({ start, end: i + 1 < starts.length ? starts[i + 1]! : size, firstLine: 1 }));
}
