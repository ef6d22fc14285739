/**
 * Generic delimited text with a header row (RFC 4180): exports of process events, proxy logs,
 * PowerShell `Export-Csv`, spreadsheets. Quoted fields may hold delimiters, doubled quotes and
 * newlines; a UTF-8 BOM or UTF-16 text is handled by the byte layer. The delimiter (`,` `;` tab
 * `|`) is the one the header row uses most. A leading PowerShell `#TYPE …` line and Excel's
 * `sep=;` line are skipped.
 *
 * Each row becomes an event keyed by the header names (values are strings, as written); record
 * number = the line the row starts on. Time via eventTime, or `date` + `time` columns together.
 * A row with the wrong number of fields, or a quoted field still open at the end of the file, is
 * reported and skipped; a stray quote costs its own line only (see csv-parser.ts).
 */
import { StringDecoder } from 'node:string_decoder';
import type { HuntEvent } from '../events/event.js';
import { eventTime, parseTimestamp } from '../events/timestamp.js';
import { PIECE, readBytes, StreamBroken } from './byte-stream.js';
import { EventBatcher } from './batcher.js';
import type { EventReader, FormatSniffer, ReadOptions } from './reader.js';
import { CsvParser, type CsvSink } from './csv-parser.js';
import { blankRunEnd } from './lines.js';
import { compileRecordBuilder, type RecordBuilder } from '../events/record-builder.js';
import { extensionOf, firstLines, isText } from './sniff-util.js';

const DELIMITERS = [',', ';', '\t', '|'];

