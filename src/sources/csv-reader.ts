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
 * reported and skipped.
 */
import { StringDecoder } from 'node:string_decoder';
import type { HuntEvent } from '../events/event.js';
import { eventTime, parseTimestamp } from '../events/timestamp.js';
import { PIECE, readBytes, StreamBroken } from './byte-stream.js';
import { EventBatcher } from './batcher.js';
import type { EventReader, FormatSniffer, ReadOptions } from './reader.js';
import { compileRecordBuilder, type RecordBuilder } from './record-builder.js';
import { extensionOf, firstLines, isText } from './sniff-util.js';

/** A quoted field longer than this is taken as a stray quote: reported, then skipped to the next line. */
export const MAX_FIELD = 1024 * 1024;

const DELIMITERS = [',', ';', '\t', '|'];

export interface CsvSink {
  row(values: string[], line: number): void;
  problem(line: number, reason: string): void;
}

/** Streaming RFC 4180 parser: push text, get rows with the line each starts on. */
export class CsvParser {
  private row: string[] = [];
  private field = '';
  private inQuotes = false;
  /** Just read a `"` inside a quoted field: an escaped quote or the end of the quotes. */
  private quoteSeen = false;
  /** The field began with a quote (so an empty row is not mistaken for a blank line). */
  private quoted = false;
  private line = 1;
  private rowLine = 1;
  private skipLine = false;
  private readonly delim: number;

  constructor(
    delimiter: string,
    private readonly sink: CsvSink,
  ) {
    this.delim = delimiter.charCodeAt(0);
  }

  push(text: string): void {
    const delim = this.delim;
    const n = text.length;
    let i = 0;
    let seg = 0; // start of the pending slice of the current field
    while (i < n) {
      if (this.skipLine) {
        const nl = text.indexOf('\n', i);
        if (nl < 0) return;
        this.skipLine = false;
        this.line++;
        this.rowLine = this.line;
        i = nl + 1;
        seg = i;
        continue;
      }
      if (this.quoteSeen) {
        this.quoteSeen = false;
        if (text.charCodeAt(i) === 34) {
          this.field += '"';
          i++;
          seg = i;
          continue;
        }
        this.inQuotes = false;
        seg = i;
      }
      if (this.inQuotes) {
        const q = text.indexOf('"', i);
        const stop = q < 0 ? n : q;
        for (let k = text.indexOf('\n', i); k >= 0 && k < stop; k = text.indexOf('\n', k + 1)) this.line++;
        this.field += text.slice(i, stop);
        if (this.field.length > MAX_FIELD) {
          this.sink.problem(this.rowLine, `quoted field not closed within ${MAX_FIELD / 1048576} MiB, row skipped`);
          this.resetRow();
          this.skipLine = true;
          i = stop;
          continue;
        }
        if (q < 0) return;
        i = q + 1;
        this.quoteSeen = true;
        seg = i;
        continue;
      }
      const c = text.charCodeAt(i);
      if (c === delim) {
        this.field += text.slice(seg, i);
        this.row.push(this.field);
        this.field = '';
        this.quoted = false;
        i++;
        seg = i;
      } else if (c === 10) {
        if (this.row.length === 0 && this.field.length === 0 && !this.quoted && (i === seg || (i === seg + 1 && text.charCodeAt(seg) === 13))) {
          // Empty lines, however many: counted in one tight loop, no row built.
          i = this.skipBlankLines(text, i);
          seg = i;
          continue;
        }
        let f = this.field + text.slice(seg, i);
        if (f.endsWith('\r')) f = f.slice(0, -1);
        this.endRow(f);
        this.line++;
        this.rowLine = this.line;
        i++;
        seg = i;
      } else if (c === 34 && this.field.length === 0 && i === seg) {
        this.inQuotes = true;
        this.quoted = true;
        i++;
        seg = i;
      } else {
        i++;
      }
    }
    if (!this.inQuotes && !this.quoteSeen && !this.skipLine) this.field += text.slice(seg, n);
  }

