/**
 * Raw input for every text reader: the bytes of a file, gunzipped when the content starts with the
 * gzip magic (whatever the extension says), and transcoded to UTF-8 when the text starts with a
 * UTF-16 byte-order mark (PowerShell `Out-File`, Event Viewer exports). A UTF-8 BOM is dropped.
 *
 * Streaming only: chunks of at most CHUNK_SIZE bytes, never the whole file.
 */
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { createGunzip, gunzipSync, constants as zlibConstants } from 'node:zlib';
import { Readable } from 'node:stream';
import { isStream, streamBytes, streamHead } from './pipe-input.js';

export const CHUNK_SIZE = 1 << 20;
/** Readers that parse a chunk in one call feed it in pieces of this size and yield full batches between. */
export const PIECE = 64 * 1024;
/** Decompressed bytes handed to sniffers. */
export const HEAD_SIZE = 64 * 1024;

export function isGzip(head: Buffer): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

type TextEncoding = 'utf8' | 'utf16le' | 'utf16be';

/** Byte-order mark at the start of decoded content: its encoding and length. */
function bom(head: Buffer): { encoding: TextEncoding; length: number } {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf8', length: 3 };
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf16le', length: 2 };
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf16be', length: 2 };
  return { encoding: 'utf8', length: 0 };
}

/** Why a file-system call failed, in words (`no such file or directory`, `permission denied`, …). */
export function errorReason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT') return 'no such file or directory';
  if (e?.code === 'EACCES' || e?.code === 'EPERM') return 'permission denied';
  if (e?.code === 'EISDIR') return 'is a directory';
  if (e?.code === 'ELOOP') return 'symlink loop';
  return e && typeof e.message === 'string' ? e.message : String(err);
}

/** Error message for a file that cannot be read at all: names the file, one line. */
export function unreadable(path: string, err: unknown): Error {
  return new Error(`${path}: cannot read: ${errorReason(err)}`);
}

/**
 * The first HEAD_SIZE bytes of the decoded content (gunzipped, BOM removed, UTF-16 transcoded).
 * Throws an Error naming the file when it cannot be opened.
 */
export async function readHead(path: string): Promise<Buffer> {
  let raw: Buffer;
  try {
    if (isStream(path)) raw = await streamHead(path, HEAD_SIZE);
    else raw = await readStart(path, HEAD_SIZE);
  } catch (err) {
    throw unreadable(path, err);
  }
  let head = raw;
  if (isGzip(raw)) {
    try {
      // A partial gzip stream: flush what decompresses, without requiring the end of the stream.
      head = gunzipSync(raw.subarray(0, 16 * 1024), { finishFlush: zlibConstants.Z_SYNC_FLUSH });
    } catch {
      return raw; // corrupt gzip: let sniffers see the raw bytes (nothing will match)
    }
    if (head.length > HEAD_SIZE) head = head.subarray(0, HEAD_SIZE);
  }
  const b = bom(head);
  if (b.encoding === 'utf8') return b.length ? head.subarray(b.length) : head;
  return transcodeWhole(head.subarray(b.length), b.encoding);
}

/**
 * Whether a reader gets the file's own bytes (not gzip, not UTF-16), so that a byte range of the
 * file (ByteStreamOptions.range) is a range of what the reader reads. False when it cannot be opened.
 */
export async function readsBytesAsIs(path: string): Promise<boolean> {
  let head: Buffer;
  try {
    head = await readStart(path, 3);
  } catch {
    return false;
  }
  return !isGzip(head) && bom(head).encoding === 'utf8';
}

/**
 * The first `size` bytes of a regular file (streams never come here: isStream). Synchronous: three
 * promise round trips per file (open, read, close) left the main thread idle between small files,
 * and a read this small does not block for long.
 */