/** The delimiter the header line uses most (outside quotes); `,` when none. */
export function detectDelimiter(headerLine: string): string {
  let best = ',';
  let bestCount = 0;
  for (const d of DELIMITERS) {
    let count = 0;
    let inQ = false;
    for (let i = 0; i < headerLine.length; i++) {
      const c = headerLine[i];
      if (c === '"') inQ = !inQ;
      else if (!inQ && c === d) count++;
    }
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

/** Length of the run of `\n` / `\r` at the start of `text`, and the newlines in it. */
function blankPrefix(text: string): { end: number; lines: number } {
  const n = text.length;
  let end = 0;
  let lines = 0;
  while (end < n) {
    const c = text.charCodeAt(end);
    if (c === 10) lines++;
    else if (c !== 13) break;
    end++;
  }
  return { end, lines };
}

/** Lines before the header to skip: PowerShell `#TYPE …`, Excel `sep=X` (which also names the delimiter). */
function preamble(line: string): { skip: boolean; delimiter?: string } {
  if (line.startsWith('#TYPE ')) return { skip: true };
  const m = /^"?sep=(.)"?\s*$/i.exec(line);
  if (m) return { skip: true, delimiter: m[1] };
  return { skip: false };
}

function uniqueNames(header: string[]): string[] {
  const seen = new Map<string, number>();
  return header.map((h, i) => {
    let name = h.trim();
    if (name.length === 0) name = `column_${i + 1}`;
    const n = seen.get(name);
    if (n === undefined) {
      seen.set(name, 1);
      return name;
    }
    seen.set(name, n + 1);
    return `${name}_${n + 1}`;
  });
}

export class CsvReader implements EventReader {
  readonly format = 'csv';

  async *read(path: string, options: ReadOptions): AsyncIterable<HuntEvent[]> {
    const out = new EventBatcher(path, this.format, options);
    const decoder = new StringDecoder('utf8');
    const rows = new CsvFileRows(out);
    try {
      for await (const chunk of readBytes(path, { onBytes: options.onBytes })) {
        // A chunk that opens with empty lines at a row boundary: counted in the bytes, never decoded.
        const run = rows.atRowStart() ? blankRunEnd(chunk, 0) : null;
        if (run && run.lines > 0) rows.skipLines(run.lines);
        const text = decoder.write(run && run.pos > 0 ? chunk.subarray(run.pos) : chunk);
        for (let at = 0; at < text.length; at += PIECE) {
          rows.feed(at === 0 && text.length <= PIECE ? text : text.slice(at, at + PIECE), false);
          if (out.hasFull) yield* out.takeFull();
        }
      }
      rows.feed(decoder.end(), true);
      rows.end();
    } catch (err) {
      if (!(err instanceof StreamBroken)) throw err;
      out.problem(`byte offset ${err.offset}`, `${err.message}; rest of file not read`);
    }
    yield* out.takeAll();
  }
}

/** One CSV file's rows: preamble lines skipped, the header read, then each row made an event. */
class CsvFileRows implements CsvSink {
  private parser: CsvParser | null = null;
  private names: string[] | null = null;
  private build: RecordBuilder | null = null;
  private dateCol = false;
  /** Preamble lines consumed before the parser starts. */
  private lineOffset = 0;
  private pre = '';

  constructor(private readonly out: EventBatcher) {}

  atRowStart(): boolean {
    return this.parser ? this.parser.atRowStart() : this.pre.length === 0;
  }

  skipLines(lines: number): void {
    if (this.parser) this.parser.skipLines(lines);
    else this.lineOffset += lines;
  }

  end(): void {
    this.parser?.end();
  }

  row(values: string[], line: number): void {
    const at = line + this.lineOffset;
    const names = this.names;
    if (names === null) {
      this.names = uniqueNames(values);
      this.build = compileRecordBuilder(this.names);
      this.parser?.expect(this.names.length);
      this.dateCol = this.names.includes('date') && this.names.includes('time');
      return;
    }
    if (values.length !== names.length) {
      this.out.problem(`line ${at}`, `expected ${names.length} fields, found ${values.length}`);
      return;
    }
    const fields = this.build!(values);
    const raw = this.build!(values);
    let time = NaN;
    if (this.dateCol) time = parseTimestamp(`${fields.date as string} ${fields.time as string}`);
    if (Number.isNaN(time)) time = eventTime(fields);
    let size = values.length;
    for (const v of values) size += v.length;
    this.out.add(fields, at, time, raw, size);
  }

  problem(line: number, reason: string): void {
    this.out.problem(`line ${line + this.lineOffset}`, reason);
  }

  /** Consume preamble lines, then start the parser on the header line. */
  feed(text: string, final: boolean): void {
    if (this.parser) {
      this.parser.push(text);
      return;
    }
    this.pre = this.pre.length === 0 ? text : this.pre + text; // no cons string in the common case: scanned char by char below
    let delimiter: string | undefined;
    for (;;) {
      // Empty lines before the header: counted in one pass, however many there are.
      const k = blankPrefix(this.pre);
      if (k.end > 0) {
        this.lineOffset += k.lines;
        this.pre = this.pre.slice(k.end);
      }
      if (this.pre.length === 0) return;
      const nl = this.pre.indexOf('\n');
      if (nl < 0 && !final) return;
      const line = (nl < 0 ? this.pre : this.pre.slice(0, nl)).replace(/\r$/, '');
      const p = preamble(line);
      if (p.skip || (line.length === 0 && nl >= 0)) {
        if (p.skip) delimiter ??= p.delimiter;
        this.lineOffset++;
        this.pre = nl < 0 ? '' : this.pre.slice(nl + 1);
        if (nl < 0) return;
        continue;
      }
      this.parser = new CsvParser(delimiter ?? detectDelimiter(line), this);
      const rest = this.pre;
      this.pre = '';
      this.parser.push(rest);
      return;
    }
  }
}

/**
 * CSV when the head parses as a header row of at least two short names followed by rows of the same
 * width. Lines starting with `#` (W3C, Zeek), `{`, `[` or `<` are never CSV headers.
 */
export function looksLikeCsv(head: Buffer, path: string): boolean {
  if (head.length === 0 || !isText(head)) return false;
  let lines = firstLines(head, 200);
  while (lines.length > 0 && (preamble(lines[0]!).skip || lines[0]!.trim() === '')) lines = lines.slice(1);
  if (lines.length === 0) return false;
  const header = lines[0]!;
  if (/^\s*[#{[<]/.test(header)) return false;
  const delimiter = detectDelimiter(header);
  const rows: string[][] = [];
  const parser = new CsvParser(delimiter, { row: (r) => rows.push(r), problem: () => undefined });
  // Only whole lines: the parser may hold a multi-line quoted row open at the cut, which is fine.
  parser.push(lines.join('\n') + '\n');
  const [names, ...data] = rows;
  if (!names || names.length < 2) return false;
  if (names.some((n) => n.length > 128)) return false;
  if (!names.some((n) => /[A-Za-z]/.test(n))) return false;
  if (data.length === 0) return ['csv', 'tsv'].includes(extensionOf(path)) || names.length >= 3;
  const same = data.filter((r) => r.length === names.length).length;
  return same / data.length >= 0.6;
}

export const csvSniffer: FormatSniffer = {
  format: 'csv',
  sniff: looksLikeCsv,
  open: () => new CsvReader(),
};
