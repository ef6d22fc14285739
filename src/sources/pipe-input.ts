/**
 * Inputs that can be read only once: a pipe, FIFO or socket named explicitly (`hunt -`,
 * `hunt <(zcat big.jsonl.gz)`). Format detection needs the first bytes and the reader needs all of
 * them, so the bytes read for the head are kept here and replayed in front of the rest of the stream.
 * State is per thread: the thread that detects the format is the one that reads the input.
 */
import { createReadStream, statSync } from 'node:fs';

interface Pending {
  /** Chunks read so far (the head and whatever came with it). */
  chunks: Buffer[];
  rest: AsyncIterator<Buffer>;
  close: () => void;
}

const pending = new Map<string, Pending>();
const CHUNK = 64 * 1024;
/** The path that `-` (standard input) stands for. */
export const STDIN_PATH = '/dev/stdin';

/** True when `path` is not a regular file (pipe, FIFO, socket, device): it cannot be re-read or seeked. */
export function isStream(path: string): boolean {
  try {
    return !statSync(path).isFile();
  } catch {
    return false; // the open reports it
  }
}

/** A stream whose head was read and whose bytes wait to be replayed by streamBytes. */
export function isPendingStream(path: string): boolean {
  return pending.has(path);
}

/**
 * The first `size` bytes (or fewer at the end) of the stream at `path`. The bytes stay buffered for
 * streamBytes; a second call returns the same head.
 */
export async function streamHead(path: string, size: number): Promise<Buffer> {
  let p = pending.get(path);
  if (!p) {
    // Standard input is read from descriptor 0: opening /dev/stdin fails when it is a socket.
    const stream = path === STDIN_PATH
      ? createReadStream('', { fd: 0, autoClose: false, highWaterMark: CHUNK })
      : createReadStream(path, { highWaterMark: CHUNK });
    p = { chunks: [], rest: stream[Symbol.asyncIterator](), close: () => stream.destroy() };
    pending.set(path, p);
    let have = 0;
    try {
      while (have < size) {
        const r = await p.rest.next();
        if (r.done) break;
        const chunk = r.value as Buffer;
        p.chunks.push(chunk);
        have += chunk.length;
      }
    } catch (err) {
      releaseStream(path);
      throw err;
    }
  }
  const all = p.chunks.length === 1 ? p.chunks[0]! : Buffer.concat(p.chunks);
  return all.subarray(0, size);
}

/** Every byte of the stream at `path`, the buffered head first; the stream is then used up. */
export async function* streamBytes(path: string): AsyncGenerator<Buffer> {
  if (!pending.has(path)) await streamHead(path, 1);
  const p = pending.get(path)!;
  pending.delete(path);
  try {
    for (const c of p.chunks) yield c;
    p.chunks = [];
    for (;;) {
      const r = await p.rest.next();
      if (r.done) break;
      yield r.value as Buffer;
    }
  } finally {
    p.close();
  }
}

/** Forget a stream that will not be read (unknown format). */
export function releaseStream(path: string): void {
  const p = pending.get(path);
  if (!p) return;
  pending.delete(path);
  p.close();
}