async function readStart(path: string, size: number): Promise<Buffer> {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(size);
    const n = readSync(fd, buf, 0, size, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

function transcodeWhole(buf: Buffer, encoding: 'utf16le' | 'utf16be'): Buffer {
  const even = buf.subarray(0, buf.length & ~1);
  const text = new TextDecoder(encoding === 'utf16le' ? 'utf-16le' : 'utf-16be').decode(even);
  return Buffer.from(text, 'utf8');
}

export interface ByteStreamOptions {
  /** File bytes consumed since the last call (compressed bytes for gzip input). */
  onBytes?: (bytes: number) => void;
  /** The bytes themselves, already in memory: read instead of the file (`path` only names them). */
  content?: Buffer;
  /**
   * Only these bytes of a plain (not gzip, not UTF-16) file: [start, end). A range that does not
   * start at 0 skips byte-order-mark handling (a BOM can only be at the start).
   */
  range?: ByteRange;
}

export interface ByteRange {
  start: number;
  end: number;
}

/** A readable failure in the middle of a file (I/O error, corrupt gzip): where it stopped. */
export class StreamBroken extends Error {
  constructor(readonly offset: number, reason: string) {
    super(reason);
  }
}

/**
 * Decoded content of a file as UTF-8 chunks. Throws an Error naming the file when it cannot be
 * opened; a failure after the first byte throws StreamBroken (the reader reports it as a problem).
 */
export async function* readBytes(path: string, options: ByteStreamOptions = {}): AsyncGenerator<Buffer> {
  let magic: Buffer;
  const { content } = options;
  const piped = content === undefined && isStream(path);
  try {
    magic = content ? content.subarray(0, 2) : piped ? await streamHead(path, 2) : await readStart(path, 2);
  } catch (err) {
    throw unreadable(path, err);
  }
  const range = content || piped ? undefined : options.range;
  const file: Readable = content ? Readable.from([content], { objectMode: false })
    : piped ? Readable.from(streamBytes(path), { objectMode: false })
    : createReadStream(path, range ? { highWaterMark: CHUNK_SIZE, start: range.start, end: range.end - 1 } : { highWaterMark: CHUNK_SIZE });
  const onBytes = options.onBytes;
  let source: Readable = file;
  if (isGzip(magic)) {
    const gunzip = createGunzip({ chunkSize: 256 * 1024 });
    if (onBytes) file.on('data', (c: Buffer | string) => onBytes(c.length));
    file.on('error', (err) => gunzip.destroy(err));
    file.pipe(gunzip);
    source = gunzip;
  }
  let offset = range?.start ?? 0;
  let first = offset === 0;
  let decoder: InstanceType<typeof TextDecoder> | null = null;
  let odd: Buffer | null = null;
  try {
    for await (const c of source) {
      let chunk = c as Buffer;
      if (source === file && onBytes) onBytes(chunk.length);
      offset += chunk.length;
      if (first) {
        if (odd) {
          chunk = Buffer.concat([odd, chunk]);
          odd = null;
        }
        if (chunk.length < 3) {
          // BOM detection needs up to 3 bytes: gather them first.
          odd = chunk;
          continue;
        }
        first = false;
        const b = bom(chunk);
        if (b.encoding !== 'utf8') decoder = new TextDecoder(b.encoding === 'utf16le' ? 'utf-16le' : 'utf-16be');
        chunk = chunk.subarray(b.length);
      }
      if (decoder) {
        const text = decoder.decode(chunk, { stream: true });
        if (text.length) yield Buffer.from(text, 'utf8');
      } else if (chunk.length) {
        yield chunk;
      }
    }
    if (first && odd && odd.length) {
      const b = bom(odd);
      if (b.encoding === 'utf8') yield odd.subarray(b.length);
      else yield transcodeWhole(odd.subarray(b.length), b.encoding);
    }
    if (decoder) {
      const rest = decoder.decode();
      if (rest.length) yield Buffer.from(rest, 'utf8');
    }
  } catch (err) {
    if (err instanceof StreamBroken) throw err;
    const e = err as NodeJS.ErrnoException;
    if (offset === (range?.start ?? 0) && !isGzip(magic)) throw unreadable(path, err);
    const reason = e?.code?.startsWith('Z_') || isGzip(magic) ? `gzip: ${e.message}` : (e?.message ?? String(err));
    throw new StreamBroken(offset, reason);
  } finally {
    file.destroy();
    if (source !== file) source.destroy();
  }
}
