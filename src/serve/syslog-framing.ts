/**
 * Splitting a syslog TCP stream into messages (RFC 6587), the framing decided by the first byte
 * of the connection and kept for it:
 * - octet counting (`MSG-LEN SP MSG`, §3.4.1): the stream starts with a digit 1-9;
 * - non-transparent framing (§3.4.2): anything else; a message ends at LF or NUL (a trailing CR
 *   is dropped).
 * Stray LF, CR or NUL bytes between octet-counted frames (some senders add a newline) are skipped.
 *
 * A message over `maxMessage` bytes is reported and dropped, and the stream goes on: its length is
 * known with octet counting, and with newline framing the rest up to the next terminator is
 * skipped. An octet count that is not a number breaks the stream (there is no way to find the
 * next frame): push() then returns false and the caller closes the connection.
 */

export interface FrameSink {
  message(bytes: Buffer): void;
  problem(reason: string): void;
}

/** Digits an octet count may have before its space: 10 digits is already over any sane limit. */
const MAX_COUNT_DIGITS = 10;

export class SyslogFrameDecoder {
  private mode: 'unknown' | 'octet' | 'newline' = 'unknown';
  /** Bytes of an incomplete frame (octet: from its count on); at most maxMessage + count. */
  private rest: Buffer = Buffer.alloc(0);
  /** Octet counting: bytes of an oversize frame still to drop. */
  private discard = 0;
  /** Newline framing: dropping an oversize message up to its terminator. */
  private skipping = false;
  private broken = false;

  constructor(
    private readonly maxMessage: number,
    private readonly sink: FrameSink,
  ) {}

  get framing(): 'unknown' | 'octet' | 'newline' {
    return this.mode;
  }

  /** Feed bytes; false once the stream cannot be framed any more (close the connection). */
  push(chunk: Buffer): boolean {
    if (this.broken) return false;
    if (chunk.length === 0) return true;
    if (this.mode === 'unknown') this.mode = chunk[0]! >= 0x31 && chunk[0]! <= 0x39 ? 'octet' : 'newline';
    const buf = this.rest.length ? Buffer.concat([this.rest, chunk]) : chunk;
    this.rest = Buffer.alloc(0);
    if (this.mode === 'octet') this.octets(buf);
    else this.lines(buf);
    return !this.broken;
  }

  /** End of stream: a last newline-framed message without terminator is delivered. */
  end(): void {
    if (this.broken) return;
    if (this.mode === 'newline' && !this.skipping && this.rest.length) this.emit(this.rest);
    else if (this.mode === 'octet' && (this.rest.length || this.discard)) this.sink.problem('connection closed in the middle of an octet-counted message');
    this.rest = Buffer.alloc(0);
  }

  private emit(bytes: Buffer): void {
    const message = trimTerminators(bytes);
    if (message.length > 0) this.sink.message(message);
  }

  private tooLong(length: number): void {
    this.sink.problem(`message of ${length} bytes is over the ${this.maxMessage}-byte limit, dropped`);
  }

  private lines(buf: Buffer): void {
    let pos = 0;
    for (;;) {
      const end = terminator(buf, pos);
      if (end < 0) break;
      if (this.skipping) this.skipping = false;
      else if (end - pos > this.maxMessage) this.tooLong(end - pos);
      else this.emit(buf.subarray(pos, end));
      pos = end + 1;
    }
    if (this.skipping) return;
    if (buf.length - pos > this.maxMessage) {
      this.tooLong(buf.length - pos);
      this.skipping = true;
      return;
    }
    this.rest = Buffer.from(buf.subarray(pos));
  }

  private octets(buf: Buffer): void {
    let pos = 0;
    while (pos < buf.length) {
      if (this.discard > 0) {
        const n = Math.min(this.discard, buf.length - pos);
        this.discard -= n;
        pos += n;
        continue;
      }
      const c = buf[pos]!;
      if (c === 0x0a || c === 0x0d || c === 0) {
        pos++;
        continue;
      }
      const space = buf.indexOf(0x20, pos);
      const digits = space < 0 ? buf.length - pos : space - pos;
      if (space < 0 && digits <= MAX_COUNT_DIGITS && isDigits(buf, pos, buf.length)) break; // count continues
      if (space < 0 || digits === 0 || digits > MAX_COUNT_DIGITS || !isDigits(buf, pos, space) || c === 0x30) {
        this.sink.problem(`octet-counted stream has "${printable(buf, pos)}" where a message length was expected; connection closed`);
        this.broken = true;
        return;
      }
      const length = Number(buf.toString('latin1', pos, space));
      const body = space + 1;
      if (length > this.maxMessage) {
        this.tooLong(length);
        this.discard = length;
        pos = body;
        continue;
      }
      if (buf.length - body < length) break; // frame continues in the next chunk
      this.emit(buf.subarray(body, body + length));
      pos = body + length;
    }
    if (pos < buf.length) this.rest = Buffer.from(buf.subarray(pos));
  }
}

/** The message without its trailing LF, CR and NUL bytes (a view, no copy). */
export function trimTerminators(bytes: Buffer): Buffer {
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 0x0a || bytes[end - 1] === 0x0d || bytes[end - 1] === 0)) end--;
  return end === bytes.length ? bytes : bytes.subarray(0, end);
}

function terminator(buf: Buffer, from: number): number {
  const lf = buf.indexOf(0x0a, from);
  const nul = buf.indexOf(0, from);
  if (lf < 0) return nul;
  return nul < 0 || lf < nul ? lf : nul;
}

function isDigits(buf: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (buf[i]! < 0x30 || buf[i]! > 0x39) return false;
  return true;
}

function printable(buf: Buffer, pos: number): string {
  return buf.toString('latin1', pos, Math.min(buf.length, pos + 20)).replace(/[^\x20-\x7e]/g, '?');
}