  end(): void {
    if (this.quoteSeen) this.inQuotes = false; // the file ends right after a closing quote
    if (this.inQuotes) {
      this.sink.problem(this.rowLine, 'unterminated quoted field at end of file, row skipped');
      this.resetRow();
      return;
    }
    this.quoteSeen = false;
    if (this.row.length > 0 || this.field.length > 0 || this.quoted) {
      let f = this.field;
      if (f.endsWith('\r')) f = f.slice(0, -1);
      this.endRow(f);
    }
  }

  /** From the `\n` at `i` that ends an empty line: count it and the empty lines after it; the position after them. */
  private skipBlankLines(text: string, i: number): number {
    const n = text.length;
    let lines = 1;
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 10) i++;
      else if (c === 13 && i + 1 < n && text.charCodeAt(i + 1) === 10) i += 2;
      else break;
      lines++;
    }
    this.line += lines;
    this.rowLine = this.line;
    return i;
  }

  private endRow(last: string): void {
    const row = this.row;
    row.push(last);
    const blank = row.length === 1 && last.length === 0 && !this.quoted;
    this.row = [];
    this.field = '';
    this.quoted = false;
    if (!blank) this.sink.row(row, this.rowLine);
  }

  private resetRow(): void {
    this.row = [];
    this.field = '';
    this.inQuotes = false;
    this.quoteSeen = false;
    this.quoted = false;
  }
}

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
    let parser: CsvParser | null = null;
    let names: string[] | null = null;
    let build: RecordBuilder | null = null;
    let dateCol = false;
    let lineOffset = 0; // preamble lines consumed before the parser starts
    let pre = '';
    const sink: CsvSink = {
      row: (values, line) => {
        const at = line + lineOffset;
        if (names === null) {
          names = uniqueNames(values);
          build = compileRecordBuilder(names);
          dateCol = names.includes('date') && names.includes('time');
          return;
        }
        if (values.length !== names.length) {
          out.problem(`line ${at}`, `expected ${names.length} fields, found ${values.length}`);
          return;
        }
        const fields = build!(values);
        const raw = build!(values);
        let time = NaN;
        if (dateCol) time = parseTimestamp(`${fields.date as string} ${fields.time as string}`);
        if (Number.isNaN(time)) time = eventTime(fields);
        let size = values.length;
        for (const v of values) size += v.length;
        out.add(fields, at, time, raw, size);
      },
      problem: (line, reason) => out.problem(`line ${line + lineOffset}`, reason),
    };
    /** Consume preamble lines, then start the parser on the header line. */
    const feed = (text: string, final: boolean): void => {
      if (parser) {
        parser.push(text);
        return;
      }
      pre += text;
      let delimiter: string | undefined;
      for (;;) {
        // Empty lines before the header: counted in one pass, however many there are.
        let k = 0;
        while (k < pre.length && (pre.charCodeAt(k) === 10 || pre.charCodeAt(k) === 13)) if (pre.charCodeAt(k++) === 10) lineOffset++;
        if (k > 0) pre = pre.slice(k);
        if (pre.length === 0) return;
        const nl = pre.indexOf('\n');
        if (nl < 0 && !final) return;
        const line = (nl < 0 ? pre : pre.slice(0, nl)).replace(/\r$/, '');
        const p = preamble(line);
        if (p.skip) {
          delimiter ??= p.delimiter;
          lineOffset++;
          pre = nl < 0 ? '' : pre.slice(nl + 1);
          if (nl < 0) return;
          continue;
        }
        if (line.length === 0 && nl >= 0) {
          lineOffset++;
          pre = pre.slice(nl + 1);
          continue;
        }
        parser = new CsvParser(delimiter ?? detectDelimiter(line), sink);
        const rest = pre;
        pre = '';
        parser.push(rest);
        return;
      }
    };
    try {
      for await (const chunk of readBytes(path, { onBytes: options.onBytes })) {
        const text = decoder.write(chunk);
        for (let at = 0; at < text.length; at += PIECE) {
          feed(at === 0 && text.length <= PIECE ? text : text.slice(at, at + PIECE), false);
          if (out.hasFull) yield* out.takeFull();
        }
      }
      feed(decoder.end(), true);
      (parser as CsvParser | null)?.end();
    } catch (err) {
      if (!(err instanceof StreamBroken)) throw err;
      out.problem(`byte offset ${err.offset}`, `${err.message}; rest of file not read`);
    }
    yield* out.takeAll();
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
