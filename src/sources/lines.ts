/**
 * Line splitting for the line-oriented formats (JSONL, W3C, Zeek TSV): decoded chunks in, batches
 * of lines out, with their 1-based line numbers. A trailing `\r` is removed. A line longer than
 * MAX_LINE bytes is reported and skipped, so memory stays bounded on garbage input.
 *
 * Newlines are found in the bytes and each line is decoded on its own: a non-ASCII character then
 * only makes its own line a two-byte string (cheaper to decode and to JSON.parse than decoding
 * whole chunks; measured about 25% less CPU on evtx_dump JSONL).
 */
import { readBytes, type ByteStreamOptions } from './byte-stream.js';

export const MAX_LINE = 64 * 1024 * 1024;

export interface LineBatch {
  /** Line number of lines[0]. */
  first: number;
  lines: string[];
}

export interface LineOptions extends ByteStreamOptions {
  /** Called for a line over `maxLine` bytes, which is skipped. */
  onLongLine: (line: number) => void;
  /** Longest line kept, in bytes (default MAX_LINE). */
  maxLine?: number;
}

function decodeLine(buf: Buffer, start: number, end: number): string {
  if (end > start && buf[end - 1] === 13) end--;
  return buf.toString('utf8', start, end);
}

export async function* readLines(path: string, options: LineOptions): AsyncGenerator<LineBatch> {
  /** Start of a line that continues into the next chunk. */
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  /** Dropping the rest of an overlong line. */
  let skipping = false;
  let lineNo = 1;
  const maxLine = options.maxLine ?? MAX_LINE;
  for await (const chunk of readBytes(path, options)) {
    const firstNl = chunk.indexOf(0x0a);
    if (firstNl < 0) {
      if (skipping) continue;
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes > maxLine) {
        options.onLongLine(lineNo);
        skipping = true;
        pending = [];
        pendingBytes = 0;
      }
      continue;
    }
    const lines: string[] = [];
    const first = lineNo;
    if (skipping) {
      skipping = false;
      lines.push(''); // the skipped line keeps its number
    } else if (pending.length) {
      pending.push(chunk.subarray(0, firstNl));
      const joined = Buffer.concat(pending);
      lines.push(decodeLine(joined, 0, joined.length));
      pending = [];
      pendingBytes = 0;
    } else {
      lines.push(decodeLine(chunk, 0, firstNl));
    }
    let pos = firstNl + 1;
    const n = chunk.length;
    for (;;) {
      const nl = chunk.indexOf(0x0a, pos);
      if (nl < 0) break;
      lines.push(decodeLine(chunk, pos, nl));
      pos = nl + 1;
    }
    if (pos < n) {
      pending.push(chunk.subarray(pos));
      pendingBytes = n - pos;
    }
    lineNo += lines.length;
    yield { first, lines };
  }
  if (!skipping && pending.length) {
    const joined = Buffer.concat(pending);
    yield { first: lineNo, lines: [decodeLine(joined, 0, joined.length)] };
  }
}
