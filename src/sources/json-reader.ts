/**
 * JSON readers: `jsonl` (one value per line: JSONL / NDJSON) and `json` (one object, an array of
 * objects, or values back to back such as pretty-printed evtx_dump output). Records are flattened
 * with flattenRecord (evtx_dump, Winlogbeat/ECS or plain nested objects).
 *
 * Record numbers: the line for `jsonl`, the 1-based record index for `json`. A record that does
 * not parse is reported (`line N` / `record N (byte offset X)`) and reading goes on.
 */
import type { EventFields, HuntEvent } from '../events/event.js';
import { flattenRecord, NestingTooDeep } from '../events/flatten.js';
import { eventTime } from '../events/timestamp.js';
import { PIECE, readBytes, StreamBroken } from './byte-stream.js';
import { EventBatcher, reasonOf } from './batcher.js';
import { JsonValueSplitter } from './json-values.js';
import { readLineEvents } from './line-events.js';
import type { EventReader, FormatSniffer, ReadOptions } from './reader.js';
import { extensionOf, firstLines, isText } from './sniff-util.js';

/** Adjusts flattened fields after flattening (e.g. the Zeek JSON reader adds `_path`). */
export type FieldHook = (fields: EventFields, raw: unknown) => void;

/** The record's fields, or null after reporting a record too deeply nested to flatten. */
function flattenOrReport(raw: unknown, out: EventBatcher, where: string): EventFields | null {
  try {
    return flattenRecord(raw);
  } catch (err) {
    if (!(err instanceof NestingTooDeep)) throw err;
    out.problem(where, `${err.message}, record skipped`);
    return null;
  }
}

export class JsonLinesReader implements EventReader {
  /** A JSONL line is one record; the Zeek JSON flavour (a hook per file) reads whole files. */
  get splitsAt(): 'lines' | undefined {
    return this.format === 'jsonl' && !this.hook ? 'lines' : undefined;
  }

  constructor(
    readonly format = 'jsonl',
    private readonly hook?: (path: string) => FieldHook,
  ) {}

  async *read(path: string, options: ReadOptions): AsyncIterable<HuntEvent[]> {
    const out = new EventBatcher(path, this.format, options);
    const hook = this.hook?.(path);
    const keepRaw = options.keepRaw === true;
    yield* readLineEvents(path, options, out, (line, lineNo) => {
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch (err) {
        if (line.trim().length === 0) return;
        out.problem(`line ${lineNo}`, `invalid JSON: ${reasonOf(err)}`);
        return;
      }
      const fields = flattenOrReport(raw, out, `line ${lineNo}`);
      if (fields === null) return;
      if (hook) hook(fields, raw);
      out.add(fields, lineNo, eventTime(fields), keepRaw ? raw : undefined, line.length);
    });
  }
}

export class JsonValuesReader implements EventReader {
  readonly format = 'json';

  async *read(path: string, options: ReadOptions): AsyncIterable<HuntEvent[]> {
    const out = new EventBatcher(path, this.format, options, 'record');
    const where = (record: number, offset: number) => `record ${record} (byte offset ${offset})`;
    const keepRaw = options.keepRaw === true;
    const splitter = new JsonValueSplitter({
      record(text, record, offset) {
        let raw: unknown;
        try {
          raw = JSON.parse(text);
        } catch (err) {
          out.problem(where(record, offset), `invalid JSON: ${reasonOf(err)}`);
          return;
        }
        const fields = flattenOrReport(raw, out, where(record, offset));
        if (fields !== null) out.add(fields, record, eventTime(fields), keepRaw ? raw : undefined, text.length);
      },
      problem(record, offset, reason) {
        out.problem(where(record, offset), reason);
      },
    });
    try {
      for await (const chunk of readBytes(path, { onBytes: options.onBytes })) {
        // Small pieces, so a batch is handed on as soon as it is full (fewer live events, less GC).
        for (let at = 0; at < chunk.length; at += PIECE) {
          splitter.push(at === 0 && chunk.length <= PIECE ? chunk : chunk.subarray(at, at + PIECE));
          if (out.hasFull) yield* out.takeFull();
        }
      }
      splitter.end();
    } catch (err) {
      if (!(err instanceof StreamBroken)) throw err;
      out.problem(`byte offset ${err.offset}`, `${err.message}; rest of file not read`);
    }
    yield* out.takeAll();
  }
}

/**
 * JSONL when whole `{…}` lines are at least half of the non-empty lines in the head and one of
 * them parses as a JSON object. A junk line (a stray NUL, a banner, a damaged record) anywhere,
 * even first, then does not hide a JSONL file; pretty-printed JSON (`{` alone on a line) is no JSONL.
 */
export function looksLikeJsonLines(head: Buffer): boolean {
  let objects = 0;
  let others = 0;
  let parsed = false;
  for (const line of firstLines(head, 50)) {
    const s = line.trim();
    if (s.length === 0) continue;
    if (s.length < 2 || !s.startsWith('{') || !s.endsWith('}')) {
      others++;
      continue;
    }
    objects++;
    if (parsed) continue;
    try {
      const v: unknown = JSON.parse(s);
      parsed = typeof v === 'object' && v !== null;
    } catch {
      // try the next line
    }
  }
  return parsed && objects >= others;
}

/** Index of the first non-whitespace byte of the head at or after `from`, or -1. */
function nextByte(head: Buffer, from = 0): number {
  for (let i = from; i < head.length; i++) {
    const c = head[i]!;
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i;
  }
  return -1;
}

/** `{…` or an array of objects, arrays or strings (`[{`, `[[`, `["`, `[]`); not `[2026-…] text`. */
function startsLikeJson(head: Buffer): boolean {
  const i = nextByte(head);
  if (i < 0) return false;
  if (head[i] === 0x7b) return true;
  if (head[i] !== 0x5b) return false;
  const j = nextByte(head, i + 1);
  if (j < 0) return true;
  const c = head[j];
  return c === 0x7b || c === 0x5b || c === 0x22 || c === 0x5d;
}

export const jsonlSniffer: FormatSniffer = {
  format: 'jsonl',
  sniff(head, path) {
    if (head.length === 0 || !isText(head)) return false;
    if (looksLikeJsonLines(head)) return true;
    return nextByte(head) === -1 && ['jsonl', 'ndjson'].includes(extensionOf(path));
  },
  open: () => new JsonLinesReader(),
};

export const jsonSniffer: FormatSniffer = {
  format: 'json',
  sniff(head, path) {
    if (!isText(head)) return false;
    if (startsLikeJson(head)) return true;
    return nextByte(head) === -1 && extensionOf(path) === 'json';
  },
  open: () => new JsonValuesReader(),
};
