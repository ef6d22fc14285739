/**
 * Line splitting for the line-oriented formats (JSONL, W3C, Zeek TSV): decoded chunks in, batches
 * of lines out, with their 1-based line numbers. A trailing `\r` is removed. A line longer than
 * MAX_LINE bytes is reported and skipped, so memory stays bounded on garbage input.
 */
import { readBytes, type ByteStreamOptions } from './byte-stream.js';

export const MAX_LINE = 64 * 1024 * 1024;

export interface LineBatch {
  /** Line number of lines[0]. */
  first: number;
  lines: string[];
}

export interface LineOptions extends ByteStreamOptions {
  /** Called for a line over MAX_LINE bytes, which is skipped. */
  onLongLine: (line: number) => void;
}

export async function* readLines(path: string, options: LineOptions): AsyncGenerator<LineBatch> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let skipping = false;
  let lineNo = 1;
  for await (const chunk of readBytes(path, options)) {
    const last = chunk.lastIndexOf(0x0a);
    if (last < 0) {
      if (skipping) continue;
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes > MAX_LINE) {
        options.onLongLine(lineNo);
        skipping = true;
        pending = [];
        pendingBytes = 0;
      }
      continue;
    }
    let startByte = 0;
    const lines: string[] = [];
    if (skipping) {
      // Drop the rest of the overlong line, up to its newline.
      startByte = chunk.indexOf(0x0a) + 1;
      skipping = false;
      lineNo++;
    }
    let text: string;
    if (pending.length) {
      pending.push(chunk.subarray(startByte, last + 1));
      text = Buffer.concat(pending).toString('utf8');
      pending = [];
      pendingBytes = 0;
    } else {
      text = chunk.toString('utf8', startByte, last + 1);
    }
    let pos = 0;
    const end = text.length;
    while (pos < end) {
      const nl = text.indexOf('\n', pos);
      // text ends with '\n', so nl >= 0 here.
      let stop = nl;
      if (stop > pos && text.charCodeAt(stop - 1) === 13) stop--;
      lines.push(text.slice(pos, stop));
      pos = nl + 1;
    }
    const first = lineNo;
    lineNo += lines.length;
    yield { first, lines };
    if (last + 1 < chunk.length) {
      pending.push(chunk.subarray(last + 1));
      pendingBytes = chunk.length - last - 1;
    }
  }
  if (!skipping && pending.length) {
    let text = Buffer.concat(pending).toString('utf8');
    if (text.endsWith('\r')) text = text.slice(0, -1);
    yield { first: lineNo, lines: [text] };
  }
}
