/**
 * Where a file of line records (JSONL) can be cut so that threads read its parts on their own: at
 * line starts, each part knowing the number of its first line, so record numbers are those of a
 * whole-file read. Used by the hunt's file parts (engine/file-parts.ts) through ReadOptions.part.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { FilePart } from './reader.js';

/** Bytes read at a time while counting lines. */
const READ_SIZE = 1 << 20;

/**
 * The file's parts: `count` ranges of about equal size, each starting after a newline, with the
 * number of its first line (newlines before it + 1). Fewer when the file has too few lines.
 */
export function lineParts(path: string, size: number, count: number): FilePart[] {
  const targets: number[] = [];
  for (let k = 1; k < count; k++) targets.push(Math.floor((k * size) / count));
  const starts: Array<{ start: number; firstLine: number }> = [{ start: 0, firstLine: 1 }];
  const buf = Buffer.allocUnsafe(READ_SIZE);
  const fd = openSync(path, 'r');
  try {
    let newlines = 0;
    let pos = 0;
    let t = 0;
    while (t < targets.length && pos < size) {
      const n = readSync(fd, buf, 0, Math.min(READ_SIZE, size - pos), pos);
      if (n <= 0) break;
      for (let i = buf.indexOf(0x0a); i >= 0 && i < n; i = buf.indexOf(0x0a, i + 1)) {
        newlines++;
        const lineStart = pos + i + 1;
        while (t < targets.length && pos + i >= targets[t]!) {
          if (lineStart < size && lineStart > starts[starts.length - 1]!.start) starts.push({ start: lineStart, firstLine: newlines + 1 });
          t++;
        }
      }
      pos += n;
    }
  } finally {
    closeSync(fd);
  }
  return starts.map((s, i) => ({ start: s.start, end: i + 1 < starts.length ? starts[i + 1]!.start : size, firstLine: s.firstLine }));
}
