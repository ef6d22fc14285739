/**
 * Streaming splitter for JSON text that holds many values: one object, a top-level array of
 * values, or values back to back (pretty-printed objects, `{…}{…}`, whitespace or newlines between).
 * It scans bytes (braces and brackets outside strings, string escapes) and hands out the text of
 * each record; it never holds more than one record (at most MAX_RECORD bytes) plus one chunk.
 *
 * A top-level array is unwrapped: each element is one record. Records are numbered from 1 in file
 * order, with the byte offset (in the decoded content) where each starts.
 */

export const MAX_RECORD = 64 * 1024 * 1024;

export interface JsonValueSink {
  /** A complete record's text. */
  record(text: string, record: number, offset: number): void;
  /** A record that cannot be a JSON value (truncated, oversized, stray text). */
  problem(record: number, offset: number, reason: string): void;
}

const enum Kind {
  None,
  /** An object or array: ends when the nesting returns to the base depth. */
  Struct,
  /** A string value: ends at its closing quote. */
  Str,
  /** A number/true/false/null inside a top-level array: ends at a delimiter. */
  Scalar,
  /** Text at top level that does not open an object or array: runs to the end of the line. */
  Loose,
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const COMMA = 0x2c;
const NL = 0x0a;

function formatSize(bytes: number): string {
  return bytes >= 1048576 ? `${bytes / 1048576} MiB` : `${bytes} bytes`;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === NL || c === 0x0d || c === 0x09;
}

export class JsonValueSplitter {
  private depth = 0;
  /** 1 inside an unwrapped top-level array, else 0. */
  private base = 0;
  private arrayOffset = 0;
  private kind = Kind.None;
  private inString = false;
  private escape = false;
  private start = 0;
  private pieces: Buffer[] = [];
  private pieceBytes = 0;
  private oversize = false;
  private recordNo = 0;
  private chunkOffset = 0;

  constructor(
    private readonly sink: JsonValueSink,
    /** Largest record kept, in bytes (a larger one is reported and skipped). */
    private readonly maxRecord = MAX_RECORD,
  ) {}

  /** Records seen so far (good and bad). */
  get records(): number {
    return this.recordNo;
  }

  // size-exempt: one byte-level state machine over each chunk (strings, escapes, nesting, record bounds); its states share locals, and splitting it costs a call per byte on the hottest read path.
  push(buf: Buffer): void {
    const n = buf.length;
    let i = 0;
    let segStart = this.kind === Kind.None ? -1 : 0;
    while (i < n) {
      if (this.kind === Kind.None) {
        const c = buf[i]!;
        if (isSpace(c)) {
          i++;
          continue;
        }
        if (this.base === 1) {
          if (c === COMMA) {
            i++;
            continue;
          }
          if (c === RBRACKET) {
            this.base = 0;
            this.depth = 0;
            i++;
            continue;
          }
        } else if (c === LBRACKET) {
          // Unwrap a top-level array: its elements are the records.
          this.base = 1;
          this.depth = 1;
          this.arrayOffset = this.chunkOffset + i;
          i++;
          continue;
        }
        this.recordNo++;
        this.start = this.chunkOffset + i;
        segStart = i;
        if (c === LBRACE || c === LBRACKET) {
          this.kind = Kind.Struct;
          this.depth = this.base + 1;
          i++;
        } else if (c === QUOTE) {
          this.kind = Kind.Str;
          this.inString = true;
          i++;
        } else {
          this.kind = this.base === 1 ? Kind.Scalar : Kind.Loose;
          i++;
        }
        continue;
      }
      // Inside a record.
      let end = -1;
      switch (this.kind) {
        case Kind.Struct: {
          let depth = this.depth;
          const base = this.base;
          let inString = this.inString;
          if (this.escape) {
            this.escape = false;
            i++;
          }
          while (i < n) {
            if (inString) {
              // Tight string scan: stop at the closing quote, step over escapes.
              while (i < n) {
                const c = buf[i++]!;
                if (c === QUOTE) {
                  inString = false;
                  break;
                }
                if (c === BACKSLASH) {
                  if (i < n) i++;
                  else this.escape = true;
                }
              }
              continue;
            }
            const c = buf[i++]!;
            if (c === QUOTE) inString = true;
            else if (c === LBRACE || c === LBRACKET) depth++;
            else if (c === RBRACE || c === RBRACKET) {
              if (--depth === base) {
                end = i;
                break;
              }
            }
          }
          this.depth = depth;
          this.inString = inString;
          break;
        }
        case Kind.Str: {
          if (this.escape) {
            this.escape = false;
            i++;
          }
          while (i < n) {
            const c = buf[i++]!;
            if (c === QUOTE) {
              this.inString = false;
              end = i;
              break;
            }
            if (c === BACKSLASH) {
              if (i < n) i++;
              else this.escape = true;
            }
          }
          break;
        }
        case Kind.Scalar: {
          while (i < n) {
            const c = buf[i]!;
            if (isSpace(c) || c === COMMA || c === RBRACKET || c === RBRACE || c === LBRACE || c === LBRACKET || c === QUOTE) {
              end = i;
              break;
            }
            i++;
          }
          break;
        }
        case Kind.Loose: {
          while (i < n) {
            const c = buf[i]!;
            if (c === NL || c === LBRACE || c === LBRACKET) {
              end = i;
              break;
            }
            i++;
          }
          break;
        }
      }
      if (end >= 0) {
        this.finish(buf, segStart, end);
        segStart = -1;
      }
    }
    if (this.kind !== Kind.None && segStart >= 0) this.keep(buf.subarray(segStart));
    this.chunkOffset += n;
  }

  /** Call at end of input: reports a record cut off by the end of the file. */
  end(): void {
    if (this.kind === Kind.Scalar || this.kind === Kind.Loose) {
      this.finish(Buffer.alloc(0), 0, 0);
    } else if (this.kind !== Kind.None) {
      const what = this.kind === Kind.Str || this.inString ? 'string' : 'object or array';
      this.sink.problem(this.recordNo, this.start, `truncated at end of file (${what} not closed)`);
      this.reset();
    }
    if (this.base === 1) {
      this.sink.problem(this.recordNo + 1, this.arrayOffset, 'top-level array not closed at end of file');
      this.base = 0;
    }
  }

  private keep(part: Buffer): void {
    if (this.oversize) return;
    this.pieceBytes += part.length;
    if (this.pieceBytes > this.maxRecord) {
      this.oversize = true;
      this.pieces = [];
      return;
    }
    this.pieces.push(part);
  }

  private finish(buf: Buffer, from: number, to: number): void {
    const record = this.recordNo;
    const offset = this.start;
    const kind = this.kind;
    let text: string;
    if (this.oversize) {
      this.reset();
      this.sink.problem(record, offset, `record larger than ${formatSize(this.maxRecord)}, skipped`);
      return;
    }
    if (this.pieces.length) {
      this.pieces.push(buf.subarray(from, to));
      text = Buffer.concat(this.pieces).toString('utf8');
    } else {
      text = buf.toString('utf8', from, to);
    }
    this.reset();
    if (kind === Kind.Loose) {
      text = text.trim();
      if (text.length === 0) {
        this.recordNo--;
        return;
      }
    }
    this.sink.record(text, record, offset);
  }

  private reset(): void {
    this.kind = Kind.None;
    this.inString = false;
    this.escape = false;
    this.depth = this.base;
    this.pieces = [];
    this.pieceBytes = 0;
    this.oversize = false;
  }
}
