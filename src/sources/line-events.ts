/**
 * The loop every line-oriented reader (JSONL, W3C, Zeek TSV) shares: read the file's lines (or
 * those of `options.content`, bytes already in memory), hand each non-empty one with its line
 * number to the format's `onLine` (which adds events or problems to the batcher), yield batches as
 * they fill, and report a stream that breaks mid-file (a truncated gzip, say) as a problem instead
 * of throwing.
 */
import type { HuntEvent } from '../events/event.js';
import { StreamBroken } from './byte-stream.js';
import { reasonOf, type EventBatcher } from './batcher.js';
import { readLines } from './lines.js';
import type { ReadOptions } from './reader.js';

export async function* readLineEvents(
  path: string, options: ReadOptions, out: EventBatcher, onLine: (line: string, lineNo: number) => void,
): AsyncGenerator<HuntEvent[]> {
  try {
    for await (const batch of readLines(path, {
      onBytes: options.onBytes,
      content: options.content,
      range: options.part,
      firstLine: options.part?.firstLine,
      onLongLine: (n) => out.problem(`line ${n}`, 'line longer than 64 MiB, skipped'),
    })) {
      let lineNo = batch.first;
      for (const line of batch.lines) {
        const n = lineNo++;
        if (line.length === 0) continue;
        try {
          onLine(line, n);
        } catch (err) {
          // A bug the format code did not foresee costs this one line, never the rest of the file.
          out.problem(`line ${n}`, `unreadable line: ${reasonOf(err)}`);
        }
        if (out.hasFull) yield* out.takeFull();
      }
      yield* out.takeFull();
    }
  } catch (err) {
    if (!(err instanceof StreamBroken)) throw err;
    out.problem(`byte offset ${err.offset}`, `${err.message}; rest of file not read`);
  }
  yield* out.takeAll();
}
